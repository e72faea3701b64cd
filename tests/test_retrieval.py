from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder, PhraseVectors, Vectors
from assistant.integrations.langchain_retriever import ClauseRetriever
from assistant.search.query import Query
from assistant.store.protocol import MemoryStore
from eval.registry import get


def top(assistant: Assistant, query: str, k: int = 5, sector: str | None = None) -> list[str]:
    return [h.clause.id for h in assistant.search(query, k, sector)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("what does the Call to Action expect of payment providers?", "cta.private_sector.2.c"),
        ("deepfake nudes of kids - should that be a crime?", "cta.government.3.b"),
        ("how should mums and dads be taught about online safety", "cta.government.2.b"),
        ("what do NGOs pledge on research", "cta.civil_society.2.a"),
        ("as a company, how fast must we take down material when asked", "cta.private_sector.5.b"),
        ("goverments legislaton on sextorsion", "cta.government.3.b"),
        ("what does Gov 3b say?", "cta.government.3.b"),
        ("MNR 12", "mnr.12"),
    ],
)
def test_users_phrasing_finds_the_clause(real_assistant: Assistant, query: str, expected: str) -> None:
    assert expected in top(real_assistant, query, k=3)


def test_sector_filter_is_strict(real_assistant: Assistant) -> None:
    ids = top(real_assistant, "sextortion", k=5, sector="private_sector")
    assert ids and all(i.startswith("cta.private_sector.") for i in ids)


def test_sector_cue_lifts_that_sector(real_assistant: Assistant) -> None:
    assert top(real_assistant, "as a bank what should we do about sextortion", k=1) == [
        "cta.private_sector.2.c"]


def test_scores_are_between_0_and_1_and_sorted(real_assistant: Assistant) -> None:
    hits = real_assistant.search("child helpline", k=10)
    scores = [h.score for h in hits]
    assert all(0 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)


def test_evaluation_set_quality_holds(real_assistant: Assistant) -> None:
    """A regression guard on the own set (the full table: python -m eval.quality.retrieval)."""
    cases = get("own").cases("retrieval")
    assert len(cases) >= 60
    found = sum(bool(set(c["gold"]) & set(top(real_assistant, c["question"]))) for c in cases)
    assert found / len(cases) >= 0.95


def test_langchain_retriever_returns_documents_with_ids(real_assistant: Assistant) -> None:
    retriever = ClauseRetriever(retriever=real_assistant.retriever(), k=2)
    docs = retriever.invoke("hotline to report abuse material")
    assert len(docs) == 2
    assert docs[0].metadata["id"] == docs[0].id
    assert "label" in docs[0].metadata and docs[0].page_content


class CountingEmbedder(HashingEmbedder):
    """The hashing fake, recording every batch it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.batches.append(list(texts))
        return super().embed(texts)


@pytest.fixture
def counted(settings: Settings) -> tuple[Assistant, CountingEmbedder]:
    embedder = CountingEmbedder()
    assistant = Assistant(settings, embedder=embedder, store=MemoryStore())
    assistant.index()
    embedder.batches.clear()
    return assistant, embedder


def test_search_embeds_only_the_question_once_expansions_are_known(
        counted: tuple[Assistant, CountingEmbedder]) -> None:
    assistant, embedder = counted
    first = assistant.analyzer.analyse("hotlnie for teens")
    assert first.corrections == ("hotline",) and first.expansions[0] == "hotline"
    assert len(first.expansions) > 1  # "teens" and "hotline" have synonyms
    assistant.search("hotlnie for teens")
    assert embedder.batches == [["hotlnie for teens", *first.expansions]]
    assistant.search("teens: a hotlnie?")
    assert embedder.batches[1] == ["teens: a hotlnie?"]


def test_query_vector_is_the_question_moved_toward_its_expansions(
        counted: tuple[Assistant, CountingEmbedder]) -> None:
    assistant, embedder = counted
    query = assistant.analyzer.analyse("deepfake nudes of kids")
    vectors = embedder.embed([query.text, *query.expansions])
    expected = vectors[0] + vectors[1:].mean(axis=0)
    got = assistant.retriever().query_vector(query)
    assert np.allclose(got, expected / np.linalg.norm(expected), atol=1e-6)
    plain = Query("hotline", "hotline", None, ())
    assert np.allclose(assistant.retriever().query_vector(plain), embedder.embed(["hotline"])[0])


def test_coverage_reads_the_question_with_its_expansion_words(
        counted: tuple[Assistant, CountingEmbedder], settings: Settings) -> None:
    assistant, embedder = counted
    query = assistant.analyzer.analyse("deepfake nudes of kids")
    value = assistant.retriever().coverage(query)
    assert embedder.batches[-1] == [query.dense_text]
    matrix = assistant.retriever()._matrix
    assert matrix is not None
    assert value == pytest.approx(float((matrix @ embedder.embed([query.dense_text])[0]).max()))
    through_store = Assistant(settings, embedder=embedder, store=assistant.store, in_memory=0)
    assert through_store.retriever()._matrix is None
    assert through_store.retriever().coverage(query) == pytest.approx(value, abs=1e-6)


def test_phrase_vectors_are_kept_up_to_their_limit() -> None:
    embedder = CountingEmbedder()
    phrases = PhraseVectors(embedder, size=2)
    question, rows = phrases.embed("q", ["a b", "c d", "e f"])
    assert rows.shape == (3, embedder.dim) and question.shape == (embedder.dim,)
    assert list(phrases._kept) == ["c d", "e f"]
    _, none = phrases.embed("q", [])
    assert none.shape == (0, embedder.dim)
    phrases.embed("q", ["e f"])
    assert embedder.batches[-1] == ["q"]


def test_phrase_vectors_survive_many_threads_evicting_each_other() -> None:
    embedder = HashingEmbedder()
    phrases = PhraseVectors(embedder, size=3)
    words = [f"word{i}" for i in range(12)]

    def one(i: int) -> bool:
        chosen = [words[(i + j) % 12] for j in range(4)]
        _, rows = phrases.embed("question", chosen)
        return bool(np.allclose(rows, embedder.embed(chosen)))

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(one, range(300)))
    assert len(phrases._kept) <= 3


def test_coverage_within_a_sector_reads_only_its_clauses_and_the_frameworks(
        counted: tuple[Assistant, CountingEmbedder]) -> None:
    assistant, embedder = counted
    retriever = assistant.retriever()
    query = assistant.analyzer.analyse("payment providers and sextortion")
    vector = embedder.embed([query.dense_text])[0]
    rows = [i for i, c in enumerate(retriever.clauses) if c.sector in ("government", None)]
    assert retriever._matrix is not None
    expected = float((retriever._matrix[rows] @ vector).max())
    assert retriever.coverage(query, "government") == pytest.approx(expected)
    assert retriever.coverage(query, "government") <= retriever.coverage(query)


def test_bm25_scores_a_long_document_by_its_best_passage_too() -> None:
    from assistant.search.bm25 import BM25

    filler = [f"filler{i}" for i in range(60)]
    short = ["colombia", "other"]
    long = ["conference", "colombia", *filler]
    passages = [[], [["conference", "colombia"], filler]]
    whole, by_passage = BM25([short, long]), BM25([short, long], passages=passages)
    assert by_passage.scores(["conference", "colombia"])[1] > whole.scores(["conference", "colombia"])[1]
    assert by_passage.idf == whole.idf  # passages do not count as documents
    assert by_passage.scores(["colombia"])[0] == pytest.approx(whole.scores(["colombia"])[0])
    assert by_passage.top(["filler3"], 5) == [(1, by_passage.scores(["filler3"])[1])]
