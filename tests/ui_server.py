"""Start app.py in a subprocess on a free 127.0.0.1 port, for browser and API tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from assistant.config import PROJECT_DIR, Settings

LOGS: dict[str, Path] = {}  # each running server's URL -> the file its stdout and stderr go to


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(settings: Settings, log: Path, timeout: float = 120,
                extra_env: Mapping[str, str] | None = None, slow_check: bool = False) -> Iterator[str]:
    """app.py serving on a free port; its output (stdout and stderr) is captured in ``log``."""
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir),
           "ASSISTANT_EMBEDDER": settings.embedder, "ASSISTANT_LLM": settings.llm,
           "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_PORT": str(port),
           "ASSISTANT_HOST": "127.0.0.1", "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONUNBUFFERED": "1",
           **(extra_env or {})}
    env.pop("GRADIO_TEMP_DIR", None)  # the server makes its own
    with log.open("w") as out:
        command = ["-m", "tests.ui_server"] if slow_check else [str(PROJECT_DIR / "app.py")]
        proc = subprocess.Popen([sys.executable, *command], env=env,
                                stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_DIR)
    url = f"http://127.0.0.1:{port}/"
    LOGS[url] = log
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"app.py did not start in {timeout}s:\n{log.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    """app.py with the check endpoint replaced by a deliberately slow fake (for the freeze test).

    ASSISTANT_TEST_SLOW_CHECK is how long the fake check takes, in seconds.
    """
    from assistant.core import Assistant
    from assistant.ui import app as ui
    from assistant.ui import handlers as ui_handlers
    from assistant.ui import temp as ui_temp

    seconds = float(os.environ.get("ASSISTANT_TEST_SLOW_CHECK", "30"))

    def slow_check(assistant: Assistant, text: str) -> dict[str, object]:
        time.sleep(seconds)
        return {"results": [], "uncited": []}

    ui_handlers.api_check = slow_check  # type: ignore[assignment]
    ui_temp.server_folder()
    ui.launch(Assistant(Settings.from_env()))


if __name__ == "__main__":
    main()
