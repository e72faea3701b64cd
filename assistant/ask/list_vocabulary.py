"""The words of list and comparison questions (corpus/behaviour/lists.toml), read here and
nowhere else (ask/lists.py answers with them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.files import LISTS_FILE, Table, load_data
from assistant.domain.sectors import SECTORS
from assistant.text.normalise import fold, stem
from assistant.text.phrases import phrase_pattern


@dataclass(frozen=True)
class ListVocabulary:
    list_forms: re.Pattern[str]
    asking: re.Pattern[str]
    count_forms: re.Pattern[str]
    compare_forms: re.Pattern[str]
    items: re.Pattern[str]
    overarching: re.Pattern[str]
    preamble: re.Pattern[str]
    pledges: re.Pattern[str]
    frameworks: tuple[tuple[str, re.Pattern[str]], ...]
    filler: frozenset[str]
    variants: dict[str, str]  # a word's stem to the stem its group counts as
    sectors: tuple[tuple[str, re.Pattern[str]], ...]  # each sector's names
    synonyms: tuple[re.Pattern[str], ...] = ()  # each group of names of one concept
    whole: re.Pattern[str] = re.compile("(?!x)x")  # asks for a whole structure, every part
    synonym_words: tuple[frozenset[str], ...] = ()  # every word of each synonym group
    domain: frozenset[str] = frozenset()  # the stems of the corpus's whole topic ("sexual", "online")
    qualifiers: re.Pattern[str] = re.compile("(?!x)x")  # opens a tail that qualifies the topic
    places: re.Pattern[str] = re.compile("(?!x)x")  # asks where in the text a topic comes up

    @classmethod
    def load(cls, corpus_dir: Path) -> ListVocabulary:
        return load_data(corpus_dir, LISTS_FILE, "the list vocabulary", cls.from_data)

    @classmethod
    def from_data(cls, data: Table) -> ListVocabulary:
        forms, targets = data.get("forms", {}), data.get("targets", {})

        def pattern(table: Table, key: str) -> re.Pattern[str]:
            return phrase_pattern([str(t) for t in table.get(key, [])] or ["\x00"])

        frameworks = tuple((str(fid), phrase_pattern(map(str, names)))
                           for fid, names in data.get("frameworks", {}).items() if names)
        topic = data.get("topic", {})
        filler = frozenset(fold(str(w)) for w in topic.get("filler", []))
        variants = {stem(fold(str(w))): stem(fold(str(group[0])))
                    for group in topic.get("variants", []) for w in group}
        return cls(pattern(forms, "list"), pattern(forms, "asking"), pattern(forms, "count"),
                   pattern(forms, "compare"),
                   pattern(targets, "items"), pattern(targets, "overarching"),
                   pattern(targets, "preamble"), pattern(targets, "pledges"), frameworks, filler,
                   variants, tuple((s, phrase_pattern(map(str, data["sectors"][s])))
                                   for s in SECTORS if data.get("sectors", {}).get(s)),
                   tuple(phrase_pattern(map(str, g)) for g in topic.get("synonyms", []) if g),
                   pattern(forms, "whole"),
                   tuple(frozenset(w for t in g for w in fold(str(t)).replace("-", " ").split())
                         for g in topic.get("synonyms", []) if g),
                   frozenset(stem(w) for t in topic.get("domain", []) for w in fold(str(t)).split()),
                   pattern(topic, "qualifiers"), pattern(targets, "places"))
