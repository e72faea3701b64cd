"""Opens the vector store the settings name; the only module that imports every store."""

from __future__ import annotations

from pathlib import Path

from assistant.store.chroma_local import ChromaLocalStore
from assistant.store.chroma_server import ChromaServerStore
from assistant.store.protocol import VectorStore


def make_store(index_dir: Path, chroma_url: str | None, timeout: float) -> VectorStore:
    if chroma_url:
        return ChromaServerStore(chroma_url, timeout)
    return ChromaLocalStore(index_dir)
