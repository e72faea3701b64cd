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
from assistant.domain.clauses import PROFILE_KINDS, Clause
from assistant.embed.protocol import Embedder
from assistant.errors import IndexCorrupt
from assistant.store.protocol import SEARCH, Extra, Snapshot, VectorStore

BATCH = 32
TEXT = "text"  # the clause's own words: the citation checker compares a draft's sentences with them
PROFILE = "profile"  # what `applicable` compares a profile with: a pledge part under its heading


def _profile_text(clause: Clause) -> str:
    # Only pledge parts are matched against profiles; any other clause keeps its own words,
    # the same text as its TEXT vector, so it costs no second embedding.
    return f"{clause.context}. {clause.text}" if clause.kind in PROFILE_KINDS else clause.text


KINDS: dict[str, Callable[[Clause], str]] = {TEXT: lambda clause: clause.text,
                                             PROFILE: _profile_text}  # besides SEARCH


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
    # One pool for every kind: a text is embedded once, whichever kinds it serves.
    known = {h: v for kind_vectors in previous.values() for h, v in kind_vectors.items()}
    todo = {h: t for kind in texts for h, t in zip(hashes[kind], texts[kind]) if h not in known}

    def counted(count: int) -> None:
        if progress:
            progress(count, len(todo))

    pool = _embed_all(embedder, todo, known, counted)
    dim = len(next(iter(pool.values()))) if pool else 0
    matrices = {kind: np.asarray([pool[h] for h in hashes[kind]], dtype=np.float32).reshape(-1, dim)
                for kind in texts}
    info = {"model": embedder.name, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "count": str(len(clauses))}
    extra = {kind: Extra(matrices[kind], tuple(hashes[kind])) for kind in KINDS}
    store.write(clauses, matrices[SEARCH], info, extra)
    embedded = sum(h in todo for h in hashes[SEARCH])
    return IndexReport(len(clauses), embedded, len(clauses) - embedded, store.describe())


def text_hash(text: str) -> str:
    """The key a vector is kept by: the same as ``Clause.content_hash()`` for the search text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _embed_all(embedder: Embedder, todo: dict[str, str], known: dict[str, list[float]],
               counted: Callable[[int], None]) -> dict[str, np.ndarray]:
    """Every vector by text hash: the texts of ``todo`` embedded (in batches of like length,
    so that little padding is computed), the ``known`` ones reused."""
    pool = {h: np.asarray(v, dtype=np.float32) for h, v in known.items()}
    ordered = sorted(todo, key=lambda h: len(todo[h]))
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        pool.update(zip(batch, embedder.embed([todo[h] for h in batch])))
        counted(start + len(batch))
    return pool


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


def open_snapshot(store: VectorStore, embedder: Embedder) -> Snapshot:
    """The store's active build, refused when another embedder made it (its vectors would not
    compare with the queries')."""
    snapshot = store.snapshot()
    model = snapshot.info.get("model")
    if model and model != embedder.name:
        raise IndexCorrupt(
            f"The index was built with the embedder '{model}', not '{embedder.name}'; "
            "rebuild it with `assistant index --rebuild`."
        )
    return snapshot
