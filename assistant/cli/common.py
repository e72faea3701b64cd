"""What every command shares: the assistant of the invocation, and printing its result."""

from __future__ import annotations

import json
from typing import Any

import click

from assistant.core import Assistant


def assistant_of(ctx: click.Context) -> Assistant:
    assistant: Assistant = ctx.obj
    return assistant


def emit(data: Any, as_json: bool, human: str) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(human)
