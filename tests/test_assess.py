"""`assistant assess`: the document's sentences, the judgement of each pledge (meaning without
the pledge's words, words in another sense, refusals, tentative and partial commitments), the
command's bad input, the reports, planning from an assessment and the UI's handler."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import split_document
from assistant.assess.judge import COVERED, MISSING, PARTIAL, Judgement, judge, read_units
from assistant.assess.vocabulary import AssessVocabulary
from assistant.cli.group import cli
from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder
from assistant.store.protocol import MemoryStore
from tests.conftest import CORPUS
from tests.test_readers import make_blank_pdf, make_pdf

PLAN = """# National plan to protect children online

## Legislation
The Penal Code Amendment Bill will create new offences for computer-generated sexual images of children.
Regarding the Lanzarote Convention, Cabinet decided not to pursue accession during this plan period.

## Infrastructure
In line with SDG 9, the ministry will build 400 new broadband towers in rural districts.

## Reporting
Every two years we report our progress on the Call to Action to the WeProtect Global Alliance.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("assess") / "index",
                        embedder="hashing")
    built = Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore())
    built.index()
    return built


@pytest.fixture(scope="module")
def vocabulary() -> AssessVocabulary:
    return AssessVocabulary.load(CORPUS)


def _judge(vocabulary: AssessVocabulary, text: str, pledge: str, similarity: float = 0.5) -> Judgement:
    readings = read_units(split_document(text).units, vocabulary)
    return judge(readings, [similarity] * len(readings), vocabulary.concepts[pledge],
                 vocabulary.terms[pledge], AssessCalibration())


