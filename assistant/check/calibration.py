"""The checker's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class CheckCalibration(Calibration):
    """Every number the checker judges a citation with, chosen on the tuning set's drafts
    (plain cases: supported, misattributed, nonexistent; and contradictions); ``--sweep``
    varies them around their values."""

    EVAL: ClassVar[str] = "python -m eval.quality.citations --set own"

    dense_weight: float = 0.6  # share of semantic similarity in a score; term overlap has the rest
    support: float = 0.42  # lowest score at which the cited clause supports a sentence
    margin: float = 0.15  # another clause scoring this much higher makes a citation misattributed
    suggest: float = 0.55  # lowest score for suggesting a clause
    suggest_similarity: float = 0.35  # and the lowest semantic similarity for it
    sector_preference: float = 0.05  # a clause of the sentence's own sector wins when this close to the best
    contradiction_factor: float = 0.5  # a contradicted citation's score is multiplied by this
    common_share: float = 0.2  # stems in more than this share of clauses cannot signal a negation
    min_segment_terms: int = 2  # a part of a sentence needs this many content words to be judged alone
