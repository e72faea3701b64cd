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


def _adverb(word: str) -> bool:
    """An adverb before a pledge's verb: "Proactively", "Better" (understand), "Further"."""
    folded = word.lower()
    return ((folded.endswith("ly") and not folded.endswith("ply") and len(folded) > 4)  # not "Comply"
            or folded in ("better", "further", "also", "then"))
