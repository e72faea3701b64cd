"""Sentences for eval/speed/libraries.py: ``text/sentences.py`` against ``pysbd`` and ``syntok``.

Each library is measured twice: alone on the whole text, and plugged into our splitter in
place of its sentence ends inside a block (paragraph, list item, table row), keeping our
blocks, markers and footnotes, which is the only way it could replace ours.

    python -m eval.speed.library_sentences --time NAME UNIT  # one hostile timing (a child process)
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from functools import cache

import pytest

import assistant.text.sentences as ours
from eval.registry import get
from eval.speed.bench import table

Spans = Callable[[str], list[tuple[int, int]]]
HOSTILE = {"dots": ".", "spaces": " ", "letters": "a", "'a. '": "a. ", "'A. '": "A. ",
           "'Gov. '": "Gov. ", "'e.g. '": "e.g. ", "'No. 5 '": "No. 5 ",
           "prose": "Governments will act (Gov. 3b). Companies pledge. "}
SIZES = (10_000, 100_000, 1_000_000)
SLOW = 5.0  # seconds: a size this slow is not followed by a larger one
LIMIT = 120  # seconds a child process may take for all sizes of one input


@cache
def _pysbd() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def pysbd_spans(block: str) -> list[tuple[int, int]]:
    return _trim(block, [(s.start, s.end) for s in _pysbd().segment(block)])  # type: ignore[attr-defined]


def syntok_spans(block: str) -> list[tuple[int, int]]:
    import syntok.segmenter as segmenter

    return _trim(block, [(s[0].offset, s[-1].offset + len(s[-1].value))
                         for paragraph in segmenter.analyze(block) for s in paragraph if s])


def offsets_kept(name: str, block: str) -> tuple[int, int]:
    """How many of the library's sentences are exactly the text at their offsets in ``block``."""
    if name == "pysbd":
        found = [block[s.start:s.end] == s.sent for s in _pysbd().segment(block)]  # type: ignore[attr-defined]
    elif name == "syntok":
        import syntok.segmenter as segmenter

        found = [block[s[0].offset:s[-1].offset + len(s[-1].value)]
                 == "".join(t.spacing + t.value for t in s)[len(s[0].spacing):]
                 for paragraph in segmenter.analyze(block) for s in paragraph if s]
    else:
        found = [True for _ in ours._sentence_spans(block)]  # ours cuts its sentences from the text
    return sum(found), len(found)


def _trim(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        piece = block[start:end]
        if piece.strip():
            out.append((start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())))
    return out


SPLITTERS: dict[str, Spans] = {"ours": ours._sentence_spans, "pysbd": pysbd_spans, "syntok": syntok_spans}


@contextmanager
def plugged(spans: Spans) -> Iterator[None]:
    """Our splitter with ``spans`` finding the sentence ends inside each block."""
    kept = ours._sentence_spans
    ours._sentence_spans = spans
    try:
        yield
    finally:
        ours._sentence_spans = kept


def split(name: str, text: str, alone: bool) -> list[str]:
    if alone:
        return [" ".join(text[s:e].split()) for s, e in SPLITTERS[name](text)]
    with plugged(SPLITTERS[name]):
        return [s.text for s in ours.split_sentences(text).sentences]


def _f1(got: list[str], want: list[str]) -> tuple[int, int, int]:
    shared = sum((Counter(got) & Counter(want)).values())
    return shared, len(got), len(want)


class _Outcomes:
    def __init__(self) -> None:
        self.passed = self.failed = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call":
            self.passed += report.passed
            self.failed += report.failed


def existing_tests(name: str) -> str:
    outcomes = _Outcomes()
    with plugged(SPLITTERS[name]), redirect_stdout(io.StringIO()):
        pytest.main(["-q", "-p", "no:cacheprovider", "--no-header", "--tb=no", "tests/test_sentences.py",
                     "tests/test_linear_time.py::test_normal_text_is_unchanged"], plugins=[outcomes])
    return f"{outcomes.passed}/{outcomes.passed + outcomes.failed}"


def hostile(name: str, unit: str) -> list[str]:
    """Seconds for our splitter with ``name`` inside, on runs of ``unit``, in a child process."""
    cmd = [sys.executable, "-m", "eval.speed.library_sentences", "--time", name, unit]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=LIMIT, check=True).stdout.split()
    except subprocess.TimeoutExpired:
        return [f"> {LIMIT} s in all"]
    return out + [f"not run (> {SLOW:.0f} s before)"] * (len(SIZES) - len(out))


def _time_child(name: str, unit: str) -> None:
    for size in SIZES:
        text = (unit * (size // len(unit) + 1))[:size]
        start = time.perf_counter()
        with plugged(SPLITTERS[name]):
            ours.split_sentences(text)
        took = time.perf_counter() - start
        print(f"{took:.2f}", flush=True)
        if took > SLOW:
            break


def sentences_section(quick: bool) -> None:
    print("## Sentences: `text/sentences.py` vs `pysbd` and `syntok`\n")
    cases = get("own").cases("sentences")
    rows = []
    for name in SPLITTERS:
        for alone in (False, True) if name != "ours" else (False,):
            exact, shared, got, want = 0, 0, 0, 0
            for case in cases:
                found = split(name, case["text"], alone)
                exact += found == case["sentences"]
                s, g, w = _f1(found, case["sentences"])
                shared, got, want = shared + s, got + g, want + w
            f1 = 2 * shared / (got + want) if got + want else 1.0
            where = "alone, on the whole text" if alone else "in our blocks"
            label = f"{name} ({where})" if name != "ours" else "ours"
            rows.append([label, f"{exact}/{len(cases)}", f"{f1:.3f}"])
    table(["splitter", f"drafts split exactly as labelled (eval/sets/own, {len(cases)})",
           "sentence F1"], rows)
    rows = []
    blocks = [case["text"] for case in cases]
    for name in SPLITTERS:
        counts = [offsets_kept(name, block) for block in blocks]
        start = time.perf_counter()
        for _ in range(5):
            for case in cases:
                split(name, case["text"], False)
        per = (time.perf_counter() - start) / (5 * len(cases)) * 1000
        rows.append([name, f"{sum(k for k, _ in counts)}/{sum(n for _, n in counts)}", existing_tests(name),
                     f"{per:.2f}"])
    table(["splitter (in our blocks)", "sentences that are the text at their offsets",
           "tests/test_sentences.py + normal-text test passed", "ms per draft"], rows)
    sizes = SIZES[:2] if quick else SIZES
    rows = []
    for label, unit in HOSTILE.items():
        for name in SPLITTERS:
            rows.append([label, name, *hostile(name, unit)[:len(sizes)]])
    table(["hostile input (a run of)", "splitter (in our blocks)", *(f"{n // 1000:,} KB (s)" for n in sizes)],
          rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="one hostile timing")
    parser.add_argument("--time", nargs=2, metavar=("NAME", "UNIT"), required=True)
    args = parser.parse_args()
    _time_child(*args.time)
