"""Hybrid retrieval: dense similarity and BM25 scores, fused linearly (or by reciprocal rank).

The fusion is ``search/fusion.py``'s; its weights are ``SearchCalibration``'s
(``search/calibration.py``), set by ``python -m eval.quality.retrieval``.

The dense side embeds only the question and moves its vector toward the kept vectors of
its synonym expansions and spelling corrections; BM25 reads the expanded question.

Explicit clause references in the question ("what does Gov 3b say?") are looked
up exactly and come first; sector cues in the question lift that sector's clauses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.domain.clauses import SECTORS, Clause, Hit, require_sector
from assistant.embed.adapter import QueryAdapter
from assistant.embed.protocol import Embedder, PhraseVectors, Vectors
from assistant.errors import BadInput
from assistant.search.bm25 import BM25
from assistant.search.calibration import SearchCalibration
from assistant.search.fusion import Signal, linear, reciprocal_rank
from assistant.search.query import Query, QueryAnalyzer
from assistant.store.protocol import Snapshot, VectorStore
from assistant.text.normalise import tokens, words
from assistant.text.sentences import split_sentences

MAX_QUERY_CHARS = 4000
MODES = ("hybrid", "dense", "bm25")
FRAMEWORK_KINDS = ("framework", "overview")  # other instruments' entries, not the Call to Action's
IN_MEMORY = 20_000  # a limit: up to this many clauses, dense scores come from a numpy matrix


def check_query(text: str, k: int, sector: str | None) -> str | None:
    """Validate search input; returns the normalised sector."""
    if not text or not text.strip():
        raise BadInput("The query is empty; type a question or some keywords.")
    if len(text) > MAX_QUERY_CHARS:
        raise BadInput(
            f"The query is {len(text):,} characters long; keep it under {MAX_QUERY_CHARS:,} "
            "(to check a whole draft, use `assistant check`)."
        )
    if k < 1:
        raise BadInput(f"-k must be at least 1, not {k}.")
    return require_sector(sector)


@dataclass(frozen=True)
class AskVectors:
    """Vectors of questions users ask, several per clause: a clause scores by the best of
    its own vector and these (dense side, in memory only)."""

    vectors: np.ndarray  # rows
    owners: tuple[str, ...]  # the clause id of each row

    def rows(self, position: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """The rows of clauses in ``position`` and those clauses' positions."""
        keep = [i for i, cid in enumerate(self.owners) if cid in position]
        return (np.asarray(self.vectors[keep], dtype=np.float32),
                np.array([position[self.owners[i]] for i in keep], dtype=np.int64))


def passages(clause: Clause) -> list[list[str]]:
    """The tokens of each sentence of a clause's search text, when it has more than one
    (BM25 then scores the clause by the best of its whole text and these)."""
    found = [tokens(s.text) for s in split_sentences(clause.search_text()).sentences]
    found = [t for t in found if t]
    return found if len(found) > 1 else []


