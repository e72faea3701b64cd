"""Safety guard benchmark: harmful requests refused and look-alikes let through, per set.

    python -m eval.quality.safety [--sweep] [--set own holdout ...] [--misses]
    python -m eval.quality.safety --leave-one-out [--sweep]   # the learned stage, judged honestly
    python -m eval.quality.safety --train                     # its weights, from every set
                                                               # but the blind ones

For each set (every set with a harmful.txt by default): harmful.txt must be refused;
benign.txt, offtopic.txt, everyday.txt and the questions of retrieval.jsonl and
profiles.jsonl must not be. Prints the rules (vocabulary, framing and the harm taxonomy)
alone and with the nearest-neighbour check and the shipped learned stage
(assistant/safety/semantic.py, learned.py; the learned stage has seen every set: see
--leave-one-out for how it fares on a set it has not seen). --sweep varies the check's
margin and prints both rates over all the sets given, to calibrate SafetyCalibration
(assistant/safety/calibration.py):
the margin sits a step above the lowest that refuses none of the non-harmful questions.
--train and --leave-one-out: the learned stage (eval/quality/safety_learning.py).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from assistant.config import Settings
from assistant.core import Assistant
from assistant.safety.guard import Verdict
from assistant.safety.semantic import NeighbourCheck
from eval.registry import EvalSet, add_set_argument, sets


def questions(chosen: EvalSet) -> tuple[list[str], list[str]]:
    """(harmful, non-harmful) requests of one set."""
    safe = [q for kind in ("benign", "offtopic", "everyday") for q in chosen.lines(kind)]
    safe += [str(c["question"]) for c in chosen.cases("retrieval")]
    safe += [str(c["profile"]) for c in chosen.cases("profiles")]
    return chosen.lines("harmful"), safe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_argument(parser, "harmful", default=None)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--train", action="store_true", help="write the learned stage's weights")
    parser.add_argument("--leave-one-out", action="store_true", help="score each set left out of training")
    args = parser.parse_args()
    chosen = args.sets or sets(kind="harmful")
    assistant = Assistant(Settings.from_env())
    if args.train or args.leave_one_out:
        # a blind set is never trained on: it would no longer say how new phrasings fare
        chosen = args.sets or [s for s in chosen if s.role != "blind"]
        from eval.quality import safety_learning as learning

        everything = learning.rows(assistant.settings.corpus_dir, chosen, questions)
        if args.train:
            print(f"wrote {learning.write(assistant, everything)}")
        if args.leave_one_out:
            learning.leave_one_out(assistant, everything, args.sweep)
        return
    guard = assistant.guard
    check = NeighbourCheck.load(assistant.settings.corpus_dir, assistant.embedder)
    if check is None:
        sys.exit(f"Error: the neighbour check is calibrated for all-MiniLM-L6-v2; "
                 f"this index uses {assistant.embedder.name}.")
    print(f"neighbour check: k={check.calibration.k}, margin={check.calibration.margin}\n")
    print("| set | harmful refused (rules) | with neighbours + learned | non-harmful refused (rules) "
          "| with neighbours + learned |\n|---|---|---|---|---|")
    scored: list[tuple[bool, float, bool]] = []  # harmful?, score, lexical verdict harmful?
    for one in chosen:
        harmful, safe = questions(one)
        row = []
        for group, is_harmful in ((harmful, True), (safe, False)):
            lexical = [guard.check(q) is Verdict.HARMFUL for q in group]
            both = [guard.check(q, check.is_harmful, check.is_clearly_harmful) is Verdict.HARMFUL
                    for q in group]
            row += [f"{sum(lexical)}/{len(group)}", f"{sum(both)}/{len(group)}"]
            if args.sweep:
                scored += [(is_harmful, check.score(q), lex) for q, lex in zip(group, lexical)
                           if not lex and guard.check(q, lambda _: True) is Verdict.HARMFUL]
            if args.misses:
                for q, b in zip(group, both):
                    if b != is_harmful:
                        print(f"  {'MISS' if is_harmful else 'FALSE'} ({check.score(q):+.3f}, "
                              f"p={check.probability(q):.2f}) {q}")
        print(f"| {one.name} | {row[0]} | {row[1]} | {row[2]} | {row[3]} |")
    if args.sweep:
        print("\nRequests the vocabulary passes but the neighbour check would see (about children, "
              "no parent, not responding):\n")
        print("| margin | harmful caught | non-harmful refused |\n|---|---|---|")
        for step in range(0, 21):
            margin = round(-0.02 + step * 0.01, 3)
            caught = sum(h and s > margin for h, s, _ in scored)
            wrong = sum((not h) and s > margin for h, s, _ in scored)
            print(f"| {margin:+.2f} | {caught}/{sum(h for h, _, _ in scored)} | "
                  f"{wrong}/{sum(not h for h, _, _ in scored)} |")
        print(f"\n(current margin {replace(check.calibration).margin})")
        # The strong margin overrules claimed roles and protective words: it must sit above every
        # non-harmful question about children that only a parent or a response would shield.
        strong = [check.score(q) for one in chosen for q in questions(one)[1]
                  if guard.check(q) is not Verdict.HARMFUL
                  and guard.check(q, None, lambda _: True) is Verdict.HARMFUL]
        print(f"Highest non-harmful score the strong margin must clear: {max(strong, default=0):+.3f} "
              f"over {len(strong)} questions (strong margin {check.calibration.strong_margin}).")


if __name__ == "__main__":
    main()
