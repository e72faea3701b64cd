"""Applicability benchmark: sector accuracy and top-5 hit rate of `assistant applicable`.

    python -m eval.quality.applicability [--set own|blind|fresh] [--misses] [--ablation]

Each line of the set is {"profile", "sector", "top5": [ids]}. The sector is
guessed from the profile (no --sector), as a user would run it. A profile is a
top-5 hit when every listed id is among its five best-ranked pledges; the
per-id figure counts ids separately. Needs no index: clauses are embedded from
the corpus with the configured embedder (the real MiniLM model by default).
These figures calibrate ApplicabilityCalibration (assistant/applicable/calibration.py).
"""

from __future__ import annotations

import argparse

from assistant.applicable.applicability import Applicability
from assistant.applicable.calibration import ApplicabilityCalibration
from assistant.config import Settings
from assistant.core import Assistant
from eval.registry import add_set_argument


def evaluate(applicability: Applicability, cases: list[dict[str, object]], misses: bool) -> dict[str, float]:
    sector_ok = hits = ids_found = ids_total = 0
    for case in cases:
        result = applicability.assess(str(case["profile"]))
        top = [p.clause.id for p in result.pledges[:5]]
        gold = [str(i) for i in case["top5"]]  # type: ignore[attr-defined]
        found = sum(1 for i in gold if i in top)
        sector_ok += result.sector == case["sector"]
        hits += found == len(gold)
        ids_found += found
        ids_total += len(gold)
        if misses and (result.sector != case["sector"] or found < len(gold)):
            print(f"  {case['profile']!r}: sector {result.sector} (gold {case['sector']}), "
                  f"missing {[i for i in gold if i not in top]}, top5 {top}")
    n = len(cases)
    return {"sector accuracy": sector_ok / n, "top-5 hit rate": hits / n,
            "top-5 id recall": ids_found / max(ids_total, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_set_argument(parser, "profiles")
    parser.add_argument("--misses", action="store_true", help="List profiles that missed.")
    parser.add_argument("--ablation", action="store_true", help="Also score each signal on its own.")
    args = parser.parse_args()
    cases = args.set.cases("profiles")
    assistant = Assistant(Settings.from_env())
    print(f"{len(cases)} profiles from {args.set.path('profiles').name}\n")
    print("| ranking | sector accuracy | top-5 hit rate | top-5 id recall |\n|---|---|---|---|")
    rows = [("project (activities + dense + terms)", assistant.applicability)]
    if args.ablation:
        base = assistant.applicability
        only = ApplicabilityCalibration
        for name, calibration in (("activities only", only(activity=1, dense=0, terms=0)),
                                  ("dense only", only(activity=0, dense=1, terms=0)),
                                  ("terms only", only(activity=0, dense=0, terms=1)),
                                  ("dense + terms", only(activity=0, dense=0.6, terms=0.4))):
            rows.append((name, Applicability(base.corpus, base.vocabulary, base.classifier.vocabulary,
                                             base.embedder, base.crosswalk, calibration,
                                             clause_vectors=base.clause_vectors)))
    for name, applicability in rows:
        m = evaluate(applicability, cases, args.misses and applicability is rows[0][1])
        print(f"| {name} | {m['sector accuracy']:.3f} | {m['top-5 hit rate']:.3f} | "
              f"{m['top-5 id recall']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
