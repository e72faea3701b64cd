"""Calibrated numbers: the one kind of object a stage decides with.

Each stage that decides by numbers keeps them in exactly one subclass of ``Calibration``,
in its own ``calibration.py`` (``SearchCalibration``, ``AnswerCalibration``,
``CheckCalibration``, ``SafetyCalibration``, ``ApplicabilityCalibration``). ``EVAL`` names
the command that measures them, with the eval set they were chosen on.

The rule: change a value only with that command run before and after, and quote both.
A limit (a largest size, a time budget, a batch size) is not calibrated: it is chosen for
speed or safety, stays out of these objects, and says that it is a limit where it is set.
"""

from __future__ import annotations

import itertools
import shlex
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Calibration:
    """The base of every stage's calibrated numbers; a subclass is a frozen dataclass."""

    EVAL: ClassVar[str] = ""  # e.g. "python -m eval.quality.retrieval --set own"

    @classmethod
    def eval_module(cls) -> str:
        """The module ``EVAL`` runs (``eval.quality.retrieval``)."""
        words = shlex.split(cls.EVAL)
        return words[words.index("-m") + 1] if "-m" in words[:-1] else ""

    @classmethod
    def eval_sets(cls) -> tuple[str, ...]:
        """The eval sets ``EVAL`` names (none: every set of its kind)."""
        words = shlex.split(cls.EVAL)
        if "--set" not in words:
            return ()
        return tuple(itertools.takewhile(lambda w: not w.startswith("-"), words[words.index("--set") + 1:]))
