from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.core import Assistant
from assistant.plan import export
from assistant.plan.planning import HORIZONS, Templates

from .conftest import CORPUS

HEADER = "| Objective | Activities | Owner | Horizon | Indicators | Citations |"


@pytest.fixture
def run(fake_assistant: Assistant):  # type: ignore[no-untyped-def]
    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), obj=fake_assistant)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def _plan(run, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    code, out, err = run("plan", *args, "--json")
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    return json.loads(out)  # type: ignore[no-any-return]


# --- templates -------------------------------------------------------------------------


def test_every_pledge_has_a_template_with_valid_fields(fake_assistant: Assistant) -> None:
    templates = Templates.load(CORPUS)
    corpus = fake_assistant.corpus
    planned = [c for t in templates.items for c in t.clauses]
    assert len(planned) == len(set(planned))
    assert all(corpus.get(c) is not None for c in planned)
    targets = {c.id for c in corpus.clauses if c.kind in ("subclause", "overarching")}
    assert set(planned) == targets
    for template in templates.items:
        assert template.horizon.startswith(HORIZONS)
        assert template.objective and template.activities and template.indicators
        assert all(template.owner.get(s) for s in ("government", "private_sector", "civil_society"))


# --- plan JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "sector", "heading"),
    [
        ("Ministry of Justice, Kenya", "government", "Legislation and regulation"),
        ("a video app for teens", "private_sector", "Product safety by design"),
        ("university research lab on online harms", "civil_society", "Research and survivor voice"),
    ],
)
def test_plan_json_shape_and_citations(run, fake_assistant: Assistant, profile: str, sector: str,  # type: ignore[no-untyped-def]
                                       heading: str) -> None:
    data = _plan(run, profile)
    assert {"title", "sections"} <= set(data)
    assert data["title"].startswith("Action-plan outline: ")
    assert data["sector"] == sector
    headings = [s["heading"] for s in data["sections"]]
    assert heading in headings
    assert headings[0] == "Governance and coordination"
    corpus = fake_assistant.corpus
    cited: set[str] = set()
    for section in data["sections"]:
        assert {"heading", "items"} <= set(section) and section["items"]
        for item in section["items"]:
            assert {"text", "citations"} <= set(item)
            assert item["citations"] and all(corpus.get(c) is not None for c in item["citations"])
            assert item["citations"][0].startswith(("cta.", "mnr", "inspire"))
            for part in ("Owner: ", "Horizon: ", "Indicators: ", "Cites: "):
                assert part in item["text"]
            assert item["owner"] in item["text"] and item["horizon"].startswith(HORIZONS)
            cited.update(item["citations"])
    sector_ids = {c.id for c in corpus.clauses if c.kind == "subclause" and c.sector == sector}
    other_ids = {c.id for c in corpus.clauses if c.kind == "subclause" and c.sector != sector}
    assert sector_ids <= cited  # every pledge of the sector is planned or listed for review
    assert not cited & other_ids
    assert {f"cta.overarching.{n}" for n in range(1, 6)} <= cited


def test_progress_reporting_follows_overarching_3_and_4(run) -> None:  # type: ignore[no-untyped-def]
    data = _plan(run, "Ministry of Education")
    section = next(s for s in data["sections"] if s["heading"] == "Data, monitoring and reporting")
    item = next(i for i in section["items"] if "cta.overarching.4" in i["citations"])
    assert item["citations"][:2] == ["cta.overarching.4", "cta.overarching.3"]
    assert "every two years" in item["text"]
    assert item["horizon"] == "0-6 months to set up, then every two years"


def test_most_relevant_pledges_are_planned_in_full(run) -> None:  # type: ignore[no-untyped-def]
    data = _plan(run, "A mobile money company in East Africa")
    full = [i for s in data["sections"] if s["heading"] != "Other pledges of your sector to review"
            for i in s["items"]]
    assert any(i["citations"][0] == "cta.private_sector.2.c" for i in full)
    payments = next(i for i in full if i["citations"][0] == "cta.private_sector.2.c")
    assert payments["owner"] == "Head of Financial Crime Compliance"
    assert payments["horizon"] == "0-6 months"
    assert payments["priority"] == 1


