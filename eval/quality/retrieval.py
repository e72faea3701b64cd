"""Retrieval benchmark: recall@1, recall@5 and MRR for hybrid, dense-only and BM25-only.

    python -m eval.quality.retrieval [--set own|holdout|fresh] [--misses]

Uses the built index (run `assistant index` first). A hit on any gold id counts.
These figures calibrate SearchCalibration (assistant/search/calibration.py).
"""

from __future__ import annotations

import argparse

from assistant.config import Settings
from assistant.core import Assistant
from assistant.search.calibration import SearchCalibration
from assistant.search.retrieval import Retriever
from eval.registry import add_set_argument


def evaluate(retriever: Retriever, cases: list[dict[str, object]], misses: bool) -> dict[str, float]:
    r1 = r5 = rr = 0.0
    for case in cases:
        gold = set(case["gold"])  # type: ignore[call-overload]
        ids = [h.clause.id for h in retriever.search(str(case["question"]), k=10)]
        rank = next((i + 1 for i, cid in enumerate(ids) if cid in gold), None)
        if rank:
            rr += 1 / rank
            r1 += rank == 1
            r5 += rank <= 5
        if misses and (rank is None or rank > 1):
            print(f"  rank {rank}: {case['question']!r} gold={sorted(gold)} got={ids[:3]}")
    n = len(cases)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "MRR": rr / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_argument(parser, "retrieval")
    parser.add_argument("--misses", action="store_true", help="List questions not ranked first.")
    args = parser.parse_args()
    cases = args.set.cases("retrieval")
    assistant = Assistant(Settings.from_env())
    print(f"{len(cases)} questions from {args.set.path('retrieval').name}\n")
    print("| retriever | recall@1 | recall@5 | MRR |\n|---|---|---|---|")
    plain_rrf = Retriever(assistant.snapshot, assistant.store, assistant.embedder,
                          assistant.analyzer, SearchCalibration(fusion="rrf", sector_boost=0.0))
    rows = [
        ("project (hybrid, linear fusion + sector cues)", assistant.retriever("hybrid")),
        ("plain RRF fusion", plain_rrf),
        ("dense only", assistant.retriever("dense")),
        ("BM25 only", assistant.retriever("bm25")),
    ]
    for name, retriever in rows:
        m = evaluate(retriever, cases, args.misses and retriever is rows[0][1])
        print(f"| {name} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['MRR']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
