"""`assistant assess`: an organisation's own document judged against the pledges that apply."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.assess.report import KINDS, render
from assistant.cli.common import assistant_of, read_input
from assistant.indexing.indexer import tqdm_progress
from assistant.plan.export import check_output, resolve_format, write_atomic


@click.command()
@click.argument("text", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path),
              help="The document: .txt, .md, .docx or .pdf (at most 10 MB).")
@click.option("--profile", help="Who wrote it, e.g. 'the Ministry of Justice of Kenya' (gives the sector).")
@click.option("--sector", help="government, private_sector or civil_society (else from the profile "
                               "or the document).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option("--format", "fmt", help="md (Markdown) or docx (Word) for the report; docx needs -o.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file.")
@click.option("--report", "kind", type=click.Choice(KINDS), default="coverage", show_default=True,
              help="coverage: a table of every pledge; progress: a draft biennial progress report.")
@click.pass_context
def assess(ctx: click.Context, text: str | None, file: Path | None, profile: str | None,
           sector: str | None, as_json: bool, fmt: str | None, output: Path | None, kind: str) -> None:
    """Judge a plan or policy: TEXT, --file F, or - to read standard input.

    Every pledge that applies (the sector's sub-clauses and the overarching commitments) is
    covered, partial or missing, with a score, a reason and the lines that show it.
    """
    chosen = resolve_format(fmt, output)
    if output is not None:
        check_output(output)
    draft = read_input(
        text, file,
        missing="Give the document to assess as TEXT, --file F, or - to read it from standard input.",
        empty="The text to assess is empty; give a plan or policy as TEXT, --file F or - for stdin.")
    result = assistant_of(ctx).assess(draft.text, profile=profile, sector=sector,
                                      paragraph_lines=draft.paragraph_lines,
                                      progress=tqdm_progress("Reading the document"))
    if output is not None:
        write_atomic(output, render(result, chosen, kind))
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    elif output is not None:
        s = result.summary
        click.echo(f"Wrote the {kind} report to {output} ({s['covered']} covered, {s['partial']} partial, "
                   f"{s['missing']} missing).")
    else:
        click.echo(render(result, "md", kind).decode("utf-8"), nl=False)


