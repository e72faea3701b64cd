"""Finding clause references in free text: "Gov. 3b", "PS 2.c", "MNR 12", "[G3(b)]"…

Every reference resolves to a canonical clause id (see docs/contract.md), whether or
not that clause exists; callers check existence against the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    text: str  # the reference as written
    clause_id: str  # canonical id it names (may not exist)
    start: int
    end: int
    strong: bool = True  # False for bare "Government 3", which prose can contain by chance


# Footnote markers (superscript digits) and curly apostrophes are mapped, one
# character for one, before matching, so offsets still point into the input.
_SAME_LENGTH = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹’‘", "          ''")

_APOS = r"(?:'s|s'|s)?"
_GOV = rf"gov(?:ernment|'?t)?{_APOS}\.?|g(?=\s?\d)"
_PS = rf"private[\s\-]+sector{_APOS}|p\.?\s?s\.?"
_CS = rf"civil[\s\-]+society{_APOS}|c\.?\s?s\.?"
_NOUN = (r"(?:\s+(?:delegates'?\s+)?(?:pledges?|commitments?|clauses?|sections?|"
         r"para(?:graph)?s?\.?|points?|items?|no\.?|number))*")
_POINT = r"(?:sub-?clauses?|sub-?paragraphs?|sub-?points?|points?|items?|letters?|bullets?|lit\.?)"
_SUB = (r"(?:\s?\(\s?(?P<l1>[a-z])\s?\)|[.\-]\s?(?P<l2>[a-z])\)?(?![a-z])"
        r"|(?P<l3>[a-z])\)?(?![a-z])"
        rf"|,?\s*{_POINT}\s*\(?(?P<l4>[a-z])\)?(?![a-z]))")
_MORE = (r"(?:\s*(?:,|;|&|\band\b|\bor\b|[-–—]|\bto\b)\s*(?:\d{1,2}\s?)?"
         r"(?:\(\s?[a-z]\s?\)|[.]?[a-z]\)?(?![a-z])))*")
_NUM = r"\s?[-#:]?\s?(?P<num>\d{1,2})(?![\d%,.]\d)"

_SECTOR_REF = re.compile(
    rf"(?<![\w.])(?:(?:the\s+)?(?:call\s+to\s+action,?\s+))?(?P<sector>{_GOV}|{_PS}|{_CS})"
    rf"(?P<noun>{_NOUN}){_NUM}(?:{_SUB}(?P<more>{_MORE}))?",
    re.IGNORECASE,
)
# "sub-clause (b) of Government pledge 3", "points a and c of PS 2"
_LEADING_SUB = re.compile(
    rf"(?<![\w.])(?:{_POINT}|clauses?|paragraphs?|paras?\.?)\s*\(?(?P<letters>[a-z]\)?(?![a-z])"
    r"(?:\s*(?:,|&|\band\b|\bor\b|[-–—]|\bto\b)\s*\(?[a-z]\)?(?![a-z]))*)"
    rf"\s+(?:of|in|under|from)\s+(?:the\s+)?(?P<sector>{_GOV}|{_PS}|{_CS})(?P<noun>{_NOUN}){_NUM}"
    r"(?![a-z(.]\w?)",
    re.IGNORECASE,
)
# "pledges 2a and 2b of the private sector", "commitment 3.b of the government"
_TRAILING_SECTOR = re.compile(
    r"(?<![\w.])(?:pledges?|commitments?|clauses?)\s+(?P<items>\d{1,2}\s?[.(]?\s?[a-z]\)?(?![a-z])"
    r"(?:\s*(?:,|and|&|or)\s*\d{1,2}\s?[.(]?\s?[a-z]\)?(?![a-z]))*)\s+of\s+the\s+"
    r"(?P<sector>government|private[\s\-]sector|civil[\s\-]society)",
    re.IGNORECASE,
)
# Further numbers after a numbered reference: "MNR 4-6", "overarching commitments 3 and 4"
# ("overarching 3 and 4": the word "commitment" may be left out).
_LIST = (r"(?:\s*(?:,|&|\band\b|\bor\b|[-–—]|\bto\b)\s*\d{1,2}(?![\d.,]\d)(?!\s?\(?[a-z]\b)"
         r"(?!\s*(?:%|per|million|billion|thousand|years?|months?|days?|children|countries)))*")
_OTHER = re.compile(
    r"(?<![\w.])(?:"
    rf"(?P<oc>overarching(?P<ocnoun>\s+(?:commitments?|pledges?))?\s?(?:no\.?\s?|#\s?)?(?P<ocn>\d{{1,2}})"
    rf"(?P<ocm>{_LIST}))|"
    r"(?P<pre>(?:preamble(?:\s+(?:paragraph|para\.?|point))?|"
    r"(?:(?:call\s+to\s+action|cta),?\s+)?(?:paragraphs?|paras?\.?|¶)|opening\s+point)"
    rf"\s?(?:no\.?\s?|#\s?)?(?P<pren>\d{{1,2}})(?P<prem>{_LIST}))|"
    r"(?P<closing>closing\s+(?:statement|sentence|paragraph|line|words))|"
    r"(?P<mnr>(?:mnr|model\s+national\s+response)(?:\s+capabilit(?:y|ies)|\s+cap\.?)?,?\s?"
    rf"(?:no\.?\s?|#\s?)?(?P<mnrn>\d{{1,2}})(?P<mnrm>{_LIST}))|"
    r"(?P<mnrof>capability\s+(?P<mnrofn>\d{1,2})\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:mnr|model\s+national\s+response))|"
    r"(?P<cc>inspire\s+cross[\s\-]?cutting(?:\s+activit(?:y|ies))?\s?(?P<ccn>\d))|"
    r"(?P<insp>inspire(?:\s+strateg(?:y|ies))?\s?(?:no\.?\s?|#\s?)?(?P<inspn>\d{1,2})"
    rf"(?P<inspm>{_LIST}))|"
    r"(?P<id>(?:cta|mnr|inspire|doc)\.[a-z0-9_\-]+(?:\.[a-z0-9_\-]+)*)"
    r")(?![\w])",
    re.IGNORECASE,
)
_OTHER_IDS = {"oc": "cta.overarching.{}", "pre": "cta.preamble.{}", "mnr": "mnr.{}",
              "insp": "inspire.{}"}
# "CTA 9.z", "Call to Action 3(b)": a number without a sector names no clause (ids such as
# cta.9.z never exist), so callers report it instead of letting it pass as a citation.
_CTA_NUMBER = re.compile(
    r"(?<![\w.])(?:cta|call\s+to\s+action),?\s+(?P<num>\d{1,2})"
    r"(?:\s?(?:\(\s?(?P<l1>[a-z])\s?\)|[.\-]\s?(?P<l2>[a-z])\)?|(?P<l3>[a-z])\)?))?(?![\w(])",
    re.IGNORECASE,
)
# Ids of users' documents ("doc.my-plan.cta-government-3-b") are their own namespace: found
# first and whole, so that no reference pattern reads inside one.
_DOC_ID = re.compile(r"(?<![\w.])doc\.[a-z0-9_\-]+(?:\.[a-z0-9_\-]+)*(?![\w])", re.IGNORECASE)


def _sector_key(word: str) -> str:
    w = re.sub(r"[\s.\-']", "", word.lower())
    if w.startswith("g"):
        return "government"
    if w.startswith("p"):
        return "private_sector"
    return "civil_society"


def _expand_more(number: int, first: str, more: str) -> list[tuple[int, str]]:
    """'(a)-(c)' → a, b, c; ', 1(c)' → 1c; ' and 2b' → 2b."""
    items = [(number, first)]
    for sep, num, letter in re.findall(
        r"\s*(,|;|&|and|or|[-–—]|to)\s*(\d{1,2})?\s?\(?\s?\.?([a-z])\s?\)?", more, re.IGNORECASE
    ):
        n = int(num) if num else items[-1][0]
        letter = letter.lower()
        if sep in "-–—" or sep.lower() == "to":
            prev_n, prev = items[-1]
            if n == prev_n and ord(prev) < ord(letter) <= ord(prev) + 12:
                items += [(n, chr(c)) for c in range(ord(prev) + 1, ord(letter) + 1)]
                continue
        items.append((n, letter))
    return items


def _expand_numbers(first: int, more: str) -> list[int]:
    """'-6' after 4 → 4, 5, 6; ' and 4' after 3 → 3, 4."""
    numbers = [first]
    for sep, num in re.findall(r"\s*(,|&|and|or|[-–—]|to)\s*(\d{1,2})", more, re.IGNORECASE):
        n = int(num)
        if (sep in "-–—" or sep.lower() == "to") and numbers[-1] < n <= numbers[-1] + 20:
            numbers += list(range(numbers[-1] + 1, n + 1))
        else:
            numbers.append(n)
    return numbers


def find_references(text: str) -> list[Reference]:
    """All references in ``text``, in order of appearance, one per clause named."""
    original, text = text, text.translate(_SAME_LENGTH)
    refs: list[Reference] = []
    taken = bytearray(len(text))  # 1 under every match taken so far: linear, however many refs

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    def add(match: re.Match[str], ids: list[str], strong: bool = True) -> None:
        start, end = match.span()
        written = original[start:end]
        start += len(written) - len(written.lstrip())
        end -= len(written) - len(written.rstrip())
        if original[start:end].endswith(")") and original[start:end].count(")") > original[
                start:end].count("("):
            end -= 1  # "(Gov 3b)": the closing bracket is not part of the reference
        refs.extend(Reference(original[start:end], cid, start, end, strong) for cid in ids)
        taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())

    for match in _DOC_ID.finditer(text):
        add(match, [match.group(0).lower().rstrip(".")])
    for match in _LEADING_SUB.finditer(text):
        if not free(*match.span()):
            continue
        sector, number = _sector_key(match.group("sector")), int(match.group("num"))
        first, more = match.group("letters")[0].lower(), match.group("letters")[1:]
        add(match, [f"cta.{sector}.{n}.{x}" for n, x in _expand_more(number, first, more)])
    for match in _TRAILING_SECTOR.finditer(text):
        if not free(*match.span()):
            continue
        sector = _sector_key(match.group("sector"))
        found = re.findall(r"(\d{1,2})\s?[.(]?\s?([a-z])\)?", match.group("items"), re.I)
        add(match, [f"cta.{sector}.{int(num)}.{letter.lower()}" for num, letter in found])
    for match in _SECTOR_REF.finditer(text):
        if not free(*match.span()):
            continue
        word = match.group("sector")
        sector = _sector_key(word)
        number = int(match.group("num"))
        letter = next((g for g in match.group("l1", "l2", "l3", "l4") if g), None)
        if word.lower() == "g" and not letter:
            continue  # "G7", "G20": not a clause reference
        if letter is None:
            add(match, [f"cta.{sector}.{number}"], bool(match.group("noun").strip()))
        else:
            add(match, [f"cta.{sector}.{num}.{sub}" for num, sub in
                        _expand_more(number, letter.lower(), match.group("more") or "")])
    for match in _OTHER.finditer(text):
        if free(*match.span()):
            ids = _other_ids(match)
            strong = not (match.group("pre") and not match.group(0).lower().startswith(
                ("preamble", "call", "cta", "opening")))
            add(match, ids, strong)
    for match in _CTA_NUMBER.finditer(text):
        if free(*match.span()):
            letter = next((g for g in match.group("l1", "l2", "l3") if g), None)
            number = int(match.group("num"))
            add(match, [f"cta.{number}.{letter.lower()}" if letter else f"cta.{number}"], bool(letter))
    return sorted(refs, key=lambda r: (r.start, r.clause_id))


def _other_ids(match: re.Match[str]) -> list[str]:
    for key, pattern in _OTHER_IDS.items():
        if match.group(key):
            numbers = _expand_numbers(int(match.group(key + "n")), match.group(key + "m") or "")
            return [pattern.format(n) for n in numbers]
    if match.group("closing"):
        return ["cta.closing"]
    if match.group("mnrof"):
        return [f"mnr.{int(match.group('mnrofn'))}"]
    if match.group("cc"):
        return [f"inspire.cc.{int(match.group('ccn'))}"]
    return [match.group("id").lower().rstrip(".")]


def referenced_ids(text: str) -> list[str]:
    """Distinct clause ids named in ``text``, in order."""
    seen: dict[str, None] = {}
    for ref in find_references(text):
        seen.setdefault(ref.clause_id, None)
    return list(seen)
