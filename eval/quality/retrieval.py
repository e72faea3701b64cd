"""Retrieval benchmark: recall@1, recall@5 and MRR of each retriever variant, side by side.

    python -m eval.quality.retrieval [--set own|holdout|fresh] [--misses] [--styles]
    python -m eval.quality.retrieval --read   # every set not blind, and the mean over the holdouts

Variants: the project's retriever (hybrid, linear fusion + sector cues, BM25 by a clause's
best of whole text and sentences, the query adapter of corpus/training/query-adapter-MODEL.npy,
fitted by ``python -m eval.train_adapter``), BM25 by whole clauses only,
then each without the adapter and with it: several vectors per clause (the generated
paraphrase questions besides the clause, a clause scored by its best), plain RRF fusion,
dense only, BM25 only. ``--styles`` adds a row per
tag of the set's questions. Uses the built index (run `assistant index` first). A hit on
any gold id counts. These figures calibrate SearchCalibration (assistant/search/calibration.py).
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.adapter import QueryAdapter
from assistant.embed.protocol import Embedder, Vectors
from assistant.embed.vector_cache import cached_embed
from assistant.search.calibration import SearchCalibration
from assistant.search.retrieval import AskVectors, Retriever
from eval.registry import EvalSet, add_set_argument, sets
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


class Remembered:
    """An embedder that keeps every text's vector: the variants embed the same questions."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder, self.name = embedder, embedder.name
        self._kept: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._kept]
        if missing:
            self._kept.update(zip(missing, self.embedder.embed(missing), strict=True))
        return np.asarray([self._kept[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)


def variants(assistant: Assistant) -> list[tuple[str, Retriever]]:
    """Each retriever compared: the project's first."""
    embedder = Remembered(assistant.embedder)

    def build(mode: str, calibration: SearchCalibration | None, adapter: QueryAdapter | None,
              asks: AskVectors | None = None) -> Retriever:
        return Retriever(assistant.snapshot, assistant.store, embedder, assistant.analyzer,
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
        rows += [("hybrid + adapter, BM25 by whole clauses only (no passages)",
                  build("hybrid", dataclasses.replace(base, passages=False), adapter)),
                 ("hybrid + adapter, several vectors per clause", build("hybrid", base, adapter, asks)),
                 ("plain RRF fusion + adapter", build("hybrid", rrf, adapter)),
                 ("dense only + adapter", build("dense", base, adapter))]
    return rows


def read_sets() -> list[EvalSet]:
    """Every set with retrieval questions that may be read: tuning and holdout, never blind."""
    return [s for s in sets(kind="retrieval") if s.role != "blind"]


def side_by_side(rows: list[tuple[str, Retriever]], chosen: list[EvalSet]) -> None:
    """Each variant on each set (R@1 / R@5 / MRR), then the mean over the holdout sets:
    what a variant or a calibration is chosen by (the tuning set's own figures say little)."""
    cases = {s.name: s.cases("retrieval") for s in chosen}
    held = [s.name for s in chosen if s.role == "holdout"]
    print("| retriever | " + " | ".join(cases) + " | mean of holdouts |")
    print("|---" * (len(cases) + 2) + "|")
    for name, retriever in rows:
        figures = {n: scores(ranks(retriever, c, False)) for n, c in cases.items()}
        mean = {m: float(np.mean([figures[n][m] for n in held])) if held else 0.0
                for m in ("recall@1", "recall@5", "MRR")}
        cells = [f"{f['recall@1']:.3f} / {f['recall@5']:.3f} / {f['MRR']:.3f}"
                 for f in [*figures.values(), mean]]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_argument(parser, "retrieval")
    parser.add_argument("--read", action="store_true",
                        help="Every set that is not blind side by side, and the mean over the holdouts.")
    parser.add_argument("--misses", action="store_true", help="List questions not ranked first.")
    parser.add_argument("--styles", action="store_true", help="Add figures per tag (style).")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env())
    if args.read:
        side_by_side(variants(assistant), read_sets())
        return
    cases = args.set.cases("retrieval")
    print(f"{len(cases)} questions from {args.set.path('retrieval').name}\n")
    print("| retriever | recall@1 | recall@5 | MRR |\n|---|---|---|---|")
    rows = variants(assistant)
    by_tag: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        tags = case.get("tags", ())
        style = case.get("style")  # the holdout sets name one style per question
        for tag in [*tags, *([style] if style and style not in tags else [])]:
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
