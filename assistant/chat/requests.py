"""What a request is, beyond its job's cues: a description of the organisation alone, a
request for the pledges that apply that is about others, one for what the organisation's own
sector pledges, or a question on a subject of its own."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from assistant.chat.followup import FollowUps
from assistant.chat.vocabulary import ChatVocabulary
from assistant.domain.sectors import SECTOR_ACTORS, SECTOR_LEADS, normalise_sector
from assistant.text.normalise import fold, words


class Requests:
    def __init__(self, vocabulary: ChatVocabulary, followups: FollowUps,
                 sector_cues: Mapping[str, re.Pattern[str]], sector_of: Callable[[str], str | None]) -> None:
        self.vocabulary, self.followups, self.sector_cues, self.sector_of = \
            vocabulary, followups, sector_cues, sector_of

    def only_describes(self, message: str, described: str, corrects: bool) -> bool:
        """The message says nothing but who the user is ("Hi, actually we're the ministry."), or
        corrects it and asks what that changes ("we're a nonprofit, not a company. does that change it?")."""
        rest = fold(message.replace(described, " "))
        for pattern in (self.vocabulary.corrections, self.vocabulary.self_named):
            rest = pattern.sub(" ", rest)
        if corrects and "?" not in message:  # "correction: we're a contractor doing forensics for the police"
            return True
        return ("?" not in message or corrects) and not self.followups.own_words(rest)

    def for_others(self, message: str, organisation: str | None) -> bool:
        """A request read by meaning as one for the pledges that apply, that is not about the
        user's organisation: none is described ("what's expected of NGOs?"), or the request names
        another sector ("do companies have to talk to us?")."""
        if organisation is None:
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

    def on_a_subject(self, message: str) -> bool:
        """The message asks about a subject ("our obligations on awareness raising")."""
        folded = fold(message)
        return any(self.followups.own_words(folded[match.end():])
                   for match in self.vocabulary.subject.finditer(folded))
