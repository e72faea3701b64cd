"""Files of the embedded store: a lock for writers, an integrity check, masked URLs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlparse


def damaged(path: Path) -> str | None:
    """Why the SQLite file at ``path`` is damaged, or None when SQLite's quick check passes.

    chromadb's Rust core panics on a damaged page and prints the panic on standard error
    before Python sees it; SQLite's own check says the same in a sentence, in milliseconds."""
    try:
        with closing(sqlite3.connect(path, timeout=10)) as db:
            rows = db.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    if rows == [("ok",)]:
        return None
    found = " ".join(str(rows[0][0] if rows else "no answer").replace("*** in database main ***", "").split())
    return found[:160]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` for the block (released when the process ends, too)."""
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def masked(url: str) -> str:
    """The URL with any password (and query string) hidden: "http://me:***@host:8000"."""
    try:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        password = parsed.password
    except ValueError:
        return "(an unreadable URL)" if "@" in url else url
    shown = url
    if password:
        shown = shown.replace(f":{password}@", ":***@", 1)
    if parsed.query:
        shown = shown.replace(f"?{parsed.query}", "?***", 1)
    return shown
