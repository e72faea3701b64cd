"""A model's sentence that says more than its cited clause is taken out (issue 13, part 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest
from langchain_core.messages import BaseMessage

from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder
from assistant.store.protocol import MemoryStore

QUESTION = "What does the Call to Action ask of companies on age-appropriate services for children?"
OVERCLAIM = "Companies must deploy age verification for all users under 18 [cta.private_sector.1.b]."
FAITHFUL = "Companies aim to build age-appropriate services for children [cta.private_sector.1.b]."


class Scripted:
    """A chat model that always gives the same reply (a real ChatBackend, offline)."""

    name = "scripted"

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def generate(self, messages: Sequence[BaseMessage]) -> str:
        return self.reply

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]:
        yield from re.split(r"(?<=\.) ", self.reply)


def assistant_replying(settings: Settings, reply: str) -> Assistant:
    assistant = Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore(), backend=Scripted(reply))
    assistant.index()
    return assistant


def test_an_overclaiming_sentence_is_removed_and_the_notice_says_why(settings: Settings) -> None:
    answer = assistant_replying(settings, f"{OVERCLAIM} {FAITHFUL}").ask(QUESTION)
    assert answer.text == FAITHFUL.replace("cta.private_sector.1.b", "Private sector 1(b)")
    assert answer.citations == ("cta.private_sector.1.b",)
    removed = [n for n in answer.notices if n.startswith("Removed a sentence")]
    assert removed == [
        "Removed a sentence its citation does not support (“Companies must deploy age verification for "
        "all users under 18 [Private sector 1(b)].”): The clause asks companies to *aim to build*, which "
        "is not a duty (*must deploy*); it does not say *all users*; it does not name *under 18*; it does "
        "not name *age verification*."]


def test_streamed_text_never_shows_the_overclaim(settings: Settings) -> None:
    shown = list(assistant_replying(settings, f"{OVERCLAIM} {FAITHFUL}").answerer.stream(QUESTION))
    assert all("age verification" not in str(getattr(s, "text", s)) for s in shown)


def test_an_answer_left_with_no_supported_sentence_falls_back_to_the_clauses(settings: Settings) -> None:
    answer = assistant_replying(settings, OVERCLAIM).ask(QUESTION)
    assert "age verification" not in answer.text
    assert any(n.startswith("Removed a sentence its citation does not support") for n in answer.notices)


@pytest.mark.parametrize("reply", [FAITHFUL])
def test_a_faithful_answer_is_kept_whole(settings: Settings, reply: str) -> None:
    answer = assistant_replying(settings, reply).ask(QUESTION)
    assert answer.text == FAITHFUL.replace("cta.private_sector.1.b", "Private sector 1(b)")
    assert not [n for n in answer.notices if n.startswith("Removed")]
