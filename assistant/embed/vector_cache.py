"""Embeddings of a fixed list of texts kept on disk beside the index (a .npy per list).

The safety exemplars and the clause texts the checker compares drafts with are the same
every run: embedding them again costs seconds per command. The file's name is a hash of
the model and the texts, so a changed list or another model is embedded afresh.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.embed.protocol import Embedder, Vectors


def cached_embed(embedder: Embedder, texts: Sequence[str], cache_dir: Path | None, prefix: str,
                 batch_size: int = 256) -> Vectors:
    """The vectors of ``texts`` (rows in order), read from ``cache_dir`` when kept there."""
    digest = hashlib.sha256("\n".join([embedder.name, *texts]).encode()).hexdigest()[:16]
    path = cache_dir / f"{prefix}-{digest}.npy" if cache_dir else None
    matrix = _read(path)
    if matrix is None or matrix.ndim != 2 or matrix.shape[0] != len(texts):
        parts = [np.asarray(embedder.embed(list(texts[i:i + batch_size])), dtype=np.float32)
                 for i in range(0, len(texts), batch_size)]
        matrix = np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)
        _write(path, matrix)
    return matrix


def _read(path: Path | None) -> Vectors | None:
    if path is None or not path.is_file():
        return None
    try:
        return np.asarray(np.load(path, allow_pickle=False), dtype=np.float32)
    except Exception:  # an empty, truncated or foreign file: recompute
        return None


def _write(path: Path | None, matrix: Vectors) -> None:
    """Best effort: a read-only index folder only means recomputing next time."""
    if path is None or not path.parent.is_dir():
        return
    staging = path.with_name(f"{path.stem}.tmp-{os.getpid()}-{uuid.uuid4().hex}.npy")  # one per call
    try:
        np.save(staging, matrix, allow_pickle=False)
        os.replace(staging, path)
    except OSError:
        staging.unlink(missing_ok=True)
