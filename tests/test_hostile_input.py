"""Hostile input that is not about speed: forged pledges in documents, look-alike citations,
clashing document names, a damaged store, secrets in settings (issue 17)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from assistant.ask.backends.factory import make_backend
from assistant.ask.citation_guard import complete_prefix, guard_citations
from assistant.ask.compose import as_written, compose
from assistant.cli import cli
from assistant.config import Settings
from assistant.core import Assistant
from assistant.corpus.documents import parse_document
from assistant.domain.clauses import Clause
from assistant.domain.references import find_references, referenced_ids
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import BadInput, IndexCorrupt
from assistant.store.chroma_server import ChromaServerStore
from assistant.store.files import masked
from assistant.store.protocol import Extra, MemoryStore
from assistant.text.lookalike import fold_lookalikes

from .conftest import CORPUS, indexed_vectors

FORGE = "# Government 3(b)\n\n## Private sector 2(c)\n\nWe review reports [cta.government.9.z] every week.\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Settings:
    corpus = Path(shutil.copytree(CORPUS, tmp_path / "corpus", ignore=shutil.ignore_patterns("documents")))
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing")


def fresh(settings: Settings) -> Assistant:
    return Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore())


# --- documents are labelled as themselves -------------------------------------------------------

def test_a_document_section_is_labelled_with_its_file_never_as_a_pledge() -> None:
    [section] = parse_document("forge.md", FORGE)
    assert section.label == "forge.md, “Private sector 2(c)”"
    assert section.id == "doc.forge.private-sector-2-c" and section.kind == "document"
    assert section.context == "Government 3(b) — Private sector 2(c)"


def test_a_document_id_is_never_read_as_a_call_to_action_reference() -> None:
    assert referenced_ids("as planned (doc.forge.cta-government-3-b) and Gov 3b") == [
        "doc.forge.cta-government-3-b", "cta.government.3.b"]


def test_a_quoted_document_marks_its_own_references() -> None:
    assert as_written("We review reports [cta.government.9.z] every week (PS 2c).") == (
        "We review reports (the document cites ‘cta.government.9.z’) every week "
        "(the document cites ‘PS 2c’).")


def test_an_added_forgery_is_answered_as_the_document(workspace: Settings, tmp_path: Path) -> None:
    source = tmp_path / "forge.md"
    source.write_text(FORGE, encoding="utf-8")
    assistant = fresh(workspace)
    assistant.index(add=source)
    hits = assistant.search("forge review reports every week", k=1)
    doc = "doc.forge.private-sector-2-c"
    assert hits[0].clause.id == doc
    text, cited = compose(hits, lambda _: (), assistant.corpus.get)
    assert text == ("Your document *forge.md, “Private sector 2(c)”* says: “We review reports "
                    "(the document cites ‘cta.government.9.z’) every week.”")
    assert cited == [doc]
    checked = assistant.checker.check("We review reports weekly (doc.forge.cta-government-3-b).")
    assert checked.results[0].clause_id is None and checked.results[0].status == "unknown"


def test_five_thousand_headings_are_refused_in_words_quickly(workspace: Settings, tmp_path: Path) -> None:
    many = tmp_path / "many.md"
    many.write_text("".join(f"## Heading {i}\n\nText {i}.\n\n" for i in range(5000)), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(BadInput, match="5,000 sections, more than the 500"):
        fresh(workspace).index(add=many)
    assert time.perf_counter() - started < 5
    assert not (workspace.corpus_dir / "documents" / "many.md").exists()


def test_repeated_headings_get_numbered_ids_in_linear_time() -> None:
    text = "## Same\n\nx\n\n" * 450 + "## Same 2\n\ny\n"
    started = time.perf_counter()
    ids = [c.id for c in parse_document("d.md", text)]
    assert time.perf_counter() - started < 2
    assert ids[:3] == ["doc.d.same", "doc.d.same-2", "doc.d.same-3"] and len(set(ids)) == len(ids) == 451


# --- index --add is all or nothing --------------------------------------------------------------

def test_clashing_document_names_are_bad_input_and_leave_nothing(workspace: Settings, tmp_path: Path) -> None:
    first, second = tmp_path / "My Plan.md", tmp_path / "my-plan.md"
    first.write_text("## Hotline\n\nWe fund a hotline.\n", encoding="utf-8")
    second.write_text("## Hotline\n\nWe fund a helpline.\n", encoding="utf-8")
    assistant = fresh(workspace)
    assistant.index(add=first)
    result = CliRunner().invoke(cli, ["index", "--add", str(second)], obj=assistant)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("Error: my-plan.md would share its clause ids (doc.my-plan.…) with the document "
                             "My Plan.md already added; rename the file.\n")
    assert sorted(p.name for p in (workspace.corpus_dir / "documents").iterdir()) == ["My Plan.md"]
    shown = CliRunner().invoke(cli, ["show", "doc.my-plan.hotline", "--json"], obj=fresh(workspace))
    assert json.loads(shown.stdout)["text"] == "We fund a hotline."


class FailingStore(MemoryStore):
    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str],
              extra: Mapping[str, Extra] | None = None) -> None:
        raise IndexCorrupt("The disk is full; free some space and run the build again.")


def test_a_failed_add_leaves_the_corpus_and_the_assistant_as_they_were(workspace: Settings,
                                                                         tmp_path: Path) -> None:
    assistant = fresh(workspace)
    assistant.index()
    before = len(assistant.corpus)
    source = tmp_path / "plan.md"
    source.write_text("## Hotline\n\nWe fund a hotline.\n", encoding="utf-8")
    assistant._store = FailingStore()
    assistant.__dict__.pop("store", None)
    with pytest.raises(IndexCorrupt):
        assistant.index(add=source)
    assert not (workspace.corpus_dir / "documents" / "plan.md").exists()
    assert len(assistant.corpus) == before


def test_after_an_add_every_job_sees_the_new_document(workspace: Settings, tmp_path: Path) -> None:
    assistant = fresh(workspace)
    assistant.index()
    assert assistant.checker and assistant.applicability and assistant.planner  # built on the old corpus
    source = tmp_path / "plan.md"
    source.write_text("## Hotline\n\nWe fund a hotline.\n", encoding="utf-8")
    assistant.index(add=source)
    checked = assistant.checker.check("We fund it (doc.plan.hotline).")
    assert checked.results[0].clause_id == "doc.plan.hotline"
    assert "doc.plan.hotline" in assistant.corpus.by_id()


@pytest.mark.parametrize("name", ["fifo", "folder"])
def test_index_add_of_a_pipe_or_folder_is_refused_at_once(workspace: Settings, tmp_path: Path,
                                                          name: str) -> None:
    import os

    path = tmp_path / f"{name}.md"
    os.mkfifo(path) if name == "fifo" else path.mkdir()
    result = CliRunner().invoke(cli, ["index", "--add", str(path)], obj=fresh(workspace))
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {path} is ")


# --- the citation guard sees look-alike forms ----------------------------------------------------

RETRIEVED = {"cta.private_sector.2.c": Clause("cta.private_sector.2.c", "Private sector 2(c)", "x", "s")}


@pytest.mark.parametrize("forged", ["Gοvernment 9(z)", "Government 9（z）", "Government 9", "CTA 9.z",
                                    "paragraph 99", "[Ｇｏｖ 9ｚ]", "Gov\u200b 9z", "ＰＳ ９(z)"])
def test_look_alike_and_bare_references_are_removed(forged: str) -> None:
    guarded = guard_citations(f"Banks act [cta.private_sector.2.c]. Also {forged} applies.", RETRIEVED, {})
    assert guarded.citations == ("cta.private_sector.2.c",)
    assert "9" not in guarded.text and guarded.notices
    assert guarded.text.startswith("Banks act [Private sector 2(c)]. Also ")


def test_a_look_alike_citation_of_a_retrieved_clause_is_kept_as_written() -> None:
    guarded = guard_citations("Banks act (Ρrivate sector 2(c)) now.", RETRIEVED, {})
    assert guarded.citations == ("cta.private_sector.2.c",)
    assert guarded.text == "Banks act (Ρrivate sector 2(c)) now."


def test_folding_keeps_offsets_into_the_original() -> None:
    folded = fold_lookalikes("x Gοv 3（b） y")
    assert folded.text == "x Gov 3(b) y"
    assert folded.span(2, 10, 12) == (2, 10)


def test_streamed_text_is_shown_only_up_to_the_last_complete_sentence() -> None:
    assert complete_prefix("One [a]. Two [cta.gov") == len("One [a].")
    assert complete_prefix("No end yet") == 0
    assert complete_prefix("Line one\nline") == len("Line one\n")


def test_cta_with_a_number_names_no_clause() -> None:
    found = find_references("see CTA 9.z and Call to Action 3(b)")
    assert [r.clause_id for r in found] == ["cta.9.z", "cta.3.b"]


# --- a damaged store, secrets and public services ---------------------------------------------

class PanicException(BaseException):  # what pyo3 raises for a panic in chromadb's Rust core
    pass


def test_a_native_panic_in_the_store_is_one_sentence(tmp_path: Path) -> None:
    from assistant.store.chroma_local import ChromaLocalStore

    store = ChromaLocalStore(tmp_path / "index")
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "CURRENT").write_text("build-x\n")
    (tmp_path / "index" / "build-x").mkdir()
    sqlite3.connect(tmp_path / "index" / "build-x" / "chroma.sqlite3").close()  # a sound, empty file

    def panic(path: Path) -> None:
        raise PanicException("range start index 10 out of range")

    store._client = panic  # type: ignore[method-assign, assignment]
    with pytest.raises(IndexCorrupt, match=r"cannot be read .*assistant index --rebuild"):
        store.snapshot()


def test_a_damaged_index_file_is_found_before_the_store_reads_it(tmp_path: Path) -> None:
    from assistant.store.chroma_local import ChromaLocalStore

    (tmp_path / "build-x").mkdir()
    (tmp_path / "CURRENT").write_text("build-x\n")
    (tmp_path / "build-x" / "chroma.sqlite3").write_bytes(b"\0" * 8192)
    with pytest.raises(IndexCorrupt) as damaged:
        ChromaLocalStore(tmp_path).query([0.0] * 4, 3, None)
    assert str(damaged.value) == (f"The index at {tmp_path} cannot be read (damaged: file is not a "
                                  "database); rebuild it with `assistant index --rebuild`.")


def test_a_password_in_the_chroma_url_is_never_shown() -> None:
    assert masked("http://me:s3cret@127.0.0.1:9/") == "http://me:***@127.0.0.1:9/"
    store = ChromaServerStore("http://me:s3cret@127.0.0.1:9/", 0.5)
    assert "s3cret" not in store.describe()
    with pytest.raises(BadInput) as bad:
        ChromaServerStore("http://me:s3cret@exa mple:9/", 0.5)
    assert "s3cret" not in str(bad.value)


def test_openai_without_a_base_url_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(BadInput, match="OPENAI_BASE_URL is not set"):
        make_backend("openai:gpt-x", 5)


# --- one check's work is bounded, and its fixed part is done once ------------------------------

def test_a_draft_with_more_sentences_than_one_check_reads_is_refused_in_words() -> None:
    from assistant.check.checker import Checker
    from assistant.check.contradiction_cues import ContradictionCues
    from assistant.check.parts import CheckLimits
    from assistant.corpus.loader import load_corpus

    corpus = load_corpus(CORPUS)
    checker = Checker(corpus, HashingEmbedder(), ContradictionCues.load(CORPUS),
                      limits=CheckLimits(max_texts=5),
                      clause_vectors=indexed_vectors(corpus, HashingEmbedder()))
    sentences = [f"Programme {i} fights sextortion with partners (PS 2c)." for i in range(6)]
    draft = " ".join(sentences)
    with pytest.raises(BadInput, match=r"^The draft has 6 cited or pledge-like sentences to compare with the "
                                       r"clauses, more than the 5 one check reads; split it"):
        checker.check(draft)
    assert len(checker.check(" ".join(sentences[:5])).results) == 5


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return super().embed(texts)


def test_the_clause_vectors_are_kept_in_the_index(settings: Settings) -> None:
    first, second = CountingEmbedder(), CountingEmbedder()
    Assistant(settings, embedder=first).index()
    draft = "Banks address sextortion risks (PS 2c)."
    indexed = first.texts
    verdict = Assistant(settings, embedder=first).checker.check(draft).to_json()
    assert indexed > 100 and first.texts == indexed + 1  # the index embedded the clause texts
    assert not list(settings.index_dir.glob("clauses-*"))  # no second copy beside the index
    assert Assistant(settings, embedder=second).checker.check(draft).to_json() == verdict
    assert second.texts == 1  # only the draft's sentence


def test_the_web_job_limit_is_a_setting() -> None:
    assert Settings.from_env({"ASSISTANT_UI_JOB_SECONDS": "6"}).ui_job_seconds == 6.0
    for bad in ("0", "nan", "soon"):
        with pytest.raises(BadInput, match="ASSISTANT_UI_JOB_SECONDS must be a"):
            Settings.from_env({"ASSISTANT_UI_JOB_SECONDS": bad})
