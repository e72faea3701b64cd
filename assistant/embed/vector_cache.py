"""Embeddings of a list of texts kept on disk beside the index, reused text by text.

The safety exemplars are the same every run: embedding them again costs seconds per command.
(Clause texts are not kept here: the index keeps their vectors, see indexing/indexer.py.)
Each list is kept as one ``<prefix>-<digest>.npz`` (the digest of the model and the texts)
holding every text's key and vector; when the list changes, the texts already embedded in
the previous file are reused and only the new ones are embedded.
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
    """The vectors of ``texts`` (rows in order), from ``cache_dir`` where they are kept there."""
    keys = [hashlib.sha256(f"{embedder.name}\0{t}".encode()).hexdigest()[:24] for t in texts]
    digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
    path = cache_dir / f"{prefix}-{digest}.npz" if cache_dir else None
    kept = _read(path)
    if kept is not None and list(kept) == keys:
        return np.asarray([kept[k] for k in keys], dtype=np.float32).reshape(len(keys), -1)
    known = _previous(cache_dir, prefix) if cache_dir else {}
    key_of = dict(zip(texts, keys))
    missing = [t for t, k in key_of.items() if k not in known]
    for start in range(0, len(missing), max(1, batch_size)):
        batch = missing[start:start + max(1, batch_size)]
        vectors = np.asarray(embedder.embed(batch), dtype=np.float32)
        known.update((key_of[text], vector) for text, vector in zip(batch, vectors))
    if not keys:
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.asarray([known[k] for k in keys], dtype=np.float32)
    _write(path, keys, matrix, prefix)
    return matrix


def _read(path: Path | None) -> dict[str, Vectors] | None:
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], np.asarray(data["vectors"], dtype=np.float32)
        if vectors.ndim != 2 or len(keys) != len(vectors):
            return None
        return {str(k): v for k, v in zip(keys, vectors)}
    except Exception:  # an empty, truncated or foreign file: recompute
        return None


def _previous(cache_dir: Path, prefix: str) -> dict[str, Vectors]:
    """The vectors of the newest earlier list with this prefix, by key (empty when none)."""
    try:
        files = sorted(cache_dir.glob(f"{prefix}-*.npz"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return {}
    return (_read(files[-1]) or {}) if files else {}


def _write(path: Path | None, keys: list[str], matrix: Vectors, prefix: str) -> None:
    """Best effort: a read-only index folder only means recomputing next time."""
    if path is None or not path.parent.is_dir():
        return
    staging = path.with_name(f".{path.stem}.tmp-{os.getpid()}-{uuid.uuid4().hex}.npz")  # one per call
    try:
        np.savez(staging, keys=np.asarray(keys), vectors=matrix)
        os.replace(staging, path)
        for old in path.parent.glob(f"{prefix}-*.np[yz]"):  # earlier lists of this prefix
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        staging.unlink(missing_ok=True)
