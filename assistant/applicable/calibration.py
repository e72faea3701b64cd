"""The applicability stage's calibrated numbers (see ``assistant/domain/calibration.py`` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.domain.calibration import Calibration


@dataclass(frozen=True)
class ApplicabilityCalibration(Calibration):
    """How a profile's sector is read and how its pledges are ranked, chosen on the tuning
    set's profiles (sector accuracy and top-5 hits; ``--ablation`` compares the signals)."""

    EVAL: ClassVar[str] = "python -m eval.quality.applicability --set own"

    # ranking: the signals' weights in the linear fusion (search/fusion.py)
    activity: float = 0.5
    dense: float = 0.3
    terms: float = 0.2
    step: float = 0.12  # an activity's later clauses count a little less than its first
    step_floor: float = 0.4  # but never less than this
    repeat: float = 0.1  # added for each further activity naming the same clause
    aside: float = 0.8  # activities mentioned outside the organisation's own name count less
    overarching: float = 0.75  # commitments shared by every member rank after specific matches
    # sector: how much a sector cue counts, by where it stands in the profile
    head: float = 1.0  # the cue naming the organisation itself
    same_phrase: float = 0.5  # another cue in that phrase
    owner: float = 1.2  # after "run by", "part of": the organisation's owner
    partner: float = 0.15  # after "with", "for", "funded by": a partner, client or funder
    other: float = 0.35  # anywhere else
    self_named: float = 1.5  # times this after "as a", "we are a"
    weak: float = 0.3  # times this for a weak cue
    ambiguous_share: float = 0.5  # a runner-up with this share of the best score makes a profile ambiguous
