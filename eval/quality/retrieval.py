"""Retrieval benchmark: recall@1, recall@5 and MRR of each retriever variant, side by side.

    python -m eval.quality.retrieval [--set own|holdout|fresh] [--misses] [--styles]

Variants: the project's retriever (hybrid, linear fusion + sector cues, the query adapter
of corpus/training/query-adapter-MODEL.npy, fitted by ``python -m eval.train_adapter``),
then each without the adapter and with it: several vectors per clause (the generated
paraphrase questions besides the clause, a clause scored by its best), plain RRF fusion,
dense only, BM25 only. ``--styles`` adds a row per
tag of the set's questions. Uses the built index (run `assistant index` first). A hit on
any gold id counts. These figures calibrate SearchCalibration (assistant/search/calibration.py).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.adapter import QueryAdapter
from assistant.embed.vector_cache import cached_embed
from assistant.search.calibration import SearchCalibration
from assistant.search.retrieval import AskVectors, Retriever
from eval.registry import add_set_argument
from eval.training.generate import Generator, load_rules

Cases = list[dict[str, object]]


def ranks(retriever: Retriever, cases: Cases, misses: bool) -> list[int | None]:
    out = []
    for case in cases:
        gold = set(case["gold"])  # type: ignore[call-overload]
        ids = [h.clause.id for h in retriever.search(str(case["question"]), k=10)]
        rank = next((i + 1 for i, cid in enumerate(ids) if cid in gold), None)
        if misses and (rank is None or rank > 1):
            print(f"  rank {rank}: {case['question']!r} gold={sorted(gold)} got={ids[:3]}")
        out.append(rank)
    return out


def scores(found: list[int | None]) -> dict[str, float]:
    n = max(len(found), 1)
    return {"recall@1": sum(r == 1 for r in found) / n,
            "recall@5": sum(r is not None and r <= 5 for r in found) / n,
            "MRR": sum(1 / r for r in found if r) / n}


def evaluate(retriever: Retriever, cases: Cases, misses: bool) -> dict[str, float]:
    return scores(ranks(retriever, cases, misses))


def ask_vectors(assistant: Assistant, style: str = "paraphrase") -> AskVectors:
    """Several vectors per clause: the generated questions of one style (eval/training)."""
    clauses = [c for c in assistant.snapshot.clauses if not c.id.startswith("doc.")]
    generated = Generator(load_rules(assistant.settings.corpus_dir)).pairs(clauses)
    pairs = [p for p in generated if p.style == style]
    vectors = cached_embed(assistant.embedder, [p.question for p in pairs], assistant.settings.index_dir,
                           "training-asks")
    return AskVectors(vectors, tuple(p.clause_id for p in pairs))


def variants(assistant: Assistant) -> list[tuple[str, Retriever]]:
    """Each retriever compared: the project's first."""
    def build(mode: str, calibration: SearchCalibration | None, adapter: QueryAdapter | None,
              asks: AskVectors | None = None) -> Retriever:
        return Retriever(assistant.snapshot, assistant.store, assistant.embedder, assistant.analyzer,
                         calibration, mode, adapter=adapter, asks=asks)

    base = assistant.search_calibration or SearchCalibration()
    rrf = SearchCalibration(fusion="rrf", sector_boost=0.0)
    adapter = QueryAdapter.load(assistant.settings.corpus_dir, assistant.embedder.name)
    asks = ask_vectors(assistant)
    rows = [("project (hybrid, linear fusion + sector cues)", assistant.retriever("hybrid")),
            ("hybrid, no adapter", build("hybrid", base, None)),
            ("hybrid, no adapter, several vectors per clause", build("hybrid", base, None, asks)),
            ("plain RRF fusion, no adapter", build("hybrid", rrf, None)),
            ("dense only, no adapter", build("dense", base, None)),
            ("BM25 only", assistant.retriever("bm25"))]
    if adapter is not None:
        rows += [("hybrid + adapter, several vectors per clause", build("hybrid", base, adapter, asks)),
                 ("plain RRF fusion + adapter", build("hybrid", rrf, adapter)),
                 ("dense only + adapter", build("dense", base, adapter))]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_argument(parser, "retrieval")
    parser.add_argument("--misses", action="store_true", help="List questions not ranked first.")
    parser.add_argument("--styles", action="store_true", help="Add figures per tag (style).")
    args = parser.parse_args()
    cases = args.set.cases("retrieval")
    assistant = Assistant(Settings.from_env())
    print(f"{len(cases)} questions from {args.set.path('retrieval').name}\n")
    print("| retriever | recall@1 | recall@5 | MRR |\n|---|---|---|---|")
    rows = variants(assistant)
    by_tag: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        for tag in case.get("tags", ()):  # type: ignore[attr-defined]
            by_tag[str(tag)].append(i)
    for name, retriever in rows:
        found = ranks(retriever, cases, args.misses and retriever is rows[0][1])
        m = scores(found)
        print(f"| {name} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['MRR']:.3f} |", flush=True)
        if args.styles:
            for tag, rows_of in sorted(by_tag.items()):
                t = scores([found[i] for i in rows_of])
                print(f"|   {tag} ({len(rows_of)}) | {t['recall@1']:.3f} | {t['recall@5']:.3f} "
                      f"| {t['MRR']:.3f} |")


if __name__ == "__main__":
    main()
