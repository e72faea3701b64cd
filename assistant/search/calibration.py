"""The search stage's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class SearchCalibration(Calibration):
    """How dense and BM25 scores are fused, chosen on the tuning set's retrieval questions.

    ``linear`` fusion (``search/fusion.py``) mixes min-max scaled dense similarity with
    BM25 scores divided by the best one; ``rrf`` is reciprocal rank fusion, kept for
    comparison. Linear fusion measured better: it keeps how far apart scores are. With the
    query adapter (``embed/adapter.py``) the dense side is stronger, so it gets a larger share.
    ``passages`` (BM25 by a clause's best sentence too, so a long clause is not pushed down
    by its length) and the weights were chosen on the own set and, first, on the mean over the
    holdout sets (``python -m eval.quality.retrieval --read``), never on one set.
    """

    EVAL: ClassVar[str] = "python -m eval.quality.retrieval --set own"

    fusion: str = "linear"
    dense_weight: float = 0.5  # linear: share of the dense score (BM25 gets the rest)
    adapted_dense_weight: float = 0.7  # the same, when the query adapter maps query vectors
    rrf_k: int = 60
    sector_boost: float = 0.15  # added for clauses of the sector the question is about
    intent_boost: float = 0.15  # added for clauses of the kind the phrasing asks for
    home_boost: float = 0.1  # added for the Call to Action's own clauses when the question names no framework
    passages: bool = True  # BM25 scores a clause by the best of its whole text and each sentence
    candidates: int = 200  # from each side; dense scores are scaled over these
