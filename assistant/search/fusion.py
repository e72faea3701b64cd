"""Fusion: scores of different kinds brought to 0-1 and mixed, written once.

Linear fusion is what search ranks by (dense similarity and BM25, ``SearchCalibration``)
and what applicability scores with (activities, dense similarity and term overlap,
``ApplicabilityCalibration``). Reciprocal rank fusion is kept for comparison
(``python -m eval.quality.retrieval`` prints both).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Signal:
    """One kind of score for a row of candidates, its weight, and the rows where it counts
    (its pool; ``None`` for all): elsewhere it adds nothing."""

    values: np.ndarray
    weight: float
    pool: np.ndarray | None = None


def linear(start: np.ndarray, dense: Signal | None = None, sparse: Signal | None = None,
           flat: float = 1.0) -> np.ndarray:
    """``start`` plus the weighted dense signal, min-max scaled over its pool (``flat`` when
    all of it is equal), plus the weighted sparse signal divided by its pool's best.

    Each part is computed in its own signal's precision and added in ``start``'s.
    """
    out = start
    if dense is not None:
        pool = _pool(dense)
        if pool.any():
            low, high = float(dense.values[pool].min()), float(dense.values[pool].max())
            scaled = (dense.values - low) / (high - low) if high > low else np.full_like(dense.values, flat)
            out = out + np.where(pool, dense.weight * scaled, 0.0).astype(out.dtype)
    if sparse is not None:
        pool = _pool(sparse)
        if pool.any():
            best = float(sparse.values[pool].max()) or 1.0
            out = out + np.where(pool, sparse.weight * sparse.values / best, 0.0).astype(out.dtype)
    return out


def _pool(signal: Signal) -> np.ndarray:
    return np.ones(len(signal.values), dtype=bool) if signal.pool is None else signal.pool


def reciprocal_rank(rankings: list[list[tuple[str, float]]], k: int) -> dict[str, float]:
    """Reciprocal rank fusion of ranked (id, score) lists, scaled so that first everywhere is 1."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, (cid, _) in enumerate(ranking):
            fused[cid] = fused.get(cid, 0.0) + (k + 1) / (k + rank + 1) / len(rankings)
    return fused
