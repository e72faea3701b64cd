from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import Settings
from assistant.core import Assistant
from assistant.domain.clauses import CTA_SOURCE


@pytest.fixture
def run(fake_assistant: Assistant):  # type: ignore[no-untyped-def]
    def invoke(*args: str, assistant: Assistant | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), obj=assistant or fake_assistant)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_show_json_is_exactly_the_contract(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("show", "cta.government.3.b", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "id": "cta.government.3.b",
        "label": "Government 3(b)",
        "text": "Criminalise emerging threats such as AI-generated abuse and financially "
                "motivated sextortion.",
        "source": CTA_SOURCE,
        "sector": "government",
    }
    assert out.count("\n") == 1


def test_show_accepts_a_written_reference(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("show", "Gov. 3b")
    assert code == 0
    assert out == (
        "Government 3(b) [cta.government.3.b]\nCriminalise emerging threats such as AI-generated "
        f"abuse and financially motivated sextortion.\n— {CTA_SOURCE}\n"
    )


def test_search_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("search", "payment platforms banking sextortion", "-k", "3", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["query"] == "payment platforms banking sextortion"
    assert len(data["hits"]) == 3
    assert set(data["hits"][0]) == {"id", "label", "score", "text", "source"}
    assert data["hits"][0]["id"] == "cta.private_sector.2.c"
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_search_exact_lookup_comes_first(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("search", "what does Gov 3b say?", "--json")
    assert json.loads(out)["hits"][0]["id"] == "cta.government.3.b"


def test_search_sector_filter(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("search", "share best practice", "--sector", "civil_society", "--json")
    assert {h["id"].split(".")[1] for h in json.loads(out)["hits"]} == {"civil_society"}


def test_queries_file_jsonl_keeps_order(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queries = tmp_path / "q.txt"
    queries.write_text("hotline\n\npayment sextortion\nLanzarote\n", encoding="utf-8")
    code, out, err = run("search", "--queries-file", str(queries), "-k", "2", "--jsonl")
    assert (code, err) == (0, "")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [x["query"] for x in lines] == ["hotline", "payment sextortion", "Lanzarote"]
    assert all(len(x["hits"]) == 2 for x in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", ""), "Error: The query is empty; type a question or some keywords.\n"),
        (("search", "   "), "Error: The query is empty; type a question or some keywords.\n"),
        (("search", "hotline", "-k", "0"), "Error: -k must be at least 1, not 0.\n"),
        (("search", "hotline", "-k", "-3"), "Error: -k must be at least 1, not -3.\n"),
        (("search", "hotline", "--sector", "media"),
         "Error: Unknown sector 'media'; use one of: government, private_sector, civil_society.\n"),
        (("search",), "Error: Give a QUERY to search for, or --queries-file F.\n"),
        (("search", "--queries-file", "/nonexistent/q.txt", "--jsonl"),
         "Error: The queries file /nonexistent/q.txt does not exist.\n"),
        (("show", "cta.government.9.z"),
         "Error: There is no clause 'cta.government.9.z'; ids look like cta.government.3.b, "
         "mnr.12 or inspire.4 (try `assistant search` to find one).\n"),
        (("search", "hotline", "-k", "abc"),
         "Error: Invalid value for '-k': 'abc' is not a valid integer. See `assistant --help`.\n"),
        (("frobnicate",), "Error: No such command 'frobnicate'. See `assistant --help`.\n"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(run, args, message) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(*args)
    assert (code, out, err) == (2, "", message)


def test_huge_query_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("search", "x" * 100_000)
    assert code == 2 and err.startswith("Error: The query is 100,000 characters long;")


def test_missing_index_exits_1_and_names_rebuild(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "none", embedder="hashing")
    result = CliRunner().invoke(cli, ["search", "hotline"], obj=Assistant(settings))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: There is no index at {tmp_path / 'none'} yet; build it with `assistant index` "
        "(or `assistant index --rebuild`).\n"
    )


def test_unreachable_chroma_server(tmp_path: Path) -> None:
    settings = Settings(chroma_url="http://127.0.0.1:9", embedder="hashing", timeout=2)
    result = CliRunner().invoke(cli, ["search", "hotline"], obj=Assistant(settings))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The Chroma server at http://127.0.0.1:9 cannot be reached")
    assert result.stderr.count("\n") == 1


def test_a_chroma_url_with_spaces_is_bad_input() -> None:
    settings = Settings(chroma_url="not a url", embedder="hashing")
    result = CliRunner().invoke(cli, ["search", "hotline"], obj=Assistant(settings))
    assert result.exit_code == 2
    assert result.stderr == ("Error: ASSISTANT_CHROMA_URL 'not a url' is not an http(s) URL such as "
                             "http://127.0.0.1:8000.\n")


def test_index_command_and_add_document(settings: Settings, tmp_path: Path) -> None:
    import shutil

    from .conftest import CORPUS

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("documents"))
    local = settings.with_(corpus_dir=corpus)
    doc = tmp_path / "national-action-plan.md"
    doc.write_text("# National Action Plan\n\n## 3. Hotline\n\nWe will fund a national reporting "
                   "hotline for online abuse material.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "--add", str(doc)], obj=Assistant(local))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Indexed ")
    assert (corpus / "documents" / "national-action-plan.md").is_file()
    shown = CliRunner().invoke(cli, ["show", "doc.national-action-plan.3-hotline", "--json"],
                               obj=Assistant(local))
    assert json.loads(shown.stdout)["label"] == "national-action-plan.md, “3. Hotline”"
    found = CliRunner().invoke(cli, ["search", "fund a national reporting hotline", "--json"],
                               obj=Assistant(local))
    assert json.loads(found.stdout)["hits"][0]["id"] == "doc.national-action-plan.3-hotline"


def test_index_add_rejects_binary(settings: Settings, tmp_path: Path) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01\x02")
    result = CliRunner().invoke(cli, ["index", "--add", str(binary)], obj=Assistant(settings))
    assert (result.exit_code, result.stderr) == (
        2, f"Error: The file {binary} looks binary; give a Markdown or plain-text file.\n")


def test_bare_command_shows_help(fake_assistant: Assistant) -> None:
    result = CliRunner().invoke(cli, [], obj=fake_assistant)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: ")
    assert "ask " in result.stdout and "check " in result.stdout
