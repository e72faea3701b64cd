"""`assistant chat`: one conversation, one user message per line of standard input."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import BinaryIO

import click

from assistant.cli.common import assistant_of
from assistant.errors import BadInput
from assistant.text.normalise import require_text

PROMPT = "you> "


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per turn, one per line.")
@click.pass_context
def chat(ctx: click.Context, as_json: bool) -> None:
    """Hold one conversation: each line of standard input is one message, answered in turn.

    Describe your organisation ("we're a helpline charity in Kenya") and ask what you need:
    a question, which pledges apply, an action plan, a citation check ("is this citation
    right: ... (PS 1(b))") or a clause ("show me Gov 3b"). Later turns are answered for the
    organisation you described; end with Ctrl-D.
    """
    assistant = assistant_of(ctx)
    stream = sys.stdin.buffer
    interactive = stream.isatty()
    history: list[str] = []
    for message in _messages(stream, interactive):
        turn = assistant.chat(message, history)
        history.append(message)
        if as_json:
            click.echo(json.dumps(turn.to_json(), ensure_ascii=False))
        else:
            notes = "".join(f"\nNote: {n}" for n in turn.notices)
            click.echo(f"{turn.answer}{notes}\n")
    if not history:
        raise BadInput("No message came on standard input; give one message per line, "
                       "e.g. echo 'Which pledges apply to a payment app?' | assistant chat.")


def _messages(stream: BinaryIO, interactive: bool) -> Iterator[str]:
    """The non-blank lines of standard input, each checked as text (with a prompt on a terminal)."""
    while True:
        if interactive:
            click.echo(PROMPT, nl=False, err=True)
        raw = stream.readline()
        if not raw:
            return
        message = require_text(raw.decode("utf-8", errors="surrogateescape"), "A message").strip()
        if message:
            yield message
