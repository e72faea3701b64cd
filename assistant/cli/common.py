"""What every command shares: the assistant of the invocation, and printing its result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO, cast

import click

from assistant.core import Assistant
from assistant.corpus.readers import MAX_BYTES, MAX_MB, Draft, read_draft, read_stream
from assistant.errors import BadInput

SUFFIXES = (".txt", ".md", ".docx", ".pdf")  # the documents --file reads


def assistant_of(ctx: click.Context) -> Assistant:
    assistant: Assistant = ctx.obj
    return assistant


def emit(data: Any, as_json: bool, human: str) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(human)


def read_input(text: str | None, file: Path | None, *, missing: str, empty: str) -> Draft:
    """A draft or document from TEXT, --file F or - (standard input), within the readers' limits.
    ``missing`` and ``empty`` say what to give when there is nothing, or only white space."""
    if text is not None and file is not None:
        raise BadInput("Give either TEXT, --file F or - (standard input), not more than one.")
    if file is not None:
        return read_draft(file)
    if text is None:
        raise BadInput(missing)
    if text == "-":
        with click.open_file("-", "rb") as stream:
            return read_stream(cast(BinaryIO, stream))
    if not text.strip():
        raise BadInput(empty)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise BadInput(f"The text is larger than {MAX_MB} MB; split the document into smaller parts.")
    name = text.strip()
    if _names_a_file(name):
        raise BadInput(f"'{name}' looks like a file name, not a text; "
                       f"to read the file, give it as --file {name}.")
    return Draft(text)


def _names_a_file(text: str) -> bool:
    """Whether TEXT is one word that names a document ("plan.pdf", an existing path)."""
    if any(c.isspace() for c in text) or len(text) > 255:
        return False
    try:
        return text.lower().endswith(SUFFIXES) or Path(text).is_file()
    except OSError:  # not a name the file system takes
        return False
