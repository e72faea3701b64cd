from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.check.calibration import CheckCalibration
from assistant.check.checker import Checker
from assistant.check.claims import PROBLEM_KINDS
from assistant.check.contradiction import ContradictionFinder
from assistant.check.contradiction_cues import ContradictionCues
from assistant.check.report import STATUSES, CheckReport, render_markdown
from assistant.core import Assistant
from assistant.corpus.loader import Corpus, load_corpus
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import BadInput, CorpusError
from assistant.search.query import Vocabulary

from .conftest import CORPUS, indexed_vectors


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def fake_checker(corpus: Corpus) -> Checker:
    """The checker on the fast deterministic hashing embedder (module-scoped for hypothesis)."""
    return Checker(corpus, HashingEmbedder(), ContradictionCues.load(CORPUS), Vocabulary.load(CORPUS),
                   clause_vectors=indexed_vectors(corpus, HashingEmbedder()))


@pytest.fixture(scope="module")
def finder() -> ContradictionFinder:
    return ContradictionFinder(ContradictionCues.load(CORPUS))


def _rows(report: CheckReport) -> list[tuple[int, str, str | None, str, str | None]]:
    return [(r.line, r.citation, r.clause_id, r.status, r.suggestion) for r in report.results]


# --- statuses and suggestions, with the real model -------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "suggestion"),
    [
        ("Governments pledge to criminalise AI-generated abuse and sextortion for money (Gov 3b).",
         "supported", None),
        ("Tech firms should bring safety experts in at the ideation stage of new products (PS 1(c)).",
         "supported", None),
        ("A national hotline lets the public report abuse material they find online (MNR 12).",
         "supported", None),
        ("Parents and caregivers are supported through home visits and community groups "
         "(INSPIRE strategy 4).", "supported", None),
        ("Members will give the Alliance information on their progress every two years "
         "(Overarching commitment 4).", "supported", None),
        ("Governments will sign and ratify the Lanzarote Convention (Gov 1a).",
         "unsupported", "cta.government.1.b"),
        ("Payment platforms and banks should act on risks such as sextortion (PS 2b).",
         "unsupported", "cta.private_sector.2.c"),
        ("Over 300 million children were estimated to be victims of online abuse in 2023 (Preamble 1).",
         "unsupported", "cta.preamble.4"),
        ("Governments will fund national reporting hotlines (Gov 8a).", "unknown", "mnr.12"),
        ("The committee will meet on Tuesdays in the town hall (PS 6b).", "unknown", None),
    ],
)
def test_statuses_and_suggestions(real_assistant: Assistant, text: str, status: str,
                                  suggestion: str | None) -> None:
    [result] = real_assistant.checker.check(text).results
    assert (result.status, result.suggestion) == (status, suggestion)
    assert (result.clause_id is None) == (status == "unknown")
    assert 0.0 <= result.score <= 1.0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Governments are not asked to criminalise AI-generated abuse or sextortion (Gov 3b).", "negation"),
        ("Companies should involve safety experts only after launch (PS 1c).", "opposite"),
        ("Safety experts should be kept out of the ideation stage and consulted only after "
         "launch (PS 1c).", "opposite"),
        ("Governments should decriminalise financially motivated sextortion (Gov 3b).", "opposite"),
        ("Governments will rely on voluntary take-down codes (Gov 3e).", "opposite"),
        ("In 2023 over 500 million children were estimated to be victims of online abuse "
         "(Call to Action, paragraph 4).", "number"),
        ("Members will report progress to the Alliance annually (Overarching commitment 4).", "frequency"),
        ("Governments pledge to keep collecting data on the prevalence of online abuse (CS 2a).", "actor"),
    ],
)
def test_each_contradiction_cue_makes_a_citation_unsupported(real_assistant: Assistant, text: str,
                                                             cue: str) -> None:
    [result] = real_assistant.checker.check(text).results
    assert result.status == "unsupported"
    assert cue in [c.cue for c in result.conflicts]


