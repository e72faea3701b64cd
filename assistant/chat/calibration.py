"""The chat's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class ChatCalibration(Calibration):
    """How a turn is read by meaning when no cue decides it (``meaning.py``), chosen on the
    tuning set's conversations (routing accuracy, sector accuracy and turns right)."""

    EVAL: ClassVar[str] = "python -m eval.quality.chat --set own"

    neighbours: int = 2  # a job's or a sector's score: the mean similarity of this many nearest examples
    job_similarity: float = 0.4  # a cue-less request this close to a job's examples asks for it
    job_margin: float = 0.08  # ... when it is this much closer to them than to the next job's
    example_words: int = 25  # longer requests are not compared with the examples
    sector_similarity: float = 0.45  # an organisation this close to a sector's kinds belongs to it
    sector_margin: float = 0.08  # ... when it is this much closer to them than to the next sector's
    made_similarity: float = 0.33  # what the user says they build, make or run ("we build hash-matching
    #                                tools") this close to a sector's kinds belongs to it (with the margin)
    statement_words: int = 4  # a statement ending with its reference has at least this many words
