"""Clause texts are embedded once, at index time, one vector per kind; jobs read them back.

The search vector (``Clause.search_text()``) and the ``text`` kind (the clause's own words,
which the checker compares drafts with) are both written with the build; applicability reads
the search vectors, the checker the ``text`` ones, and neither embeds a clause at query time.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.core import Assistant
from assistant.corpus.loader import Corpus, load_corpus
from assistant.embed.protocol import HashingEmbedder, Vectors
from assistant.errors import IndexCorrupt, IndexMissing
from assistant.indexing.indexer import KINDS, PROFILE, TEXT, build_index
from assistant.store.chroma_local import ChromaLocalStore
from assistant.store.protocol import MemoryStore, VectorStore

from .conftest import CORPUS


class RecordingEmbedder(HashingEmbedder):
    """The shipped fake, keeping every text it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        return super().embed(texts)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


def _check_vectors(store: VectorStore, corpus: Corpus) -> None:
    fake = HashingEmbedder()
    clauses = list(corpus.clauses)[::-7]  # any order, any subset: rows follow the ids asked for
    ids = [c.id for c in clauses]
    assert np.allclose(store.vectors(ids), fake.embed([c.search_text() for c in clauses]), atol=1e-6)
    assert np.allclose(store.vectors(ids, TEXT), fake.embed([c.text for c in clauses]), atol=1e-6)
    assert store.vectors([], TEXT).shape[0] == 0
    with pytest.raises(IndexMissing, match=r"no vectors for 1 clauses of the corpus \(doc\.nowhere\.x, …\); "
                                           r"update it with `assistant index`"):
        store.vectors([ids[0], "doc.nowhere.x"], TEXT)
    with pytest.raises(IndexMissing, match=r"keeps no 'summary' vectors .* `assistant index`"):
        store.vectors(ids, "summary")


def test_the_memory_store_returns_each_kind_by_id(corpus: Corpus) -> None:
    store = MemoryStore()
    with pytest.raises(IndexMissing, match="assistant index"):
        store.vectors(["cta.government.3.b"])
    build_index(corpus, HashingEmbedder(), store)
    _check_vectors(store, corpus)


def test_the_local_chroma_store_returns_each_kind_by_id(corpus: Corpus, tmp_path: Path) -> None:
    store = ChromaLocalStore(tmp_path / "index")
    build_index(corpus, HashingEmbedder(), store)
    _check_vectors(store, corpus)
    _check_vectors(ChromaLocalStore(tmp_path / "index"), corpus)  # as a new process reads it


def test_a_build_without_the_kind_says_how_to_update(corpus: Corpus, tmp_path: Path) -> None:
    store = ChromaLocalStore(tmp_path / "index")
    clauses = list(corpus.clauses)
    vectors = HashingEmbedder().embed([c.search_text() for c in clauses])
    store.write(clauses, vectors, {"model": "hashing-384"})  # as an earlier version wrote a build
    with pytest.raises(IndexMissing, match=r"keeps no 'text' vectors \(it was built by an earlier version\); "
                                           r"update it with `assistant index`"):
        store.vectors([clauses[0].id], TEXT)
    report = build_index(corpus, RecordingEmbedder(), store)  # the plain update adds the kind
    assert report.embedded == 0
    _check_vectors(store, corpus)


def test_each_kind_is_embedded_again_only_where_its_own_text_changed(corpus: Corpus) -> None:
    store, first = MemoryStore(), RecordingEmbedder()
    build_index(corpus, first, store)
    distinct = {c.search_text() for c in corpus.clauses} | {text_of(c) for text_of in KINDS.values()
                                                             for c in corpus.clauses}
    assert sorted(first.seen) == sorted(distinct)  # every text once, identical texts once
    pledge = next(c for c in corpus.clauses if c.kind == "pledge")  # its text is not in its search text
    changed = dataclasses.replace(pledge, text=pledge.text + " Every year.")
    clauses = tuple(changed if c.id == pledge.id else c for c in corpus.clauses)
    second = RecordingEmbedder()
    report = build_index(dataclasses.replace(corpus, clauses=clauses), second, store)
    assert (report.embedded, second.seen) == (0, [changed.text])
    assert np.allclose(store.vectors([pledge.id], TEXT)[0], HashingEmbedder().embed([changed.text])[0])
    third = RecordingEmbedder()
    assert build_index(corpus, third, store, rebuild=True).embedded == len(corpus.clauses)
    assert sorted(third.seen) == sorted(distinct)


def test_no_clause_text_is_embedded_at_query_time(settings: Settings, tmp_path: Path) -> None:
    documents = tmp_path / "corpus"
    shutil.copytree(CORPUS, documents)
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n## Hotline\n\nWe fund a national hotline for reporting abuse.\n")
    recording = RecordingEmbedder()
    assistant = Assistant(settings.with_(corpus_dir=documents), embedder=recording)
    assistant.index(add=plan)
    corpus = assistant.corpus
    indexed = {text_of(c) for text_of in KINDS.values() for c in corpus.clauses} | {
        c.search_text() for c in corpus.clauses}
    assert indexed <= set(recording.seen)  # the index embedded them, once per kind
    clause_texts = indexed | {f"{c.context}. {c.text}" for c in corpus.clauses}  # as jobs once did
    recording.seen.clear()

    assistant.checker.check("Banks address sextortion risks (PS 2c).")
    checked = list(recording.seen)
    profile = "A mobile money company in Kenya"
    assistant.applicability.assess(profile)
    assert set(recording.seen[len(checked):]) == {profile}
    assistant.search("national hotline")
    assert len(checked) == 1 and not set(recording.seen) & clause_texts


def test_the_jobs_read_the_vectors_of_the_active_build(settings: Settings) -> None:
    assistant = Assistant(settings, embedder=HashingEmbedder())
    assistant.index()
    ids = [c.id for c in assistant.applicability.candidates]
    assert np.array_equal(assistant.applicability.vectors, assistant.store.vectors(ids, PROFILE))
    other = Assistant(settings, embedder=OtherModel())
    with pytest.raises(IndexCorrupt, match=r"built with the embedder 'hashing-384', not 'other-384'; "
                                           r"rebuild it with `assistant index --rebuild`"):
        other.checker.check("Banks address sextortion risks (PS 2c).")


class OtherModel(HashingEmbedder):
    name = "other-384"
