"""Meaning-level support (issue 13, part 3): a citation is supported only when the clause
carries every part of the claim. The checks are exact, so these tests run on the hashing
fake embedder and must not depend on it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.check.claim_terms import ClaimTerms
from assistant.check.claims import PROBLEM_KINDS
from assistant.check.report import render_markdown
from assistant.cli import cli
from assistant.core import Assistant
from assistant.errors import CorpusError

from .conftest import CORPUS


def _problems(assistant: Assistant, sentence: str) -> tuple[str, list[tuple[str, str, str]]]:
    [result] = assistant.checker.check(sentence).results
    return result.status, [(p.kind, p.draft, p.clause) for p in result.problems]


@pytest.mark.parametrize(
    ("sentence", "problems"),
    [
        ("Companies must deploy age verification for all users under 18 (PS 1(b)).",
         [("stronger_duty", "must deploy", "Aim to build"), ("wider_scope", "all users", ""),
          ("adds_specific", "under 18", ""), ("adds_specific", "age verification", "")]),
        ("Governments must ratify Lanzarote; no alternative is allowed (Gov 1(b)).",
         [("wider_scope", "no alternative", "or implement similar legislation")]),
        ("Payment providers must block all transactions linked to sextortion (PS 2(c)).",
         [("stronger_duty", "must block", "work to address"), ("wider_scope", "all transactions", "")]),
        ("Governments will require platforms to take down abuse material within 24 hours (Gov 3(e)).",
         [("adds_specific", "within 24 hours", "")]),
        ("Countries should run a child helpline for children to call (MNR 12).",
         [("adds_specific", "child helpline", "CSEA Hotline")]),
        ("Takedown procedures belong to the Victim domain (MNR 16).",
         [("adds_specific", "Victim domain", "Industry domain")]),
        ("Members report progress every year (Overarching commitment 4).",
         [("frequency", "every year", "biennial")]),
        ("Governments pledge to strengthen their Trust and Safety teams (PS 2(a)).",
         [("wrong_actor", "Governments", "private sector members (companies)")]),
        ("Governments should decriminalise financially motivated sextortion (Gov 3b).",
         [("contradiction", "decriminalise", "Criminalise")]),
        ("Companies will report suspected abuse to NCMEC (PS 5(b)).", [("adds_specific", "NCMEC", "")]),
        ("Governments will invest $50 million in prevention programmes (Gov 2(c)).",
         [("adds_specific", "50 million", "")]),
        ("Civil society will publish its prevalence research every quarter (CS 2(a)).",
         [("adds_specific", "every quarter", "")]),
        ("Governments will allow some forms of violence against children (Gov 3(a)).",
         [("contradiction", "allow", "prohibit")]),
        ("Companies must always involve safety experts at the ideation stage (PS 1(c)).",
         [("wider_scope", "always involve", "")]),
        ("Governments committed to introduce a legal duty of care for platforms (Gov 3(e)).",
         [("adds_specific", "duty of care", "")]),
        ("Companies will guarantee age-appropriate services (PS 1(b)).",
         [("stronger_duty", "guarantee age", "Aim to build")]),
        ("Only governments contribute to Global Threat Assessments (Overarching commitment 3).",
         [("wider_scope", "Only governments", "")]),
        ("Governments commit to criminalise every form of AI-generated content (Gov 3(b)).",
         [("wider_scope", "every form", "")]),
        ("Governments pledge to criminalise all AI-generated content (Gov 3(b)).",
         [("wider_scope", "all AI", "")]),
        ("Companies pledge to embed child safety knowledge in the whole company (PS 1(d)).",
         [("wider_scope", "whole company", "")]),
        ("Companies commit to brief law enforcement so that police learn of emerging trends (PS 5(b)).",
         [("wrong_actor", "police learn", "private sector members (companies)")]),
        ("Governments pledge to reduce their investment in prevention strategies (Gov 2(c)).",
         [("contradiction", "reduce their investment", "Invest")]),
        ("Governments will make sure the technology industry engages with them on trends (Gov 7(b)).",
         [("wrong_actor", "industry engages", "governments")]),
        # a weakening word on what the clause's own verb grows or welcomes
        ("Companies undertake to shrink their Trust and Safety teams (PS 2(a)).",
         [("contradiction", "shrink their Trust", "Strengthen")]),
        ("Companies pledge to limit the role of law enforcement in shaping policy (PS 3(b)).",
         [("contradiction", "limit the role of law", "Welcome")]),
        ("Governments will ban dialogue across religions and cultures (Gov 7(c)).",
         [("contradiction", "ban dialogue", "Promote")]),
        ("Governments alone are responsible for the genuine participation of survivors (Overarching "
         "commitment 5).", [("wider_scope", "alone are", "")]),
    ],
)
def test_each_overclaim_is_unsupported_with_the_words_that_differ(
        fake_assistant: Assistant, sentence: str, problems: list[tuple[str, str, str]]) -> None:
    assert _problems(fake_assistant, sentence) == ("unsupported", problems)


@pytest.mark.parametrize(
    "sentence",
    [
        "Companies should aim to design age-appropriate services (PS 1(b)).",
        "Governments committed to ratify Lanzarote or pass similar laws (Gov 1(b)).",
        "Payment platforms and banks should work proactively to address risks such as sextortion (PS 2(c)).",
        "Members report to the Alliance on their progress every two years (Overarching commitment 4).",
        "A national hotline lets the public report child sexual abuse material they find online (MNR 12).",
        "Governments should introduce comprehensive laws prohibiting all forms of violence against "
        "children (Gov 3(a)).",
        "Governments pledged laws prohibiting every form of violence against children (Gov 3(a)).",
        "Governments pledge to invest in prevention strategies that reduce abuse (Gov 2(c)).",
        "Safety experts will be involved from the ideation stage of every new product (PS 1(c)).",
        "All members commit to share their progress at least once every two years "
        "(Overarching commitment 3).",
        "Companies MUST aim to build age-appropriate services (PS 1(b)).",
        "The hotline works with ISPs and law enforcement so the public can report abuse material (MNR 12).",
        "Companies are not required to verify ages; they aim to build age-appropriate services (PS 1(b)).",
        "<script>window.x = 1</script> Governments will sign the Lanzarote Convention (Gov 1(b)).",
        "Not only governments but all members contribute to Global Threat Assessments "
        "(Overarching commitment 3).",
        # the industry is what governments engage, and "Proactively" is no verb of the clause's
        "Governments committed to engage the technology industry proactively to understand online "
        "safety trends (Gov 7(b)).",
        # reducing a harm or a gap is no weakening of what the clause grows
        "Companies will work proactively to reduce sextortion risks (PS 2(c)).",
        "Governments want to reduce the gaps in mental health support for survivors (Gov 6(b)).",
        "Governments pledge laws banning every kind of violence against children (Gov 3(a)).",
        "Members will share their progress no less often than every two years (Overarching commitment 3).",
        "In the MNR, capability 16 (Takedown Procedures) belongs to the Industry domain (MNR 16).",
    ],
)
def test_faithful_paraphrases_have_no_problems(fake_assistant: Assistant, sentence: str) -> None:
    [result] = fake_assistant.checker.check(sentence).results
    assert result.problems == ()


def test_a_suggestion_must_itself_support_the_sentence(fake_assistant: Assistant) -> None:
    # no clause names age verification, so none is suggested
    [result] = fake_assistant.checker.check(
        "Companies must deploy age verification for all users under 18 (PS 1(b)).").results
    assert result.suggestion is None


def test_the_report_says_it_in_one_sentence(fake_assistant: Assistant) -> None:
    report = fake_assistant.checker.check(
        "Companies must deploy age verification for all users under 18 (PS 1(b)).")
    text = render_markdown(report, fake_assistant.corpus.by_id())
    assert ("- Why: The clause asks companies to *aim to build*, which is not a duty (*must deploy*); "
            "it does not say *all users*; it does not name *under 18*; it does not name "
            "*age verification*.\n") in text


def test_cli_json_carries_problems_only_when_there_are_some(fake_assistant: Assistant) -> None:
    text = ("Companies must deploy age verification for all users under 18 (PS 1(b)).\n"
            "Companies should aim to design age-appropriate services (PS 1(b)).\n"
            "Countries should run a child helpline for children to call (MNR 12).")
    result = CliRunner().invoke(cli, ["check", text, "--json"], obj=fake_assistant)
    assert (result.exit_code, result.stderr) == (0, "")
    rows = json.loads(result.stdout)["results"]
    assert [r["status"] for r in rows][::2] == ["unsupported", "unsupported"]
    assert "problems" not in rows[1]
    assert rows[0]["problems"] == [
        {"kind": "stronger_duty", "draft": "must deploy", "clause": "Aim to build"},
        {"kind": "wider_scope", "draft": "all users", "clause": ""},
        {"kind": "adds_specific", "draft": "under 18", "clause": ""},
        {"kind": "adds_specific", "draft": "age verification", "clause": ""},
    ]
    assert rows[2]["problems"] == [{"kind": "adds_specific", "draft": "child helpline",
                                    "clause": "CSEA Hotline"}]
    assert all(p["kind"] in PROBLEM_KINDS for r in rows for p in r.get("problems", []))


def test_a_broken_claim_file_says_how_to_fix_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "behaviour").mkdir()
    (tmp_path / "behaviour" / "claims.toml").write_text("[duty]\nstrong = []\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"is not valid .*; fix the file"):
        ClaimTerms.load(tmp_path)
    assert ClaimTerms.load(CORPUS).head >= 1
