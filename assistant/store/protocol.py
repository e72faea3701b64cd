"""The VectorStore protocol and its in-memory fake; Chroma backends in chroma_local.py and
chroma_server.py, chosen by factory.py.

A build is always written aside and then made active in one step, so a failed build
never harms the index that queries are using. Besides each clause's search vector (of
``Clause.search_text()``, the one queries are compared with) a build may keep vectors of
other texts of every clause, by kind name (``extra``): jobs read them with ``vectors``
instead of embedding clause texts at run time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.domain.clauses import Clause
from assistant.errors import IndexMissing

SEARCH = "search"  # the kind of vector queries are compared with: ``Clause.search_text()``


@dataclass(frozen=True)
class Snapshot:
    """What an active build holds: its clauses, their content hashes, and build info."""

    clauses: tuple[Clause, ...]
    hashes: dict[str, str]
    info: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Extra:
    """Vectors of one more text of every clause (rows in the clauses' order), with the hash of
    each text embedded, so that a later build reuses the vectors of texts that did not change."""

    vectors: np.ndarray
    hashes: tuple[str, ...]


class VectorStore(Protocol):
    def snapshot(self) -> Snapshot: ...

    def vectors_by_hash(self, kind: str = SEARCH) -> dict[str, list[float]]:
        """The active build's vectors of one kind by the hash of their text; empty when none."""
        ...

    def vectors(self, ids: Sequence[str], kind: str = SEARCH) -> np.ndarray:
        """The active build's vectors of one kind for these clause ids, rows in their order."""
        ...

    def query(self, vector: Sequence[float], n: int, sector: str | None) -> list[tuple[str, float]]: ...

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str],
              extra: Mapping[str, Extra] | None = None) -> None: ...

    def describe(self) -> str: ...


class MemoryStore:
    """An in-memory store with the same behaviour, for tests and experiments."""

    def __init__(self) -> None:
        self._clauses: tuple[Clause, ...] = ()
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._info: dict[str, str] = {}
        self._extra: dict[str, Extra] = {}
        self.writes = 0

    def describe(self) -> str:
        return "memory"

    def snapshot(self) -> Snapshot:
        if not self._clauses and not self.writes:
            raise IndexMissing("The in-memory store is empty; build it with `assistant index`.")
        return Snapshot(self._clauses, {c.id: c.content_hash() for c in self._clauses}, dict(self._info))

    def vectors_by_hash(self, kind: str = SEARCH) -> dict[str, list[float]]:
        if kind == SEARCH:
            return {c.content_hash(): self._vectors[i].tolist() for i, c in enumerate(self._clauses)}
        extra = self._extra.get(kind)
        return {h: extra.vectors[i].tolist() for i, h in enumerate(extra.hashes)} if extra else {}

    def vectors(self, ids: Sequence[str], kind: str = SEARCH) -> np.ndarray:
        self.snapshot()  # an empty store says how to build it
        if kind != SEARCH and kind not in self._extra:
            raise no_kind(kind, self.describe())
        matrix = self._vectors if kind == SEARCH else self._extra[kind].vectors
        row = {c.id: i for i, c in enumerate(self._clauses)}
        missing = [i for i in ids if i not in row]
        if missing:
            raise not_indexed(missing, self.describe())
        return np.asarray(matrix[[row[i] for i in ids]], dtype=np.float32)

    def query(self, vector: Sequence[float], n: int, sector: str | None) -> list[tuple[str, float]]:
        if not self._clauses:
            return []
        sims = self._vectors @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-sims, kind="stable")
        out = [(self._clauses[i].id, float(sims[i])) for i in order
               if sector is None or self._clauses[i].sector == sector]
        return out[:n]

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str],
              extra: Mapping[str, Extra] | None = None) -> None:
        self._clauses, self._vectors, self._info = tuple(clauses), np.asarray(vectors), dict(info)
        self._extra = dict(extra or {})
        self.writes += 1


def no_kind(kind: str, where: str) -> IndexMissing:
    return IndexMissing(f"The index at {where} keeps no '{kind}' vectors (it was built by an earlier "
                        "version); update it with `assistant index`.")


def not_indexed(ids: Sequence[str], where: str) -> IndexMissing:
    return IndexMissing(f"The index at {where} has no vectors for {len(ids):,} clauses of the corpus "
                        f"({ids[0]}, …); update it with `assistant index`.")