def _run(assistant: Assistant, *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=assistant, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_sentences_keep_their_lines_and_headings() -> None:
    document = split_document(PLAN)
    first = document.units[0]
    assert (first.line, first.heading) == (4, "Legislation")
    assert [u.line for u in document.units] == [4, 5, 8, 11]
    assert all(u.heading != u.text for u in document.units)  # headings are never sentences


def test_a_pledge_is_covered_in_other_words(vocabulary: AssessVocabulary) -> None:
    judgement = _judge(vocabulary, PLAN, "cta.government.3.b")
    assert judgement.status == COVERED
    assert [e.line for e in judgement.evidence] == [4]
    assert judgement.evidence[0].heading == "Legislation"


def test_words_in_another_sense_are_not_evidence(vocabulary: AssessVocabulary) -> None:
    sdg = _judge(vocabulary, PLAN, "cta.government.5.a", similarity=0.7)
    assert sdg.status == MISSING and not sdg.evidence
    copyright_ = _judge(vocabulary, "We process copyright take-down notices within 48 hours and remove "
                        "infringing videos.", "cta.private_sector.5.b", similarity=0.7)
    assert copyright_.status == MISSING and "copyright" in copyright_.reason


def test_a_refusal_makes_the_pledge_missing_with_the_line_quoted(vocabulary: AssessVocabulary) -> None:
    judgement = _judge(vocabulary, PLAN, "cta.government.1.b")
    assert judgement.status == MISSING and not judgement.evidence
    assert "line 5" in judgement.reason and "decided not to pursue accession" in judgement.reason


def test_touching_without_committing_or_committing_to_part_is_partial(vocabulary: AssessVocabulary) -> None:
    aims = _judge(vocabulary, "The Government aims to explore ways of involving children in the review "
                  "of this plan.", "cta.government.5.b")
    assert aims.status == PARTIAL and "tentative" in aims.reason.lower()
    part = _judge(vocabulary, "We respond to lawful requests from law enforcement for user data.",
                  "cta.private_sector.5.b")
    assert part.status == PARTIAL


def test_nothing_said_is_missing(vocabulary: AssessVocabulary) -> None:
    judgement = _judge(vocabulary, PLAN, "cta.government.7.c", similarity=0.3)
    assert judgement == Judgement(MISSING, 0.0, "The document does not address it.", ())


def test_every_pledge_has_concepts(assistant: Assistant, vocabulary: AssessVocabulary) -> None:
    for sector in ("government", "private_sector", "civil_society"):
        assert {c.id for c in assistant.assessor.pledges(sector)} <= set(vocabulary.concepts)


def test_the_sector_comes_from_the_flag_the_profile_or_the_document(assistant: Assistant) -> None:
    assert assistant.assess(PLAN, sector="government").sector == "government"
    assert assistant.assess(PLAN, profile="the ministry of justice").sector == "government"
    assert assistant.assess(PLAN).sector == "government"
    pledges = assistant.assess(PLAN, sector="government").pledges
    assert {p.clause.kind for p in pledges} == {"subclause", "overarching"}


@pytest.mark.parametrize(("args", "stdin", "says"), [
    (("   ",), None, "empty"),
    (("-",), b"", "empty"),
    ((), None, "Give the document"),
    (("a" * 60_000,), None, "Error: The document has no words to read, only letters run together;"),
])
def test_bad_input_is_one_sentence_and_exit_2(assistant: Assistant, args: tuple[str, ...],
                                               stdin: bytes | None, says: str) -> None:
    code, out, err = _run(assistant, "assess", *args, stdin=stdin)
    assert code == 2 and out == "" and says in err and "Traceback" not in err


def test_a_scanned_pdf_has_no_text(assistant: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_blank_pdf())
    code, _, err = _run(assistant, "assess", "--file", str(path))
    assert code == 2 and "no text" in err


def test_a_pdf_is_assessed_by_its_text_lines(assistant: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(["Legislation", "The Bill will create new offences for computer-generated "
                               "sexual images of children."]))
    code, out, err = _run(assistant, "assess", "--file", str(path), "--sector", "government", "--json")
    assert code == 0, err
    assert json.loads(out)["sector"] == "government"


def test_over_ten_megabytes_is_refused(assistant: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"The ministry will act. " * 500_000)
    code, _, err = _run(assistant, "assess", "--file", str(path))
    assert code == 2 and "10 MB" in err


def test_a_document_of_another_sector_is_refused_by_name(assistant: Assistant) -> None:
    policy = ("# Loopin child safety policy\nLoopin is a social media platform for teenagers.\n"
              "Our Trust and Safety team reviews every new feature.\n")
    code, _, err = _run(assistant, "assess", policy, "--sector", "government")
    assert code == 2 and "private sector" in err and "--sector private_sector" in err


def test_hostile_content_stays_inert(assistant: Assistant) -> None:
    hostile = ("## <script>alert(1)</script>\n"
               "We will create offences for AI-generated abuse ![x](https://evil.example/leak.png) "
               "<img src=x onerror=alert(1)> [click](javascript:alert(1)).\n")
    code, out, err = _run(assistant, "assess", hostile, "--sector", "government")
    assert code == 0, err
    assert "<script" not in out and "<img" not in out and "](" not in out


def test_reports_in_markdown_and_word(assistant: Assistant, tmp_path: Path) -> None:
    source = tmp_path / "plan.md"
    source.write_text(PLAN, encoding="utf-8")
    code, out, _ = _run(assistant, "assess", "--file", str(source), "--sector", "government")
    assert code == 0 and "| Pledge | Status |" in out and "pledges that apply" in out
    code, out, _ = _run(assistant, "assess", "--file", str(source), "--report", "progress")
    assert code == 0 and "What remains" in out and "biennial progress report" in out
    word = tmp_path / "report.docx"
    code, out, err = _run(assistant, "assess", "--file", str(source), "-o", str(word))
    assert code == 0, err
    assert any("Coverage" in p.text for p in docx.Document(str(word)).paragraphs)
    code, _, err = _run(assistant, "assess", "--file", str(source), "--format", "docx")
    assert code == 2 and "-o" in err


def test_a_plan_from_an_assessment_puts_the_gaps_first(assistant: Assistant, tmp_path: Path) -> None:
    code, out, _ = _run(assistant, "assess", PLAN, "--sector", "government", "--json")
    assert code == 0
    saved = tmp_path / "assessment.json"
    saved.write_text(out, encoding="utf-8")
    statuses = {p["id"]: p["status"] for p in json.loads(out)["pledges"]}
    code, out, err = _run(assistant, "plan", "--from-assessment", str(saved), "--json")
    assert code == 0, err
    plan = json.loads(out)
    first = [i["citations"][0] for s in plan["sections"] for i in s["items"]][:3]
    assert all(statuses.get(c) != "covered" for c in first)
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    code, _, err = _run(assistant, "plan", "--from-assessment", str(bad))
    assert code == 2 and "not an assessment" in err


def test_the_ui_handler_and_endpoint(assistant: Assistant, tmp_path: Path) -> None:
    from assistant.ui.assess_tab import api_assess, assess_view

    data = api_assess(assistant, PLAN)
    assert data["sector"] == "government" and sum(data["summary"].values()) == len(data["pledges"])
    summary, rows, markdown, path = assess_view(assistant, PLAN + "\n<script>x</script>\n", None, "",
                                                tmp_path / "job")
    assert rows and Path(path).suffix == ".docx" and "<script" not in markdown + summary


def test_a_sentence_describing_a_gap_is_not_evidence(vocabulary: AssessVocabulary) -> None:
    gap = _judge(vocabulary, "There is currently no specialist counselling for child victims of sexual abuse "
                 "in rural districts.", "cta.government.6.b")
    assert gap.status == MISSING
    closing = _judge(vocabulary, "To address the lack of counselling, specialist trauma therapy for child "
                     "victims will be funded in every district.", "cta.government.6.b")
    assert closing.status == COVERED


def test_a_negation_that_commits_is_not_a_refusal(vocabulary: AssessVocabulary) -> None:
    judgement = _judge(vocabulary, "We will not tolerate delay: platforms must remove abuse material within "
                       "24 hours of a notice, as the Online Safety Act requires.", "cta.government.3.e")
    assert judgement.status == COVERED


def test_data_protection_compliance_is_not_child_safety_compliance(vocabulary: AssessVocabulary) -> None:
    judgement = _judge(vocabulary, "We comply with the GDPR and all data protection laws.",
                       "cta.private_sector.5.a")
    assert judgement.status == MISSING
    assert "data protection" in judgement.reason or "gdpr" in judgement.reason


def test_a_document_naming_no_author_is_read_by_the_pledges_it_speaks_to(assistant: Assistant) -> None:
    document = ("## Legislation\nWe will introduce new offences for computer-generated sexual images "
                "of children.\n## Reporting\nEvery two years we report our progress on the Call to "
                "Action to the Alliance.\n")
    assessment = assistant.assess(document)
    assert assessment.sector == "government"
    assert assessment.to_json()["sector"] == "government"
    assert any(p.clause.id == "cta.government.3.b" for p in assessment.pledges)
