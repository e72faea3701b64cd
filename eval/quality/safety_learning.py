"""The safety guard's learned stage, trained and judged (run through eval.quality.safety):

    python -m eval.quality.safety --train            # write corpus/behaviour/safety_learned.toml
    python -m eval.quality.safety --leave-one-out    # every set scored by a stage trained without it

Training uses every exemplar of safety_examples.toml (harmful against protective and
everyday) and every set's requests (harmful.txt against benign, off-topic, everyday,
retrieval questions and profiles). Leave-one-set-out trains on the exemplars and every set
but one, then scores the one left out with the whole guard (rules, neighbours and that
stage), for every set: how new phrasings fare.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.core import Assistant
from assistant.corpus.files import SAFETY_EXAMPLES_FILE, SAFETY_LEARNED_FILE, read_toml
from assistant.embed.protocol import Vectors
from assistant.embed.vector_cache import cached_embed
from assistant.safety.calibration import SafetyCalibration
from assistant.safety.guard import Verdict
from assistant.safety.learned import LearnedStage, train
from assistant.safety.semantic import NeighbourCheck
from eval.registry import EvalSet

EXEMPLARS = "exemplars"


@dataclass(frozen=True)
class Row:
    group: str  # the set's name, or EXEMPLARS
    harmful: bool
    text: str


def rows(corpus_dir: Path, chosen: Sequence[EvalSet],
         questions: Callable[[EvalSet], tuple[list[str], list[str]]]) -> list[Row]:
    examples = read_toml(corpus_dir / SAFETY_EXAMPLES_FILE)
    out = [Row(EXEMPLARS, True, str(t)) for t in examples["harmful"]]
    out += [Row(EXEMPLARS, False, str(t)) for t in [*examples["protective"], *examples["everyday"]]]
    for one in chosen:
        harmful, safe = questions(one)
        out += [Row(one.name, True, t) for t in harmful] + [Row(one.name, False, t) for t in safe]
    return out


def embed(assistant: Assistant, everything: Sequence[Row]) -> Vectors:
    """Every row's vector (kept beside the index, so a second run embeds nothing)."""
    return cached_embed(assistant.embedder, [r.text for r in everything], assistant.settings.index_dir,
                        "safetytraining")


def fit(assistant: Assistant, everything: Sequence[Row], vectors: Vectors, keep: np.ndarray,
        trained_on: str) -> LearnedStage:
    """The stage trained on the rows ``keep`` marks."""
    weights, bias = train(vectors[keep], np.array([r.harmful for r in everything])[keep],
                          SafetyCalibration().learned_strength)
    return LearnedStage(weights, bias, assistant.embedder.name, trained_on)


def write(assistant: Assistant, everything: Sequence[Row]) -> Path:
    groups = sorted({r.group for r in everything} - {EXEMPLARS})
    trained_on = (f"{sum(r.group == EXEMPLARS for r in everything)} exemplars and "
                  f"{sum(r.group != EXEMPLARS for r in everything)} requests of the sets {', '.join(groups)} "
                  f"({sum(r.harmful for r in everything)} harmful in all)")
    stage = fit(assistant, everything, embed(assistant, everything), np.ones(len(everything), bool),
                trained_on)
    path = assistant.settings.corpus_dir / SAFETY_LEARNED_FILE
    numbers = [f"{w:.6f}" for w in stage.weights]
    lines = ",\n".join("  " + ", ".join(numbers[i:i + 8]) for i in range(0, len(numbers), 8))
    path.write_text(HEADER + f'model = "{stage.model}"\ntrained_on = "{trained_on}"\n'
                    f"bias = {stage.bias:.6f}\nweights = [\n{lines},\n]\n", encoding="utf-8")
    return path


