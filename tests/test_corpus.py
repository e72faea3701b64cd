from __future__ import annotations

import re
from collections import Counter

from assistant.corpus.loader import load_corpus
from assistant.domain.clauses import CTA_SOURCE, label_for_id

from .conftest import CORPUS

SOURCE = (CORPUS / "source" / "weprotect-2024-call-to-action.txt").read_text(encoding="utf-8")


def test_sub_clause_counts_are_pinned() -> None:
    corpus = load_corpus(CORPUS)
    counts = Counter(c.sector for c in corpus.clauses if c.kind == "subclause")
    assert counts == {"government": 22, "private_sector": 16, "civil_society": 3}


def test_structure_of_the_call_to_action() -> None:
    kinds = Counter(c.kind for c in load_corpus(CORPUS).clauses)
    assert kinds["preamble"] == 4
    assert kinds["overarching"] == 5
    assert kinds["pledge"] == 7 + 5 + 2
    assert kinds["closing"] == 1


def test_texts_are_verbatim() -> None:
    plain = SOURCE.replace("**", "")
    for clause in load_corpus(CORPUS).clauses:
        if clause.kind in ("subclause", "overarching", "closing", "preamble"):
            assert clause.text in plain, clause.id


def test_contract_ids_and_labels() -> None:
    corpus = load_corpus(CORPUS)
    assert corpus.get("cta.government.3.b").label == "Government 3(b)"  # type: ignore[union-attr]
    assert corpus.get("cta.government.3").label == "Government pledge 3"  # type: ignore[union-attr]
    assert corpus.get("cta.private_sector.2.c").label == "Private sector 2(c)"  # type: ignore[union-attr]
    assert corpus.get("cta.overarching.3").label == "Overarching commitment 3"  # type: ignore[union-attr]
    assert corpus.get("cta.preamble.4").label == "Preamble 4"  # type: ignore[union-attr]
    assert corpus.get("cta.closing").label == "Closing statement"  # type: ignore[union-attr]
    assert corpus.get("mnr.12").label == "MNR capability 12 (CSEA Hotline)"  # type: ignore[union-attr]
    assert corpus.get("inspire.4").label == "INSPIRE strategy 4 (Parent and caregiver support)"  # type: ignore[union-attr]
    assert corpus.get("inspire.cc.1").label == "INSPIRE cross-cutting 1"  # type: ignore[union-attr]
    assert corpus.get("lanzarote").label == "Lanzarote Convention"  # type: ignore[union-attr]
    for clause in corpus.clauses:
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_\-]+)*", clause.id)
        expected = label_for_id(clause.id)
        if expected:
            assert clause.label == expected


def test_sub_clauses_carry_heading_sector_and_source() -> None:
    clause = load_corpus(CORPUS).get("cta.government.3.b")
    assert clause is not None
    assert clause.text == (
        "Criminalise emerging threats such as AI-generated abuse and financially motivated sextortion."
    )
    assert clause.sector == "government"
    assert "Implement future-proof and technology-neutral legislation" in clause.context
    assert clause.source == CTA_SOURCE
    assert "Abu Dhabi" in clause.source and "4-5 December 2024" in clause.source
    assert clause.parent == "cta.government.3"


def test_identical_private_sector_clauses_keep_their_own_ids() -> None:
    corpus = load_corpus(CORPUS)
    a, f = corpus.get("cta.private_sector.1.a"), corpus.get("cta.private_sector.1.f")
    assert a is not None and f is not None and a.text == f.text


def test_frameworks_are_complete_with_source_and_year() -> None:
    corpus = load_corpus(CORPUS)
    ids = {c.id for c in corpus.clauses}
    assert {f"mnr.{n}" for n in range(1, 22)} <= ids
    assert {f"inspire.{n}" for n in range(1, 8)} | {"inspire.cc.1", "inspire.cc.2"} <= ids
    assert {"gsr", "lanzarote", "crc", "opsc", "gc25"} <= ids
    for clause in corpus.clauses:
        if clause.is_framework:
            assert clause.source and clause.text
            if clause.id != "gsr":  # the GSR's year is not verified
                assert clause.date.isdigit(), clause.id
