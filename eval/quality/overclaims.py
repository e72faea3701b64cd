"""Overclaim benchmark: drafts that cite a clause for more than it says, and faithful paraphrases.

    python -m eval.quality.overclaims [--set own] [--misses]

Each line of the set is {"sentence", "expected": "supported" | "unsupported", "kinds": [...]}
with one citation. An overclaim (expected unsupported) is rejected when the checker does
not find it supported; its kinds (stronger_duty, wider_scope, adds_specific,
contradiction, wrong_actor, frequency) are found when the result's problems name each of
them. A faithful paraphrase (expected supported, hedged as the clause is) must stay
supported. Targets: at least 10 of 12 overclaims rejected with every faithful paraphrase
kept. Uses the real MiniLM model; the checks themselves are exact (check/claims.py).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from typing import Any

from assistant.check.checker import Checker
from assistant.check.claims import PROBLEM_KINDS
from assistant.config import Settings
from assistant.core import Assistant
from eval.registry import add_set_argument


def evaluate(checker: Checker, cases: list[dict[str, Any]], misses: bool) -> dict[str, tuple[int, int]]:
    """Right and total per measure: "rejected", "kept", "rejected:KIND" and "found:KIND"."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case in cases:
        results = checker.check(case["sentence"]).results
        status = results[0].status if results else "none"
        kinds = {p.kind for r in results for p in r.problems}
        measure = "kept" if case["expected"] == "supported" else "rejected"
        ok = (status == "supported") == (case["expected"] == "supported")
        total[measure] += 1
        right[measure] += ok
        for kind in case["kinds"]:
            total[f"rejected:{kind}"] += 1
            right[f"rejected:{kind}"] += ok
            total[f"found:{kind}"] += 1
            right[f"found:{kind}"] += kind in kinds
        if misses and (not ok or not set(case["kinds"]) <= kinds):
            problems = [(p.kind, p.draft, p.clause) for r in results for p in r.problems]
            print(f"  MISS [{case['expected']} {case['kinds']}] {case['sentence']!r}\n"
                  f"       got {status}, problems {problems}")
    return {measure: (right[measure], total[measure]) for measure in total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_argument(parser, "overclaims")
    parser.add_argument("--misses", action="store_true", help="List the cases the checker gets wrong.")
    args = parser.parse_args()
    cases = args.set.cases("overclaims")
    assistant = Assistant(Settings.from_env())
    started = time.perf_counter()
    figures = evaluate(assistant.checker, cases, args.misses)
    elapsed = time.perf_counter() - started
    print(f"{len(cases)} cases from {args.set.path('overclaims').name} ({elapsed:.1f} s)\n")
    for measure, label in (("rejected", "overclaims rejected"),
                           ("kept", "faithful paraphrases kept supported")):
        right, total = figures.get(measure, (0, 0))
        print(f"{label}: {right}/{total}")
    print("\n| kind | overclaims rejected | kind named in problems |\n|---|---|---|")
    for kind in PROBLEM_KINDS:
        if f"rejected:{kind}" in figures:
            (r, t), (f, _) = figures[f"rejected:{kind}"], figures[f"found:{kind}"]
            print(f"| {kind} | {r}/{t} | {f}/{t} |")


if __name__ == "__main__":
    main()
