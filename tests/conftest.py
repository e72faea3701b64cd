"""Shared fixtures. No test may reach beyond 127.0.0.1: outbound sockets are blocked."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.config import PROJECT_DIR, Settings
from assistant.core import Assistant
from assistant.corpus.loader import Corpus
from assistant.embed.minilm import MiniLMEmbedder
from assistant.embed.protocol import Embedder, HashingEmbedder
from assistant.indexing.indexer import TEXT, build_index
from assistant.store.protocol import MemoryStore

CORPUS = PROJECT_DIR / "corpus"


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # a unix socket path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    """Any connection beyond the loopback interface fails the test that makes it."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(address: Any) -> None:
        if not _is_local(address):
            raise OSError(f"network access beyond 127.0.0.1 is blocked in tests: {address!r}")

    def connect(self: socket.socket, address: Any) -> Any:
        guard(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        guard(address)
        return real_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]


def indexed_vectors(corpus: Corpus, embedder: Embedder, kind: str = TEXT
                    ) -> Callable[[Sequence[str]], np.ndarray]:
    """The clause vectors of one kind, as a job reads them from an index built over ``corpus``."""
    store = MemoryStore()
    build_index(corpus, embedder, store)
    return lambda ids: store.vectors(ids, kind)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a throw-away index built with the fast offline fake embedder."""
    return Settings(corpus_dir=CORPUS, index_dir=tmp_path / "index", embedder="hashing")


@pytest.fixture
def fake_assistant(settings: Settings) -> Assistant:
    """An assistant on an in-memory store with the hashing embedder, already indexed."""
    assistant = Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore())
    assistant.index()
    return assistant


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, minilm: MiniLMEmbedder) -> Settings:
    """A real Chroma index built once with the real MiniLM model."""
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("real") / "index")
    report = Assistant(settings, embedder=minilm).index()
    assert "failed" not in report.note, report.note  # the ONNX export must work on a fresh install
    return settings


@pytest.fixture(scope="session")
def real_assistant(real_index: Settings, minilm: MiniLMEmbedder) -> Assistant:
    return Assistant(real_index, embedder=minilm)


@pytest.fixture(scope="session")
def app_url(real_index: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """app.py running on a free 127.0.0.1 port over the real index."""
    from .ui_server import running_app

    log = tmp_path_factory.mktemp("app") / "app.log"
    with running_app(real_index, log) as url:
        yield url
