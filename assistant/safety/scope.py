"""What the assistant covers: the topic words and the laws it does not hold
(corpus/behaviour/scope.toml, read here and nowhere else)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.files import SCOPE_FILE, Table, read_data
from assistant.errors import CorpusError
from assistant.text.normalise import fold
from assistant.text.phrases import phrase_pattern


@dataclass(frozen=True)
class Scope:
    topics: re.Pattern[str]  # `anchors`, plurals included: a middling match must name one
    elsewhere: re.Pattern[str]  # laws and frameworks the corpus does not hold
    own: re.Pattern[str]  # the corpus's own instruments

    @classmethod
    def load(cls, corpus_dir: Path) -> Scope:
        path = corpus_dir / SCOPE_FILE
        data = read_data(corpus_dir, SCOPE_FILE, f"The scope file {path} is missing; restore it from git.")
        elsewhere, own, anchors = (_terms(data, key, path) for key in ("elsewhere", "own", "anchors"))
        return cls(phrase_pattern([*anchors, *(f"{a}s" for a in anchors)]),
                   phrase_pattern(elsewhere), phrase_pattern(own))

    def about_elsewhere(self, text: str) -> bool:
        """Whether a question is about a law the corpus does not hold (`elsewhere`) without
        naming any of the corpus's own instruments (`own`)."""
        folded = fold(text)
        return bool(self.elsewhere.search(folded)) and not self.own.search(folded)


def _terms(data: Table, key: str, path: Path) -> list[str]:
    try:
        terms = [str(t) for t in data[key] if str(t).strip()]
    except KeyError as exc:
        raise CorpusError(f"The scope file {path} has no {exc} list; fix the file.") from exc
    if not terms:
        raise CorpusError(f"The scope file {path} has an empty '{key}' list; fix the file.")
    return terms
