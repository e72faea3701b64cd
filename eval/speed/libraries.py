"""Well-kept libraries against the parts the project writes by hand, side by side.

    python -m eval.speed.libraries [--quick] [--only bm25|spelling|sentences]

Three pairs, each measured for quality and speed and printed as Markdown tables:
``bm25s`` against ``search/bm25.py``; ``symspellpy`` against ``text/spelling.py``; ``pysbd``
and ``syntok`` against ``text/sentences.py``. A library replaces a hand-written part only
where it is as good or better on quality, acceptable on speed, and keeps every test's
assertions and the linear-time guarantee; the tables printed here are the reason either way.
Needs the default index (`assistant index`) for the retrieval figures. `--quick`: the 10,000
generated clauses only, and hostile inputs up to 100 KB.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from assistant.config import Settings
from assistant.core import Assistant
from assistant.search.bm25 import BM25
from assistant.text.normalise import tokens
from eval.quality.retrieval import evaluate
from eval.registry import get
from eval.speed import bench_corpus as gen
from eval.speed.bench import child, ms, table


class Bm25s:
    """bm25s behind search/bm25.py's interface, fed the same tokens (our words and stems).

    bm25s's "lucene" variant has our idf and term saturation without the constant (k1 + 1)
    factor, which is put back so scores compare one to one. It has no query-weight argument,
    but it adds a term's score once per occurrence in the query, as ours does: repeating a
    term (our only weighting: expansions repeat words) weighs it the same in both.
    """

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s

        self.size, self._scale = len(documents), k1 + 1
        self._model = bm25s.BM25(k1=k1, b=b, method="lucene")
        self._model.index([list(doc) for doc in documents], show_progress=False)

    def score_array(self, query: Sequence[str]) -> np.ndarray:
        ids = self._model.get_tokens_ids([t for t in query if t])
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores_from_ids(ids), dtype=np.float32) * self._scale

    # the same selection as ours, so only the scoring differs
    scores = BM25.scores
    top = BM25.top

    def vocabulary(self) -> set[str]:
        return {t for t in self._model.vocab_dict if t}


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    if ra.std() == 0 or rb.std() == 0:
        return 1.0
    return float(np.corrcoef(ra, rb)[0, 1])


def seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


COLD = ("import sys, assistant.search.retrieval as r; from eval.speed.libraries import Bm25s; {patch}"
        "sys.argv = ['assistant', 'search', 'what must payment providers do about sextortion?', '--json']; "
        "from assistant.cli import main; main()")


def cold_search(reps: int) -> list[list[str]]:
    """`assistant search` in a new process, with each BM25 (both processes import this module)."""
    rows = []
    for name, patch in (("ours", ""), ("bm25s", "r.BM25 = Bm25s; ")):
        cmd = [sys.executable, "-c", COLD.format(patch=patch)]
        child(cmd)
        runs = [child(cmd) for _ in range(reps)]
        rows.append([name, f"{np.median([w for w, _ in runs]):.2f}", f"{max(m for _, m in runs):.0f}"])
    return rows


def bm25_section(assistant: Assistant, quick: bool) -> None:
    print("## BM25: `search/bm25.py` vs `bm25s` (same tokens: our words and stems)\n")
    docs = [tokens(c.search_text()) for c in assistant.snapshot.clauses]
    ours, theirs = BM25(docs), Bm25s(docs)
    rows = []
    for name in ("own", "holdout"):
        questions = [str(c["question"]) for c in get(name).cases("retrieval")]
        overlap, rho, diff = [], [], []
        for q in questions:
            query = tokens(assistant.analyzer.analyse(q).expanded)
            a, b = ours.score_array(query), theirs.score_array(query)
            top_a, top_b = set(np.argsort(-a, kind="stable")[:10]), set(np.argsort(-b, kind="stable")[:10])
            overlap.append(len(top_a & top_b) / 10)
            rho.append(spearman(a, b))
            diff.append(float(np.abs(a - b).max() / max(float(a.max()), 1e-9)))
        rows.append([name, len(questions), f"{np.mean(overlap):.3f}", f"{min(overlap):.1f}",
                     f"{np.mean(rho):.4f}", f"{max(diff):.1e}"])
    table(["set", "questions", "top-10 overlap (mean)", "(min)", "Spearman, all clauses (mean)",
           "max score difference / best score"], rows)
    rows = []
    for name in ("own", "holdout"):
        cases = get(name).cases("retrieval")
        for mode in ("hybrid", "bm25"):
            figures = []
            for impl in (BM25, Bm25s):
                retriever = copy.copy(assistant.retriever(mode))
                retriever.bm25 = impl(docs)  # type: ignore[assignment]
                m = evaluate(retriever, cases, False)
                figures.append(f"{m['recall@1']:.3f} / {m['recall@5']:.3f} / {m['MRR']:.3f}")
            rows.append([name, mode, *figures])
    table(["set", "retriever", "ours: R@1 / R@5 / MRR", "bm25s: R@1 / R@5 / MRR"], rows)
    queries = [tokens(assistant.analyzer.analyse(q).expanded) for q in gen.questions(200)]
    rows = []
    corpora: list[tuple[str, list[list[str]]]] = [(f"real ({len(docs)} clauses)", docs)]
    for size in (10_000,) if quick else (10_000, 100_000):
        generated = gen.generate(size, unique=min(size, 20_000))
        corpora.append((f"generated {size:,}", [tokens(c.search_text()) for c in generated.clauses]))
    for label, corpus in corpora:
        row = [label]
        for impl in (BM25, Bm25s):
            build = seconds(partial(impl, corpus), 1 if len(corpus) > 20_000 else 3)
            index = impl(corpus)
            times = []
            for q in queries:
                start = time.perf_counter()
                index.top(q, 200)
                times.append(time.perf_counter() - start)
            p50, p95 = ms(times)
            row += [f"{build:.2f}", f"{p50:.2f} / {p95:.2f}"]
        rows.append(row)
    table(["corpus", "ours: build (s)", "ours: top-200 p50 / p95 (ms)", "bm25s: build (s)",
           "bm25s: top-200 p50 / p95 (ms)"], rows)
    table(["cold `assistant search QUERY --json` with", "median wall (s)", "peak RSS (MB)"],
          cold_search(3 if quick else 5))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer and smaller inputs")
    parser.add_argument("--only", choices=("bm25", "spelling", "sentences"), help="one pair only")
    args = parser.parse_args()
    wanted = {"bm25": ["bm25s"], "spelling": [], "sentences": ["pysbd", "syntok"]}
    missing = [m for part, mods in wanted.items() if args.only in (None, part) for m in mods
               if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"Error: {', '.join(missing)} not installed; run `.venv/bin/pip install -e '.[compare]'` "
                 "first (the libraries this script compares are not dependencies of the assistant).")
    assistant = Assistant(Settings.from_env())
    if args.only in (None, "bm25"):
        bm25_section(assistant, args.quick)
    if args.only in (None, "spelling"):
        from eval.speed.library_spelling import spelling_section

        spelling_section(assistant)
    if args.only in (None, "sentences"):
        from eval.speed.library_sentences import sentences_section

        sentences_section(args.quick)


if __name__ == "__main__":
    main()
