"""Citation-checker benchmark: accuracy on plain cases and on contradictions.

    python -m eval.quality.citations [--set own|blind|fresh] [--misses] [--sweep]

Each line of the set is {"text", "expect": [{"citation_id", "status", "suggestion"?}],
"kind"}. ``citation_id`` is the id the citation names (it need not exist). A case
is right when every expected citation gets the expected status and, where one is
given, the expected suggestion (a string, or a list of acceptable ids). Kinds:
supported, misattributed and nonexistent are the plain cases (target >= 0.95);
contradiction cases cite the right clause but contradict it (target >= 0.75);
uncited cases expect a pledge sentence without a reference to be listed, with
the suggestion given. The thresholds these figures calibrate are
CheckCalibration's (assistant/check/calibration.py); --sweep varies them around their values and
prints both accuracies for each setting. Uses the real MiniLM model.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.check.calibration import CheckCalibration
from assistant.check.checker import Checker
from assistant.check.claim_terms import ClaimTerms
from assistant.check.contradiction_cues import ContradictionCues
from assistant.check.report import CheckReport
from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import Embedder, Vectors
from eval.registry import add_set_argument

PLAIN = ("supported", "misattributed", "nonexistent")


def _accepts(expected: Any, got: str | None) -> bool:
    if isinstance(expected, list):
        return got in expected
    return bool(got == expected)


def judge(case: dict[str, Any], report: CheckReport) -> tuple[bool, str]:
    """Whether the report is right for the case, and what it got, for --misses."""
    by_id = {r.named_id: r for r in report.results}
    got = "; ".join(f"{r.named_id}={r.status}:{r.score:.2f}->{r.suggestion}"
                    f"{' [' + ','.join(c.cue for c in r.conflicts) + ']' if r.conflicts else ''}"
                    for r in report.results)
    ok = True
    for expected in case.get("expect", []):
        result = by_id.get(expected["citation_id"])
        wrong_status = result is None or result.status != expected["status"]
        wrong_suggestion = result is not None and "suggestion" in expected and not _accepts(
            expected["suggestion"], result.suggestion)
        if wrong_status or wrong_suggestion:
            ok = False
    for expected in case.get("uncited", []):
        found = [u for u in report.uncited if _accepts(expected["suggestion"], u.suggestion)]
        got += f" uncited={[u.suggestion for u in report.uncited]}"
        ok = ok and bool(found)
    return ok, got


def evaluate(checker: Checker, cases: list[dict[str, Any]], misses: bool) -> dict[str, tuple[int, int]]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case in cases:
        ok, got = judge(case, checker.check(case["text"]))
        kind = case["kind"]
        total[kind] += 1
        right[kind] += ok
        if misses and not ok:
            print(f"  MISS [{kind}{'/' + case['cue'] if 'cue' in case else ''}] {case['text']!r}\n"
                  f"       expected {case.get('expect') or case.get('uncited')}\n       got {got}")
    return {kind: (right[kind], total[kind]) for kind in total}


class CachedEmbedder:
    """The real embedder with a memory, so that a sweep embeds every text once."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name = inner, inner.name
        self.memory: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self.memory]
        if missing:
            self.memory.update(zip(missing, self.inner.embed(missing)))
        return np.asarray([self.memory[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)


def summary(by_kind: dict[str, tuple[int, int]]) -> tuple[float, float]:
    plain = [by_kind[k] for k in PLAIN if k in by_kind]
    right, total = sum(r for r, _ in plain), sum(t for _, t in plain)
    contra_right, contra_total = by_kind.get("contradiction", (0, 0))
    return right / max(total, 1), contra_right / max(contra_total, 1)


def sweep(assistant: Assistant, cases: list[dict[str, Any]]) -> None:
    embedder = CachedEmbedder(assistant.embedder)
    cues = ContradictionCues.load(assistant.settings.corpus_dir)
    claims = ClaimTerms.load(assistant.settings.corpus_dir)
    base = CheckCalibration()
    grid = {
        "dense_weight": [base.dense_weight - 0.1, base.dense_weight, base.dense_weight + 0.1],
        "support": [base.support - 0.07, base.support, base.support + 0.07],
        "margin": [base.margin - 0.05, base.margin, base.margin + 0.05],
        "suggest": [base.suggest - 0.05, base.suggest, base.suggest + 0.05],
        "suggest_similarity": [base.suggest_similarity - 0.1, base.suggest_similarity,
                               base.suggest_similarity + 0.1],
    }
    print("| " + " | ".join(grid) + " | plain | contradiction |\n|" + "---|" * (len(grid) + 2))
    for values in itertools.product(*grid.values()):
        calibration = replace(base, **dict(zip(grid, values)))
        checker = Checker(assistant.corpus, embedder, cues, assistant.vocabulary, calibration,
                          clause_vectors=assistant.checker.clause_vectors, claims=claims)
        plain, contra = summary(evaluate(checker, cases, False))
        mark = "  <- current" if calibration == base else ""
        print("| " + " | ".join(f"{v:.2f}" for v in values) + f" | {plain:.3f} | {contra:.3f} |{mark}",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_argument(parser, "citations")
    parser.add_argument("--misses", action="store_true", help="List the cases the checker gets wrong.")
    parser.add_argument("--sweep", action="store_true", help="Vary the thresholds around their values.")
    args = parser.parse_args()
    cases = args.set.cases("citations")
    assistant = Assistant(Settings.from_env())
    if args.sweep:
        sweep(assistant, cases)
        return
    started = time.perf_counter()
    by_kind = evaluate(assistant.checker, cases, args.misses)
    elapsed = time.perf_counter() - started
    print(f"{len(cases)} cases from {args.set.path('citations').name} ({elapsed:.1f} s)\n")
    print("| kind | right | cases | accuracy |\n|---|---|---|---|")
    for kind, (right, total) in sorted(by_kind.items()):
        print(f"| {kind} | {right} | {total} | {right / total:.3f} |")
    plain, contra = summary(by_kind)
    print(f"\nplain accuracy (supported + misattributed + nonexistent): {plain:.3f}  (target >= 0.95)")
    print(f"contradiction accuracy: {contra:.3f}  (target >= 0.75)")


if __name__ == "__main__":
    main()