HEADER = """\
# The safety guard's learned stage: logistic-regression weights over a request's embedding.
# Read by safety/data.py (SafetyData.load, the safety stage's one loader); applied by
# safety/learned.py. Written by `python -m eval.quality.safety --train`; do not edit by hand.
#
# model      - the embedding model the weights hold for (the stage is off with another).
# trained_on - what it was trained on: every exemplar and every eval set's safety requests.
# bias       - the regression's intercept.
# weights    - one weight per embedding dimension.
#
# `--leave-one-out` trains it on all sets but one, for every set, and scores the one left out.
"""


def leave_one_out(assistant: Assistant, everything: Sequence[Row], sweep: bool) -> None:
    shipped = assistant.neighbours
    if shipped is None:
        raise SystemExit("Error: the learned stage is calibrated for all-MiniLM-L6-v2 only.")
    # the neighbours alone: the shipped learned stage has seen every set
    base = NeighbourCheck(assistant.embedder, shipped.harmful, shipped.protective, shipped.calibration,
                          assistant.settings.index_dir)
    vectors = embed(assistant, everything)
    groups = np.array([r.group for r in everything])
    guard = assistant.guard
    names = list(dict.fromkeys(r.group for r in everything if r.group != EXEMPLARS))
    print("Leave-one-set-out: each set scored by a learned stage trained on the exemplars and "
          "every other set.\n")
    print("| set | harmful refused (rules + neighbours) | + learned stage, set left out "
          "| non-harmful refused (rules + neighbours) | + learned stage, set left out |\n"
          "|---|---|---|---|---|")
    totals = np.zeros(6, dtype=int)
    kept: list[tuple[bool, float, float, bool, bool]] = []
    for name in names:
        stage = fit(assistant, everything, vectors, groups != name, f"all but {name}")
        check = NeighbourCheck(assistant.embedder, base.harmful, base.protective, base.calibration,
                               assistant.settings.index_dir, stage)
        cells = []
        for harmful in (True, False):
            texts = [r.text for r in everything if r.group == name and r.harmful is harmful]
            before = [guard.check(t, base.is_harmful, base.is_clearly_harmful) is Verdict.HARMFUL
                      for t in texts]
            after = [guard.check(t, check.is_harmful, check.is_clearly_harmful) is Verdict.HARMFUL
                     for t in texts]
            cells += [f"{sum(before)}/{len(texts)}", f"{sum(after)}/{len(texts)}"]
            totals += [sum(after) if harmful else 0, len(texts) if harmful else 0,
                       0 if harmful else sum(after), 0 if harmful else len(texts),
                       sum(before) if harmful else 0, sum(before) if not harmful else 0]
            if sweep:
                kept += [(harmful, check.score(t), check.probability(t),
                          guard.check(t, lambda _: True) is Verdict.HARMFUL,
                          guard.check(t, None, lambda _: True) is Verdict.HARMFUL)
                         for t, b in zip(texts, before) if not b]
        print(f"| {name} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} |")
    print(f"| all | {totals[4]}/{totals[1]} | {totals[0]}/{totals[1]} ({totals[0] / totals[1]:.3f}) "
          f"| {totals[5]}/{totals[3]} | {totals[2]}/{totals[3]} |")
    if sweep:
        _sweep(kept, base.calibration)


def _sweep(kept: list[tuple[bool, float, float, bool, bool]], calibration: object) -> None:
    """What each threshold would add, over what rules and neighbours let through."""
    print("\n| learned | learned_strong | harmful added | non-harmful refused |\n|---|---|---|---|")
    for weak in (0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        for strong in (0.9, 0.95, 0.98):
            c = replace(calibration, learned=weak, learned_strong=strong)  # type: ignore[type-var]
            hit = [(h, (gate and p > c.learned and s > c.learned_floor)
                    or (sgate and p > c.learned_strong and s > c.learned_floor))
                   for h, s, p, gate, sgate in kept]
            print(f"| {weak} | {strong} | {sum(h and x for h, x in hit)} | "
                  f"{sum((not h) and x for h, x in hit)} |")
    print(f"\n(current: {calibration})")