def test_uncited_pledges_get_a_suggestion(real_assistant: Assistant) -> None:
    report = real_assistant.checker.check(
        "Our plan has three parts.\nGovernments must ratify the Lanzarote Convention or pass similar laws.\n"
        "Companies commit to involving safety experts at the ideation stage.\nThe weather was fine.")
    assert report.results == ()
    assert [(u.line, u.suggestion) for u in report.uncited] == [
        (2, "cta.government.1.b"), (3, "cta.private_sector.1.c")]


def test_each_reference_is_judged_on_the_part_of_the_sentence_it_closes(real_assistant: Assistant) -> None:
    report = real_assistant.checker.check(
        "Governments will criminalise sextortion (Gov 3b), and companies will act on payment risks "
        "(PS 2c) while civil society researches prevalence (CS 2a).")
    assert [(r.clause_id, r.status) for r in report.results] == [
        ("cta.government.3.b", "supported"), ("cta.private_sector.2.c", "supported"),
        ("cta.civil_society.2.a", "supported")]


def test_contradictions_are_explained(real_assistant: Assistant, corpus: Corpus) -> None:
    report = real_assistant.checker.check(
        "Governments are not asked to criminalise sextortion (Gov 3b). In 2023, 500 million children "
        "were estimated to be victims (Call to Action, paragraph 4).")
    text = render_markdown(report, corpus.by_id())
    assert "- Contradiction (negation): the draft negates 'criminalise', which the clause asserts.\n" in text
    assert "- Contradiction (number): the draft says 500 million; the clause says 300 million.\n" in text


# --- sentences, references and lines, on the fast fake ----------------------------------------


def test_line_numbers_and_one_row_per_clause_named(fake_checker: Checker) -> None:
    text = ("# Plan\n\nGovernments pledge to criminalise AI-generated abuse and financially motivated\n"
            "sextortion (Gov 3b; Government 3(b)). Companies will share best practice with peers,\n"
            "civil society and regulators (PS 3a, PS 9z).\n")
    report = fake_checker.check(text)
    assert [(r.line, r.citation, r.clause_id, r.status) for r in report.results] == [
        (3, "Gov 3b", "cta.government.3.b", "supported"),
        (4, "PS 3a", "cta.private_sector.3.a", "supported"),
        (4, "PS 9z", None, "unknown"),
    ]
    assert report.results[0].sentence.startswith("Governments pledge") and "\n" not in (
        report.results[0].sentence)


def test_a_bare_reference_cites_for_the_sentence_before(fake_checker: Checker) -> None:
    report = fake_checker.check("Governments will criminalise AI-generated abuse and financially "
                                "motivated sextortion.\nSee Call to Action, Gov 3b.")
    assert _rows(report) == [(1, "Call to Action, Gov 3b", "cta.government.3.b", "supported", None)]


def test_footnotes_cite_for_the_sentence_with_the_marker(fake_checker: Checker) -> None:
    report = fake_checker.check(
        "Payment platforms and banking tech can play a key role in responding to sextortion.¹\n"
        "Trust and Safety teams will be strengthened.[2]\n\n¹ PS 2c\n[2] Call to Action, PS 2a\n")
    assert _rows(report) == [(1, "PS 2c", "cta.private_sector.2.c", "supported", None),
                             (2, "Call to Action, PS 2a", "cta.private_sector.2.a", "supported", None)]


def test_bare_pledge_numbers_count_only_in_brackets(fake_checker: Checker) -> None:
    assert _rows(fake_checker.check("Civil society 20 organisations met.")) == []
    [row] = _rows(fake_checker.check(
        "Governments will implement future-proof and technology-neutral legislation (Government 3)."))
    assert row[2:4] == ("cta.government.3", "supported")


def test_empty_and_oversized_text_are_bad_input(fake_checker: Checker) -> None:
    for text in ("", "  \n\t"):
        with pytest.raises(BadInput, match=r"^The text to check is empty;"):
            fake_checker.check(text)
    with pytest.raises(BadInput, match="characters long; split it"):
        fake_checker.check("x" * 10_000_001)


