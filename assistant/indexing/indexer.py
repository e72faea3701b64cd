"""Building the index: embed what changed (by content hash), write aside, then swap.

The only place clause texts are embedded: jobs read the build's vectors (``store.vectors``).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.corpus.loader import Corpus
from assistant.domain.clauses import Clause
from assistant.embed.protocol import Embedder
from assistant.store.protocol import SEARCH, Extra, VectorStore

BATCH = 32
TEXT = "text"  # the clause's own words: the citation checker compares a draft's sentences with them
KINDS: dict[str, Callable[[Clause], str]] = {TEXT: lambda clause: clause.text}  # besides SEARCH


@dataclass(frozen=True)
class IndexReport:
    total: int
    embedded: int
    reused: int
    location: str
    note: str = ""

    def summary(self) -> str:
        text = (f"Indexed {self.total} clauses into {self.location} "
                f"({self.embedded} embedded, {self.reused} unchanged).")
        return f"{text} {self.note}" if self.note else text

    def with_note(self, note: str) -> IndexReport:
        return replace(self, note=note) if note else self


def build_index(
    corpus: Corpus,
    embedder: Embedder,
    store: VectorStore,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> IndexReport:
    """Write a new build of the index; a failure leaves the previous build in use.

    Every kind of vector (the search text, and each of ``KINDS``) is embedded here and only
    here, text by text: a text whose hash the active build already holds is reused."""
    clauses = list(corpus.clauses)
    previous: dict[str, dict[str, list[float]]] = {SEARCH: {}, **{kind: {} for kind in KINDS}}
    if not rebuild:
        try:
            if store.snapshot().info.get("model") == embedder.name:
                previous = {kind: store.vectors_by_hash(kind) for kind in previous}
        except Exception:  # no index yet, or an unreadable one: embed everything
            pass
    texts = {SEARCH: [c.search_text() for c in clauses],
             **{kind: [text_of(c) for c in clauses] for kind, text_of in KINDS.items()}}
    hashes = {kind: [text_hash(t) for t in kind_texts] for kind, kind_texts in texts.items()}
    todo = {kind: {h: t for h, t in zip(hashes[kind], texts[kind]) if h not in previous[kind]}
            for kind in texts}
    total, done = sum(map(len, todo.values())), [0]

    def counted(count: int) -> None:
        done[0] += count
        if progress:
            progress(done[0], total)

    matrices = {kind: _vectors(embedder, todo[kind], previous[kind], hashes[kind], counted)
                for kind in texts}
    info = {"model": embedder.name, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "count": str(len(clauses))}
    extra = {kind: Extra(matrices[kind], tuple(hashes[kind])) for kind in KINDS}
    store.write(clauses, matrices[SEARCH], info, extra)
    embedded = sum(h in todo[SEARCH] for h in hashes[SEARCH])
    return IndexReport(len(clauses), embedded, len(clauses) - embedded, store.describe())


def text_hash(text: str) -> str:
    """The key a vector is kept by: the same as ``Clause.content_hash()`` for the search text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _vectors(embedder: Embedder, todo: dict[str, str], previous: dict[str, list[float]],
             hashes: list[str], counted: Callable[[int], None]) -> np.ndarray:
    """One kind's matrix (a row per clause): the texts of ``todo`` embedded (distinct texts
    once, in batches of like length, so that little padding is computed), the rest reused."""
    fresh: dict[str, np.ndarray] = {}
    ordered = sorted(todo, key=lambda h: len(todo[h]))
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        fresh.update(zip(batch, embedder.embed([todo[h] for h in batch])))
        counted(len(batch))
    dim = len(next(iter(fresh.values()))) if fresh else len(next(iter(previous.values()), []))
    matrix = np.zeros((len(hashes), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        matrix[i] = fresh[h] if h in fresh else np.asarray(previous[h], dtype=np.float32)
    return matrix


def tqdm_progress(description: str = "Embedding") -> Callable[[int, int], None]:
    """A progress bar on standard error, shown only for long work on a terminal."""
    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if total < 2 * BATCH or not sys.stderr.isatty():
            return
        from tqdm import tqdm

        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, desc=description, unit="clause", file=sys.stderr)
        bar.update(done - bar.n)  # type: ignore[attr-defined]
        if done >= total:
            bar.close()  # type: ignore[attr-defined]

    return update
