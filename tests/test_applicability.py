from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.applicable.profile import ProfileClassifier, ProfileVocabulary
from assistant.applicable.reasons import sector_reason
from assistant.cli import cli
from assistant.core import Assistant
from assistant.search.query import Vocabulary

from .conftest import CORPUS

OVERARCHING = {f"cta.overarching.{n}" for n in range(1, 6)}


@pytest.fixture(scope="module")
def classifier() -> ProfileClassifier:
    return ProfileClassifier(ProfileVocabulary.load(CORPUS, Vocabulary.load(CORPUS)))


@pytest.fixture
def run(fake_assistant: Assistant):  # type: ignore[no-untyped-def]
    def invoke(*args: str, assistant: Assistant | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), obj=assistant or fake_assistant)
        return result.exit_code, result.stdout, result.stderr

    return invoke


# --- sector classification -----------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "sector"),
    [
        ("Ministry of Education", "government"),
        ("Ministry of Justice, Kenya", "government"),
        ("national police cybercrime unit", "government"),
        ("online safety regulator", "government"),
        ("the central bank's financial intelligence unit", "government"),
        ("A mobile money company in East Africa", "private_sector"),
        ("a video app for teens", "private_sector"),
        ("small fintech doing remittances", "private_sector"),
        ("games studio with chat", "private_sector"),
        ("telecoms operator", "private_sector"),
        ("Kenya's largest telco is launching a foundation", "private_sector"),
        ("our organisation is a bank", "private_sector"),
        ("a survivors' network", "civil_society"),
        ("a survivors\u2019 network", "civil_society"),
        ("faith-based charity", "civil_society"),
        ("university research lab on online harms", "civil_society"),
        ("a foundation funded by a tech company", "civil_society"),
        ("our clients are banks and we are a charity", "civil_society"),
        ("we are a charity with police and banks", "civil_society"),
        ("I work at the Ministry of Education", "government"),
        ("an app run by a small local NGO", "civil_society"),
        ("An organisation that trains teachers on online safety", "civil_society"),
    ],
)
def test_sector_of_a_profile(classifier: ProfileClassifier, profile: str, sector: str) -> None:
    assert classifier.classify(profile).sector == sector


def test_the_organisations_own_type_dominates_a_funder(classifier: ProfileClassifier) -> None:
    guess = classifier.classify("a foundation funded by a tech company")
    assert (guess.sector, guess.ambiguous, guess.phrase) == ("civil_society", False, "foundation")
    assert sector_reason(guess, "civil_society", given=False) == (
        "Treated as civil society because the profile names 'foundation'; 'tech company' reads as "
        "a partner or related body, not the organisation itself.")


def test_an_ambiguous_profile_says_so(classifier: ProfileClassifier) -> None:
    guess = classifier.classify("a government-funded NGO")
    assert (guess.sector, guess.runner_up, guess.ambiguous) == ("civil_society", "government", True)
    assert sector_reason(guess, "civil_society", given=False) == (
        "The profile could be civil society or government; treated as civil society because 'NGO' "
        "names the organisation itself; use --sector to change it.")


def test_a_loosely_named_profile_says_so(classifier: ProfileClassifier) -> None:
    guess = classifier.classify("we run a helpline for teens")
    assert (guess.sector, guess.ambiguous) == ("civil_society", True)
    assert sector_reason(guess, "civil_society", given=False) == (
        "The profile names its kind of organisation only loosely; treated as civil society because "
        "'helpline' usually means that sector; use --sector to change it.")


