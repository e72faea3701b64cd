"""A draft's or a clause's words with their places, and what a clause carries (check/claims.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.check.contradiction_cues import PhraseSet
from assistant.text.normalise import fold, stem

_TOKEN = re.compile(r"[^\W_]+")


class Words:
    """A text's words with their places, so that a run of stems quotes the words as written."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.stems = [stem(fold(text[s:e])) for s, e in self.spans]

    def quote(self, first: int, last: int) -> str:
        last = min(max(last, first + 1), len(self.spans))
        return self.text[self.spans[first][0]:self.spans[last - 1][1]] if first < last else ""

    def find(self, phrases: PhraseSet) -> list[tuple[int, int]]:
        return phrases.spans(self.stems)


@dataclass(frozen=True)
class Background:
    """What a clause says and sits under: its text, label and context, as stems."""

    words: Words
    stems: frozenset[str]
    joined: str  # " stem stem … " for phrase look-ups
    title: str  # a framework entry's name ("CSEA Hotline"), else ""
    domain: str  # and its domain ("Societal"), else ""
    periods: frozenset[float]  # the frequencies it names
    numbers: frozenset[tuple[str, float]] = frozenset()  # its label's numbers, each with the word
    # before it ("MNR capability 16"): a draft naming the clause by them adds nothing


def named(stems: Sequence[str], background: Background) -> bool:
    """Whether the clause (its text, label or context) carries these words."""
    return f" {' '.join(stems)} " in background.joined or set(stems) <= background.stems


def own_verbs(words: Words) -> dict[str, int]:
    """A pledge's own verbs, by stem, with their places: its first word after any adverb
    ("Invest in ...", "Proactively engage with ..."), the word joined to it ("Sign and ratify")
    and each after "to" ("... to learn of emerging trends")."""
    clause = words.stems
    first = 0
    while first < len(clause) - 1 and _adverb(words.quote(first, first + 1)):
        first += 1
    places = {first} | {i + 1 for i, w in enumerate(clause[:-1])
                        if w == "to" or (i == first + 1 and w in ("and", "or"))}
    return {clause[i]: i for i in sorted(places, reverse=True) if i < len(clause)}


_BOUNDARY = frozenset({"to", "by", "through", "while", "that", "which", "so", "whose", "where", "when"})
OBJECT_REACH = 6  # how many words after a verb its object may run


def object_words(stems: Sequence[str], start: int, skip: frozenset[str]) -> list[int]:
    """The places of the content words of the object that starts at ``start`` (up to a word that
    opens another clause, "to", "by", "which", or ``OBJECT_REACH`` words), ``skip`` left out."""
    out = []
    for i in range(start, min(start + OBJECT_REACH, len(stems))):
        if stems[i] in _BOUNDARY:
            break
        if stems[i] not in skip:
            out.append(i)
    return out


def grown_objects(words: Words, own: dict[str, int], fighting: PhraseSet,
                  skip: frozenset[str]) -> dict[str, int]:
    """The content words of what a clause's own verbs grow or welcome ("Strengthen [Trust and
    Safety teams]", "Welcome [engagement from regulators, law enforcement]"), each with the place of
    its verb; none for a verb that fights a harm ("address risks", "criminalise threats")."""
    fights = {s for s, _ in fighting.spans(words.stems)}
    grown: dict[str, int] = {}
    for at in sorted(own.values()):
        if at not in fights:
            for i in object_words(words.stems, at + 1, skip):
                grown.setdefault(words.stems[i], at)
    return grown


def _adverb(word: str) -> bool:
    """An adverb before a pledge's verb: "Proactively", "Better" (understand), "Further"."""
    folded = word.lower()
    return ((folded.endswith("ly") and not folded.endswith("ply") and len(folded) > 4)  # not "Comply"
            or folded in ("better", "further", "also", "then"))
