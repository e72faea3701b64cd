from __future__ import annotations

import json

import pytest

from assistant.config import PROJECT_DIR
from assistant.core import Assistant
from assistant.lc import ClauseRetriever


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
    """A regression guard on eval/retrieval.jsonl (the full table: python eval/retrieval.py)."""
    lines = (PROJECT_DIR / "eval" / "retrieval.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    assert len(cases) >= 60
    found = sum(bool(set(c["gold"]) & set(top(real_assistant, c["question"]))) for c in cases)
    assert found / len(cases) >= 0.95


def test_langchain_retriever_returns_documents_with_ids(real_assistant: Assistant) -> None:
    retriever = ClauseRetriever(retriever=real_assistant.retriever(), k=2)
    docs = retriever.invoke("hotline to report abuse material")
    assert len(docs) == 2
    assert docs[0].metadata["id"] == docs[0].id
    assert "label" in docs[0].metadata and docs[0].page_content
