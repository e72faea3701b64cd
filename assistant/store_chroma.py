"""Chroma stores, embedded (``index/<build>/`` plus a CURRENT pointer) or a server.

This is the only module that imports chromadb, and only when a store is opened.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from .clauses import Clause
from .errors import BadInput, IndexCorrupt, IndexMissing, StoreUnavailable
from .store import Snapshot
from .store_files import damaged, locked, masked

COLLECTION = "clauses"
PAGE = 5000
POINTER = "CURRENT"
LOCK = ".write.lock"
REBUILD = "rebuild it with `assistant index --rebuild`"


def _metadata(clause: Clause, order: int) -> dict[str, str | int]:
    return {**clause.to_metadata(), "hash": clause.content_hash(), "order": order}


class _ChromaBase:
    """Reading and writing one Chroma collection; subclasses say where it lives."""

    def _active(self) -> Any:
        raise NotImplementedError

    _collection: Any = None
    _count: int = 0

    def _open(self) -> Any:
        """The active build's collection, opened once and kept with its size."""
        if self._collection is None:
            self._collection = self._active()
            self._count = int(self._collection.count())
        return self._collection

    def _refresh(self) -> None:
        """Forget the opened build: the next call reads the pointer again (after a re-index)."""
        self._collection = None

    def _pages(self, include: list[str]) -> Iterator[dict[str, Any]]:
        """Every row of the active build, read in pages (SQLite limits one query's size)."""
        collection = self._open()
        for offset in range(0, max(self._count, 1), PAGE):
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
            _reraise_interrupts(exc)
            raise self._unreadable(exc) from exc
        rows.sort(key=lambda row: row[0])
        return Snapshot(tuple(c for _, c in rows), hashes, info)

    def vectors_by_hash(self) -> dict[str, list[float]]:
        """Embeddings of the active build by content hash, for reuse; empty when unreadable."""
        out: dict[str, list[float]] = {}
        try:
            for got in self._pages(["embeddings", "metadatas"]):
                embeddings = got["embeddings"] if got["embeddings"] is not None else []
                for meta, emb in zip(got["metadatas"] or [], embeddings):
                    if meta:
                        out[str(meta.get("hash"))] = list(map(float, emb))
        except BaseException as exc:
            _reraise_interrupts(exc)
            return {}
        return out

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
                _reraise_interrupts(exc)
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
              info: dict[str, str]) -> None:
        metadata = {**info, "hnsw:space": "cosine"}
        collection = client.create_collection(
            name, embedding_function=None, metadata=metadata,
        )
        batch = max(1, min(5000, int(client.get_max_batch_size())))
        for start in range(0, len(clauses), batch):
            part = clauses[start:start + batch]
            collection.add(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[_metadata(c, start + i) for i, c in enumerate(part)],
                embeddings=vectors[start:start + batch].tolist(),
            )
        if collection.count() != len(clauses):
            raise IndexCorrupt("The new index lost clauses while writing; run the build again.")

    def _unreadable(self, exc: BaseException) -> Exception:
        raise NotImplementedError


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class ChromaLocalStore(_ChromaBase):
    """An embedded Chroma store: ``index/<build>/`` directories and a CURRENT pointer."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def describe(self) -> str:
        return str(self.index_dir)

    def _client(self, path: Path) -> Any:
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb

        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())

    def current_build(self) -> Path | None:
        pointer = self.index_dir / POINTER
        if not pointer.is_file():
            return None
        name = pointer.read_text(encoding="utf-8").strip()
        return self.index_dir / name if name else None

    def _active(self) -> Any:
        build = self.current_build()
        if build is None:
            raise IndexMissing(
                f"There is no index at {self.index_dir} yet; build it with "
                "`assistant index` (or `assistant index --rebuild`)."
            )
        if not (build / "chroma.sqlite3").is_file():
            raise IndexCorrupt(f"The index at {self.index_dir} is incomplete; {REBUILD}.")
        problem = damaged(build / "chroma.sqlite3")  # before chromadb's native code panics on it
        if problem:
            raise IndexCorrupt(f"The index at {self.index_dir} cannot be read (damaged: {problem}); {REBUILD}.")
        try:
            return self._client(build).get_collection(COLLECTION, embedding_function=None)
        except BaseException as exc:
            _reraise_interrupts(exc)
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: BaseException) -> Exception:
        return IndexCorrupt(f"The index at {self.index_dir} cannot be read ({_brief(exc)}); {REBUILD}.")

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str]) -> None:
        """Write a new build aside and make it current; concurrent writers take turns (a lock
        file), so that one never prunes the build another is still writing."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with locked(self.index_dir / LOCK):
            self._write(clauses, vectors, info)

    def _write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str]) -> None:
        name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
        target = self.index_dir / name
        try:
            client = self._client(target)
            self._fill(client, COLLECTION, clauses, vectors, info)
            del client
            replaced = self.current_build()
            tmp = self.index_dir / f"{POINTER}.{os.getpid()}.tmp"
            tmp.write_text(name + "\n", encoding="utf-8")
            os.replace(tmp, self.index_dir / POINTER)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._refresh()
        self._prune(keep={name, replaced.name if replaced else ""})

    def _prune(self, keep: set[str]) -> None:
        """Old builds go; the one before the newest stays for queries still reading it."""
        for path in self.index_dir.glob("build-*"):
            if path.name not in keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


