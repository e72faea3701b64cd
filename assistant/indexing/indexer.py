"""Building the index: embed what changed (by content hash), write aside, then swap."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.corpus.loader import Corpus
from assistant.embed.protocol import Embedder
from assistant.errors import IndexCorrupt
from assistant.store.protocol import Snapshot, VectorStore

BATCH = 32


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
    """Write a new build of the index; a failure leaves the previous build in use."""
    clauses = list(corpus.clauses)
    previous: dict[str, list[float]] = {}
    if not rebuild:
        try:
            if store.snapshot().info.get("model") == embedder.name:
                previous = store.vectors_by_hash()
        except Exception:  # no index yet, or an unreadable one: embed everything
            previous = {}
    hashes = [c.content_hash() for c in clauses]
    todo = [i for i, h in enumerate(hashes) if h not in previous]
    dim = len(next(iter(previous.values()))) if previous else 0
    fresh: dict[int, np.ndarray] = {}
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        vectors = embedder.embed([clauses[i].search_text() for i in batch])
        fresh.update(zip(batch, vectors))
        dim = vectors.shape[1]
        if progress:
            progress(min(start + BATCH, len(todo)), len(todo))
    matrix = np.zeros((len(clauses), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        matrix[i] = fresh[i] if i in fresh else np.asarray(previous[h], dtype=np.float32)
    info = {"model": embedder.name, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "count": str(len(clauses))}
    store.write(clauses, matrix, info)
    return IndexReport(len(clauses), len(todo), len(clauses) - len(todo), store.describe())


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
