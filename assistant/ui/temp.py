"""The web UI's temporary files: one folder per server, gone when the server stops.

Gradio keeps uploads and download copies in GRADIO_TEMP_DIR, and each job writes its
report or plan to a folder of its own. All of it lives under one folder per server
process, ``<system temp>/assistant-ui-<pid>-…``, removed at exit (SIGTERM included);
a folder left by a server that crashed is swept when the next one starts.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from types import FrameType

PREFIX = "assistant-ui-"
_STALE = re.compile(rf"^{PREFIX}(\d+)-")
_lock = threading.Lock()
_folder: Path | None = None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sweep(root: Path) -> list[Path]:
    """Remove the folders of servers that are no longer running; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _STALE.match(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not _alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def server_folder() -> Path:
    """This server's temporary folder, made (and GRADIO_TEMP_DIR pointed into it) on first use."""
    global _folder
    with _lock:
        if _folder is None or not _folder.is_dir():
            root = Path(tempfile.gettempdir())
            sweep(root)
            _folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root))
            (_folder / "gradio").mkdir()
            (_folder / "jobs").mkdir()
            os.environ["GRADIO_TEMP_DIR"] = str(_folder / "gradio")
            atexit.register(remove)
        return _folder


def gradio_folder() -> Path:
    return server_folder() / "gradio"


def job_folder(prefix: str) -> Path:
    """A fresh folder for one job's files; the caller removes it when the request ends."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=server_folder() / "jobs"))


def remove() -> None:
    global _folder
    with _lock:
        if _folder is not None:
            shutil.rmtree(_folder, ignore_errors=True)
            _folder = None


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, ValueError):
        return False
    return True


def discard_upload(path: str | None) -> None:
    """Delete an uploaded file (and its hash folder) once read: only ever inside Gradio's folder."""
    if not path:
        return
    upload, cache = Path(path), gradio_folder()
    if not inside(upload, cache):
        return
    folder = upload.resolve().parent
    if folder != cache.resolve() and inside(folder, cache):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        upload.unlink(missing_ok=True)


def exit_on_sigterm() -> None:
    """SIGTERM ends the server like Ctrl-C, so the exit handlers (and remove()) run."""
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
