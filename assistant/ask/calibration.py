"""The answering stage's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class AnswerCalibration(Calibration):
    """When to abstain and which hits to answer from, chosen on the tuning set's questions
    (``--calibrate`` prints the best similarity of on-topic and off-topic questions)."""

    EVAL: ClassVar[str] = "python -m eval.quality.answers --set own"

    min_similarity: float = 0.30  # best dense cosine below this: not covered
    confident_similarity: float = 0.45  # between the two, the question must name a topic word
    relative_score: float = 0.75  # keep hits scoring at least this share of the best
    max_clauses: int = 4  # answer from at most this many clauses
    retrieve: int = 10  # hits retrieved to choose them from
    # a concept list (ask/lists.py) also holds clauses this close to the concept (dense cosine;
    # above 1: words and synonyms only). `python -m eval.quality.lists --calibrate` on own: a
    # clause that is not gold reaches 0.559 while gold ones start at 0.119, so no threshold
    # adds a gold clause without a wrong one: off.
    list_similarity: float = 2.0
    # a clause addresses a question's subject when the subject phrase alone comes this close
    # (or the clause carries all its words): python -m eval.quality.silence --calibrate on own,
    # blind13, blind13b and blind13c together: subjects not mentioned reach 0.412, mentioned
    # ones that no clause carries word for word start at 0.426 (0.45 until then)
    subject_similarity: float = 0.42
    subject_model: str = "all-MiniLM-L6-v2"  # the model it holds for; with another, words alone decide
