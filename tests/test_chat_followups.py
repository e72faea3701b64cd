"""Follow-ups that name the next clause after one was shown, and organisations named in passing."""

from __future__ import annotations

from assistant.chat.requests import sibling
from assistant.domain.references import find_references

KNOWN = {"cta.overarching.2", "cta.overarching.5", "cta.government.3.a", "cta.government.3.b",
         "cta.government.4.b", "cta.government.7", "mnr.14", "mnr.15"}


def test_a_bare_number_after_a_shown_clause_names_the_same_series_clause() -> None:
    assert sibling("5?", "show me overarching 2", KNOWN) == "cta.overarching.5"
    assert sibling("15", "what does MNR 14 say?", KNOWN) == "mnr.15"
    assert sibling("b?", "show me Gov 3(a)", KNOWN) == "cta.government.3.b"
    assert sibling("what about 4(b)", "show me Gov 3(a)", KNOWN) == "cta.government.4.b"
    assert sibling("7", "cta.government.3.a", KNOWN) == "cta.government.7"


def test_anything_else_is_no_sibling() -> None:
    assert sibling("5 years?", "show me overarching 2", KNOWN) is None
    assert sibling("9", "show me overarching 2", KNOWN) is None  # no such clause
    assert sibling("5", "what about encryption?", KNOWN) is None  # nothing was shown


def test_overarching_needs_no_word_commitment() -> None:
    assert [r.clause_id for r in find_references("overarching 3 and 4")] == \
        ["cta.overarching.3", "cta.overarching.4"]
    assert find_references("the overarching 2030 goals") == []
