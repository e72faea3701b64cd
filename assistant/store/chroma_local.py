"""An embedded Chroma store: ``index/<build>/`` directories and a CURRENT pointer."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.domain.clauses import Clause
from assistant.errors import BadInput, IndexCorrupt, IndexMissing
from assistant.store.chroma_base import (
    COLLECTION,
    LOCK,
    POINTER,
    REBUILD,
    ChromaBase,
    brief,
    chroma_settings,
    reraise_interrupts,
)
from assistant.store.files import damaged, locked
from assistant.store.protocol import Extra


class ChromaLocalStore(ChromaBase):
    """An embedded Chroma store: ``index/<build>/`` directories and a CURRENT pointer."""

    def __init__(self, index_dir: Path) -> None:
        if index_dir.exists() and not index_dir.is_dir():
            raise BadInput(f"ASSISTANT_INDEX_DIR {index_dir} is a file, not a folder; choose a folder.")
        self.index_dir = index_dir
        self._opened: Any = None  # the client of the build whose collection was opened last

    def describe(self) -> str:
        return str(self.index_dir)

    def _client(self, path: Path) -> Any:
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb

        return chromadb.PersistentClient(path=str(path), settings=chroma_settings())

    def current_build(self) -> Path | None:
        pointer = self.index_dir / POINTER
        if not pointer.is_file():
            return None
        name = pointer.read_text(encoding="utf-8").strip()
        return self.index_dir / name if name else None

    def _active(self, suffix: str = "") -> Any:
        if suffix and self._opened is not None:  # a kind's collection: of the build opened already
            try:
                return self._opened.get_collection(COLLECTION + suffix, embedding_function=None)
            except BaseException as exc:
                reraise_interrupts(exc)
                raise self._unreadable(exc) from exc
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
            raise IndexCorrupt(f"The index at {self.index_dir} cannot be read (damaged: {problem}); "
                               f"{REBUILD}.")
        try:
            self._opened = self._client(build)
            return self._opened.get_collection(COLLECTION + suffix, embedding_function=None)
        except BaseException as exc:
            reraise_interrupts(exc)
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: BaseException) -> Exception:
        return IndexCorrupt(f"The index at {self.index_dir} cannot be read ({brief(exc)}); {REBUILD}.")

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str],
              extra: Mapping[str, Extra] | None = None) -> None:
        """Write a new build aside and make it current; concurrent writers take turns (a lock
        file), so that one never prunes the build another is still writing."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with locked(self.index_dir / LOCK):
            self._write(clauses, vectors, info, extra)

    def _write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str],
               extra: Mapping[str, Extra] | None) -> None:
        name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
        target = self.index_dir / name
        try:
            client = self._client(target)
            self._fill(client, COLLECTION, clauses, vectors, info, extra)
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