class Retriever:
    def __init__(
        self,
        snapshot: Snapshot,
        store: VectorStore,
        embedder: Embedder,
        analyzer: QueryAnalyzer,
        calibration: SearchCalibration | None = None,
        mode: str = "hybrid",
        in_memory: int = IN_MEMORY,
        adapter: QueryAdapter | None = None,
        asks: AskVectors | None = None,
    ) -> None:
        if mode not in MODES:
            raise BadInput(f"Unknown retrieval mode '{mode}'; use one of: {', '.join(MODES)}.")
        self.clauses = snapshot.clauses
        self.by_id = {c.id: c for c in self.clauses}
        self.position = {c.id: i for i, c in enumerate(self.clauses)}
        self.store, self.embedder, self.analyzer = store, embedder, analyzer
        self.phrases = PhraseVectors(embedder)
        self.calibration = calibration or SearchCalibration()
        self.mode = mode
        self.adapter = adapter  # maps query vectors toward the clauses users' questions mean
        self.dense_share = (self.calibration.adapted_dense_weight if adapter is not None
                            else self.calibration.dense_weight)
        self.bm25 = BM25([tokens(c.search_text()) for c in self.clauses],
                         passages=[passages(c) for c in self.clauses] if self.calibration.passages else ())
        self._in_sector = {s: {i for i, c in enumerate(self.clauses) if c.sector == s} for s in SECTORS}
        self._sector_mask = {s: np.array([c.sector == s for c in self.clauses], dtype=bool)
                             for s in SECTORS}
        self._no_sector = np.array([c.sector is None for c in self.clauses], dtype=bool)
        self._kinds = np.array([c.kind for c in self.clauses])
        self._home = np.array([c.kind not in FRAMEWORK_KINDS for c in self.clauses], dtype=bool)
        self._matrix = self._load_matrix(snapshot) if len(self.clauses) <= in_memory else None
        self._asks = asks.rows(self.position) if asks is not None and self._matrix is not None else None

    def _load_matrix(self, snapshot: Snapshot) -> np.ndarray | None:
        """The clauses' vectors from the store, in clause order: exact dense search in numpy,
        faster than a store round trip for small corpora. None if the store cannot give them."""
        if not self.clauses or self.mode == "bm25":
            return None
        by_hash = self.store.vectors_by_hash()
        rows = [by_hash.get(snapshot.hashes.get(c.id, "")) for c in self.clauses]
        if any(r is None for r in rows):
            return None
        return np.asarray(rows, dtype=np.float32)

    @staticmethod
    def corpus_words(snapshot: Snapshot) -> set[str]:
        return {w for c in snapshot.clauses for w in words(c.search_text())}

    def search(self, text: str, k: int = 5, sector: str | None = None,
               query: Query | None = None) -> list[Hit]:
        """The best ``k`` clauses; ``query`` is ``text`` already analysed, if the caller has it."""
        sector = check_query(text, k, sector)
        query = query or self.analyzer.analyse(text)
        exact = [cid for cid in query.references
                 if cid in self.by_id and (sector is None or self.by_id[cid].sector == sector)]
        ranked = self._ranked(query, sector, k + len(exact))
        dense_of = {cid: dense for cid, _, dense in ranked}
        hits = [Hit(self.by_id[cid], 1.0, dense_of.get(cid, 0.0)) for cid in exact]
        hits += [Hit(self.by_id[cid], score, dense) for cid, score, dense in ranked if cid not in exact]
        return hits[:k]

    def _ranked(self, query: Query, sector: str | None, limit: int) -> list[tuple[str, float, float]]:
        """The best ``limit`` clauses as (id, fused score, dense similarity), best first."""
        if self._matrix is not None and self.calibration.fusion == "linear":
            return self._ranked_in_memory(query, sector, limit)
        ranked = sorted(self.rank(query, sector).items(), key=lambda kv: (-kv[1][0], self.position[kv[0]]))
        return [(cid, score, dense) for cid, (score, dense) in ranked[:limit]]

    def _ranked_in_memory(self, query: Query, sector: str | None,
                          limit: int) -> list[tuple[str, float, float]]:
        """The same linear fusion as rank(), over numpy arrays (see rank() for the rules)."""
        assert self._matrix is not None
        t, size = self.calibration, len(self.clauses)
        valid = self._sector_mask[sector] if sector else np.ones(size, dtype=bool)
        n = max(1, min(t.candidates, int(valid.sum())))
        share = {"dense": 1.0, "bm25": 0.0}.get(self.mode, self.dense_share)
        sims = np.zeros(size, dtype=np.float32)
        candidates = np.zeros(size, dtype=bool)
        dense = sparse = None
        if share > 0:
            vector = self.query_vector(query)
            sims = self._matrix @ vector
            if self._asks is not None:  # a clause scores by its best vector
                np.maximum.at(sims, self._asks[1], self._asks[0] @ vector)
            within = np.where(valid, sims, -np.inf)
            in_dense = within >= float(np.partition(within, size - n)[size - n])
            dense = Signal(within, share, in_dense)
            candidates |= in_dense
        if share < 1:
            bm = np.where(valid, self.bm25.score_array(tokens(query.expanded)), 0.0)
            positive = int((bm > 0).sum())
            if positive:
                cut = float(np.partition(bm, size - min(n, positive))[size - min(n, positive)])
                in_sparse = (bm >= cut) & (bm > 0)
                sparse = Signal(bm, 1 - share, in_sparse)
                candidates |= in_sparse
        fused = linear(np.zeros(size, dtype=np.float32), dense, sparse)
        lift = t.sector_boost if (query.sector and sector is None) else 0.0
        intent = t.intent_boost if query.prefer else 0.0
        if lift and query.sector:
            fused += lift * self._sector_mask[query.sector]
        if intent:
            fused += intent * np.isin(self._kinds, list(query.prefer))
        home = t.home_boost if not query.frameworks else 0.0
        if home:
            fused += home * self._home
        score = np.minimum(1.0, fused / (1 + lift + intent + home))
        index = np.flatnonzero(candidates)
        order = index[np.lexsort((index, -score[index]))][:limit]
        return [(self.clauses[i].id, float(score[i]), float(sims[i])) for i in order]

    def rank(self, query: Query, sector: str | None) -> dict[str, tuple[float, float]]:
        """Fused score (0-1) and dense similarity for each candidate clause."""
        t = self.calibration
        n = max(t.candidates, 1)
        dense = self._dense(query, n, sector) if self.mode != "bm25" else []
        sparse = self._sparse(query, n, sector) if self.mode != "dense" else []
        similarity = dict(dense)
        if self.mode == "hybrid" and t.fusion == "rrf":
            fused = reciprocal_rank([dense, sparse], t.rrf_k)
        else:
            share = {"dense": 1.0, "bm25": 0.0}.get(self.mode, self.dense_share)
            fused = _linear(dense, sparse, share)
        lift = t.sector_boost if (query.sector and sector is None) else 0.0
        intent = t.intent_boost if query.prefer else 0.0
        home = t.home_boost if not query.frameworks else 0.0
        out = {}
        for cid, score in fused.items():
            clause = self.by_id[cid]
            if lift and clause.sector == query.sector:
                score += lift
            if intent and clause.kind in query.prefer:
                score += intent
            if home and clause.kind not in FRAMEWORK_KINDS:
                score += home
            out[cid] = (min(1.0, score / (1 + lift + intent + home)), similarity.get(cid, 0.0))
        return out

    def _dense(self, query: Query, n: int, sector: str | None) -> list[tuple[str, float]]:
        vector = self.query_vector(query).tolist()
        return [(cid, s) for cid, s in self.store.query(vector, n, sector) if cid in self.by_id]

    def query_vector(self, query: Query) -> Vectors:
        """The question's embedding (its subject's, when a persona opens it) plus the mean of
        its expansions' embeddings, normalised, then mapped by the query adapter if there is one.

        Expansions (synonyms, spelling corrections) come from a fixed vocabulary, so their
        vectors are computed once and kept: a search embeds only the question itself.
        """
        vector, phrases = self.phrases.embed(query.subject or query.text, query.expansions)
        if len(phrases):
            vector = vector + phrases.mean(axis=0)
            vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        if self.adapter is not None:
            vector = self.adapter.apply(vector)
        return np.asarray(vector, dtype=np.float32)

    def coverage(self, query: Query, sector: str | None = None) -> float:
        """How close the question comes to the corpus (to ``sector``'s clauses and the
        sector-less framework entries, if given): the best cosine between a clause and the
        question embedded in one piece with its expansion words.

        Read in context, expansion words lift on-topic questions without lifting off-topic
        ones that merely share a word, so ``ask`` abstains on this, not on the search vector.
        """
        vector = self.embedder.embed([query.dense_text or query.text])[0]
        if self._matrix is not None:
            sims = self._matrix @ vector
            if sector:
                sims = sims[self._sector_mask[sector] | self._no_sector]
            return float(sims.max()) if len(sims) else 0.0
        best = self.store.query(vector.tolist(), 1, sector) if self.clauses else []  # sector's own only
        return best[0][1] if best else 0.0

    def similarities(self, text: str) -> dict[str, float]:
        """The cosine of ``text``, embedded alone, with every clause ({} when the clause
        vectors are not held in memory)."""
        if self._matrix is None:
            return {}
        sims = self._matrix @ self.embedder.embed([text])[0]
        return {c.id: float(s) for c, s in zip(self.clauses, sims, strict=True)}

    def _sparse(self, query: Query, n: int, sector: str | None) -> list[tuple[str, float]]:
        allowed = self._in_sector[sector] if sector else None
        return [(self.clauses[i].id, s) for i, s in self.bm25.top(tokens(query.expanded), n, allowed)]

    def get(self, clause_id: str) -> Clause | None:
        return self.by_id.get(clause_id)

    def hits_for(self, ids: Sequence[str]) -> list[Hit]:
        return [Hit(self.by_id[i], 1.0) for i in ids if i in self.by_id]


def _linear(dense: list[tuple[str, float]], sparse: list[tuple[str, float]],
            share: float) -> dict[str, float]:
    """``linear`` over the store's and BM25's candidate lists (each side only when it has a share)."""
    dense, sparse = (dense if share > 0 else []), (sparse if share < 1 else [])
    ids = list(dict.fromkeys([cid for cid, _ in dense] + [cid for cid, _ in sparse]))
    row = {cid: i for i, cid in enumerate(ids)}

    def signal(pairs: list[tuple[str, float]], weight: float) -> Signal:
        values, pool = np.zeros(len(ids)), np.zeros(len(ids), dtype=bool)
        for cid, score in pairs:
            values[row[cid]], pool[row[cid]] = score, True
        return Signal(values, weight, pool)

    fused = linear(np.zeros(len(ids)), signal(dense, share), signal(sparse, 1 - share))
    return dict(zip(ids, fused.tolist()))
