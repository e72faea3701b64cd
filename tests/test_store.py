from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import IndexCorrupt, IndexMissing
from assistant.store.chroma_local import ChromaLocalStore


class ExplodingEmbedder(HashingEmbedder):
    """Fails half-way through a build, as a crash or a full disk would."""

    def embed(self, texts):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")


def test_build_search_and_incremental_rebuild(settings: Settings) -> None:
    assistant = Assistant(settings)
    first = assistant.index()
    assert first.embedded == first.total > 100
    again = Assistant(settings).index()
    assert (again.embedded, again.reused) == (0, first.total)
    rebuilt = Assistant(settings).index(rebuild=True)
    assert rebuilt.embedded == first.total
    hits = Assistant(settings).search("payment platforms banking sextortion", k=3)
    assert hits[0].clause.id == "cta.private_sector.2.c"


def test_only_changed_clauses_are_embedded_again(settings: Settings, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    import shutil

    from .conftest import CORPUS

    shutil.copytree(CORPUS, corpus)
    local = settings.with_(corpus_dir=corpus)
    total = Assistant(local).index().total
    (corpus / "documents").mkdir(exist_ok=True)
    (corpus / "documents" / "plan.md").write_text("# Plan\n\n## Hotline\n\nWe fund a national hotline.\n")
    report = Assistant(local).index()
    assert (report.total, report.embedded) == (total + 1, 1)


def test_failed_build_leaves_previous_index_working(settings: Settings) -> None:
    Assistant(settings).index()
    pointer = (settings.index_dir / "CURRENT").read_text()
    with pytest.raises(RuntimeError):
        Assistant(settings, embedder=ExplodingEmbedder()).index(rebuild=True)
    assert (settings.index_dir / "CURRENT").read_text() == pointer
    assert Assistant(settings).search("hotline", k=1)


def test_missing_index_says_how_to_build(settings: Settings) -> None:
    with pytest.raises(IndexMissing, match=r"assistant index --rebuild"):
        Assistant(settings).search("hotline")


def test_corrupted_index_is_detected(settings: Settings) -> None:
    Assistant(settings).index()
    build = ChromaLocalStore(settings.index_dir).current_build()
    assert build is not None
    (build / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexCorrupt, match=r"assistant index --rebuild"):
        Assistant(settings).search("hotline")
    Assistant(settings).index(rebuild=True)
    assert Assistant(settings).search("hotline", k=1)


def test_old_builds_are_pruned(settings: Settings) -> None:
    for _ in range(4):
        Assistant(settings).index(rebuild=True)
    assert len(list(settings.index_dir.glob("build-*"))) <= 2


def test_memory_store_filters_by_sector() -> None:
    from assistant.domain.clauses import Clause
    from assistant.store.protocol import MemoryStore

    store = MemoryStore()
    clauses = [Clause(id=f"x.{i}", label="x", text="t", source="s",
                      sector="government" if i % 2 else None) for i in range(4)]
    store.write(clauses, np.eye(4, dtype=np.float32), {})
    assert [cid for cid, _ in store.query([0, 1, 0, 0], 5, "government")] == ["x.1", "x.3"]


def test_large_builds_are_read_in_pages(tmp_path: Path) -> None:
    """Beyond SQLite's limit on one query (~32k rows), reads must still work: pages of 5,000."""
    from assistant.domain.clauses import Clause
    from assistant.store.chroma_base import PAGE

    store = ChromaLocalStore(tmp_path / "index")
    n = PAGE * 2 + 7
    clauses = [Clause(id=f"doc.big.s{i}", label=f"S{i}", text=f"section {i}", source="big.md")
               for i in range(n)]
    vectors = np.random.default_rng(1).normal(size=(n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.write(clauses, vectors, {"model": "test"})
    reopened = ChromaLocalStore(tmp_path / "index")
    snapshot = reopened.snapshot()
    assert len(snapshot.clauses) == n and snapshot.clauses[-1].id == f"doc.big.s{n - 1}"
    assert len(reopened.vectors_by_hash()) == n


def test_a_running_assistant_survives_re_indexing(settings: Settings) -> None:
    Assistant(settings).index()
    running = Assistant(settings)
    assert running.search("hotline", k=1)
    for _ in range(3):  # its build is pruned after the second re-index
        Assistant(settings).index(rebuild=True)
    assert running.search("payment platforms banking sextortion", k=1)[0].clause.id == (
        "cta.private_sector.2.c")
