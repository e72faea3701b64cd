"""List and comparison benchmark for `assistant ask`: are lists complete?

    python -m eval.quality.lists [--set own] [--misses] [--calibrate]

For each case of a set's lists.jsonl ({"question", "gold": [ids], "kind"}) prints, per kind
(structural, concept, comparison) and in all: complete lists (every gold id cited) n/N, the
mean list recall (gold ids cited) and the mean precision (cited ids that are gold).
Targets: at least 6 of 8 lists complete, mean list recall at least 0.9.
--calibrate prints, for each concept and comparison question, the lowest dense similarity
of a gold clause and the highest of a clause that is not gold: AnswerCalibration.list_similarity
(ask/calibration.py) must stay above the latter, or dense similarity lists wrong clauses.
"""

from __future__ import annotations

import argparse
import statistics

from assistant.config import Settings
from assistant.core import Assistant
from eval.registry import add_set_argument


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print each incomplete or padded list")
    parser.add_argument("--calibrate", action="store_true", help="print gold and other clauses' similarity")
    add_set_argument(parser, "lists")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env())
    rows: dict[str, list[tuple[bool, float, float]]] = {}
    for case in args.set.cases("lists"):
        answer = assistant.ask(case["question"])
        gold, cited = set(case["gold"]), set(answer.citations)
        recall = len(gold & cited) / len(gold)
        precision = len(gold & cited) / len(cited) if cited else 0.0
        rows.setdefault(case["kind"], []).append((gold <= cited, recall, precision))
        if args.misses and (recall < 1 or precision < 1):
            print(f"  {case['kind']}: {case['question']!r} missing={sorted(gold - cited)} "
                  f"extra={sorted(cited - gold)}")
    if args.calibrate:
        calibrate(assistant, args.set.cases("lists"))
    rows["all"] = [r for kind in list(rows) for r in rows[kind]]
    print("| kind | complete lists | mean recall | mean precision |\n|---|---|---|---|")
    for kind, results in rows.items():
        complete = sum(r[0] for r in results)
        print(f"| {kind} | {complete}/{len(results)} | {statistics.mean(r[1] for r in results):.3f} "
              f"| {statistics.mean(r[2] for r in results):.3f} |")


def calibrate(assistant: Assistant, cases: list[dict[str, object]]) -> None:
    lister = assistant.answerer.lister
    assert lister is not None
    parts = [c.id for c in assistant.corpus.clauses if c.kind in ("subclause", "overarching")]
    worst = 0.0
    for case in (c for c in cases if c["kind"] != "structural"):
        topic = lister.topic(str(case["question"]))
        sims, gold = lister.similarities(topic), set(map(str, case["gold"]))  # type: ignore[call-overload]
        low = min((sims.get(i, 0.0), i) for i in parts if i in gold)
        high = max((sims.get(i, 0.0), i) for i in parts if i not in gold)
        worst = max(worst, high[0])
        print(f"  {' '.join(topic)!r}: lowest gold {low[0]:.3f} ({low[1]}), "
              f"highest other {high[0]:.3f} ({high[1]})")
    print(f"list_similarity must exceed {worst:.3f}\n")


if __name__ == "__main__":
    main()
