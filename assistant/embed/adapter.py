"""A linear map applied to query vectors only, learnt so that users' questions land near
the clauses that answer them (``python -m eval.train_adapter`` fits it).

Clause vectors are unchanged, so the index needs no rebuild; the map is kept as a small
``.npy`` beside the training data, named after the model it was fitted to, and applies
only to that model's vectors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.embed.protocol import Vectors

ADAPTER_DIR = Path("training")


def adapter_path(corpus_dir: Path, model: str) -> Path:
    return corpus_dir / ADAPTER_DIR / f"query-adapter-{model}.npy"


class QueryAdapter:
    """``v -> normalise(v + U @ (V.T @ v))``: the identity plus a low-rank correction."""

    def __init__(self, left: np.ndarray, right: np.ndarray) -> None:
        self.left = np.asarray(left, dtype=np.float32)  # d x r
        self.right = np.asarray(right, dtype=np.float32)  # d x r

    @classmethod
    def load(cls, corpus_dir: Path, model: str) -> QueryAdapter | None:
        """The adapter fitted to ``model``, or None when there is none (e.g. the hashing fake)."""
        path = adapter_path(corpus_dir, model)
        if not path.is_file():
            return None
        stacked = np.load(path)  # 2 x d x r
        return cls(stacked[0], stacked[1])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, np.stack([self.left, self.right]).astype(np.float16))

    def apply(self, vectors: Vectors) -> Vectors:
        """Rows (or one vector) mapped and normalised again."""
        mapped = vectors + (vectors @ self.right) @ self.left.T
        norms = np.linalg.norm(mapped, axis=-1, keepdims=True)
        return np.asarray(mapped / np.clip(norms, 1e-12, None), dtype=np.float32)
