"""`assistant check`: test every citation in a draft against the clause it names."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.check.report import render_markdown
from assistant.cli.common import read_input
from assistant.core import Assistant


@click.command()
@click.argument("text", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path),
              help="A draft to check: .txt, .md, .docx or .pdf (at most 10 MB).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.pass_context
def check(ctx: click.Context, text: str | None, file: Path | None, as_json: bool) -> None:
    """Check the citations of a draft: TEXT, --file F, or - to read standard input.

    Each reference ("Gov 3b", "PS 2.c", "MNR 12") is resolved and tested against
    the sentence that cites it: supported, unsupported (with the clause that does
    support it, if one does) or unknown (no such clause). Pledge statements without
    a citation are listed too.
    """
    assistant: Assistant = ctx.obj
    draft = read_input(text, file,
                       missing="Give the text to check, --file F, or - to read it from standard input.",
                       empty="The text to check is empty; give a draft as TEXT, --file F or - for stdin.")
    report = assistant.checker.check(draft.text, draft.paragraph_lines)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        click.echo(render_markdown(report, assistant.corpus.by_id()), nl=False)
