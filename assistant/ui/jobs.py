"""Every UI job runs in a bounded pool with its own time limit; errors become sentences.

Gradio calls a handler in one of its worker threads; the handler hands the real work to
``Jobs`` and waits at most ``seconds`` for it, so one long request cannot hold a queue
slot (or the page) for everyone else: it gets a sentence and the next request is served.
A thread cannot be killed, so a job that overruns finishes in the background, in a pool
sized above the queue's concurrency limit.

Nothing the user typed or uploaded is logged: errors reach the page only (escaped, since
Gradio's error modal renders HTML) and never the server's console.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import gradio as gr

from assistant.errors import AssistantError
from assistant.text.normalise import require_text
from assistant.ui.safe import error_text

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
log = logging.getLogger("assistant.ui")

QUEUE_CONCURRENCY = 4  # requests processed at once; the rest wait in Gradio's queue
DEFAULT_SECONDS = 60.0


class TooLong(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"This request took longer than {seconds:g} seconds and was stopped; "
                         "try a shorter text or fewer pages.")


class Jobs:
    """A bounded thread pool whose every job has a deadline."""

    def __init__(self, seconds: float | None = None, workers: int = 2 * QUEUE_CONCURRENCY) -> None:
        self.seconds = seconds if seconds is not None else DEFAULT_SECONDS
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="assistant-job")
        self._lock = threading.Lock()
        self.running = 0

    def _counted(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            self.running += 1
        try:
            return fn(*args)
        finally:
            with self._lock:
                self.running -= 1

    def run(self, fn: Callable[..., T], *args: Any, deadline: float | None = None) -> T:
        """fn(*args) in the pool; TooLong when it is not done by the deadline (monotonic time)."""
        deadline = deadline if deadline is not None else time.monotonic() + self.seconds
        future: Future[T] = self._pool.submit(self._counted, fn, *args)
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            future.cancel()  # if it has not started yet, it never will
            raise TooLong(self.seconds) from None

    def stream(self, items: Iterator[T]) -> Iterator[T]:
        """Each step of a generator in the pool, all of them within one deadline."""
        deadline = time.monotonic() + self.seconds
        done = object()
        while True:
            item = self.run(next, items, done, deadline=deadline)
            if item is done:
                return
            yield item

    def bounded(self, fn: F) -> F:
        """fn through the pool with a deadline; every error is one sentence on the page."""

        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with sentences(fn.__name__):
                for value in [*args, *kwargs.values()]:
                    if isinstance(value, str):
                        require_text(value)
                return self.run(lambda: fn(*args, **kwargs))

        return wrapper  # type: ignore[return-value]


@contextmanager
def sentences(job: str) -> Iterator[None]:
    """Turns any exception into a gr.Error sentence that is shown on the page, never printed."""
    try:
        yield
    except gr.Error as exc:
        raise gr.Error(exc.message, print_exception=False) from None
    except (AssistantError, TooLong) as exc:
        if isinstance(exc, TooLong):
            log.warning("A %s job ran past its time limit.", job)
        raise gr.Error(error_text(str(exc)), print_exception=False) from None
    except Exception as exc:
        log.error("A %s job failed: %s (%s)", job, type(exc).__name__, _where(exc))
        raise gr.Error(f"Something went wrong ({type(exc).__name__}); please try again or report it.",
                       print_exception=False) from None


def _where(exc: BaseException) -> str:
    """The innermost frame's file and line: enough to find a bug, and no user text."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "no traceback"
    last = frames[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno} in {last.name}"
