"""Faults in the embedded index: rebuilding under load, a truncated database, a lost pointer.

(A model server replying with garbage, an error or nothing is in tests/test_answering.py;
a garbage-filled database and a failed build are in tests/test_store.py.)
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.core import Assistant
from assistant.errors import BadInput, IndexCorrupt, IndexMissing
from assistant.store import chroma_local as store_chroma
from assistant.store.chroma_local import ChromaLocalStore

QUERIES = ("payment platforms banking sextortion", "national hotline", "Lanzarote Convention")


def search_while_rebuilding(settings: Settings, rebuilds: int = 3) -> tuple[int, list[str]]:
    """Search in a loop while another thread rebuilds the index; (searches, errors).

    Each round searches with a fresh Assistant (as each `assistant search` does) and with one
    kept open all along (as the web UI does). Rebuilds are more than a second apart: build
    names order by the second only (see test_a_rebuild_keeps_the_build_it_replaces).
    """
    Assistant(settings).index()
    long_lived = Assistant(settings)
    long_lived.search("national hotline", k=1)
    done, errors, searches = threading.Event(), [], [0]

    def search() -> None:
        while not done.is_set():
            for query, reader in itertools.product(QUERIES, (long_lived, None)):
                try:
                    hits = (reader or Assistant(settings)).search(query, k=3)
                    assert len(hits) == 3 and hits[0].clause.text
                    searches[0] += 1
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc} (from {exc.__cause__!r})")

    def rebuild() -> None:
        try:
            for _ in range(rebuilds):
                time.sleep(1.05)
                Assistant(settings).index(rebuild=True)
        finally:
            time.sleep(0.2)
            done.set()

    threads = [threading.Thread(target=search), threading.Thread(target=rebuild)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return searches[0], errors


def test_searches_succeed_while_the_index_is_rebuilt(settings: Settings) -> None:
    searches, errors = search_while_rebuilding(settings)
    assert errors == [] and searches >= 20
    assert len(list(settings.index_dir.glob("build-*"))) == 2
    assert Assistant(settings).search("national hotline", k=1)


def test_a_rebuild_keeps_the_build_it_replaces(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_chroma.time, "strftime", lambda *_: "20260101-120000")  # all in one second
    Assistant(settings).index()
    lost = []
    for _ in range(12):  # with random names, 12 rebuilds all keep the right build once in ~1,000 runs
        replaced = (settings.index_dir / "CURRENT").read_text(encoding="utf-8").strip()
        Assistant(settings).index(rebuild=True)
        if not (settings.index_dir / replaced).is_dir():
            lost.append(replaced)
    assert lost == []


def current_database(settings: Settings) -> str:
    build = ChromaLocalStore(settings.index_dir).current_build()
    assert build is not None
    return str(build / "chroma.sqlite3")


def test_a_truncated_database_names_the_rebuild_command(settings: Settings) -> None:
    Assistant(settings).index()
    database = current_database(settings)
    os.truncate(database, os.path.getsize(database) // 3)
    with pytest.raises(IndexCorrupt, match=r"cannot be read .*`assistant index --rebuild`") as caught:
        Assistant(settings).search("national hotline")
    assert "\n" not in str(caught.value)
    report = Assistant(settings).index()  # a plain `assistant index` repairs it
    assert report.embedded == report.total
    assert Assistant(settings).search("national hotline", k=1)


def test_a_deleted_pointer_means_no_index(settings: Settings) -> None:
    Assistant(settings).index()
    (settings.index_dir / "CURRENT").unlink()
    with pytest.raises(IndexMissing, match=r"build it with `assistant index`"):
        Assistant(settings).search("national hotline")
    with pytest.raises(IndexMissing):
        Assistant(settings).ask("what does the Call to Action expect of payment providers?")
    assert Assistant(settings).show("Gov 3b").id == "cta.government.3.b"  # no index needed


@pytest.mark.parametrize("pointer", ["build-that-does-not-exist\n", "../..\n"])
def test_a_pointer_to_a_missing_build_is_corrupt(settings: Settings, pointer: str) -> None:
    Assistant(settings).index()
    (settings.index_dir / "CURRENT").write_text(pointer, encoding="utf-8")
    with pytest.raises(IndexCorrupt, match=r"incomplete; rebuild it with `assistant index --rebuild`"):
        Assistant(settings).search("national hotline")


def test_a_silent_chroma_server_times_out(tmp_path: Path) -> None:
    """A server that accepts connections but never answers: one clear error within the time-out."""
    import socket
    import time as clock

    from click.testing import CliRunner

    from assistant.cli import cli

    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings = Settings(chroma_url=url, embedder="hashing", timeout=1.0, index_dir=tmp_path / "i")
        started = clock.monotonic()
        result = CliRunner().invoke(cli, ["search", "hotline"], obj=Assistant(settings))
        assert clock.monotonic() - started < 10
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: The Chroma server at {url} cannot be reached")


def test_plan_output_through_a_symlink_replaces_its_target(fake_assistant: Assistant, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from assistant.cli import cli

    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = CliRunner().invoke(cli, ["plan", "a bank", "-o", str(link)], obj=fake_assistant)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("# Action-plan outline")


@pytest.mark.parametrize("job", ["index", "search"])
def test_an_index_dir_that_is_a_file_is_refused_in_words(settings: Settings, job: str) -> None:
    settings.index_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.index_dir.write_text("not an index", encoding="utf-8")
    assistant = Assistant(settings)
    with pytest.raises(BadInput) as refused:
        assistant.index() if job == "index" else assistant.search("payment providers")
    assert str(refused.value) == (f"ASSISTANT_INDEX_DIR {settings.index_dir} is a file, not a folder; "
                                  "choose a folder.")