def test_a_profile_naming_no_organisation_uses_its_activities(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("applicable", "we support survivors of abuse", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["sector"] == "civil_society"
    assert data["sector_reason"] == (
        "The profile does not say what kind of organisation it is; treated as civil society because "
        "its activities are closest to that sector's pledges; use --sector to change it.")


def test_sector_override(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("applicable", "a survivors' network", "--sector", "Government", "--json")
    data = json.loads(out)
    assert (code, data["sector"]) == (0, "government")
    assert data["sector_reason"] == "Treated as government because that sector was chosen."
    ids = [p["id"] for p in data["pledges"]]
    assert all(i.startswith("cta.government.") or i in OVERARCHING for i in ids)


# --- the ranked pledges --------------------------------------------------------------------


def test_json_is_the_contract_plus_links(run, fake_assistant: Assistant) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("applicable", "A mobile money company in East Africa", "--json")
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    data = json.loads(out)
    assert set(data) == {"sector", "pledges", "sector_reason"}
    assert data["sector"] == "private_sector"
    pledges = data["pledges"]
    assert all(set(p) == {"id", "label", "text", "reason", "score", "links"} for p in pledges)
    ids = [p["id"] for p in pledges]
    assert len(ids) == len(set(ids)) == 16 + 5
    assert set(ids) >= OVERARCHING
    assert all(i.startswith("cta.private_sector.") or i in OVERARCHING for i in ids)
    scores = [p["score"] for p in pledges]
    assert scores == sorted(scores, reverse=True)
    corpus = fake_assistant.corpus
    for pledge in pledges:
        clause = corpus.get(pledge["id"])
        assert clause is not None
        assert (pledge["label"], pledge["text"]) == (clause.label, clause.text)
        assert all(corpus.get(link) is not None for link in pledge["links"])
        assert pledge["links"][:len(fake_assistant.crosswalk.links(pledge["id"]))] == list(
            fake_assistant.crosswalk.links(pledge["id"]))


def test_reasons_are_specific_to_the_profile(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("applicable", "A mobile money company in East Africa", "--json")
    pledges = {p["id"]: p for p in json.loads(out)["pledges"]}
    assert pledges["cta.private_sector.2.c"]["reason"] == (
        "As a payment provider ('mobile money'), you handle the payment flows that financially "
        "motivated sextortion exploits, so you can spot, block and report them. Related: MNR "
        "capability 17 (CSEA Reporting); MNR capability 19 (Corporate Social Responsibility).")
    for pledge in pledges.values():
        reason = pledge["reason"]
        assert "mobile money" in reason or "payment provider" in reason, reason
    reasons = [p["reason"] for i, p in pledges.items() if i != "cta.private_sector.1.f"]  # = 1(a)
    assert len(set(reasons)) == len(reasons)


def test_reasons_name_the_frameworks_by_label(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("applicable", "online safety regulator", "--json")
    pledge = next(p for p in json.loads(out)["pledges"] if p["id"] == "cta.government.3.e")
    assert pledge["reason"].endswith(
        "Related: MNR capability 16 (Takedown Procedures); MNR capability 17 (CSEA Reporting); "
        "INSPIRE strategy 1 (Implementation and enforcement of laws).")
    assert "'online safety', 'regulator'" in pledge["reason"]


def test_ranking_is_deterministic(fake_assistant: Assistant) -> None:
    first = fake_assistant.applicability.assess("games studio with chat").to_json()
    again = fake_assistant.applicability.assess("games studio with chat").to_json()
    assert first == again


def test_human_output_is_a_ranked_list(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("applicable", "a survivors' network")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == ("Sector: Civil society. Treated as civil society because the profile names "
                        "'survivors' network'.")
    assert lines[2].startswith("1. Civil society 1(")
    assert lines[3].startswith("   ") and lines[4].startswith("   Why: As a survivor-led organisation")
    assert sum(1 for line in lines if line[:1].isdigit()) == 3 + 5


@pytest.mark.parametrize(
    ("profile", "expected_top"),
    [
        ("A payment provider for online merchants", {"cta.private_sector.2.c"}),
        ("Ministry of Justice", {"cta.government.3.a", "cta.government.3.b"}),
    ],
)
def test_real_model_puts_the_key_pledge_first(real_assistant: Assistant, profile: str,
                                              expected_top: set[str]) -> None:
    pledges = real_assistant.applicability.assess(profile).pledges
    assert pledges[0].clause.id in expected_top


def test_real_model_rankings(real_assistant: Assistant) -> None:
    def top(profile: str, n: int) -> list[str]:
        return [p.clause.id for p in real_assistant.applicability.assess(profile).pledges[:n]]

    assert set(top("Ministry of Justice, Kenya", 3)) >= {"cta.government.3.a", "cta.government.3.b"}
    assert "cta.government.2.b" in top("Ministry of Education", 2)
    teens = top("a video app for teens", 5)
    assert "cta.private_sector.1.b" in teens
    safety_by_design = {"cta.private_sector.1.b", "cta.private_sector.1.c", "cta.private_sector.1.e"}
    assert len(safety_by_design & set(teens)) >= 2
    assert top("university research lab on online harms", 1) == ["cta.civil_society.2.a"]


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("applicable", ""),
         "Error: The profile is empty; describe the organisation, e.g. 'a payment provider in Kenya'.\n"),
        (("applicable", "  \n "),
         "Error: The profile is empty; describe the organisation, e.g. 'a payment provider in Kenya'.\n"),
        (("applicable", "x" * 100_000),
         "Error: The profile is 100,000 characters long; describe the organisation in under 2,000 "
         "characters (a sentence or two is enough).\n"),
        (("applicable", "a bank", "--sector", "media"),
         "Error: Unknown sector 'media'; use one of: government, private_sector, civil_society.\n"),
        (("applicable",), "Error: Missing argument 'PROFILE'. See `assistant --help`.\n"),
        (("applicable", "asdf qwerty"),
         "Error: The profile 'asdf qwerty' does not say what the organisation is or does; describe it, "
         "e.g. 'a payment provider in Kenya' or 'a national police cybercrime unit', or choose a "
         "sector with --sector.\n"),
        (("plan", "hello"),
         "Error: The profile 'hello' does not say what the organisation is or does; describe it, "
         "e.g. 'a payment provider in Kenya' or 'a national police cybercrime unit', or choose a "
         "sector with --sector.\n"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(run, args, message) -> None:  # type: ignore[no-untyped-def]
    assert run(*args) == (2, "", message)


def test_a_word_free_profile_with_a_chosen_sector_is_accepted(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("applicable", "asdf", "--sector", "government")
    assert (code, err) == (0, "")
    assert out.startswith("Sector: Government. Treated as government because that sector was chosen.\n")
    assert "applies to your organisation as a government member, though your profile does not" in out
