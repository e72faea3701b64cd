"""What the two Chroma stores share: reading and writing one collection, and failures.

chroma_local.py (``index/<build>/`` plus a CURRENT pointer) and chroma_server.py (a Chroma
server) are the store's only chromadb importers, and import it only when a store is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from assistant.domain.clauses import Clause
from assistant.errors import BadInput, IndexCorrupt, IndexMissing, StoreUnavailable
from assistant.store.protocol import SEARCH, Extra, Snapshot, no_kind, not_indexed

COLLECTION = "clauses"
PAGE = 5000
POINTER = "CURRENT"
LOCK = ".write.lock"
REBUILD = "rebuild it with `assistant index --rebuild`"


def clause_metadata(clause: Clause, order: int) -> dict[str, str | int]:
    return {**clause.to_metadata(), "hash": clause.content_hash(), "order": order}


class ChromaBase:
    """Reading and writing one Chroma collection (and one more per extra kind of vector, named
    ``<collection>-<kind>``); subclasses say where they live."""

    def _active(self, suffix: str = "") -> Any:
        """The active build's collection (``suffix`` "-<kind>": that kind's collection)."""
        raise NotImplementedError

    _collection: Any = None
    _count: int = 0
    _kinds: dict[str, Any] | None = None

    def _open(self) -> Any:
        """The active build's collection, opened once and kept with its size."""
        if self._collection is None:
            self._collection = self._active()
            self._count = int(self._collection.count())
        return self._collection

    def _refresh(self) -> None:
        """Forget the opened build: the next call reads the pointer again (after a re-index)."""
        self._collection, self._kinds = None, None

    def _open_kind(self, kind: str) -> Any:
        """The active build's collection of one kind of vector."""
        if kind == SEARCH:
            return self._open()
        self._open()  # the active build first: its failures say what is wrong
        kinds = self._kinds = self._kinds if self._kinds is not None else {}
        if kind not in kinds:
            try:
                kinds[kind] = self._active(f"-{kind}")
            except (IndexMissing, IndexCorrupt, StoreUnavailable) as exc:
                if type(exc.__cause__).__name__ != "NotFoundError":
                    raise
                raise no_kind(kind, self.describe()) from exc
        return kinds[kind]

    def describe(self) -> str:
        raise NotImplementedError

    def _pages(self, include: list[str], kind: str = SEARCH) -> Iterator[dict[str, Any]]:
        """Every row of the active build, read in pages (SQLite limits one query's size)."""
        collection = self._open_kind(kind)
        count = self._count if kind == SEARCH else int(collection.count())
        for offset in range(0, max(count, 1), PAGE):
            yield collection.get(include=include, limit=PAGE, offset=offset)

    def snapshot(self) -> Snapshot:
        try:
            rows, hashes = [], {}
            for got in self._pages(["documents", "metadatas"]):
                for cid, doc, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or []):
                    meta = dict(meta or {})
                    rows.append((int(meta.get("order", 0) or 0), Clause.from_metadata(cid, doc or "", meta)))
                    hashes[cid] = str(meta.get("hash", ""))
            info = {k: str(v) for k, v in (self._open().metadata or {}).items()}
        except (IndexMissing, IndexCorrupt, StoreUnavailable):
            raise
        except BaseException as exc:  # chromadb raises many types for a damaged store
            reraise_interrupts(exc)
            raise self._unreadable(exc) from exc
        rows.sort(key=lambda row: row[0])
        return Snapshot(tuple(c for _, c in rows), hashes, info)

    def vectors_by_hash(self, kind: str = SEARCH) -> dict[str, list[float]]:
        """Embeddings of the active build by content hash, for reuse; empty when unreadable."""
        out: dict[str, list[float]] = {}
        try:
            for got in self._pages(["embeddings", "metadatas"], kind):
                embeddings = got["embeddings"] if got["embeddings"] is not None else []
                for meta, emb in zip(got["metadatas"] or [], embeddings):
                    if meta:
                        out[str(meta.get("hash"))] = list(map(float, emb))
        except BaseException as exc:
            reraise_interrupts(exc)
            return {}
        return out

    def vectors(self, ids: Sequence[str], kind: str = SEARCH) -> np.ndarray:
        """The active build's vectors of one kind for ``ids``, rows in their order."""
        found: dict[str, Any] = {}
        try:
            collection = self._open_kind(kind)
            for start in range(0, len(ids), PAGE):
                got = collection.get(ids=list(ids[start:start + PAGE]), include=["embeddings"])
                embeddings = got["embeddings"] if got["embeddings"] is not None else []
                found.update(zip(got["ids"], embeddings))
        except (IndexMissing, IndexCorrupt, StoreUnavailable):
            raise
        except BaseException as exc:
            reraise_interrupts(exc)
            raise self._unreadable(exc) from exc
        missing = [i for i in ids if i not in found]
        if missing:
            raise not_indexed(missing, self.describe())
        return np.asarray([found[i] for i in ids], dtype=np.float32).reshape(len(ids), -1 if ids else 0)

    def query(self, vector: Sequence[float], n: int, sector: str | None) -> list[tuple[str, float]]:
        for attempt in (1, 2):
            try:
                collection = self._open()
                if self._count == 0:
                    return []
                result = collection.query(
                    query_embeddings=[list(map(float, vector))], n_results=min(n, self._count),
                    where={"sector": sector} if sector else None, include=["distances"],
                )
                break
            except (IndexMissing, BadInput):
                raise
            except BaseException as exc:
                reraise_interrupts(exc)
                self._refresh()  # the build may have been replaced by a new index: look again
                if attempt == 2:
                    if isinstance(exc, (IndexCorrupt, StoreUnavailable)):
                        raise
                    raise self._unreadable(exc) from exc
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances)]

    @staticmethod
    def _fill(client: Any, name: str, clauses: Sequence[Clause], vectors: np.ndarray,
              info: dict[str, str], extra: Mapping[str, Extra] | None = None) -> None:
        """Write the build's collections: the clauses with their search vectors, then one
        collection per extra kind (``<name>-<kind>``: each clause's id, text hash and vector)."""
        metadata = {**info, "hnsw:space": "cosine"}
        batch = max(1, min(5000, int(client.get_max_batch_size())))
        collection = client.create_collection(name, embedding_function=None, metadata=metadata)
        for start in range(0, len(clauses), batch):
            part = clauses[start:start + batch]
            collection.add(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[clause_metadata(c, start + i) for i, c in enumerate(part)],
                embeddings=vectors[start:start + batch].tolist(),
            )
        collections = [collection]
        for kind, more in (extra or {}).items():
            collections.append(client.create_collection(f"{name}-{kind}", embedding_function=None,
                                                        metadata=metadata))
            for start in range(0, len(clauses), batch):
                collections[-1].add(
                    ids=[c.id for c in clauses[start:start + batch]],
                    metadatas=[{"hash": h} for h in more.hashes[start:start + batch]],
                    embeddings=more.vectors[start:start + batch].tolist(),
                )
        if any(c.count() != len(clauses) for c in collections):
            raise IndexCorrupt("The new index lost clauses while writing; run the build again.")

    def _unreadable(self, exc: BaseException) -> Exception:
        raise NotImplementedError


def chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def reraise_interrupts(exc: BaseException) -> None:
    """Let Ctrl-C and exits through. Everything else chromadb raises is a store failure,
    including a panic in its Rust core (pyo3's PanicException derives from BaseException,
    so ``except Exception`` would let a damaged index end in a traceback)."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def brief(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def quietly(action: Callable[[], Any]) -> None:
    try:
        action()
    except BaseException as exc:
        reraise_interrupts(exc)
        pass
