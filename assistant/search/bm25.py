"""Okapi BM25 over an inverted index held as numpy arrays.

Scoring touches only the postings of the query's terms and runs in numpy, so a query
over 100,000 clauses costs about a millisecond.

Passage scoring (``passages``): a document may also be scored by its best passage (a
sentence), each passage a unit of its own with the documents' idf and average length, so a
long clause whose one sentence holds the question's words is not pushed down by the
length of the rest; a document scores the best of its whole text and its passages.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np


class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75,
                 passages: Sequence[Sequence[Sequence[str]]] = ()) -> None:
        """``passages``: for some or all documents, in order, the token lists of their passages."""
        self.k1, self.b = k1, b
        self.size = len(documents)
        units = list(documents) + [p for parts in passages for p in parts]
        self._owner = np.array([i for i, parts in enumerate(passages) for _ in parts], dtype=np.int64)
        lengths = np.array([len(doc) for doc in units], dtype=np.float32)
        average = float(lengths[:self.size].mean()) if self.size else 1.0
        self._norm = k1 * (1 - b + b * lengths / (average or 1.0))
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(units):
            for term, count in Counter(doc).items():
                postings[term].append((index, count))
        self._docs: dict[str, np.ndarray] = {}
        self._tfs: dict[str, np.ndarray] = {}
        self.idf: dict[str, float] = {}
        for term, items in postings.items():
            self._docs[term] = np.fromiter((i for i, _ in items), dtype=np.int32, count=len(items))
            self._tfs[term] = np.fromiter((t for _, t in items), dtype=np.float32, count=len(items))
            seen = sum(1 for i, _ in items if i < self.size)  # documents holding it (not passages)
            self.idf[term] = math.log(1.0 + (self.size - seen + 0.5) / (seen + 0.5))

    def score_array(self, query: Sequence[str]) -> np.ndarray:
        scores = np.zeros(len(self._norm), dtype=np.float32)
        for term, weight in Counter(query).items():
            docs = self._docs.get(term)
            if docs is None:
                continue
            tf = self._tfs[term]
            scores[docs] += weight * self.idf[term] * tf * (self.k1 + 1) / (tf + self._norm[docs])
        out = scores[:self.size]
        if len(self._owner):  # a document scores by the best of itself and its passages
            np.maximum.at(out, self._owner, scores[self.size:])
        return out

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        array = self.score_array(query)
        return {int(i): float(array[i]) for i in np.flatnonzero(array)}

    def top(self, query: Sequence[str], n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        scores = self.score_array(query)
        if allowed is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[list(allowed)] = True
            scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > n:
            part = np.argpartition(-scores[candidates], n - 1)[:n]
            candidates = candidates[part]
        ranked = sorted(candidates.tolist(), key=lambda i: (-float(scores[i]), i))
        return [(i, float(scores[i])) for i in ranked[:n]]

    def vocabulary(self) -> set[str]:
        return set(self.idf)