def test_json_is_exactly_the_contract(fake_checker: Checker) -> None:
    report = fake_checker.check("Governments pledge to criminalise AI-generated abuse and financially "
                                "motivated sextortion (Gov 3a).\nGovernments must ratify the Lanzarote "
                                "Convention.")
    assert json.loads(json.dumps(report.to_json())) == {
        "results": [{"line": 1, "sentence": "Governments pledge to criminalise AI-generated abuse and "
                     "financially motivated sextortion (Gov 3a).", "citation": "Gov 3a",
                     "clause_id": "cta.government.3.a", "status": "unsupported",
                     "score": report.results[0].to_json()["score"],
                     "suggestion": "cta.government.3.b"}],
        "uncited": [{"line": 2, "sentence": "Governments must ratify the Lanzarote Convention.",
                     "suggestion": "cta.government.1.b"}],
    }
    score = report.results[0].to_json()["score"]
    assert isinstance(score, float) and 0 <= score < 0.42 and round(score, 4) == score


def test_markdown_report(fake_checker: Checker, corpus: Corpus) -> None:
    report = fake_checker.check("Governments pledge to criminalise AI-generated abuse and financially "
                                "motivated sextortion (Gov 3a).\nCompanies must act (PS 7a).\n"
                                "Governments must ratify the Lanzarote Convention.")
    text = render_markdown(report, corpus.by_id())
    score = f"{report.results[0].score:.2f}"
    assert text == (
        "# Citation check\n\n"
        "2 citations checked: 0 supported, 1 not supported, 1 naming no clause; "
        "1 pledge statement without a citation.\n\n"
        "## Citations\n\n"
        "### Line 1: Not supported (Gov 3a)\n\n"
        "> Governments pledge to criminalise AI-generated abuse and financially motivated sextortion "
        "(Gov 3a).\n"
        "- Cited: **Government 3(a)** (`cta.government.3.a`): “Introduce comprehensive laws that "
        "prohibit all forms of violence against children and provide effective access to justice for "
        "victims.”\n"
        f"- Support score: {score}\n"
        "- Suggested instead: **Government 3(b)** (`cta.government.3.b`): “Criminalise emerging threats "
        "such as AI-generated abuse and financially motivated sextortion.”\n\n"
        "### Line 2: No such clause (PS 7a)\n\n"
        "> Companies must act (PS 7a).\n"
        "- Cited: PS 7a, which names `cta.private_sector.7.a`: the Call to Action and its frameworks "
        "have no such clause.\n"
        "- Suggested instead: no clause clearly supports this sentence.\n\n"
        "## Pledge statements without a citation\n\n"
        "### Line 3: no citation\n\n"
        "> Governments must ratify the Lanzarote Convention.\n"
        "- Suggested citation: **Government 1(b)** (`cta.government.1.b`)\n"
    )


def test_markdown_report_when_nothing_is_found(fake_checker: Checker, corpus: Corpus) -> None:
    text = render_markdown(fake_checker.check("The weather was fine."), corpus.by_id())
    assert text == ("# Citation check\n\n0 citations checked: 0 supported, 0 not supported, 0 naming no "
                    "clause; 0 pledge statements without a citation.\n\nNo clause references and no "
                    "pledge statements were found in the text.\n")


def test_thresholds_live_in_one_place(corpus: Corpus) -> None:
    strict = Checker(corpus, HashingEmbedder(), ContradictionCues.load(CORPUS),
                     calibration=CheckCalibration(support=0.99),
                     clause_vectors=indexed_vectors(corpus, HashingEmbedder()))
    [result] = strict.check("Governments pledge to criminalise AI-generated abuse and financially "
                            "motivated sextortion (Gov 3b).").results
    assert result.status == "unsupported"


