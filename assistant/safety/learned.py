"""The safety guard's learned stage: a logistic regression on a request's embedding.

It is trained on every exemplar (corpus/behaviour/safety_examples.toml) and every eval set's
safety requests by ``python -m eval.quality.safety --train``, which writes its weights to
corpus/behaviour/safety_learned.toml; ``--leave-one-out`` trains it on all sets but one and
scores the one left out, for every set. The weights hold for one embedding model only
(``SafetyCalibration.model``); the neighbour check (safety/semantic.py) applies them, and
safety/data.py reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.embed.protocol import Vectors


@dataclass(frozen=True)
class LearnedStage:
    weights: Vectors  # one per embedding dimension
    bias: float
    model: str  # the embedding model it was trained on
    trained_on: str  # what it was trained on, in words

    def probability(self, vectors: Vectors) -> float:
        """The most harmful part's probability of being a harmful request (rows: unit vectors)."""
        if vectors.shape[1] != self.weights.shape[0]:
            return 0.0  # another model's vectors: the stage says nothing
        logits = np.asarray(vectors, dtype=np.float64) @ self.weights.astype(np.float64) + self.bias
        return float((1.0 / (1.0 + np.exp(-logits))).max())


def train(vectors: Vectors, harmful: np.ndarray, strength: float, steps: int = 30) -> tuple[Vectors, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method), each class
    weighted to half the total so that the larger side does not decide alone. ``strength`` is
    the inverse of the regularisation (larger: closer fit)."""
    x = np.hstack([np.asarray(vectors, dtype=np.float64), np.ones((len(vectors), 1))])
    y = np.asarray(harmful, dtype=np.float64)
    if not 0 < y.sum() < len(y):
        raise ValueError("training needs both harmful and non-harmful requests")
    sample = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    penalty = np.eye(x.shape[1]) / strength
    penalty[-1, -1] = 0.0  # the bias is not regularised
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ ((p - y) * sample) + penalty @ w
        hessian = (x * (p * (1 - p) * sample)[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w[:-1].astype(np.float32), float(w[-1])
