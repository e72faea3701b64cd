"""The Embedder protocol, the deterministic fake that tests use, and a cache of phrase vectors.

Backends: minilm.py (torch, sentence-transformers) and onnx.py (onnxruntime); factory.py
chooses one. This module imports neither.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from assistant.text.normalise import tokens

Vectors = NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors. ``name`` is recorded in the index."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors: ...


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