# --- contradiction cues, directly -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "clause", "cue"),
    [
        ("Companies will not share best practice.", "Share best practices with industry peers.",
         "negation"),
        ("Governments should decriminalise sextortion.", "Criminalise emerging threats.", "opposite"),
        ("Over 500 million children were victims in 2023.", "In 2023, over 300 million children were "
         "victims.", "number"),
        ("In 2021, 300 million children were victims.", "In 2023, over 300 million children were "
         "victims.", "number"),
        ("Members report every year.", "Share progress at least once every two years.", "frequency"),
        ("Members report every three years.", "Provide information on a biennial basis.", "frequency"),
        ("Charities will stop collecting prevalence data.", "Continue to collect data on prevalence.",
         "negation"),
        ("AI-generated abuse stays outside the criminal law.", "Criminalise AI-generated abuse.", "opposite"),
        ("Emerging technologies are reducing the risks children face.",
         "An escalating issue, compounded by technologies that pose new risks to children.", "opposite"),
        ("The pace of change is already fast enough to outpace threats.",
         "The pace of change must accelerate to outpace the evolving threats.", "opposite"),
        ("Resource constraints rarely hinder progress.", "Resource constraints often hinder progress.",
         "negation"),
        # a cue across a list's commas or a short aside, and around a long list
        ("Charities refuse, for now, to use their relationships with survivors.",
         "Harness relationships with survivors to educate the technology industry.", "negation"),
        ("Governments leave children in poverty, displaced children and children with disabilities out "
         "of strategies.", "Place diversity and inclusion at the heart of strategies.", "negation"),
        ("Companies oppose letting children take part in product design.",
         "Foster children's participation in product development and design.", "negation"),
        ("Companies will treat compliance with safety laws as optional.", "Comply fully with safety laws.",
         "negation"),
        ("Companies will comply with safety laws selectively.", "Comply fully with safety laws.", "opposite"),
        ("Governments will treat the voices of children as irrelevant to policymaking.",
         "Foster child participation in policymaking to ensure their voices shape responses.", "negation"),
        ("Charities will use their ties with survivors to shield the industry from scrutiny.",
         "Harness relationships with survivors to educate the technology industry.", "beneficiary"),
        ("Companies will keep best practices to themselves.", "Share best practices with industry peers.",
         "opposite"),
        ("Civil society will let its research on prevalence lapse.",
         "Continue to collect data and conduct research on prevalence.", "negation"),
        ("Members will drag their feet on providing information on their progress.",
         "Provide information to the Alliance on progress.", "negation"),
        ("Companies will fight regulators' efforts to strengthen regulatory frameworks.",
         "Collaborate with governments to strengthen regulatory frameworks.", "negation"),
        ("Companies will keep safety experts out until after new products have launched.",
         "Involve safety experts at the ideation stage of new development.", "opposite"),
    ],
)
def test_cues(finder: ContradictionFinder, sentence: str, clause: str, cue: str) -> None:
    conflicts = finder.conflicts(finder.analyse(sentence), finder.analyse(clause))
    assert [c.cue for c in conflicts] == [cue]


@pytest.mark.parametrize(
    ("sentence", "clause"),
    [
        ("Not only governments but all members share progress every two years.",
         "Share progress at least once every two years."),
        ("Companies share what works rather than keeping discussions in silos.",
         "Share best practices to avoid siloed discussions."),
        ("Sextortion must be criminalised without delay.", "Criminalise emerging threats."),
        ("First, over 300 million children were victims in 2023.",
         "In 2023, over 300 million children were victims."),
        ("By 2026 governments will criminalise sextortion.", "Criminalise emerging threats."),
        ("Governments will stop sextortion by criminalising it.", "Criminalise sextortion."),
        ("Bring laws into line with the CRC and its Optional Protocols.",
         "Prioritise mandating take-down procedures."),
        ("The pace of change is not fast enough to outpace threats.",
         "The pace of change must accelerate to outpace the evolving threats."),
        ("Governments will act to reduce the risks children face.",
         "An escalating issue, compounded by technologies that pose new risks to children."),
        ("Members share their progress no less often than every two years.",
         "Share their progress at least once every two years."),
        ("Companies do not sell data, but share reports with regulators.",
         "Share best practices with government regulators."),
        ("Governments will cut notice periods for take-down.",
         "Strengthen regulations, prioritising shortening notice periods."),
        # a negation of the opposite pole denies only it, not what it is said of
        ("Governments will engage proactively instead of waiting for the technology industry.",
         "Proactively engage with the technology industry."),
        ("Governments will make sure no child is left out of child protection strategies.",
         "Place diversity and inclusion at the heart of strategies to improve child protection systems."),
    ],
)
def test_consistent_wording_is_not_a_contradiction(finder: ContradictionFinder, sentence: str,
                                                   clause: str) -> None:
    assert finder.conflicts(finder.analyse(sentence), finder.analyse(clause)) == []


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        ("Governments pledge to collect data.", {"government"}),
        ("Governments, working with civil society, pledge to educate parents.", {"government"}),
        ("In partnership with civil society, companies commit to invest.", {"private_sector"}),
        ("The Call to Action asks governments to build safe services.", {"government"}),
        ("The Call to Action states that companies must act.", {"private_sector"}),
        ("Governments and companies will share best practice.", {"government", "private_sector"}),
        ("All members commit to report progress.", set()),
        ("We will work with governments on this.", set()),
        ("Platforms will be legally required to follow take-down procedures.", set()),
    ],
)
def test_actors(finder: ContradictionFinder, sentence: str, actors: set[str]) -> None:
    assert finder.actors(sentence) == actors


