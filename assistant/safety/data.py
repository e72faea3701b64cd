"""The safety stage's one loader: its three data files, read together.

- corpus/behaviour/safety.toml: the lexicons, framing rules, harm taxonomy and replies
  (applied by guard.py and categories.py);
- corpus/behaviour/safety_examples.toml: the exemplars of the neighbour check (semantic.py);
- corpus/behaviour/safety_learned.toml: the learned stage's weights (learned.py), written by
  ``python -m eval.quality.safety --train``.

Each file's header says what every list in it is for; tests/test_data_files.py fails on a
key nobody reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus.files import (
    SAFETY_EXAMPLES_FILE,
    SAFETY_FILE,
    SAFETY_LEARNED_FILE,
    SHAPE_ERRORS,
    read_data,
)
from assistant.errors import CorpusError
from assistant.safety.learned import LearnedStage


@dataclass(frozen=True)
class SafetyData:
    rules: dict[str, Any]  # safety.toml, parsed
    rules_path: Path
    harmful: tuple[str, ...]  # exemplars of harmful requests
    protective: tuple[str, ...]  # protectors' look-alikes and everyday requests: the safe side
    learned: LearnedStage

    @classmethod
    def load(cls, corpus_dir: Path) -> SafetyData:
        path = corpus_dir / SAFETY_EXAMPLES_FILE
        examples = read_data(corpus_dir, SAFETY_EXAMPLES_FILE,
                             f"The safety exemplars {path} are missing; restore them from git.")
        try:
            harmful = tuple(str(t) for t in examples["harmful"])
            protective = tuple(str(t) for t in [*examples["protective"], *examples.get("everyday", [])])
        except (KeyError, TypeError) as exc:
            raise CorpusError(f"{path} has no {exc} list; fix the file.") from exc
        rules_path = corpus_dir / SAFETY_FILE
        rules = read_data(corpus_dir, SAFETY_FILE,
                          f"The safety file {rules_path} is missing; restore it from git.")
        return cls(rules, rules_path, harmful, protective, _learned(corpus_dir))


def _learned(corpus_dir: Path) -> LearnedStage:
    path = corpus_dir / SAFETY_LEARNED_FILE
    data = read_data(corpus_dir, SAFETY_LEARNED_FILE,
                     f"The learned safety stage {path} is missing; restore it from git or run "
                     "python -m eval.quality.safety --train.")
    try:
        weights = np.asarray([float(w) for w in data["weights"]], dtype=np.float32)
        return LearnedStage(weights, float(data["bias"]), str(data["model"]), str(data["trained_on"]))
    except SHAPE_ERRORS as exc:
        raise CorpusError(f"{path} is not valid ({exc}); run python -m eval.quality.safety "
                          "--train to write it again.") from exc
