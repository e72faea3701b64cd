from __future__ import annotations

import pytest

from assistant.domain.references import find_references, referenced_ids

CONTRACT_FORMS = {
    "Government 3(b)": "cta.government.3.b",
    "Gov. 3b": "cta.government.3.b",
    "government pledge 3.b": "cta.government.3.b",
    "G3(b)": "cta.government.3.b",
    "Private Sector 2a": "cta.private_sector.2.a",
    "PS 2.c": "cta.private_sector.2.c",
    "private-sector pledge 5(b)": "cta.private_sector.5.b",
    "Civil society 1(a)": "cta.civil_society.1.a",
    "CS 2a": "cta.civil_society.2.a",
    "Overarching commitment 3": "cta.overarching.3",
    "Call to Action, paragraph 4": "cta.preamble.4",
    "MNR capability 12": "mnr.12",
    "MNR 12": "mnr.12",
    "INSPIRE strategy 4": "inspire.4",
    "INSPIRE cross-cutting 2": "inspire.cc.2",
    "[Gov 3b]": "cta.government.3.b",
    "Call to Action, Government commitment 3.b": "cta.government.3.b",
    "cta.private_sector.1.f": "cta.private_sector.1.f",
}


@pytest.mark.parametrize(("written", "clause_id"), CONTRACT_FORMS.items())
def test_contract_forms_resolve(written: str, clause_id: str) -> None:
    assert referenced_ids(written) == [clause_id]


def test_ranges_and_lists_expand() -> None:
    assert referenced_ids("Government 3(a)-(c)") == [
        "cta.government.3.a", "cta.government.3.b", "cta.government.3.c"]
    assert referenced_ids("PS 1(b), 1(c)") == ["cta.private_sector.1.b", "cta.private_sector.1.c"]
    assert referenced_ids("pledges 2a and 2b of the private sector") == [
        "cta.private_sector.2.a", "cta.private_sector.2.b"]


def test_prose_numbers_are_not_references() -> None:
    assert referenced_ids("The G7 and G20 met in 2023; over 300 million children") == []


def test_bare_pledge_numbers_are_weak() -> None:
    [ref] = find_references("Government 3 and a new law")
    assert ref.clause_id == "cta.government.3" and not ref.strong


def test_nonexistent_clauses_still_resolve_to_an_id() -> None:
    assert referenced_ids("Gov 9z") == ["cta.government.9.z"]


def test_bare_overarching_number_is_a_reference() -> None:
    from assistant.domain.references import find_references

    refs = find_references("Members report on progress (Overarching 4).")
    assert [(r.clause_id, r.strong) for r in refs] == [("cta.overarching.4", True)]
