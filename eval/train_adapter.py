"""Fit the query adapter: generated (question, clause) pairs, a softmax over every clause.

    python -m eval.train_adapter [--seed 16] [--rank 64] [--epochs 300] [--dry-run]

Generates the pairs from corpus/training/questions.toml (eval/training/generate.py),
embeds each question as search does (its subject's vector moved toward its expansions';
a question a persona opens also whole), and fits
W = I + U V^T by gradient descent (numpy, Adam) on the cross-entropy of the gold clause
among all clauses' search vectors, with a pull of W toward I. Writes
corpus/training/query-adapter-MODEL.npy (float16). Uses the built index.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.adapter import QueryAdapter, adapter_path
from assistant.embed.vector_cache import cached_embed
from eval.training.generate import SEED, Generator, Pair, load_rules


def question_vectors(assistant: Assistant, questions: Sequence[str],
                     whole: bool = False) -> np.ndarray:
    """Each question embedded as ``Retriever.query_vector`` does (its subject, when a persona
    opens it; the whole question if ``whole``), in batches, kept in the index's cache."""
    analyzer, embedder = assistant.analyzer, assistant.embedder
    queries = [analyzer.analyse(q) for q in questions]
    cache = assistant.settings.index_dir
    texts = [q.text if whole else (q.subject or q.text) for q in queries]
    base = cached_embed(embedder, texts, cache, "training-whole" if whole else "training-questions")
    phrases = sorted({p for q in queries for p in q.expansions})
    kept = cached_embed(embedder, phrases, cache, "training-phrases-whole" if whole else "training-phrases")
    by_phrase = dict(zip(phrases, kept, strict=True)) if phrases else {}
    out = np.array(base, dtype=np.float32)
    for row, query in enumerate(queries):
        if query.expansions:
            out[row] += np.mean([by_phrase[p] for p in query.expansions], axis=0)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def fit(queries: np.ndarray, gold: np.ndarray, clauses: np.ndarray, rank: int = 64,
        epochs: int = 300, scale: float = 20.0, pull: float = 1e-3, seed: int = SEED,
        rate: float = 1e-2) -> QueryAdapter:
    """U, V (d x rank) minimising the mean cross-entropy of softmax(scale * (W q) . C) plus
    ``pull`` * ||U V^T||^2; V starts small and random, U at zero (W starts as I)."""
    rng = np.random.default_rng(seed)
    d = queries.shape[1]
    u, v = np.zeros((d, rank)), rng.normal(0, 0.01, (d, rank))
    moments = [(np.zeros_like(u), np.zeros_like(u)), (np.zeros_like(v), np.zeros_like(v))]
    onehot = np.zeros((len(queries), len(clauses)))
    onehot[np.arange(len(queries)), gold] = 1.0
    for step in range(1, epochs + 1):
        mapped = queries + (queries @ v) @ u.T
        logits = scale * mapped @ clauses.T
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        g_mapped = scale * ((probs - onehot) / len(queries)) @ clauses  # N x d
        # the gradient for W = U V^T is G = g_mapped^T queries + 2 pull U V^T; U's is G V, V's G^T U
        grads = [g_mapped.T @ (queries @ v) + 2 * pull * (u @ (v.T @ v)),
                 queries.T @ (g_mapped @ u) + 2 * pull * (v @ (u.T @ u))]
        for i, (param, grad) in enumerate(zip((u, v), grads, strict=True)):
            m, s = moments[i]
            m[:] = 0.9 * m + 0.1 * grad
            s[:] = 0.999 * s + 0.001 * grad**2
            param -= rate * (m / (1 - 0.9**step)) / (np.sqrt(s / (1 - 0.999**step)) + 1e-8)
    return QueryAdapter(u, v)


def training_data(assistant: Assistant, seed: int) -> tuple[list[Pair], np.ndarray, np.ndarray, np.ndarray]:
    clauses = [c for c in assistant.snapshot.clauses if not c.id.startswith("doc.")]
    pairs = Generator(load_rules(assistant.settings.corpus_dir), seed).pairs(clauses)
    ids = [c.id for c in clauses]
    row = {cid: i for i, cid in enumerate(ids)}
    matrix = np.asarray(assistant.store.vectors(ids), dtype=np.float32)
    questions = [p.question for p in pairs]
    queries = question_vectors(assistant, questions)
    rows = np.array([row[p.clause_id] for p in pairs])
    # a question a persona opens is also learnt whole, as a search that did not split it sees it
    split = np.array([(q.subject or q.text) != q.text for q in map(assistant.analyzer.analyse, questions)],
                     dtype=bool)
    if split.any():
        whole = question_vectors(assistant, [q for q, s in zip(questions, split, strict=True) if s], True)
        queries, rows = np.concatenate([queries, whole]), np.concatenate([rows, rows[split]])
    return pairs, queries, rows, matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rank", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--pull", type=float, default=1e-3)
    parser.add_argument("--dry-run", action="store_true", help="Fit and report; write nothing.")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env())
    pairs, queries, gold, matrix = training_data(assistant, args.seed)
    before = float(np.mean(np.argmax(queries @ matrix.T, axis=1) == gold))
    adapter = fit(queries, gold, matrix, args.rank, args.epochs, pull=args.pull, seed=args.seed)
    after = float(np.mean(np.argmax(adapter.apply(queries) @ matrix.T, axis=1) == gold))
    print(f"{len(pairs)} pairs ({len(gold)} vectors); dense R@1 on them {before:.3f} -> {after:.3f}")
    if not args.dry_run:
        path = adapter_path(assistant.settings.corpus_dir, assistant.embedder.name)
        adapter.save(path)
        print(f"Wrote {path}")


if __name__ == "__main__":
    main()
