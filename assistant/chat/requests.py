"""What a request is, beyond its job's cues: a description of the organisation alone, a
request for the pledges that apply that is about others, one for what the organisation's own
sector pledges, or a question on a subject of its own; and a bare clause number ("1b") read as
the organisation's own sector's."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence
from typing import TYPE_CHECKING

from assistant.chat.followup import FollowUps
from assistant.chat.pointing import POINTED
from assistant.chat.profile import CONTRAST
from assistant.chat.router import DESCRIBED, Route, Router, request_sentence
from assistant.chat.vocabulary import ChatVocabulary
from assistant.domain.references import find_references
from assistant.domain.sectors import SECTOR_ACTORS, SECTOR_LEADS, SECTOR_NAMES, SECTORS, normalise_sector
from assistant.text.normalise import STOPWORDS, fold, words

if TYPE_CHECKING:
    from assistant.ask.answering import Answer
    from assistant.domain.clauses import Clause

# what the organisation is not, to the end of its clause ("..., not a company.")
_CONTRASTED = re.compile(f"(?:{CONTRAST.pattern})[^.?!;]*", re.IGNORECASE)
# a pledge's part by its number alone: "1b", "2(a)", "3.c" (never inside a word or a reference)
_DASH = re.compile(r"\s+[-–—]+\s+")  # "I sit on the board of a charity - what would apply to it?"
# how a request for the pledges was read: by no cue, or from a description alone
_UNCUED = ("a job's word alone", "what the organisation's own sector is asked")
_DESCRIBED = ("a description of the organisation", "a short description of the organisation")
_PUNCTUATION = ",;:?!."  # "4a, show me": the number ends there, no word of it
_NUMBER = re.compile(r"(?<![\w.(/-])([1-9])\s?(?:\(([a-f])\)|\.?([a-f]))(?![\w)/-])")


def numbered(text: str, sector: str | None, known: Container[str], plain: Container[str] = frozenset(),
             cues: Mapping[str, re.Pattern[str]] | None = None) -> str:
    """``text`` with each bare clause number written as the sector's reference ("1b" ->
    "Civil society 1(b)"), when the sector has that clause, no reference already names it and
    the next word, if any, is a stop word or one of ``plain`` ("5b say", not "3d printing").
    A number followed by a sector (``cues``: "1(e) under private sector", "3b for governments")
    is that sector's clause, the sector's words taken into the reference."""
    text = in_series(text, known) if isinstance(known, Mapping) else text
    taken = [(r.start, r.end) for r in find_references(text)]
    folded = fold(text) if len(fold(text)) == len(text) else ""
    out, last = [], 0
    for match in _NUMBER.finditer(text):
        number, letter = match.group(1), match.group(2) or match.group(3)
        own, end = _sector_after(folded, match.end(), cues or {})
        own = own or sector
        after = words(text[end:])[:1]
        word = end == match.end() and bool(after) and text[end:end + 1] not in _PUNCTUATION \
            and after[0] not in STOPWORDS and after[0] not in plain
        if own is None or f"cta.{own}.{number}.{letter}" not in known or word or any(
                a < match.end() and match.start() < b for a, b in taken):
            continue  # "3d printing": a word, not a clause
        out += [text[last:match.start()], f"{SECTOR_NAMES[own]} {number}({letter})"]
        last = end
    return "".join(out) + text[last:]


_LABEL = re.compile(r"(\w+) ([a-z]+) (\d+)(?:\s|$)")  # "MNR capability 11 (Child Helpline)"


def in_series(text: str, clauses: Mapping[str, Clause]) -> str:
    """``text`` with a bare "capability 11" written as the one framework whose labels number
    their parts by that word ("MNR capability 11"), when it has that part and no reference
    already names it (the Call to Action's own pledges are numbered by sector, never so)."""
    series: dict[str, set[str]] = {}
    for clause in clauses.values():
        label = _LABEL.match(clause.label) if not clause.id.startswith("cta.") else None
        if label is not None:
            series.setdefault(label.group(2), set()).add(label.group(1))
    taken = [(r.start, r.end) for r in find_references(text)]
    out, last = [], 0
    for match in re.finditer(r"\b([A-Za-z]+)\s+(\d{1,2})\b", text):
        unit, number = match.group(1).lower(), match.group(2)
        owners = series.get(unit, set())
        if len(owners) != 1 or any(a < match.end() and match.start() < b for a, b in taken):
            continue
        owner = next(iter(owners))
        if not any(c.label.startswith(f"{owner} {unit} {number}") and not c.id.startswith("cta.")
                   for c in clauses.values()):
            continue
        out += [text[last:match.start()], f"{owner} {unit} {number}"]
        last = match.end()
    return "".join(out) + text[last:]


_UNDER = re.compile(r"\s*(?:under|for|of|in|from)\s+(?:the\s+)?")


def _sector_after(folded: str, at: int, cues: Mapping[str, re.Pattern[str]]) -> tuple[str | None, int]:
    """The sector named right after a clause number ("under private sector"), and where it ends."""
    lead = _UNDER.match(folded, at) if folded else None
    if lead is not None:
        for sector, pattern in cues.items():
            named = pattern.match(folded, lead.end())
            if named is not None:
                tail = re.match(r"\s+(?:pledges?|commitments?|section|sector|side|bit|part|list)\b",
                                folded[named.end():])
                return sector, named.end() + (tail.end() if tail else 0)
    return None, at


def sector_named_before(history: Sequence[str]) -> str | None:
    """The sector of the last pledge the earlier messages name ("Tell me about Gov 5")."""
    for message in reversed(history):
        named = [r.clause_id.split(".") for r in find_references(message)]
        sectors = [parts[1] for parts in named if len(parts) > 2 and parts[1] in SECTORS]
        if sectors:
            return sectors[-1]
    return None


class Requests:
    def __init__(self, vocabulary: ChatVocabulary, followups: FollowUps,
                 sector_cues: Mapping[str, re.Pattern[str]], sector_of: Callable[[str], str | None],
                 ask: Callable[[str, str | None], Answer] | None = None,
                 known: Callable[[], Container[str]] = frozenset) -> None:
        self.vocabulary, self.followups, self.sector_cues, self.sector_of = \
            vocabulary, followups, sector_cues, sector_of
        self.ask, self.known = ask, known  # a question's answer; every clause's id
        self.router = Router(vocabulary)  # a clause's text asked for by its number: by shape and cues

    def resolved(self, route: Route, message: str, sector: str | None) -> Route:
        """A clause asked for by what it is about, as the first pledge found for it (a question
        when none is); a bare clause number asked to be shown ("what does tech-neutral mean there
        - show me 3d") as the organisation's sector's clause."""
        if route.job == "show" and route.reason == DESCRIBED:
            question = self.vocabulary.rewrite.format(subject=route.text)
            found = self.ask(question, sector).hits if self.ask is not None else ()
            pledge = next((h.clause.id for h in found if h.clause.id.startswith("cta.")), None)
            return Route("show", pledge, DESCRIBED) if pledge else Route("ask", message, "no clause found")
        if route.job == "show" and route.reason == POINTED:  # "show me that clause": the answer's first
            cited = self.ask(route.text, sector).citations if self.ask is not None else ()
            return Route("show", cited[0], POINTED) if cited else Route("ask", message, "no clause found")
        if route.job != "ask" or route.reason != "a question":
            return route
        plain = self.vocabulary.generic | self.vocabulary.show_words  # "1b actually say"
        written = numbered(message, sector, self.known(), plain, self.sector_cues)
        shown = self.router.route(written) if written != message else None
        return shown if shown is not None and shown.job == "show" else route

    def only_describes(self, message: str, described: str, corrects: bool) -> bool:
        """The message says nothing but who the user is ("Hi, actually we're the ministry."), or
        corrects it and asks what that changes ("we're a nonprofit, not a company. does that change it?")."""
        rest = fold(message.replace(described, " "))
        for pattern in (self.vocabulary.corrections, self.vocabulary.self_named):
            rest = pattern.sub(" ", rest)
        if corrects and "?" not in message:  # "correction: we're a contractor doing forensics for the police"
            return True
        rest = _CONTRASTED.sub(" ", rest)  # "..., not a company": what it is not, no question
        if self.followups.names_sector(rest):  # "... what does it ask governments to do?": about them
            return False
        return ("?" not in message or corrects) and not self.followups.own_words(rest)

    def sector_named(self, rest: str, described: str | None) -> str | None:
        """The sector a request names, not counting the organisation's own description or what it
        says the organisation is not ("the authority, not the ISP. what does it ask governments")."""
        text = rest.replace(described, " ") if described else rest
        return self.followups.sector(_CONTRASTED.sub(" ", text) if described else text)

    def within_shown(self, question: str, shown: str | None) -> str:
        """A question about the parts of the clause just shown ("that's long. which parts would be
        about services for survivors?"), asked of that clause's pledge; any other, as it is."""
        named = {r.clause_id for r in find_references(shown or "") if r.strong}
        if len(named) != 1 or find_references(question) or not self.vocabulary.parts.search(fold(question)):
            return question
        ids = next(iter(named)).split(".")
        if len(ids) < 3 or ids[0] != "cta" or ids[1] not in SECTORS:
            return question
        return f"{question} ({SECTOR_NAMES[ids[1]]} pledge {ids[2]})"

    def bare(self, message: str, route: Route) -> bool:
        """A short statement that asks nothing ("fintech, 30 staff, nairobi"), read as a question
        only because no cue decided it."""
        said = words(message)
        return route.reason == "a question" and "?" not in message and bool(said) \
            and said[0] not in self.vocabulary.starts and len(said) <= self.vocabulary.max_words

    def for_others(self, message: str, organisation: str | None, pointing: bool = True) -> bool:
        """A request read by meaning as one for the pledges that apply, that is not about the
        user's organisation: none is described ("what's expected of NGOs?"), or the request names
        another sector ("do companies have to talk to us?"), or it is about what was said before."""
        if organisation is None or (pointing and self.followups.points_back(message)):  # "does that apply"
            return True
        named, own = self.followups.sector(message.replace(organisation, " ")), self.sector_of(organisation)
        return named is not None and own is not None and named != own

    def own_sector(self, message: str, organisation: str | None) -> bool:
        """A request for what the organisation's own sector pledges, and nothing else ("what is
        expected from civil society?", asked by an NGO)."""
        if organisation is None or "\n" in message.strip():
            return False
        rest, own = message.replace(organisation, " "), self.sector_of(organisation)
        clauses = [c for c in re.split(r"[,;.!?]+", rest) if self.followups.sector(c) is not None]
        if not clauses or own is None or self.followups.sector(clauses[-1]) != own:
            return False
        names = set(words(f"{SECTOR_LEADS[own]} {SECTOR_ACTORS[own]}"))
        cues = self.sector_cues[own].finditer(fold(clauses[-1]))
        if not any(normalise_sector(m.group()) or set(words(m.group())) <= names for m in cues):
            return False  # "our trust and safety team" is a company's, but names no sector
        folded = fold(rest)
        for pattern in (self.vocabulary.corrections, self.vocabulary.self_named):
            folded = pattern.sub(" ", folded)
        return not self.followups.own_words(folded)

    def of_a_subject(self, route: Route, rest: str, described: str | None) -> bool:
        """A request read as one for the pledges that apply that asks which of them covers what
        was just said, by no cue ("... which of our pledges covers this?"), or, after the user's
        description, asks on a subject ("Is there a commitment for all members about X?")."""
        asking = _DASH.split(request_sentence(rest.replace(described, " ") if described else rest))[-1]
        if self.followups.points_back(asking) and route.reason in _UNCUED:
            return True
        return described is not None and route.reason not in _DESCRIBED and self.on_a_subject(asking)

    def on_a_subject(self, message: str) -> bool:
        """The message asks about a subject ("our obligations on awareness raising")."""
        folded = fold(message)
        return any(self.followups.own_words(folded[match.end():])
                   for match in self.vocabulary.subject.finditer(folded))


# a bare number or letter after a shown clause: "and 5?", "4(b)?", "what about c"
_SIBLING = re.compile(r"(?:what\s+about\s+|how\s+about\s+)?(?P<num>[1-9]\d?)?\s?\(?(?P<letter>[a-f])?\)?",
                      re.IGNORECASE)


def sibling(rest: str, shown: str | None, known: Container[str]) -> str | None:
    """The clause a bare number or letter names after a clause was shown ("show me overarching
    2", then "and 5?"): the same series' clause of that number, or the same pledge's letter."""
    match = _SIBLING.fullmatch(rest.strip(" ?.!,"))
    refs = [r.clause_id for r in find_references(shown or "") if r.strong]
    if match is None or not (match.group("num") or match.group("letter")) or len(set(refs)) != 1:
        return None
    parts, number, letter = refs[0].split("."), match.group("num"), (match.group("letter") or "").lower()
    pledge = len(parts) == 4 and parts[0] == "cta"  # cta.government.3.a
    if number and letter:
        found = ".".join([*parts[:2], number, letter]) if pledge else None
    elif number:
        found = ".".join([*parts[:2], number]) if pledge else ".".join([*parts[:-1], number])
    else:
        found = ".".join([*parts[:3], letter]) if pledge else None
    return found if found is not None and found in known else None
