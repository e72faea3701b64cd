"""Load test of a running web UI through its named API endpoints, as gradio_client users call it.

    python -m eval.speed.load [--url http://127.0.0.1:7860] [--users 20] [--requests 10] [--time-limit 300]
    python -m eval.speed.load --start      # serve app.py on a free port (default index), load it, stop it

Each user is a thread with its own gradio_client.Client, sending a mix of the four jobs
(/ask, /applicable, /plan, /check) with realistic inputs, one request after another.
Bounded: users x requests in all, and nothing new is sent after the time limit. Only
127.0.0.1 / localhost is accepted. Exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from eval.speed import bench_corpus as gen

ENDPOINTS = ("/ask", "/applicable", "/plan", "/check")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SECTORS = ["", "", "government", "private_sector", "civil_society"]
EXPECT = {"/ask": "citations", "/applicable": "pledges", "/plan": "sections", "/check": "results"}


@lru_cache(maxsize=1)
def pools() -> tuple[list[str], list[str], list[str]]:
    """Users' questions and organisation profiles (the own eval set), and cited drafts."""
    return gen.questions(300), gen.profiles(162), gen.drafts(40)


def inputs(endpoint: str, rng: random.Random) -> tuple[object, ...]:
    questions, profiles, drafts = pools()
    if endpoint == "/ask":
        return rng.choice(questions), rng.choice(SECTORS)
    if endpoint == "/check":
        return (rng.choice(drafts),)
    return (rng.choice(profiles),)


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
        self.errors: list[str] = []

    def add(self, endpoint: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(f"{endpoint}: {error}")
            else:
                self.times[endpoint].append(seconds)


def user(url: str, number: int, requests: int, deadline: float, endpoints: list[str],
         results: Results) -> None:
    from gradio_client import Client

    rng = random.Random(number)
    try:
        client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    except Exception as exc:
        results.add("connect", 0.0, f"user {number} could not connect ({type(exc).__name__}: {exc})")
        return
    for n in range(requests):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        endpoint = endpoints[(number + n) % len(endpoints)] if n < len(endpoints) else rng.choice(endpoints)
        started = time.monotonic()
        try:
            reply = client.submit(*inputs(endpoint, rng), api_name=endpoint).result(timeout=remaining)
            took = time.monotonic() - started
            wrong = not isinstance(reply, dict) or EXPECT[endpoint] not in reply
            results.add(endpoint, took, f"unexpected reply {str(reply)[:200]}" if wrong else None)
        except TimeoutError:
            results.add(endpoint, 0.0, "did not finish before the time limit")
        except Exception as exc:
            results.add(endpoint, 0.0, f"{type(exc).__name__}: {str(exc)[:200]}")
    client.close()


def warm_up(url: str, endpoints: list[str]) -> dict[str, float]:
    """One request to each endpoint, timed: the first call pays for lazy loading.

    Exits with a clear message when the app does not serve one of the endpoints.
    """
    from gradio_client import Client

    try:
        client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    except Exception as exc:
        sys.exit(f"Error: no app answers at {url} ({type(exc).__name__}: {exc}); start one "
                 "(`python app.py`) or use --start.")
    rng, took = random.Random(0), {}
    try:
        served = (client.view_api(print_info=False, return_format="dict") or {}).get("named_endpoints", {})
        missing = [e for e in endpoints if e not in served]
        if missing:
            sys.exit(f"Error: {url} does not serve {', '.join(missing)}; choose others with --endpoints.")
        for endpoint in endpoints:
            started = time.monotonic()
            client.predict(*inputs(endpoint, rng), api_name=endpoint)
            took[endpoint] = time.monotonic() - started
    finally:
        client.close()
    return took


def report(results: Results, wall: float, users: int, planned: int) -> None:
    rows, everything = [], []
    for endpoint, times in results.times.items():
        everything += times
        if times:
            rows.append((endpoint, len(times), *np.percentile(times, [50, 95]) * 1000))
    if everything:
        rows.append(("all", len(everything), *np.percentile(everything, [50, 95]) * 1000))
    total = len(everything) + len(results.errors)
    unsent = f" ({planned - total} not sent: time limit)" if total < planned else ""
    print(f"{users} concurrent users, {total} requests{unsent} in {wall:.1f} s: {len(results.errors)} "
          f"errors, throughput {len(everything) / wall:.2f} requests/s\n")
    print("| endpoint | requests | p50 (ms) | p95 (ms) |\n|---|---|---|---|")
    for name, count, p50, p95 in rows:
        print(f"| {name} | {count} | {p50:.0f} | {p95:.0f} |")
    for error in results.errors[:10]:
        print(f"error: {error}")


def run(url: str, users: int, requests: int, time_limit: float, endpoints: list[str]) -> int:
    warm = warm_up(url, endpoints)
    print("First request to each endpoint (lazy loading; not counted below): "
          + ", ".join(f"{e} {t * 1000:.0f} ms" for e, t in warm.items()) + "\n")
    results = Results()
    deadline = time.monotonic() + time_limit
    threads = [threading.Thread(target=user, args=(url, n, requests, deadline, endpoints, results))
               for n in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 30)
    report(results, time.monotonic() - started, users, users * requests)
    return 1 if results.errors or any(t.is_alive() for t in threads) else 0


def local_url(url: str) -> str:
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or parsed.hostname not in LOCAL_HOSTS:
        sys.exit(f"Error: refusing to load {url}: only 127.0.0.1 or localhost may be loaded.")
    return parsed.geturl().rstrip("/") + "/"


@contextmanager
def started_app() -> Iterator[str]:
    """app.py on a free 127.0.0.1 port, over the default index; stopped on exit."""
    from assistant.config import Settings
    from tests.ui_server import running_app

    with tempfile.TemporaryDirectory() as folder:
        try:
            with running_app(Settings.from_env(), Path(folder) / "app.log") as url:
                print(f"Started app.py at {url}.")
                yield url
        except RuntimeError as exc:  # app.py exited or did not start in time
            sys.exit(f"Error: {str(exc)[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860", help="A running app (local only).")
    parser.add_argument("--start", action="store_true", help="Start app.py on a free port, then stop it.")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="Requests per user.")
    parser.add_argument("--time-limit", type=float, default=300.0, help="Seconds; nothing is sent after.")
    parser.add_argument("--endpoints", default=",".join(e.strip("/") for e in ENDPOINTS))
    args = parser.parse_args()
    if not (0 < args.users <= 100 and 0 < args.requests <= 1000 and 0 < args.time_limit <= 3600):
        sys.exit("Error: keep --users in 1-100, --requests in 1-1000 and --time-limit in 1-3600 s.")
    endpoints = [f"/{e.strip().strip('/')}" for e in args.endpoints.split(",") if e.strip()]
    if not endpoints or any(e not in ENDPOINTS for e in endpoints):
        sys.exit(f"Error: --endpoints takes some of: {', '.join(e.strip('/') for e in ENDPOINTS)}.")
    if args.start:
        with started_app() as url:
            code = run(url, args.users, args.requests, args.time_limit, endpoints)
    else:
        code = run(local_url(args.url), args.users, args.requests, args.time_limit, endpoints)
    sys.exit(code)


if __name__ == "__main__":
    main()
