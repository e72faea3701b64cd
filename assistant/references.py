"""Finding clause references in free text: "Gov. 3b", "PS 2.c", "MNR 12", "[G3(b)]"…

Every reference resolves to a canonical clause id (see CONTRACT.md), whether or
not that clause exists; callers check existence against the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import SECTOR_NAMES


@dataclass(frozen=True)
class Reference:
    text: str  # the reference as written
    clause_id: str  # canonical id it names (may not exist)
    start: int
    end: int
    strong: bool = True  # False for bare "Government 3", which prose can contain by chance


_GOV = r"gov(?:ernment|t)?s?'?\.?|g(?=\s?\d)"
_PS = r"private[\s\-]+sector|p\.?\s?s\.?"
_CS = r"civil[\s\-]+society|c\.?\s?s\.?"
_NOUN = (r"(?:\s+(?:delegates'?\s+)?(?:pledges?|commitments?|clauses?|sections?|"
         r"para(?:graph)?s?\.?|points?|items?|no\.?|number))*")
_SUB = (r"(?:\s?\(\s?(?P<l1>[a-z])\s?\)|[.\-]\s?(?P<l2>[a-z])\)?(?![a-z])"
        r"|(?P<l3>[a-z])\)?(?![a-z]))")
_MORE = (r"((?:\s*(?:,|;|&|\band\b|\bor\b|[-–—]|\bto\b)\s*(?:\d{1,2}\s?)?"
         r"(?:\(\s?[a-z]\s?\)|[.]?[a-z]\)?(?![a-z])))*)")

_SECTOR_REF = re.compile(
    rf"(?<![\w.])(?:(?:the\s+)?(?:call\s+to\s+action,?\s+))?(?P<sector>{_GOV}|{_PS}|{_CS})"
    rf"(?P<noun>{_NOUN})\s?(?P<num>\d{{1,2}})(?![\d%,.]\d)(?:{_SUB}(?P<more>{_MORE[1:-1]}))?",
    re.IGNORECASE,
)
# "pledges 2a and 2b of the private sector"
_TRAILING_SECTOR = re.compile(
    r"(?<![\w.])(?:pledges?|commitments?|clauses?)\s+(?P<items>\d{1,2}\s?\(?[a-z]\)?"
    r"(?:\s*(?:,|and|&|or)\s*\d{1,2}\s?\(?[a-z]\)?)*)\s+of\s+the\s+"
    r"(?P<sector>government|private[\s\-]sector|civil[\s\-]society)",
    re.IGNORECASE,
)
_OTHER = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<oc>overarching\s+(?:commitments?|pledges?)\s?(?:no\.?\s?)?(?P<ocn>\d{1,2}))|"
    r"(?P<pre>(?:preamble|(?:call\s+to\s+action,?\s+)?(?:paragraph|para\.?|¶)|opening\s+point)"
    r"\s?(?:no\.?\s?)?(?P<pren>\d{1,2}))|"
    r"(?P<closing>closing\s+(?:statement|sentence|paragraph))|"
    r"(?P<mnr>mnr(?:\s+capabilit(?:y|ies)|\s+cap\.?)?\s?(?:no\.?\s?)?(?P<mnrn>\d{1,2}))|"
    r"(?P<cc>inspire\s+cross[\s\-]?cutting(?:\s+activit(?:y|ies))?\s?(?P<ccn>\d))|"
    r"(?P<insp>inspire(?:\s+strateg(?:y|ies))?\s?(?:no\.?\s?)?(?P<inspn>\d{1,2}))|"
    r"(?P<id>(?:cta|mnr|inspire|doc)\.[a-z0-9_\-]+(?:\.[a-z0-9_\-]+)*)"
    r")(?![\w])",
    re.IGNORECASE,
)


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


def find_references(text: str) -> list[Reference]:
    """All references in ``text``, in order of appearance, one per clause named."""
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _TRAILING_SECTOR.finditer(text):
        sector = _sector_key(match.group("sector"))
        for num, letter in re.findall(r"(\d{1,2})\s?\(?([a-z])\)?", match.group("items"), re.I):
            refs.append(Reference(match.group(0), f"cta.{sector}.{int(num)}.{letter.lower()}",
                                  match.start(), match.end()))
        taken.append(match.span())
    for match in _SECTOR_REF.finditer(text):
        if not free(*match.span()):
            continue
        word = match.group("sector")
        sector = _sector_key(word)
        number = int(match.group("num"))
        letter = next((g for g in match.group("l1", "l2", "l3") if g), None)
        if word.lower() == "g" and not letter:
            continue  # "G7", "G20": not a clause reference
        written = match.group(0).strip()
        if letter is None:
            strong = bool(match.group("noun").strip())
            refs.append(Reference(written, f"cta.{sector}.{number}", match.start(), match.end(),
                                  strong))
        else:
            for num, sub in _expand_more(number, letter.lower(), match.group("more") or ""):
                refs.append(Reference(written, f"cta.{sector}.{num}.{sub}",
                                      match.start(), match.end()))
        taken.append(match.span())
    for match in _OTHER.finditer(text):
        if not free(*match.span()):
            continue
        clause_id = _other_id(match)
        if clause_id:
            strong = not (match.group("pre") and not match.group(0).lower().startswith(
                ("preamble", "call")))
            refs.append(Reference(match.group(0).strip(), clause_id, match.start(), match.end(),
                                  strong))
            taken.append(match.span())
    return sorted(refs, key=lambda r: (r.start, r.clause_id))


def _other_id(match: re.Match[str]) -> str | None:
    if match.group("oc"):
        return f"cta.overarching.{int(match.group('ocn'))}"
    if match.group("pre"):
        return f"cta.preamble.{int(match.group('pren'))}"
    if match.group("closing"):
        return "cta.closing"
    if match.group("mnr"):
        return f"mnr.{int(match.group('mnrn'))}"
    if match.group("cc"):
        return f"inspire.cc.{int(match.group('ccn'))}"
    if match.group("insp"):
        return f"inspire.{int(match.group('inspn'))}"
    if match.group("id"):
        return match.group("id").lower().rstrip(".")
    return None


def referenced_ids(text: str) -> list[str]:
    """Distinct clause ids named in ``text``, in order."""
    seen: dict[str, None] = {}
    for ref in find_references(text):
        seen.setdefault(ref.clause_id, None)
    return list(seen)


def label_for_id(clause_id: str) -> str | None:
    """The human label the contract gives an id, e.g. 'Government 3(b)'."""
    parts = clause_id.split(".")
    if parts[0] == "cta" and len(parts) >= 3 and parts[1] in SECTOR_NAMES:
        name = SECTOR_NAMES[parts[1]]
        if len(parts) == 3:
            return f"{name} pledge {parts[2]}"
        return f"{name} {parts[2]}({parts[3]})"
    return None
