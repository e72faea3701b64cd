"""Chooses an embedder by name; the only module that imports every backend."""

from __future__ import annotations

from pathlib import Path

from assistant.embed.minilm import MiniLMEmbedder, export_onnx
from assistant.embed.onnx import OnnxEmbedder, onnx_path
from assistant.embed.protocol import Embedder, HashingEmbedder
from assistant.errors import BadInput


def make_embedder(kind: str, index_dir: Path | None = None) -> Embedder:
    """MiniLM through ONNX when the index holds the export (no torch), else through torch."""
    if kind == "minilm":
        if index_dir is not None and onnx_path(index_dir).is_file():
            return OnnxEmbedder(onnx_path(index_dir).parent)
        return MiniLMEmbedder()
    if kind == "hashing":
        return HashingEmbedder()
    raise BadInput(f"Unknown embedder '{kind}'; use minilm or hashing.")


def export_for_queries(embedder: Embedder, index_dir: Path) -> str:
    """Export MiniLM to ONNX beside the index once, so that queries need no torch; a note."""
    if not isinstance(embedder, MiniLMEmbedder) or onnx_path(index_dir).is_file():
        return ""
    try:
        export_onnx(index_dir, reference=embedder)
    except Exception as exc:  # queries still work, through torch
        return f"The ONNX export failed ({type(exc).__name__}: {exc}); queries will load torch."
    return "Exported the model to ONNX for fast queries."
