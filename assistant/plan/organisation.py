"""Reading, from a free-text profile, how the organisation is named and what kind it is.

The kind (a ministry, a regulator, a police unit, a school or other public service, a
company, a payments company, an industry body, an NGO, a research centre) decides which
pledges the organisation leads and who owns them; its cues are data (the [kinds] of
plan_templates.toml). The first cue of the plan's sector that does not name a partner
("funded by a bank") names the organisation itself. Its name is the noun phrase around
that cue: a few words before it ("mid-size video-sharing platform"), the cue words that
follow ("helpline charity"), and one "of" phrase ("Ministry of Justice", "trade
association of internet service providers"); never a later phrase such as "trust and
safety team of 60".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.applicable.profile import aligned
from assistant.plan.templates import Kind, Templates

# words after which a cue names someone else: a partner, client or funder
_PARTNER = re.compile(r"(?:^|\s)(?:with|for|by|to|serving|supporting|funded|backed|sponsored|including|"
                      r"like|alongside|partners?|clients?|customers?|members?|helping|among)\s+"
                      r"(?:[^\s,;:.!?()]+\s+){0,2}$")
# where the phrase naming the organisation starts, looking back from its cue
_START = re.compile(r"[,;:.!?()\[\]/|]|(?:^|\s)(?:in|with|for|by|to|from|at|on|and|that|which|who|"
                    r"is|are|am|was|as|of|we|we're|i'm|our|my|run|runs|work|works)(?=\s)")
_LEADING = frozenset(["a", "an", "the", "we", "we're", "i", "i'm", "am", "are", "is", "our", "my", "as",
                      # what an organisation does, before what it is: "we run a prevention line"
                      "run", "operate", "provide", "offer", "manage", "build", "make", "develop"])
_COMPLEMENT = re.compile(r"\s+(?:of|(?P<for>for))\s+((?:(?!(?:a|an|the|in|with|for|by|to|from|at|on|of|"
                         r"and|that|which|who)\s)[a-z0-9'&\-]+\s*){1,3})")
_WORD = re.compile(r"[^\s,;:.!?()]+")
_PROPER_AND = re.compile(r"\s+(?:and|&)\s+[A-Z][^\s,;:.!?()]*")
SHORT = 5  # a profile of at most this many words is its own name


@dataclass(frozen=True)
class Organisation:
    name: str  # as the profile writes it: "mid-size video-sharing platform"
    kind: Kind
    cue: str = ""  # the words that named the kind ("" when the sector's default was taken)


def read_organisation(profile: str, sector: str, templates: Templates, fallback: str = "") -> Organisation:
    """The organisation a profile describes, read as one of ``sector``'s kinds."""
    folded, text = aligned(profile)
    kinds = templates.kinds_of(sector)
    found: list[tuple[int, int, Kind]] = []
    for kind in kinds:
        if kind.pattern is not None:
            found += [(m.start(), -m.end(), kind) for m in kind.pattern.finditer(folded)]
    own = sorted((f for f in found if not _PARTNER.search(folded[:f[0]])), key=lambda f: (f[0], f[1]))
    if not own:
        return Organisation(_fallback_name(text, fallback), templates.default_kind(sector))
    start, end, kind = own[0][0], -own[0][1], own[0][2]
    cue = text[start:end]
    end = _extend(folded, end, found, governed=sector == "government")
    while (proper := _PROPER_AND.match(text, end)) is not None:  # "Ministry of ICT and Innovation"
        end = proper.end()
    begin = _begin(folded, start)
    name = " ".join(text[begin:end].split())
    if len(folded) != len(profile):  # folding moved the offsets ("…" is "..."): the words as written
        written = re.search(r"\s+".join(map(re.escape, name.split())), profile, re.IGNORECASE)
        name = " ".join(written.group().split()) if written else name
    return Organisation(name or cue, kind, cue)


def mentions(pattern: re.Pattern[str], folded: str) -> bool:
    """Whether the folded profile names ``pattern`` as its own (not "refers children to helplines")."""
    return any(not _PARTNER.search(folded[:m.start()]) for m in pattern.finditer(folded))


def title_name(profile: str, organisation: Organisation) -> str:
    """How the plan's title names the organisation: a short profile whole, else its name."""
    name = profile if len(profile.split()) <= SHORT or not organisation.name else organisation.name
    if len(name) > 80:
        name = name[:79].rsplit(" ", 1)[0] + "…"
    first = name.split()[0]
    return name if first[1:] != first[1:].lower() else name[0].upper() + name[1:]  # "eSafety" stays


def _fallback_name(text: str, fallback: str) -> str:
    """The name of an organisation no kind names: the words that describe it, up to the first
    comma, after any "we run a" (the phrase that placed its sector, when there is one)."""
    if fallback:
        text = fallback
    words = _WORD.findall(re.split(r"[,;:(]", text.strip(), maxsplit=1)[0]) or _WORD.findall(text)
    while len(words) > 1 and words[0].lower() in _LEADING:
        words.pop(0)
    return " ".join(words[:SHORT]) if not fallback else " ".join(words)


def _begin(folded: str, start: int, before: int = 4) -> int:
    """Where the name starts: after the last boundary before the cue, at most a few words
    back, leaving out articles and pronouns ("we are a")."""
    cut = max((m.end() for m in _START.finditer(folded) if m.end() <= start), default=0)
    for word in list(_WORD.finditer(folded, cut, start))[-before:]:
        if word.group() not in _LEADING:
            return word.start()
    return start


def _extend(folded: str, end: int, found: list[tuple[int, int, Kind]], governed: bool) -> int:
    """The name's end: through cue words right after it, then one "of" phrase (or, for a
    government body, "for": "Department for Education", not "provider for small businesses")."""
    moved = True
    while moved:
        moved = False
        for start, neg_end, _ in found:
            if start > end and not folded[end:start].strip():
                end, moved = -neg_end, True
    complement = _COMPLEMENT.match(folded, end)
    if complement and (governed or complement.group("for") is None):
        end = complement.start(2) + len(complement.group(2).rstrip())
    return end
