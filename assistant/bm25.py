"""Okapi BM25 over an inverted index: scoring touches only documents sharing a term."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence


class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        self.lengths = [len(doc) for doc in documents]
        self.avg_length = (sum(self.lengths) / self.size) if self.size else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                self.postings[term].append((index, count))
        self.idf = {
            term: math.log(1.0 + (self.size - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in self.postings.items()
        }

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for term, weight in Counter(query).items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for index, tf in self.postings[term]:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / (self.avg_length or 1))
                out[index] += weight * idf * tf * (self.k1 + 1) / (tf + norm)
        return out

    def top(self, query: Sequence[str], n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        scored = self.scores(query)
        ranked = sorted(
            ((i, s) for i, s in scored.items() if allowed is None or i in allowed),
            key=lambda item: (-item[1], item[0]),
        )
        return ranked[:n]

    def vocabulary(self) -> set[str]:
        return set(self.postings)