def test_actor_conflict_names_both_sides(finder: ContradictionFinder) -> None:
    [conflict] = finder.conflicts(finder.analyse("Collect data."), finder.analyse("Collect data."),
                                  frozenset({"government"}), "civil_society")
    assert (conflict.cue, conflict.detail) == (
        "actor", "the draft attributes to government a civil society pledge")


def test_a_broken_cue_file_says_how_to_fix_it(tmp_path: Path) -> None:
    (tmp_path / "behaviour").mkdir()
    with pytest.raises(CorpusError, match=r"contradictions\.toml is missing; restore it from git"):
        ContradictionCues.load(tmp_path)
    (tmp_path / "behaviour" / "contradictions.toml").write_text("[negation]\ncues = [", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"contradictions\.toml is not valid \(.*\); fix the file\.$"):
        ContradictionCues.load(tmp_path)


# --- it never fails on arbitrary text ---------------------------------------------------------


@settings(max_examples=60, deadline=3000, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400)
       | st.text(alphabet="Gov PS CS MNR 3b(),.;¹[1]\n-–governments must pledge not annually 2023 million",
                 min_size=1, max_size=400))
@example("G1A0")  # a reference alone, judged unsupported with its problems
def test_check_never_fails_on_any_text(fake_checker: Checker, text: str) -> None:
    try:
        report = fake_checker.check(text)
    except BadInput:
        assert not text.strip()
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    data = report.to_json()
    assert set(data) == {"results", "uncited"}
    for row in data["results"]:
        base = {"line", "sentence", "citation", "clause_id", "status", "score", "suggestion"}
        # the contract's "problems" comes with an unsupported result and only with one
        assert set(row) == (base | {"problems"} if "problems" in row else base)
        assert "problems" not in row or (row["status"] == "unsupported" and row["problems"])
        for problem in row.get("problems", []):
            assert set(problem) == {"kind", "draft", "clause"} and problem["kind"] in PROBLEM_KINDS
        assert row["status"] in STATUSES and 0.0 <= row["score"] <= 1.0
        assert 1 <= row["line"] <= lines
    for row in data["uncited"]:
        assert 1 <= row["line"] <= lines


def test_a_framework_named_whole_in_brackets_is_a_citation() -> None:
    """"(Lanzarote Convention)" cites the framework's overview; a name inside prose does not."""
    import re

    from assistant.check.parts import usable_references

    names = (("lanzarote", re.compile(r"(?<![a-z0-9])(?:lanzarote convention|lanzarote)(?![a-z0-9])")),)
    refs = usable_references("It criminalises grooming (Lanzarote Convention).", names)
    assert [r.clause_id for r in refs] == ["lanzarote"]
    assert usable_references("The Lanzarote Convention criminalises grooming.", names) == []