class ChromaServerStore(_ChromaBase):
    """A Chroma server (``chroma run``) reached through ``chromadb.HttpClient``."""

    ACTIVE = "assistant_active"

    def __init__(self, url: str, timeout: float) -> None:
        try:
            parsed = urlparse(url if "://" in url else f"http://{url}")
            port = parsed.port  # raises ValueError for "host:notaport" or a port beyond 65535
        except ValueError:  # also "http://[::1" (an unclosed address)
            parsed, port = urlparse(""), -1
        if (parsed.scheme not in ("http", "https") or not parsed.hostname or port == -1
                or any(c.isspace() for c in url.strip())):
            raise BadInput(f"ASSISTANT_CHROMA_URL '{masked(url)}' is not an http(s) URL such as "
                           "http://127.0.0.1:8000.")
        self.url = masked(url)  # as shown in messages: a password in the URL never is
        self.host = parsed.hostname
        self.port = port or (443 if parsed.scheme == "https" else 8000)
        self.ssl = parsed.scheme == "https"
        self.timeout = timeout
        self._client_obj: Any = None

    def describe(self) -> str:
        return self.url

    def _client(self) -> Any:
        if self._client_obj is None:
            import chromadb

            try:
                # chromadb's client talks to the server as it is built, with no time-out of its
                # own: a server that accepts but never answers must fail here, in time.
                import httpx

                scheme = "https" if self.ssl else "http"
                httpx.get(f"{scheme}://{self.host}:{self.port}/api/v2/heartbeat",
                          timeout=self.timeout).raise_for_status()
                self._client_obj = chromadb.HttpClient(
                    host=self.host, port=self.port, ssl=self.ssl, settings=_chroma_settings()
                )
                session = getattr(getattr(self._client_obj, "_server", None), "_session", None)
                if session is not None:  # chromadb's HTTP session has no time-out of its own
                    session.timeout = httpx.Timeout(self.timeout)
            except BaseException as exc:
                _reraise_interrupts(exc)
                self._client_obj = None
                raise self._unreachable(exc) from exc
        return self._client_obj

    def _unreachable(self, exc: BaseException) -> StoreUnavailable:
        return StoreUnavailable(
            f"The Chroma server at {self.url} cannot be reached ({_brief(exc)}); start it "
            "(`chroma run`) or unset ASSISTANT_CHROMA_URL to use the local index."
        )

    def _reachable(self) -> bool:
        try:
            socket.create_connection((self.host, self.port), timeout=self.timeout).close()
        except OSError:
            return False
        return True

    def _active(self) -> Any:
        client = self._client()
        try:
            pointer = client.get_collection(self.ACTIVE, embedding_function=None)
            got = pointer.get(ids=["active"], include=["documents"])
            name = (got["documents"] or [""])[0]
        except BaseException as exc:
            _reraise_interrupts(exc)
            if not self._reachable():
                self._client_obj = None
                raise self._unreachable(exc) from exc
            name = ""
        if not name:
            raise IndexMissing(
                f"The Chroma server at {self.url} holds no index yet; build it with "
                "`assistant index` (or `assistant index --rebuild`)."
            )
        try:
            return client.get_collection(name, embedding_function=None)
        except BaseException as exc:
            _reraise_interrupts(exc)
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: BaseException) -> Exception:
        if not self._reachable():
            self._client_obj = None
            return self._unreachable(exc)
        return StoreUnavailable(
            f"The index on the Chroma server at {self.url} cannot be read ({_brief(exc)}); "
            f"check the server, or {REBUILD}."
        )

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str]) -> None:
        client = self._client()
        name = f"{COLLECTION}_{time.strftime('%Y%m%d%H%M%S')}_{secrets.token_hex(4)}"
        try:
            self._fill(client, name, clauses, vectors, info)
        except BaseException:
            _quietly(lambda: client.delete_collection(name))
            raise
        pointer = client.get_or_create_collection(self.ACTIVE, embedding_function=None)
        pointer.upsert(ids=["active"], documents=[name], embeddings=[[0.0, 0.0]])
        self._refresh()
        keep = sorted(c.name for c in client.list_collections() if c.name.startswith(f"{COLLECTION}_"))
        for old in keep[:-2]:
            if old != name:
                _quietly(partial(client.delete_collection, old))


def _reraise_interrupts(exc: BaseException) -> None:
    """Let Ctrl-C and exits through. Everything else chromadb raises is a store failure,
    including a panic in its Rust core (pyo3's PanicException derives from BaseException,
    so ``except Exception`` would let a damaged index end in a traceback)."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def _brief(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _quietly(action: Callable[[], Any]) -> None:
    try:
        action()
    except BaseException as exc:
        _reraise_interrupts(exc)
        pass
