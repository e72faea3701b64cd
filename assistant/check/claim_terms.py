"""Claim parts' vocabulary: corpus/behaviour/claims.toml, stemmed and compiled."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.check.contradiction_cues import PhraseSet
from assistant.corpus.files import CLAIMS_FILE, load_data
from assistant.text.normalise import stem, words


@dataclass(frozen=True)
class ClaimTerms:
    """What the parts of a claim look like (see the header of claims.toml)."""

    strong: PhraseSet  # an obligation in a draft
    hedged: PhraseSet  # an aim at a clause's head
    legal: PhraseSet  # a legal obligation or compulsion, stronger than any pledge
    mandate: PhraseSet  # legal words of one group: any in a clause carries the others
    head: int  # how many first words of a clause are its head
    universal: PhraseSet  # all, every
    exclusive: PhraseSet  # only, no alternative
    not_after: frozenset[str]  # stems that make a universal word something else ("every two")
    kinds: frozenset[str]  # "form", "kind": "every form of X" widens X
    whole: frozenset[str]  # "whole", "entire": after a preposition, a whole the clause does not set
    broad: frozenset[str]  # broad head nouns: "all AI-generated content" widens "AI-generated abuse"
    weakening: PhraseSet  # "reduce", "scale back": on the clause's own verb, the opposite direction
    fighting: PhraseSet  # "address", "combat": a clause verb whose object a weakening word may lessen
    deficits: PhraseSet  # "gaps", "risks": reduced on the way to the clause's words, no weakening
    technologies: PhraseSet
    measures: PhraseSet  # duty of care, fines
    bodies: PhraseSet
    deadline_units: frozenset[str]  # stems
    deadline_words: PhraseSet
    common_acronyms: frozenset[str]  # lower-case
    domain_word: str  # stem
    instruments: frozenset[str]  # stems of the nouns that end a named law or treaty
    institutions: frozenset[str]  # stems of the nouns that end a named body

    @classmethod
    def load(cls, corpus_dir: Path) -> ClaimTerms:
        return load_data(corpus_dir, CLAIMS_FILE, "the claim vocabulary", cls.from_data)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ClaimTerms:
        duty, scope, specific = data["duty"], data["scope"], data["specific"]
        return cls(
            strong=PhraseSet(duty["strong"]), hedged=PhraseSet(duty["hedged"]), head=int(duty["head"]),
            legal=PhraseSet(duty["legal"]), mandate=PhraseSet(duty["mandate"]),
            universal=PhraseSet(scope["universal"]), exclusive=PhraseSet(scope["exclusive"]),
            not_after=frozenset(stem(w) for w in scope["not_after"]),
            kinds=frozenset(stem(w) for w in scope["kinds"]),
            whole=frozenset(stem(w) for w in scope["whole"]),
            broad=frozenset(stem(w) for w in scope["broad"]),
            weakening=PhraseSet(data["direction"]["weakening"]),
            fighting=PhraseSet(data["direction"]["fighting"]),
            deficits=PhraseSet(data["direction"]["deficits"]),
            technologies=PhraseSet(specific["technologies"]), measures=PhraseSet(specific["measures"]),
            bodies=PhraseSet(specific["bodies"]),
            deadline_units=frozenset(stem(w) for w in specific["deadline_units"]),
            deadline_words=PhraseSet(specific["deadline_words"]),
            common_acronyms=frozenset(w for a in specific["common_acronyms"] for w in words(a)),
            domain_word=stem(str(data["framework"]["domain_word"])),
            instruments=frozenset(stem(w) for w in specific["instruments"]),
            institutions=frozenset(stem(w) for w in specific["institutions"]),
        )
