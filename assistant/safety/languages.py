"""Requests in other languages, read in English: the guard's rules and its English-trained
embedding know English words only, so a request written in a language the glossary holds
(`[languages]` of corpus/behaviour/safety.toml: the harm taxonomy's vocabulary, the actors
and the protective framings, per language) is glossed phrase by phrase, and the guard judges
the gloss as well as the text. A language is recognised by its own common words (`markers`),
never by a word it shares with English."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.errors import CorpusError

ENGLISH = ("the", "and", "how", "what", "which", "is", "are", "to", "of", "with", "my", "can", "do")
LEAST_MARKERS = 2  # a language's own words a request needs before it is read in that language


@dataclass(frozen=True)
class Language:
    name: str
    markers: frozenset[str]
    phrases: re.Pattern[str]  # every glossed phrase, longest first
    gloss: Mapping[str, str]


@dataclass(frozen=True)
class Glossary:
    languages: tuple[Language, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Glossary:
        out = []
        for name, table in data.items():
            pairs = [str(item).split("=", 1) for item in table["gloss"]]
            if any(len(pair) != 2 for pair in pairs):
                raise CorpusError(f"[languages.{name}] `gloss` items are \"phrase = english\"; fix the file.")
            gloss = {" ".join(k.split()): " ".join(v.split()) for k, v in pairs}
            markers = frozenset(str(m) for m in table["markers"])
            if not gloss or not markers:
                raise CorpusError(f"[languages.{name}] needs `markers` and `gloss`; fill them or remove it.")
            ordered = sorted(gloss, key=len, reverse=True)
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")
            out.append(Language(str(name), markers, pattern, gloss))
        return cls(tuple(out))

    def english(self, normal: str) -> str | None:
        """The English gloss of a folded request written in a language the glossary holds
        (its own common words outnumber English ones), or None."""
        tokens = re.findall(r"[a-z]+", normal)
        english = sum(t in ENGLISH for t in tokens)
        best, count = None, 0
        for language in self.languages:
            n = sum(t in language.markers for t in tokens)
            if n > count:
                best, count = language, n
        if best is None or count < LEAST_MARKERS or count <= english:
            return None
        glossed = best.phrases.sub(lambda m: best.gloss[m.group(0)], normal)
        return " ".join(glossed.split())
