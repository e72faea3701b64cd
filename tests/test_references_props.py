"""The reference parser: the newer written forms, and properties checked with hypothesis."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.corpus.loader import load_corpus
from assistant.domain.clauses import ID_PATTERN, SECTOR_NAMES
from assistant.domain.references import find_references, referenced_ids

from .conftest import CORPUS

CORPUS_CLAUSES = load_corpus(CORPUS).clauses
# Clauses cited by number; framework overviews ("Lanzarote Convention") are named, not cited.
NUMBERED = [c for c in CORPUS_CLAUSES if c.id.startswith(("cta.", "mnr.", "inspire."))]

MORE_FORMS = {
    "¹ Gov 3b": ["cta.government.3.b"],
    "¹Gov 3b": ["cta.government.3.b"],
    "[1] Call to Action, PS 2c": ["cta.private_sector.2.c"],
    "Government pledge 3, point b": ["cta.government.3.b"],
    "sub-clause (b) of Government pledge 3": ["cta.government.3.b"],
    "points (a) and (c) of PS pledge 1": ["cta.private_sector.1.a", "cta.private_sector.1.c"],
    "sub-clauses a-c of Gov 3": ["cta.government.3.a", "cta.government.3.b", "cta.government.3.c"],
    "the government's pledge 3(b)": ["cta.government.3.b"],
    "the government’s pledge 3(b)": ["cta.government.3.b"],
    "GOVERNMENT 3(B)": ["cta.government.3.b"],
    "gov.3b": ["cta.government.3.b"],
    "Gov-3-b": ["cta.government.3.b"],
    "commitment 3.b of the government": ["cta.government.3.b"],
    "overarching commitments 3 and 4": ["cta.overarching.3", "cta.overarching.4"],
    "MNR 4-6": ["mnr.4", "mnr.5", "mnr.6"],
    "capability 12 of the MNR": ["mnr.12"],
    "Model National Response capability 13": ["mnr.13"],
    "CTA para 4": ["cta.preamble.4"],
    "PS 2(h)": ["cta.private_sector.2.h"],
    "MNR 25": ["mnr.25"],
}


@pytest.mark.parametrize(("written", "ids"), MORE_FORMS.items())
def test_more_written_forms_resolve(written: str, ids: list[str]) -> None:
    assert referenced_ids(written) == ids


def test_the_closing_bracket_is_not_part_of_the_reference() -> None:
    [ref] = find_references("criminalise sextortion (Gov 3b).")
    assert (ref.text, ref.clause_id) == ("Gov 3b", "cta.government.3.b")


def test_numbers_that_are_not_references() -> None:
    assert referenced_ids("MNR 12 and 2023 data; paragraph 4, 5 million children") == [
        "mnr.12", "cta.preamble.4"]


@pytest.mark.parametrize("clause", NUMBERED, ids=lambda c: c.id)
def test_every_clause_label_round_trips(clause: object) -> None:
    assert referenced_ids(clause.label) == [clause.id]  # type: ignore[attr-defined]


REF_ALPHABET = "GovPSCMNRINSPIREpledgeovrachingmt ()[].,;-–&¹²0123456789abcdefghz'’\n"


@settings(max_examples=300, deadline=500, database=None)
@given(st.text(max_size=200) | st.text(alphabet=REF_ALPHABET, max_size=200))
def test_parser_never_fails_on_any_text(text: str) -> None:
    for ref in find_references(text):
        assert ref.text == text[ref.start:ref.end]
        assert ref.text.strip() == ref.text and ref.text
        assert ID_PATTERN.match(ref.clause_id), ref.clause_id


def test_parser_is_fast_on_long_reference_like_text() -> None:
    rng = random.Random(5)
    pieces = ["Gov ", "3", "b", "(", ")", ", ", " and ", "PS", ".", "-", "MNR ", "12", " of the ", "pledge "]
    text = "".join(rng.choice(pieces) for _ in range(8000))
    started = time.perf_counter()
    find_references(text)
    assert time.perf_counter() - started < 2.0  # no pattern backtracks badly


_SECTOR_WORDS = {
    "government": ["Government", "Gov", "Gov.", "Govt", "G", "government pledge",
                   "Government commitment"],
    "private_sector": ["Private sector", "Private-sector pledge", "PS", "P.S."],
    "civil_society": ["Civil society", "CS", "civil-society pledge"],
}


@st.composite
def written_subclause(draw: st.DrawFn) -> tuple[str, str]:
    sector = draw(st.sampled_from(sorted(SECTOR_NAMES)))
    word = draw(st.sampled_from(_SECTOR_WORDS[sector]))
    number = draw(st.integers(1, 9))
    letter = draw(st.sampled_from("abcdefg"))
    form = draw(st.sampled_from(["{n}({l})", "{n}{l}", "{n}.{l}", "{n} ({l})", "{n}, point {l}"]))
    space = "" if word == "G" else " "
    written = f"{word}{space}{form.format(n=number, l=letter)}"
    written = draw(st.sampled_from([written, written.upper(), written.lower()]))
    around = draw(st.sampled_from(["{}", "({})", "[{}]", "see {}.", "¹ {}", "[1] Call to Action, {}"]))
    return around.format(written), f"cta.{sector}.{number}.{letter}"


@settings(max_examples=200, deadline=500, database=None)
@given(written_subclause())
def test_sub_clause_references_resolve_in_any_case_and_punctuation(case: tuple[str, str]) -> None:
    written, clause_id = case
    assert referenced_ids(written) == [clause_id]
