"""The chat's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class ChatCalibration(Calibration):
    """How a turn's job is read when no cue decides it, chosen on the tuning set's
    conversations (routing accuracy and turns right)."""

    EVAL: ClassVar[str] = "python -m eval.quality.chat --set own"

    example_similarity: float = 0.9  # a cue-less message this close to a job's example asks for it
    example_words: int = 25  # longer messages are not compared with the examples
    statement_words: int = 4  # a statement ending with its reference has at least this many words
