"""Issue 16: the query adapter, several vectors per clause, and personas split off questions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.adapter import QueryAdapter, adapter_path
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import BadInput
from assistant.search.query import Vocabulary
from assistant.search.retrieval import AskVectors, Retriever
from assistant.store.protocol import MemoryStore
from eval.training.generate import Generator, load_rules, subjects

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_a_zero_correction_is_the_identity_and_vectors_stay_unit() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    identity = QueryAdapter(np.zeros((8, 2)), rng.normal(size=(8, 2)))
    assert np.allclose(identity.apply(vectors), vectors, atol=1e-6)
    mapped = QueryAdapter(rng.normal(size=(8, 2)), rng.normal(size=(8, 2))).apply(vectors)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)


def test_an_adapter_is_saved_small_and_loaded_for_its_model_only(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    adapter = QueryAdapter(rng.normal(size=(8, 2)), rng.normal(size=(8, 2)))
    adapter.save(adapter_path(tmp_path, "model-a"))
    loaded = QueryAdapter.load(tmp_path, "model-a")
    assert loaded is not None and np.allclose(loaded.left, adapter.left, atol=1e-2)
    assert QueryAdapter.load(tmp_path, "model-b") is None


def test_the_committed_adapter_fits_minilm_and_the_fake_gets_none() -> None:
    assert QueryAdapter.load(CORPUS, "all-MiniLM-L6-v2") is not None
    assert adapter_path(CORPUS, "all-MiniLM-L6-v2").stat().st_size < 200_000
    assert QueryAdapter.load(CORPUS, HashingEmbedder.name) is None


def test_the_adapter_can_be_turned_off_by_a_setting() -> None:
    assert Settings.from_env({}).query_adapter is True
    assert Settings.from_env({"ASSISTANT_QUERY_ADAPTER": "off"}).query_adapter is False
    with pytest.raises(BadInput, match="on or off"):
        Settings.from_env({"ASSISTANT_QUERY_ADAPTER": "maybe"})


def test_search_applies_the_adapter_and_its_dense_share(fake_assistant: Assistant) -> None:
    query = fake_assistant.analyzer.analyse("hotline for teens")
    plain = fake_assistant.retriever()
    assert plain.adapter is None and plain.dense_share == plain.calibration.dense_weight
    rng = np.random.default_rng(2)
    adapter = QueryAdapter(rng.normal(size=(384, 4)), rng.normal(size=(384, 4)))
    adapted = Retriever(fake_assistant.snapshot, fake_assistant.store, fake_assistant.embedder,
                        fake_assistant.analyzer, adapter=adapter)
    assert adapted.dense_share == adapted.calibration.adapted_dense_weight
    assert np.allclose(adapted.query_vector(query), adapter.apply(plain.query_vector(query)), atol=1e-6)


def test_a_clause_scores_by_its_best_vector(fake_assistant: Assistant) -> None:
    """A question vector given to one clause lifts it for a question that matches it."""
    embedder, question = HashingEmbedder(), "zebra quilting festival"
    target = fake_assistant.snapshot.clauses[5].id
    asks = AskVectors(embedder.embed([question, question]), (target, "no.such.clause"))  # unknown: dropped
    retriever = Retriever(fake_assistant.snapshot, fake_assistant.store, embedder, fake_assistant.analyzer,
                          mode="dense", asks=asks)
    assert retriever.search(question, k=1)[0].clause.id == target


@pytest.mark.parametrize(("text", "subject"), [
    ("I run a VPN company, what should we do about grooming?", "what should we do about grooming?"),
    ("online safety regulator here - must platforms take content down faster?",
     "must platforms take content down faster?"),
    ("As a small charity, do we have to publish research?", "do we have to publish research?"),
    ("what does the call to action say about grooming, sextortion and AI?",
     "what does the call to action say about grooming, sextortion and AI?"),
    ("I'm with a ministry, and", "I'm with a ministry, and"),
])
def test_a_persona_is_split_off_the_question(text: str, subject: str) -> None:
    persona = Vocabulary.load(CORPUS).persona
    assert persona.split(text)[1] == subject


def test_the_persona_still_gives_the_sector(fake_assistant: Assistant) -> None:
    query = fake_assistant.analyzer.analyse("I run a VPN company, what should we do about grooming?")
    assert query.sector == "private_sector" and query.subject == "what should we do about grooming?"


def test_training_questions_are_reproducible_and_in_every_style() -> None:
    assistant = Assistant(Settings(corpus_dir=CORPUS, embedder="hashing"), embedder=HashingEmbedder(),
                          store=MemoryStore())
    clauses = assistant.corpus.clauses
    first = Generator(load_rules(CORPUS), seed=3).pairs(clauses)
    assert first == Generator(load_rules(CORPUS), seed=3).pairs(clauses)
    assert len(first) >= 3000
    assert {p.style for p in first} == {"terse", "rambling", "persona", "informal", "framework",
                                        "paraphrase", "facts", "multi"}
    assert all(subjects(c) for c in clauses)


def test_a_pledge_gets_questions_about_it_as_a_whole() -> None:
    """Heading-level pairs: a pledge with lettered parts is the answer to a question on its
    heading or on two of its parts together; an overarching commitment (no parts) gets none."""
    clauses = Assistant(Settings(corpus_dir=CORPUS, embedder="hashing"), embedder=HashingEmbedder(),
                        store=MemoryStore()).corpus.clauses
    rules = load_rules(CORPUS)
    pairs = Generator(rules, seed=3).pairs(clauses)
    whole = rules["styles"]["whole"]  # type: ignore[index]
    by_clause = [p for p in pairs if p.clause_id == "cta.government.2" and p.style == "multi"]
    assert len(by_clause) == whole["per_clause"]
    parts = [s for c in clauses if c.id.startswith("cta.government.2.") for s in subjects(c)]
    assert any(sum(s in p.question for s in parts) >= 2 for p in by_clause)
    multi = rules["styles"]["multi"]  # type: ignore[index]
    assert len([p for p in pairs if p.clause_id == "cta.overarching.1" and p.style == "multi"]) \
        == multi["per_clause"]
