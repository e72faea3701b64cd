from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.core import Assistant
from assistant.corpus.readers import MAX_BYTES

from .test_readers import make_blank_pdf, make_docx, make_pdf

SUPPORTED = ("Governments pledge to criminalise AI-generated abuse and financially motivated "
             "sextortion (Gov 3b).")
CONTRACT_KEYS = {"line", "sentence", "citation", "clause_id", "status", "score", "suggestion"}


@pytest.fixture
def run(fake_assistant: Assistant):  # type: ignore[no-untyped-def]
    def invoke(*args: str, stdin: str | bytes | None = None,
               assistant: Assistant | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), obj=assistant or fake_assistant, input=stdin)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def _check_contract(data: dict[str, list[dict[str, object]]]) -> None:
    assert set(data) == {"results", "uncited"}
    for row in data["results"]:
        # issue 13: a result that is not supported may carry its problems (contract)
        assert set(row) == CONTRACT_KEYS | ({"problems"} if "problems" in row else set())
        assert row["status"] != "supported" or "problems" not in row
        for problem in row.get("problems", []):
            assert set(problem) == {"kind", "draft", "clause"}
        assert isinstance(row["line"], int) and isinstance(row["sentence"], str)
        assert isinstance(row["citation"], str) and isinstance(row["score"], float)
        assert row["clause_id"] is None or isinstance(row["clause_id"], str)
        assert row["suggestion"] is None or isinstance(row["suggestion"], str)
        assert row["status"] in ("supported", "unsupported", "unknown")
    for row in data["uncited"]:
        assert {"line", "sentence"} <= set(row) <= {"line", "sentence", "suggestion"}


def test_json_is_one_document_exactly_per_contract(run) -> None:  # type: ignore[no-untyped-def]
    text = (f"# Plan\n\n{SUPPORTED}\nCompanies must act (PS 7a).\n"
            "Governments must ratify the Lanzarote Convention.")
    code, out, err = run("check", text, "--json")
    assert (code, err, out.count("\n")) == (0, "", 1)
    data = json.loads(out)
    _check_contract(data)
    score = data["results"][0]["score"]
    assert data == {
        "results": [
            {"line": 3, "sentence": SUPPORTED, "citation": "Gov 3b", "clause_id": "cta.government.3.b",
             "status": "supported", "score": score, "suggestion": None},
            {"line": 4, "sentence": "Companies must act (PS 7a).", "citation": "PS 7a", "clause_id": None,
             "status": "unknown", "score": 0.0, "suggestion": None},
        ],
        "uncited": [{"line": 5, "sentence": "Governments must ratify the Lanzarote Convention.",
                     "suggestion": "cta.government.1.b"}],
    }
    assert 0.42 <= score <= 1.0


def test_real_model_json(run, real_assistant: Assistant) -> None:  # type: ignore[no-untyped-def]
    text = ("Governments will sign and ratify the Lanzarote Convention (Gov 1a).\n"
            "Companies should involve safety experts only after launch (PS 1c).")
    code, out, err = run("check", text, "--json", assistant=real_assistant)
    assert (code, err) == (0, "")
    data = json.loads(out)
    _check_contract(data)
    assert [(r["line"], r["clause_id"], r["status"], r["suggestion"]) for r in data["results"]] == [
        (1, "cta.government.1.a", "unsupported", "cta.government.1.b"),
        (2, "cta.private_sector.1.c", "unsupported", None),
    ]


