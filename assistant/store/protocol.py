"""The VectorStore protocol and its in-memory fake; Chroma backends in chroma_local.py and
chroma_server.py, chosen by factory.py.

A build is always written aside and then made active in one step, so a failed build
never harms the index that queries are using.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.domain.clauses import Clause
from assistant.errors import IndexMissing


@dataclass(frozen=True)
class Snapshot:
    """What an active build holds: its clauses, their content hashes, and build info."""

    clauses: tuple[Clause, ...]
    hashes: dict[str, str]
    info: dict[str, str] = field(default_factory=dict)


class VectorStore(Protocol):
    def snapshot(self) -> Snapshot: ...

    def vectors_by_hash(self) -> dict[str, list[float]]: ...

    def query(self, vector: Sequence[float], n: int, sector: str | None) -> list[tuple[str, float]]: ...

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str]) -> None: ...

    def describe(self) -> str: ...


class MemoryStore:
    """An in-memory store with the same behaviour, for tests and experiments."""

    def __init__(self) -> None:
        self._clauses: tuple[Clause, ...] = ()
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._info: dict[str, str] = {}
        self.writes = 0

    def describe(self) -> str:
        return "memory"

    def snapshot(self) -> Snapshot:
        if not self._clauses and not self.writes:
            raise IndexMissing("The in-memory store is empty; build it with `assistant index`.")
        return Snapshot(self._clauses, {c.id: c.content_hash() for c in self._clauses}, dict(self._info))

    def vectors_by_hash(self) -> dict[str, list[float]]:
        return {c.content_hash(): self._vectors[i].tolist() for i, c in enumerate(self._clauses)}

    def query(self, vector: Sequence[float], n: int, sector: str | None) -> list[tuple[str, float]]:
        if not self._clauses:
            return []
        sims = self._vectors @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-sims, kind="stable")
        out = [(self._clauses[i].id, float(sims[i])) for i in order
               if sector is None or self._clauses[i].sector == sector]
        return out[:n]

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str]) -> None:
        self._clauses, self._vectors, self._info = tuple(clauses), np.asarray(vectors), dict(info)
        self.writes += 1
