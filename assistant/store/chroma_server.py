"""A Chroma server, reached over HTTP; one collection per build, the newest active."""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.domain.clauses import Clause
from assistant.errors import BadInput, IndexMissing, StoreUnavailable
from assistant.store.chroma_base import (
    COLLECTION,
    REBUILD,
    ChromaBase,
    brief,
    chroma_settings,
    quietly,
    reraise_interrupts,
)
from assistant.store.files import masked
from assistant.store.protocol import Extra


class ChromaServerStore(ChromaBase):
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
                    host=self.host, port=self.port, ssl=self.ssl, settings=chroma_settings()
                )
                session = getattr(getattr(self._client_obj, "_server", None), "_session", None)
                if session is not None:  # chromadb's HTTP session has no time-out of its own
                    session.timeout = httpx.Timeout(self.timeout)
            except BaseException as exc:
                reraise_interrupts(exc)
                self._client_obj = None
                raise self._unreachable(exc) from exc
        return self._client_obj

    def _unreachable(self, exc: BaseException) -> StoreUnavailable:
        return StoreUnavailable(
            f"The Chroma server at {self.url} cannot be reached ({brief(exc)}); start it "
            "(`chroma run`) or unset ASSISTANT_CHROMA_URL to use the local index."
        )

    def _reachable(self) -> bool:
        try:
            socket.create_connection((self.host, self.port), timeout=self.timeout).close()
        except OSError:
            return False
        return True

    def _active(self, suffix: str = "") -> Any:
        client = self._client()
        try:
            pointer = client.get_collection(self.ACTIVE, embedding_function=None)
            got = pointer.get(ids=["active"], include=["documents"])
            name = (got["documents"] or [""])[0]
        except BaseException as exc:
            reraise_interrupts(exc)
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
            return client.get_collection(name + suffix, embedding_function=None)
        except BaseException as exc:
            reraise_interrupts(exc)
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: BaseException) -> Exception:
        if not self._reachable():
            self._client_obj = None
            return self._unreachable(exc)
        return StoreUnavailable(
            f"The index on the Chroma server at {self.url} cannot be read ({brief(exc)}); "
            f"check the server, or {REBUILD}."
        )

    def write(self, clauses: Sequence[Clause], vectors: np.ndarray, info: dict[str, str],
              extra: Mapping[str, Extra] | None = None) -> None:
        client = self._client()
        # names sort by time to the nanosecond: the two newest builds are kept, even when several
        # are written within one second
        now = time.time_ns()
        name = (f"{COLLECTION}_{time.strftime('%Y%m%d%H%M%S', time.localtime(now // 10**9))}"
                f"{now % 10**9:09d}_{secrets.token_hex(4)}")
        try:
            self._fill(client, name, clauses, vectors, info, extra)
        except BaseException:
            for made in [name, *(f"{name}-{kind}" for kind in extra or {})]:
                quietly(partial(client.delete_collection, made))
            raise
        pointer = client.get_or_create_collection(self.ACTIVE, embedding_function=None)
        pointer.upsert(ids=["active"], documents=[name], embeddings=[[0.0, 0.0]])
        self._refresh()
        names = [c.name for c in client.list_collections() if c.name.startswith(f"{COLLECTION}_")]
        keep = {name, *sorted({n.split("-")[0] for n in names})[-2:]}  # builds, with their kinds' collections
        for old in names:
            if old.split("-")[0] not in keep:
                quietly(partial(client.delete_collection, old))