def test_plan_sector_override(run) -> None:  # type: ignore[no-untyped-def]
    data = _plan(run, "a survivors' network", "--sector", "private_sector")
    assert data["sector"] == "private_sector"
    assert "Product safety by design" in [s["heading"] for s in data["sections"]]


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_structure(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("plan", "online safety regulator")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "# Action-plan outline: Online safety regulator (Government)"
    assert lines[2] == "**Profile:** online safety regulator  "
    assert lines[3] == ("**Sector:** Government. Treated as government because the profile names "
                        "'online safety regulator'.")
    assert "## 1. Governance and coordination" in lines
    assert lines[lines.index("## 1. Governance and coordination") + 2] == HEADER
    assert lines.count(HEADER) == sum(1 for line in lines if line.startswith("## ") and line[3].isdigit())
    assert "## Citations" in lines
    assert "- Government 3(e) (`cta.government.3.e`)" in lines
    assert "- MNR capability 16 (Takedown Procedures) (`mnr.16`)" in lines
    row = next(line for line in lines if line.startswith("| Strengthen regulation of the technology"))
    assert row.endswith("| Government 3(e) (`cta.government.3.e`)<br>MNR capability 16 (Takedown "
                        "Procedures) (`mnr.16`)<br>MNR capability 17 (CSEA Reporting) (`mnr.17`)<br>"
                        "INSPIRE strategy 1 (Implementation and enforcement of laws) (`inspire.1`) |")
    assert all(line.count(" | ") == 5 for line in lines if line.startswith("| ") and line != HEADER)


def test_markdown_to_a_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.md"
    code, out, err = run("plan", "faith-based charity", "-o", str(target))
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote the action plan to {target} (")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Action-plan outline: Faith-based charity (Civil society)\n")
    assert os.listdir(tmp_path) == ["plan.md"]


def test_json_and_a_file_together(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.docx"
    data = _plan(run, "telecoms operator", "-o", str(target))
    assert data["sector"] == "private_sector" and target.is_file()


# --- Word --------------------------------------------------------------------------------


def test_docx_opens_with_headings_tables_and_citation_labels(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.docx"
    code, out, err = run("plan", "small fintech doing remittances", "--format", "docx", "-o", str(target))
    assert (code, err) == (0, "")
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Action-plan outline: Small fintech doing remittances (Private sector)"
    assert "1. Governance and coordination" in headings and headings[-1] == "Citations"
    sections = [h for h in headings[1:] if h[:1].isdigit()]
    assert len(document.tables) == len(sections) >= 3
    assert [c.text for c in document.tables[0].rows[0].cells] == [
        "Objective", "Activities", "Owner", "Horizon", "Indicators", "Citations"]
    cells = [c.text for t in document.tables for r in t.rows[1:] for c in r.cells]
    assert any("Private sector 2(c) (cta.private_sector.2.c)" in c for c in cells)
    assert any("MNR capability 17 (CSEA Reporting) (mnr.17)" in c for c in cells)
    assert out == f"Wrote the action plan to {target} ({len(sections)} sections, {len(cells) // 6} items).\n"


# --- bad input and failed writes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", ""),
         "Error: The profile is empty; describe the organisation, e.g. 'a payment provider in Kenya'.\n"),
        (("plan", "x" * 100_000),
         "Error: The profile is 100,000 characters long; describe the organisation in under 2,000 "
         "characters (a sentence or two is enough).\n"),
        (("plan", "a bank", "--sector", "media"),
         "Error: Unknown sector 'media'; use one of: government, private_sector, civil_society.\n"),
        (("plan", "a bank", "--format", "pdf"), "Error: Unknown format 'pdf'; use md or docx.\n"),
        (("plan", "a bank", "--format", "docx"),
         "Error: Word output needs a file; add -o FILE, e.g. -o plan.docx.\n"),
        (("plan", "a bank", "-o", "/nonexistent/dir/plan.docx"),
         "Error: The folder /nonexistent/dir does not exist; create it or choose another -o path.\n"),
        (("plan", "a bank", "-o", "plan.pdf"),
         "Error: Cannot tell the format of 'plan.pdf'; name it .md or .docx, or add --format md or "
         "--format docx.\n"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(run, args, message) -> None:  # type: ignore[no-untyped-def]
    assert run(*args) == (2, "", message)


def test_a_folder_as_output_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("plan", "a bank", "--format", "docx", "-o", str(tmp_path)) == (
        2, "", f"Error: {tmp_path} is a folder; give a file name, e.g. {tmp_path / 'plan.docx'}.\n")
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_no_partial_file(run, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"the previous plan")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", disk_full)
    code, out, err = run("plan", "a bank", "-o", str(target))
    assert (code, out) == (1, "")
    assert err == (f"Error: Could not write {target} (No space left on device); nothing was written, "
                   "so check the disk and try again.\n")
    assert target.read_bytes() == b"the previous plan"
    assert os.listdir(tmp_path) == ["plan.docx"]


def test_an_unwritable_folder_is_bad_input(run, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export.os, "access", lambda *_args: False)
    code, out, err = run("plan", "a bank", "-o", str(tmp_path / "plan.md"))
    assert (code, out, err) == (2, "", f"Error: The folder {tmp_path} is not writable; choose another "
                                        "-o path.\n")
    assert os.listdir(tmp_path) == []
