"""Carrying: whether a clause's words carry a question's subject (ask/silence.py reads the
subject; this says whether a clause names it).

A multi-word subject is one concept: a clause carries "end-to-end encryption" when it has
every content word of it (by stem, compounds joined: "livestreaming" is in "live-streamed"),
close together; sharing one modifier ("end-to-end support") is not enough. A longer named
subject (a description) needs most of its words, and the noun phrase it opens with whole
("facial recognition technology for identifying victims" needs "facial recognition
technology"). A subject read from a whole question (no cue) needs its head word, and every
term of art in it that is no English word ("VPN bans" is not "banning"); an English word is
never taken for a typo ("bans" is not "banks")."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.domain.clauses import Clause
from assistant.text.normalise import STOPWORDS, fold, stem, words
from assistant.text.spelling import edit_distance, is_english

_PREPOSITIONS = frozenset({"for", "of", "to", "in", "on", "with", "by", "against", "from", "under",
                           "within", "at", "into", "over", "via", "through"})


@dataclass(frozen=True)
class Subject:
    phrase: str  # as the question words it ("end-to-end encryption")
    words: tuple[str, ...]  # its content words, folded
    named: bool = False  # after a subject cue ("about", "mention"), not the whole question

    @property
    def head(self) -> str:
        """The word the phrase is about: its last content word before a preposition
        ("backdoors for police" is about backdoors), else its last content word. Only for a
        short phrase: a whole question's last word is its head."""
        if len(self.words) > CONCEPT_WORDS:
            return self.words[-1]
        tokens = fold(self.phrase).split()  # "end-to-end" is one token: its "to" is no preposition
        for i, token in enumerate(tokens):
            if token.strip(",.;:()") in _PREPOSITIONS and i:
                before = [w for t in tokens[:i] for w in words(t) if w in self.words]
                if before:
                    return before[-1]
        return self.words[-1]

    @property
    def name(self) -> bool:
        """A name ("“Kids Online Safety Act”"): carried only with all its words."""
        return self.phrase.startswith("“")

    @property
    def unknown(self) -> bool:
        """Every word a term no English dictionary knows ("GDPR"): its embedding is noise."""
        return bool(self.words) and not any(_english(w) for w in self.words)

    @property
    def concept(self) -> bool:
        """One concept (its head and modifiers), not a description of several things."""
        return 0 < len(self.words) <= CONCEPT_WORDS

    @property
    def opening(self) -> tuple[str, ...]:
        """The words of the term a longer phrase opens with: CONCEPT_WORDS content words in a row
        before its first preposition ("facial recognition technology" in "facial recognition
        technology for identifying victims"; not "new trends", an adjective and its noun, nor
        "keeping our understanding", words with others between); else none."""
        tokens = fold(self.phrase).split()  # "end-to-end" is one
        at = next((i for i, t in enumerate(tokens) if t in _PREPOSITIONS), len(tokens))
        term = [[w for w in words(t) if w in self.words] for t in tokens[:at]]
        whole = len(term) == CONCEPT_WORDS and all(term) and len(self.words) > CONCEPT_WORDS
        return tuple(dict.fromkeys(w for t in term for w in t)) if whole else ()


Stems = Mapping[str, tuple[int, ...]]  # a clause's stems, each with the positions it is at


def clause_stems(clause: Clause) -> Stems:
    """The stems of a clause's words and of each two adjacent words joined ("live-streamed"),
    with their positions, counted in content words ("ratify the Council of Europe Lanzarote
    Convention" has "ratify" three words from "Lanzarote")."""
    found = words(f"{clause.label} {clause.text}")
    place, k = [], 0
    for w in found:
        place.append(k)
        k += w not in STOPWORDS
    at: dict[str, list[int]] = {}
    for w, i in zip(found, place, strict=True):
        at.setdefault(stem(w), []).append(i)
    for i, (a, b) in enumerate(itertools.pairwise(found)):
        at.setdefault(stem(a + b), []).append(place[i])
    return {k: tuple(v) for k, v in at.items()}


CONCEPT_WORDS = 3  # a subject of up to this many content words is one concept: all must be there
CONCEPT_SPAN = 4  # ... and near one another: at most this many words from the first found
NAME_SPAN = 8  # a name's words, one spelt out between them ("INTERPOL's International ... (ICSE)")
DESCRIPTION_SHARE = 0.6  # of a longer subject (a description, not a concept), this share
TYPO_EDITS = 1  # a subject word counts as its spelling correction only this close to it


def covers(subject: Subject, stems: Stems, correct: Callable[[str], str | None]) -> bool:
    """Whether a clause (its stems) carries the subject: every content word of a named concept,
    close together ("parental controls" is not "parents ... Disease Control"), most of a named
    description (and the term it opens with), the head of a subject read from the whole question."""
    def where(word: str) -> tuple[int, ...]:
        if stem(word) in stems:
            return stems[stem(word)]
        # a typo one edit away; "retention" is not "prevention", and an English word is no typo
        fixed = None if is_english(word) else correct(word)
        if fixed is not None and edit_distance(word, fixed) <= TYPO_EDITS:
            return stems.get(stem(fixed), ())
        return ()

    if not subject.words:
        return False
    places = [where(w) for w in subject.words]
    n = len(places)
    if not subject.named:  # the whole question, read as a phrase: its head will do, unless it also
        # has a word neither English nor the clause knows, a name or a term of art ("VPN bans")
        return bool(where(subject.head)) and all(p or _english(w) or not _term(w, subject.phrase)
                                                 for w, p in zip(subject.words, places, strict=True))
    if n > CONCEPT_WORDS and not subject.name:  # a description: most of it, and the term it opens with whole
        opening = subject.opening
        return sum(bool(p) for p in places) >= math.ceil(DESCRIPTION_SHARE * n) and (
            not opening or _close([where(w) for w in opening]))
    return all(places) and _close(places, NAME_SPAN if subject.name else CONCEPT_SPAN)


def _close(places: Sequence[tuple[int, ...]], span: int = CONCEPT_SPAN) -> bool:
    """Whether every word is found within ``span`` words of one place of the first."""
    return all(places) and any(all(any(abs(j - i) <= span for j in p) for p in places[1:])
                               for i in places[0])


_PREFIXES = ("inter", "intra", "multi", "cross", "counter", "anti", "non", "self", "co", "pre", "re", "un")


def _term(word: str, phrase: str) -> bool:
    """A name or term of art: four letters or more, or in capitals ("VPN"), not shorthand ("ppl")."""
    return len(word) >= 4 or re.search(rf"\b{re.escape(word.upper())}s?\b", phrase) is not None


def _english(word: str) -> bool:
    """An English word, or one made of a prefix and an English word ("intergenerational")."""
    return is_english(word) or any(word.startswith(p) and is_english(word[len(p):]) for p in _PREFIXES)


def carries(readings: Sequence[Subject], stems: Stems, correct: Callable[[str], str | None]) -> bool:
    return any(covers(subject, stems, correct) for subject in readings)
