"""Time bounds: long runs of every kind of character go through every text path in linear time.

One hostile request (61,000 letters in one word, 30,000 spaces before a reference, "Gov. "
repeated) once held the interpreter for minutes. Each input here is far longer than a real
request and each bound far looser than the time a linear path needs (a few hundredths of a
second to a second), but far shorter than what any quadratic path takes at this length.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.applicable.applicability import MAX_PROFILE_CHARS
from assistant.check.checker import Checker
from assistant.config import Settings
from assistant.core import Assistant
from assistant.domain.references import find_references
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import BadInput
from assistant.search.retrieval import MAX_QUERY_CHARS
from assistant.store.protocol import MemoryStore
from assistant.text.normalise import stem, tokens
from assistant.text.sentences import split_sentences

from .conftest import CORPUS

N = 100_000
BOUND = 5.0  # seconds for one call on N characters, on a loaded two-core machine

RUNS = {  # a run of one kind of character, or of one short unit, to length n
    "letters": "a", "capitals": "A", "digits": "7", "spaces": " ", "tabs": "\t", "newlines": "\n",
    "dots": ".", "open brackets": "(", "square brackets": "[", "pipes": "|", "dashes": "-",
    "hashes": "#", "stars": "*", "apostrophes": "'", "accented": "é", "greek": "α",
    "combining": "\u0301", "emoji": "\U0001f6e1", "superscripts": "¹", "cjk": "中",
    "Gov. ": "Gov. ", "Gov 3b ": "Gov 3b ", "Gov 3b. ": "Gov 3b. ", "(Government 3) ": "(Government 3) ",
    "A. ": "A. ", "e.g. ": "e.g. ", "1. ": "1. ", "- ": "- ", "| ": "| ", "a-": "a-", "1,": "1,",
    "x and y; ": "x and y; ", "first ": "first ", "not ": "not ", "three million ": "three million ",
    "every 2 years ": "every 2 years ",
    "mixed": "Gov 3b (a) [1] ¹ | -- # * é 🛡 12, 1.2 and not ",
    "prose": ("Governments will criminalise AI-generated abuse and sextortion (Gov 3b). Companies "
              "pledge to address payment risks every year, as in PS 2c.\n"),
}
LEADS = {  # a long run before a reference: the shapes that froze the server
    "spaces then a list item": (" ", "-x Gov 3b."), "tabs then a table rule": ("\t", "|---|"),
    "one long word": ("x", "ise Gov 3b."), "open bracket then spaces": ("(", " " * 10 + "see)"),
}


def run(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def inputs(n: int) -> list[Any]:
    runs = [pytest.param(run(unit, n), id=name) for name, unit in RUNS.items()]
    leads = [pytest.param(run(unit, n - len(tail)) + tail, id=name) for name, (unit, tail) in LEADS.items()]
    return runs + leads


def timed(call: Callable[[], object], bound: float = BOUND) -> None:
    start = time.perf_counter()
    try:
        call()
    except BadInput:
        pass  # a refusal is an answer too; it must come as fast
    elapsed = time.perf_counter() - start
    assert elapsed < bound, f"took {elapsed:.1f} s (bound {bound} s)"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    index = Path(tmp_path_factory.mktemp("linear")) / "index"
    helper = Assistant(Settings(corpus_dir=CORPUS, index_dir=index, embedder="hashing"),
                       embedder=HashingEmbedder(), store=MemoryStore())
    helper.index()
    return helper


@pytest.fixture(scope="module")
def checker(assistant: Assistant) -> Checker:
    built = assistant.checker
    built.check("Governments will criminalise AI-generated abuse (Gov 3b).")  # clause vectors
    return built


@pytest.mark.parametrize("text", inputs(N))
def test_text_functions(text: str) -> None:
    timed(lambda: (tokens(text), stem(text), split_sentences(text), find_references(text)))


@pytest.mark.parametrize("text", inputs(N))
def test_check(checker: Checker, text: str) -> None:
    timed(lambda: checker.check(text))
    timed(lambda: checker.check(text, paragraph_lines=True))


# Requests are short (the limits below); a sample of the shapes, each at the longest allowed.
SAMPLE = ("letters", "digits", "spaces", "newlines", "dots", "dashes", "apostrophes", "combining",
          "emoji", "superscripts", "Gov. ", "Gov 3b ", "A. ", "mixed", "prose", "one long word",
          "spaces then a list item")


def sample(n: int) -> list[Any]:
    return [p for p in inputs(n) if p.id in SAMPLE]


@pytest.mark.parametrize("text", sample(MAX_QUERY_CHARS - 1))
def test_search_and_ask(assistant: Assistant, text: str) -> None:
    timed(lambda: assistant.search(text), 2.0)
    timed(lambda: assistant.ask(text), 2.0)


@pytest.mark.parametrize("text", sample(MAX_PROFILE_CHARS - 1))
def test_plan(assistant: Assistant, text: str) -> None:
    timed(lambda: assistant.planner.plan(text), 2.0)  # reads the profile as `applicable` does


def test_over_long_requests_are_refused_at_once(assistant: Assistant) -> None:
    text = run("a", N)
    timed(lambda: assistant.search(text), 0.5)
    timed(lambda: assistant.ask(text), 0.5)
    timed(lambda: assistant.applicability.assess(text), 0.5)


@pytest.mark.parametrize("unit", ["x", "abcdefghij"])
def test_one_megabyte_draft(checker: Checker, unit: str) -> None:
    """A 1 MB draft that is one word or one line without spaces (this froze the CLI)."""
    timed(lambda: checker.check(run(unit, 1_000_000)), 20.0)


def test_normal_text_is_unchanged() -> None:
    """What the bounds on word length and look-back must not change."""
    assert stem("organisations") == stem("organizations")
    assert stem("behaviour") == stem("behavior")
    assert stem("x" * 65 + "ise") == "x" * 65 + "ise"  # longer than any word: left as it is
    split = split_sentences("Under Gov. 3b, e.g. states act. J. Smith agreed. It ends.")
    assert [s.text for s in split.sentences] == ["Under Gov. 3b, e.g. states act.", "J. Smith agreed.",
                                                 "It ends."]
