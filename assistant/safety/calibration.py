"""The safety stage's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class SafetyCalibration(Calibration):
    """The nearest-exemplar check's margins, chosen on every non-harmful request of every
    eval set (``--sweep`` prints the rates for each margin); valid for one embedding model."""

    EVAL: ClassVar[str] = "python -m eval.quality.safety --sweep"

    k: int = 5  # neighbours averaged on each side
    margin: float = 0.06  # harmful side's mean similarity minus the protective side's
    # so far above any non-harmful question that a claimed role or protective word does not
    # outweigh it (the highest such non-harmful score over the non-blind eval sets is 0.048: --sweep)
    strong_margin: float = 0.10
    # The learned stage (safety/learned.py): a request the rules let through is refused when its
    # probability is above `learned` (or `learned_strong`, behind a claimed role) and it sits no
    # closer to the safe exemplars than to the harmful ones (margin above `learned_floor`);
    # chosen on the leave-one-set-out scores (--leave-one-out --sweep: 0.9 is the lowest that
    # refuses no non-harmful request of a set left out; 0.8 refused 2 of 1178).
    learned_strength: float = 10.0  # the regression's inverse regularisation, when trained
    learned: float = 0.9
    learned_strong: float = 0.95
    learned_floor: float = 0.0
    model: str = "all-MiniLM-L6-v2"  # the model the margins hold for; with another the check is off
