"""Contradiction cues: the vocabularies of corpus/behaviour/contradictions.toml, stemmed and compiled."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus.files import CONTRADICTIONS_FILE as CUES_FILE
from assistant.corpus.files import load_data
from assistant.domain.clauses import SECTORS
from assistant.errors import CorpusError
from assistant.search.query import Vocabulary
from assistant.text.normalise import stem, words


def stem_words(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


GAP = 8  # at most this many words inside a phrase's "..."
STANCE_GAP = 3  # and inside a stance's ("advise ... against": its addressee)
WIDE_GAP = 16  # and inside a wide one's ("leave [a list of groups] out of")


class PhraseSet:
    """Whole-word phrases, matched on stemmed words: 'criminalise' finds 'criminalising'."""

    def __init__(self, phrases: Iterable[str], stemmed: bool = True, gap: int = GAP,
                 wide: Iterable[str] = ()) -> None:
        """``wide``: phrases whose "..." holds up to WIDE_GAP words."""
        split = stem_words if stemmed else words

        def stemmed_set(given: Iterable[str]) -> set[str]:
            return {" ... ".join(" ".join(split(part)) for part in p.split("...")) for p in given}
        # "keep ... out of": the words around "..." with up to GAP words between them
        widened = {p for p in stemmed_set(wide) if p.strip(" .")}
        stemmed_phrases = stemmed_set(phrases) | widened
        self.phrases = tuple(sorted((p for p in stemmed_phrases if p.strip(" .")), key=len, reverse=True))
        # A match starts at a word that is some phrase's first word: without one, nothing to look for.
        self.firsts = frozenset(p.split(" ", 1)[0] for p in self.phrases)
        self.words = frozenset(w for p in self.phrases for w in p.split() if w != "...")
        body = "|".join(rf"(?: [^ ]+){{1,{WIDE_GAP if p in widened else gap}}} ".join(
            re.escape(part.strip()) for part in p.split(" ... ")) for p in self.phrases) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![^ ])(?:{body})(?![^ ])")

    def spans(self, stems: Sequence[str]) -> list[tuple[int, int]]:
        """(first, last + 1) word positions of each phrase found, left to right."""
        if self.firsts.isdisjoint(stems):
            return []
        joined = " ".join(stems)
        offsets = [0]
        for w in stems[:-1]:
            offsets.append(offsets[-1] + len(w) + 1)
        found = []
        for match in self._pattern.finditer(joined):
            first = bisect.bisect_left(offsets, match.start())
            found.append((first, first + match.group(0).count(" ") + 1))
        return found

    def found(self, stems: Sequence[str]) -> bool:
        return not self.firsts.isdisjoint(stems) and bool(self._pattern.search(" ".join(stems)))


@dataclass(frozen=True)
class Opposite:
    name: str
    a: PhraseSet
    b: PhraseSet


@dataclass(frozen=True)
class ContradictionCues:
    """The vocabularies of corpus/behaviour/contradictions.toml, stemmed and compiled."""

    negations: PhraseSet
    exceptions: PhraseSet
    halts: PhraseSet  # negate only a following -ing form
    stances: PhraseSet  # "advise ... against": a stance against what follows, its addressee not negated
    names: PhraseSet  # proper names, left out before any cue is looked for
    window: int
    reach: int
    opposites: tuple[Opposite, ...]
    frequencies: tuple[tuple[float, PhraseSet], ...]
    cardinals: dict[str, int]
    ordinals: dict[str, int]
    scales: dict[str, int]
    neutral: frozenset[float]
    actors: dict[str, PhraseSet]
    shared: PhraseSet
    partners: PhraseSet
    verbs: PhraseSet
    sources: PhraseSet
    source_verbs: PhraseSet
    framing: PhraseSet  # words that say nothing about a clause's content ("pledge", "must")
    passive: PhraseSet  # "be required": the subject is regulated, not pledging
    # what a negation passes over to reach what it denies: who pledges, framing, the duty
    # ("Nothing in the Call to Action asks governments to criminalise ...")
    passes: PhraseSet
    subjects: PhraseSet  # and who pledges, when a verb or "to" follows it
    hinders: PhraseSet  # "undermine", "obstruct": negate what follows, unless in a relative clause
    # who benefits ([beneficiary]): those a pledge serves, others said to, interests, markers
    intended: PhraseSet
    others: PhraseSet
    interests: PhraseSet
    serving: PhraseSet
    costing: PhraseSet
    ahead: PhraseSet

    @classmethod
    def load(cls, corpus_dir: Path, vocabulary: Vocabulary | None = None) -> ContradictionCues:
        """The cues; the actors come from the sector vocabulary (sectors.toml), loaded here
        unless given."""
        return load_data(corpus_dir, CUES_FILE, "the cue file",
                         lambda data: cls.from_data(data, vocabulary or Vocabulary.load(corpus_dir)))

    @classmethod
    def from_data(cls, data: dict[str, Any], vocabulary: Vocabulary) -> ContradictionCues:
        neg, numbers, actors, assertion = (data["negation"], data["numbers"], data["actors"],
                                           data["assertion"])
        if any(key in actors for key in (*SECTORS, "shared")):
            raise CorpusError("contradictions.toml lists actors by sector; move them into sectors.toml "
                              "(README, 'Corpus layout').")
        return cls(
            negations=PhraseSet(neg["cues"], wide=neg.get("wide", [])),
            exceptions=PhraseSet(neg["exceptions"]),
            halts=PhraseSet(neg.get("halts", [])), stances=PhraseSet(neg.get("stances", []), gap=STANCE_GAP),
            names=PhraseSet(data.get("names", {}).get("terms", [])),
            window=int(neg["window"]), reach=int(neg["reach"]),
            opposites=tuple(Opposite(str(o["name"]), PhraseSet(o["a"]), PhraseSet(o["b"]))
                            for o in data["opposite"]),
            frequencies=tuple((float(f["months"]), PhraseSet(f["terms"], stemmed=False))
                              for f in data["frequency"]),
            cardinals={str(k): int(v) for k, v in numbers["cardinals"].items()},
            ordinals={str(k): int(v) for k, v in numbers["ordinals"].items()},
            scales={str(k): int(v) for k, v in numbers["scales"].items()},
            neutral=frozenset(float(v) for v in numbers["neutral"]),
            actors={sector: PhraseSet(vocabulary.actors[sector]) for sector in SECTORS},
            shared=PhraseSet(vocabulary.shared_actors), partners=PhraseSet(actors["partners"]),
            verbs=PhraseSet(assertion["verbs"]), sources=PhraseSet(assertion["sources"]),
            source_verbs=PhraseSet(assertion["source_verbs"]),
            framing=PhraseSet([*assertion["verbs"], *assertion["sources"], *assertion["source_verbs"],
                               *assertion["framing"]]),
            passive=PhraseSet(assertion.get("passive", [])),
            passes=PhraseSet([*neg.get("passes", []), *assertion["verbs"], *assertion["sources"],
                              *assertion["source_verbs"], *assertion.get("passive", [])]),
            subjects=PhraseSet([*vocabulary.shared_actors,
                                *(a for s in SECTORS for a in vocabulary.actors[s])]),
            hinders=PhraseSet(neg.get("hinders", [])),
            **{key: PhraseSet(data["beneficiary"][key])
               for key in ("intended", "others", "interests", "serving", "costing", "ahead")},
        )
