"""Does one hostile request freeze the web UI for everyone? (issue 17)

    python -m eval.robustness.ui_freeze [--input all|word|spaces|gov] [--time-limit 180] [--max-block 2]

Starts `python app.py` on a free 127.0.0.1 port with a throw-away copy of the index, sends
hostile checks one at a time through gradio_client's /check endpoint (a 61,000-letter word,
30,000 spaces before "-x Gov 3b.", 42,000 characters of "Gov. "), and meanwhile times
plain GETs of the page's config route, as another user's browser would. Prints how long
each check took and the slowest GET while it ran, then stops the server. Exits 1 when a
GET waited longer than --max-block seconds (the server froze). Bounded: probes stop when
the check ends or at the time limit; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from tests.ui_server import running_app

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and VENV_PYTHON.is_file():
    # needs gradio_client; run as a module from the project root
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), "-m", "eval.robustness.ui_freeze", *sys.argv[1:]])

INPUTS = {
    "word": "a" * 61_000,
    "spaces": " " * 30_000 + "-x Gov 3b.",
    "gov": "Gov. " * 8_400,
}
ROUTES = ("config", "gradio_api/info", "")  # the first that answers 200 is probed


@dataclass
class Probe:
    route: str
    idle: float
    check_status: str = ""
    check_seconds: float = 0.0
    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def copy_index(target: Path) -> Path:
    source = ROOT / "index"
    build = (source / "CURRENT").read_text(encoding="utf-8").strip()
    shutil.copytree(source / build, target / build)
    shutil.copy(source / "CURRENT", target / "CURRENT")
    if (source / "onnx").exists():
        shutil.copytree(source / "onnx", target / "onnx")
    return target


def get(url: str, timeout: float) -> tuple[float, str]:
    """Seconds a GET took, and "" or what went wrong."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = "" if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        status = f"HTTP {exc.code}"
    except OSError as exc:
        status = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - started, status


def probe(base: str, text: str, time_limit: float, interval: float = 0.25) -> Probe:
    from gradio_client import Client

    route = next((r for r in ROUTES if not get(base + r, 10)[1]), "")
    result = Probe("/" + route, min(get(base + route, 10)[0] for _ in range(3)))
    client = Client(base, verbose=False)

    def hostile() -> None:
        started = time.perf_counter()
        try:
            answer = str(client.predict(text, api_name="/check")).replace("\n", " ")
            result.check_status = f"answered: {answer[:90]}"
        except Exception as exc:  # any failure is reported, not raised
            result.check_status = f"{type(exc).__name__}: {str(exc)[:120]}"
        result.check_seconds = time.perf_counter() - started

    worker = threading.Thread(target=hostile, daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive() and time.monotonic() - started < time_limit:
        seconds, status = get(base + route, max(1.0, time_limit - (time.monotonic() - started)))
        result.times.append(seconds)
        if status:
            result.failures.append(status)
        time.sleep(interval)
    worker.join(timeout=1)
    if worker.is_alive():
        result.check_status = f"still running after {time_limit:.0f} s"
        result.check_seconds = time.monotonic() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", choices=[*sorted(INPUTS), "all"], default="all",
                        help="the hostile check (default: each in turn)")
    parser.add_argument("--time-limit", type=float, default=180, help="seconds to probe at most")
    parser.add_argument("--max-block", type=float, default=2.0,
                        help="slowest acceptable GET while the check runs (seconds)")
    options = parser.parse_args()
    if not (ROOT / "index" / "CURRENT").is_file():
        print("Error: there is no index/ to copy; run `assistant index` first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ui-freeze-") as tmp:
        settings = Settings(index_dir=copy_index(Path(tmp) / "index"))
        with running_app(settings, Path(tmp) / "app.log", timeout=180) as base:
            names = sorted(INPUTS) if options.input == "all" else [options.input]
            results = {name: probe(base, INPUTS[name], options.time_limit) for name in names}
    frozen = False
    for name, r in results.items():
        slowest = max(r.times, default=0.0)
        print(f"hostile check ({name}, {len(INPUTS[name]):,} characters): {r.check_seconds:.1f} s, "
              f"{r.check_status}")
        failed = f"; {len(r.failures)} failed: {r.failures[0]}" if r.failures else ""
        print(f"  GET {r.route} while it ran: slowest {slowest:.2f} s over {len(r.times)} probes "
              f"(idle {r.idle:.3f} s){failed}")
        frozen = frozen or slowest > options.max_block or bool(r.failures)
    print("FROZEN: another user waited longer than the bound." if frozen else "Responsive.")
    return 1 if frozen else 0

if __name__ == "__main__":
    sys.exit(main())
