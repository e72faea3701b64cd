"""Nothing a user types is stored, logged or sent: SECURITY.md's "Data" section, checked."""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import PROJECT_DIR, Settings
from assistant.core import Assistant

from .conftest import _is_local

SECRET = "Zephyrine Quartermaine"  # a name that appears nowhere else, to look for in files and logs
QUESTION = f"{SECRET} asks: what must governments do about AI-generated abuse?"
PROFILE = f"{SECRET} Payments, a mobile money company in Kenya"
DRAFT = f"{SECRET} will criminalise AI-generated abuse and sextortion (Gov 3b)."
SKIPPED = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".mypy_cache",
           "artifacts", "out"}


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root (bar caches and virtualenvs) with its size and modification time."""
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED and not d.endswith(".egg-info")]
        for name in names:
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:  # removed meanwhile (another process's temporary file)
                continue
            files[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return files


@pytest.fixture
def indexed(settings: Settings) -> Settings:
    """An embedded Chroma index (the real store, the fake embedder) in a temporary folder."""
    Assistant(settings).index()
    return settings


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every socket address connected to while the test runs (the autouse guard still blocks)."""
    seen: list[Any] = []
    guarded = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        seen.append(address)
        return guarded(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield seen


def every_job(settings: Settings) -> list[str]:
    """Ask, applicable, plan and check, through the API and through the CLI; the CLI's outputs."""
    assistant = Assistant(settings)
    assert assistant.ask(QUESTION).status == "answered"
    assistant.applicability.assess(PROFILE)
    assistant.planner.plan(PROFILE)
    assistant.checker.check(DRAFT)
    outputs = []
    for args in (["ask", QUESTION], ["applicable", PROFILE], ["plan", PROFILE], ["check", DRAFT],
                 ["search", QUESTION]):
        result = CliRunner().invoke(cli, [*args, "--json"], obj=Assistant(settings))
        assert result.exit_code == 0, result.stderr
        json.loads(result.stdout)
        outputs.append(result.stdout)
    return outputs


def test_the_jobs_leave_no_file_behind(indexed: Settings) -> None:
    project, index = listing(PROJECT_DIR), listing(indexed.index_dir)
    every_job(indexed)
    after_project, after_index = listing(PROJECT_DIR), listing(indexed.index_dir)
    assert sorted(set(after_project) - set(project)) == []
    assert sorted(set(after_index) - set(index)) == []
    assert {k: v[0] for k, v in after_index.items()} == {k: v[0] for k, v in index.items()}
    for path in set(after_project) | set(after_index):
        if path.endswith((".txt", ".md", ".json", ".toml", ".log")) and (PROJECT_DIR / path).is_file():
            assert SECRET not in (PROJECT_DIR / path).read_text(encoding="utf-8", errors="replace"), path


def test_nothing_typed_is_logged(indexed: Settings, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    every_job(indexed)
    leaked = [f"{r.name}:{r.levelname}" for r in caplog.records
              if r.levelno >= logging.INFO and SECRET in r.getMessage()]
    assert leaked == []


def test_the_jobs_open_no_connection(indexed: Settings, connections: list[Any]) -> None:
    every_job(indexed)
    assert [address for address in connections if not _is_local(address)] == []


def test_the_network_guard_is_active() -> None:
    """The autouse guard of conftest.py refuses at once; without it this address would time out."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        with pytest.raises(OSError, match="blocked in tests"):
            sock.connect(("203.0.113.1", 443))
    with pytest.raises(OSError, match="blocked in tests"):
        socket.create_connection(("203.0.113.1", 80), timeout=5)


def test_the_web_server_logs_nothing_typed_and_leaves_no_temp_file(indexed: Settings, tmp_path: Path) -> None:
    """Through the web API: no user text in the server's output; its temp folder gone at exit,
    and a folder a crashed server left behind swept at start-up."""
    import subprocess
    import sys

    import pytest
    from gradio_client import Client

    from .ui_server import running_app

    temp = tmp_path / "tmp"
    temp.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = temp / f"assistant-ui-{dead.pid}-crashed"
    (stale / "gradio" / "0123").mkdir(parents=True)
    (stale / "gradio" / "0123" / "citation-check.md").write_text(DRAFT, encoding="utf-8")
    log = tmp_path / "app.log"
    with running_app(indexed, log, extra_env={"TMPDIR": str(temp)}) as url:
        assert not stale.exists()  # swept at start-up
        assert [p.name.split("-")[:2] for p in temp.iterdir()] == [["assistant", "ui"]]
        client = Client(url, verbose=False, download_files=False)
        assert client.predict(QUESTION, "", api_name="/ask")["status"] == "answered"
        client.predict(PROFILE, api_name="/applicable")
        client.predict(PROFILE, api_name="/plan")
        client.predict(DRAFT, api_name="/check")
        with pytest.raises(Exception, match="sector"):  # an error whose sentence quotes the input
            client.predict(QUESTION, SECRET, api_name="/ask")
    output = log.read_text(encoding="utf-8", errors="replace")
    assert SECRET not in output, output
    assert "Traceback" not in output
    assert list(temp.iterdir()) == []  # the server's folder went with it