def test_markdown_by_default(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("check", SUPPORTED)
    assert (code, err) == (0, "")
    assert out.startswith("# Citation check\n\n1 citation checked: 1 supported, 0 not supported, "
                          "0 naming no clause; 0 pledge statements without a citation.\n\n## Citations\n\n"
                          "### Line 1: Supported (Gov 3b)\n\n> " + SUPPORTED + "\n- Cited: **Government "
                          "3(b)** (`cta.government.3.b`): “Criminalise emerging threats such as "
                          "AI-generated abuse and financially motivated sextortion.”\n- Support score: ")
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_stdin(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("check", "-", "--json", stdin=f"Intro.\n\n{SUPPORTED}\n")
    assert (code, err) == (0, "")
    assert [(r["line"], r["status"]) for r in json.loads(out)["results"]] == [(3, "supported")]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_files(run, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"draft{suffix}"
    path.write_text(f"## Legislation\n\n- {SUPPORTED}\n", encoding="utf-8")
    code, out, err = run("check", "--file", str(path), "--json")
    assert (code, err) == (0, "")
    assert [(r["line"], r["sentence"], r["status"]) for r in json.loads(out)["results"]] == [
        (3, SUPPORTED, "supported")]


def test_docx_lines_are_paragraphs(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make_docx(tmp_path / "plan.docx", ["National plan", "Introduction", SUPPORTED],
                     [["Share best practice with industry peers, civil society, and government "
                       "regulators", "PS 3a"]])
    code, out, err = run("check", "--file", str(path), "--json")
    assert (code, err) == (0, "")
    assert [(r["line"], r["clause_id"], r["status"]) for r in json.loads(out)["results"]] == [
        (3, "cta.government.3.b", "supported"), (4, "cta.private_sector.3.a", "supported")]


def test_pdf(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(["National plan", SUPPORTED]))
    code, out, err = run("check", "--file", str(path), "--json")
    assert (code, err) == (0, "")
    assert [(r["line"], r["status"]) for r in json.loads(out)["results"]] == [(2, "supported")]


def _bad_inputs(tmp: Path) -> list[tuple[tuple[str, ...], str | bytes | None, str]]:
    binary = tmp / "binary.txt"
    binary.write_bytes(b"\x00\x01")
    latin = tmp / "latin.txt"
    latin.write_bytes(b"caf\xe9")
    rtf = tmp / "draft.rtf"
    rtf.write_text("text")
    big = tmp / "big.md"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    scanned = tmp / "scan.pdf"
    scanned.write_bytes(make_blank_pdf())
    broken = tmp / "broken.docx"
    broken.write_bytes(b"not a zip")
    empty = tmp / "empty.md"
    empty.write_text("\n\n")
    missing = tmp / "missing.md"
    return [
        (("check",), None, "Error: Give the text to check, --file F, or - to read it from standard input.\n"),
        (("check", ""), None, "Error: The text to check is empty; give a draft as TEXT, --file F or - "
                              "for stdin.\n"),
        (("check", "  \n "), None, "Error: The text to check is empty; give a draft as TEXT, --file F or - "
                                   "for stdin.\n"),
        (("check", "-"), "", "Error: The input is empty; pipe a draft to check into `assistant check -`.\n"),
        (("check", "a" * 60_000), None, "Error: The text to check has no words to read, only letters run "
                                        "together; give the text of a plan, policy or draft.\n"),
        (("check", "-"), b"\x00\x01bin", "Error: The input looks binary; give a text, Markdown, Word "
                                         "(.docx) or PDF file.\n"),
        (("check", "-"), b"caf\xe9", "Error: The input is not UTF-8 text; re-save it as UTF-8.\n"),
        (("check", "text", "--file", str(latin)), None,
         "Error: Give either TEXT, --file F or - (standard input), not more than one.\n"),
        (("check", "--file", str(missing)), None, f"Error: The file {missing} does not exist; check the "
                                                  "path.\n"),
        (("check", "--file", str(tmp)), None, f"Error: {tmp} is a folder; give the path of a file.\n"),
        (("check", "--file", str(binary)), None, f"Error: The file {binary} looks binary; give a text, "
                                                 "Markdown, Word (.docx) or PDF file.\n"),
        (("check", "--file", str(latin)), None, f"Error: The file {latin} is not UTF-8 text; re-save it "
                                                "as UTF-8.\n"),
        (("check", "--file", str(rtf)), None, f"Error: The file {rtf} has the unsupported type '.rtf'; "
                                              "give a .txt, .md, .docx or .pdf file.\n"),
        (("check", "--file", str(big)), None, f"Error: The file {big} is larger than 10 MB; split it into "
                                              "smaller parts.\n"),
        (("check", "--file", str(scanned)), None, f"Error: The PDF {scanned} has no text layer (it looks "
                                                  "scanned); run OCR on it or give the text instead.\n"),
        (("check", "--file", str(broken)), None, f"Error: The file {broken} is not a valid Word document; "
                                                 "re-save it as .docx.\n"),
        (("check", "--file", str(empty)), None, f"Error: The file {empty} has no text to check.\n"),
    ]


def test_bad_input_is_one_sentence_and_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args, stdin, message in _bad_inputs(tmp_path):
        code, out, err = run(*args, stdin=stdin)
        assert (code, out, err) == (2, "", message), args


def test_oversized_stdin(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("check", "-", stdin=b"a" * (MAX_BYTES + 1))
    assert (code, out, err) == (
        2, "", "Error: The input is larger than 10 MB; split the draft into smaller parts.\n")


def test_a_file_name_given_as_text_says_to_use_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    draft = tmp_path / "draft"
    draft.write_text(SUPPORTED, encoding="utf-8")
    for job in ("check", "assess"):
        for name in ("plan.pdf", str(draft)):
            assert run(job, name) == (2, "", f"Error: '{name}' looks like a file name, not a text; "
                                             f"to read the file, give it as --file {name}.\n")
    code, out, _ = run("check", "Gov 3b")  # one reference alone is a text
    assert code == 0 and "Government 3(b)" in out


def test_the_markdown_report_quotes_a_draft_inert(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("check", "<img src=x> ![x](http://evil/x.png) " + SUPPORTED)
    quote = next(line for line in out.splitlines() if line.startswith("> "))
    assert code == 0 and quote.startswith("> &lt;img src=x> &#33;[x]&#40;http&#58;//evil/x.png)")
    assert "(Gov 3b)." in quote  # the draft's own words otherwise as written
