"""A real Chroma server (`chroma run`) behind ASSISTANT_CHROMA_URL.

The same corpus indexed into the server and into the embedded store gives the same
ranking; a server that stops mid-run gives one clear sentence and exit status 1.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.minilm import MiniLMEmbedder

from .ui_server import free_port

CHROMA = Path(sys.executable).parent / "chroma"
STARTUP = 30.0
QUERIES = [
    "what does the Call to Action expect of payment providers?",
    "goverment pledge on regional and international colab",
    "AI-generated abuse and sextortion laws",
    "national hotline for reporting abuse material",
    "What do NGOs pledge on research?",
    "how often do members report progress to the Alliance?",
    "safety by design for new products",
    "support for survivors and victims",
    "parent and caregiver support",
    "Lanzarote Convention",
]


class ChromaServer:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "chroma.log"
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(folder / "data"), "--host", "127.0.0.1",
                 "--port", str(self.port)],
                stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def wait_ready(self) -> str | None:
        """None once the heartbeat answers, else why the server did not start."""
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"`chroma run` exited with status {self.proc.returncode}: {self._tail()}"
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        return None
            except OSError:
                pass
            time.sleep(0.2)
        return f"`chroma run` did not answer its heartbeat within {STARTUP:.0f} s: {self._tail()}"

    def _tail(self) -> str:
        return " ".join(self.log.read_text(errors="replace").split()[-30:])

    def stop(self) -> None:
        """Stop the server and anything it started (its whole process group)."""
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[Callable[[], ChromaServer]]:
    """Starts real Chroma servers on free ports; skips when `chroma` cannot start."""
    started: list[ChromaServer] = []

    def start() -> ChromaServer:
        if not CHROMA.is_file():
            pytest.skip(f"the `chroma` command is not installed ({CHROMA} is missing)")
        folder = tmp_path / f"chroma-{len(started)}"
        folder.mkdir()
        server = ChromaServer(folder)
        started.append(server)
        problem = server.wait_ready()
        if problem:
            pytest.skip(f"a Chroma server cannot be started here: {problem}")
        return server

    yield start
    for server in started:
        server.stop()


def _server_assistant(url: str, real_index: Settings, minilm: MiniLMEmbedder) -> Assistant:
    # The index dir only holds the ONNX export here: the clauses live on the server.
    return Assistant(real_index.with_(chroma_url=url, timeout=5.0), embedder=minilm)


def test_server_ranks_exactly_like_the_embedded_store(
        chroma_server: Callable[[], ChromaServer], real_index: Settings, real_assistant: Assistant,
        minilm: MiniLMEmbedder) -> None:
    server = chroma_server()
    report = _server_assistant(server.url, real_index, minilm).index()
    assert (report.total, report.location) == (len(real_assistant.snapshot.clauses), server.url)

    fresh = _server_assistant(server.url, real_index, minilm)  # a new client reads what was written
    assert fresh.snapshot.clauses == real_assistant.snapshot.clauses
    for query in QUERIES:
        remote, local = fresh.search(query, k=8), real_assistant.search(query, k=8)
        assert [h.clause.id for h in remote] == [h.clause.id for h in local], query
        assert [h.score for h in remote] == pytest.approx([h.score for h in local], abs=1e-4)

    result = CliRunner().invoke(cli, ["search", QUERIES[0], "-k", "3", "--json"], obj=fresh)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["hits"][0]["id"] == "cta.private_sector.2.c"


def test_server_stopping_mid_run_is_one_clear_error(
        chroma_server: Callable[[], ChromaServer], real_index: Settings, minilm: MiniLMEmbedder) -> None:
    server = chroma_server()
    assistant = _server_assistant(server.url, real_index, minilm)
    assistant.index()
    ok = CliRunner().invoke(cli, ["search", "hotline", "--json"], obj=assistant)
    assert ok.exit_code == 0, ok.stderr
    # An instance that holds a small corpus's vectors in memory needs no server per query.
    remote_only = Assistant(assistant.settings, embedder=minilm, in_memory=0)
    assert CliRunner().invoke(cli, ["search", "hotline"], obj=remote_only).exit_code == 0

    server.stop()
    assert CliRunner().invoke(cli, ["search", "hotline", "--json"], obj=assistant).exit_code == 0
    for args in (["search", "hotline", "--json"], ["ask", "what must payment providers do?"]):
        started = time.monotonic()
        result = CliRunner().invoke(cli, args, obj=remote_only)  # queries the server, mid-run
        assert time.monotonic() - started < 10
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"Error: The Chroma server at {server.url} cannot be reached")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr

    fresh = _server_assistant(server.url, real_index, minilm)
    result = CliRunner().invoke(cli, ["search", "hotline"], obj=fresh)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: The Chroma server at {server.url} cannot be reached")
    assert result.stderr.count("\n") == 1


def test_server_keeps_each_kind_of_vector_with_its_build(
        chroma_server: Callable[[], ChromaServer], settings: Settings) -> None:
    import chromadb
    import numpy as np

    from assistant.embed.protocol import HashingEmbedder
    from assistant.indexing.indexer import TEXT

    server = chroma_server()
    fake, on_server = HashingEmbedder(), settings.with_(chroma_url=server.url, timeout=5.0)
    for _ in range(3):
        Assistant(on_server, embedder=fake).index(rebuild=True)
    fresh = Assistant(on_server, embedder=fake)
    clauses = list(fresh.corpus.clauses)[::-5]
    ids = [c.id for c in clauses]
    assert np.allclose(fresh.store.vectors(ids, TEXT), fake.embed([c.text for c in clauses]), atol=1e-6)
    assert np.allclose(fresh.store.vectors(ids), fake.embed([c.search_text() for c in clauses]), atol=1e-6)
    names = [c.name for c in chromadb.HttpClient(host="127.0.0.1", port=server.port).list_collections()]
    builds = sorted(n for n in names if n.startswith("clauses_") and "-" not in n)
    assert len(builds) == 2 and sorted(n for n in names if n.endswith(f"-{TEXT}")) == [
        f"{b}-{TEXT}" for b in builds]  # the oldest build went with its kind's collection
