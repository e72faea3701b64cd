"""`assistant index`: build or update the vector index, or add a document to the corpus."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.common import assistant_of
from assistant.indexing.indexer import tqdm_progress


@click.command()
@click.option("--rebuild", is_flag=True, help="Ignore the existing index and embed everything again.")
@click.option("--add", "add", type=click.Path(path_type=Path),
              help="Copy a Markdown or text document into corpus/documents/ and index it.")
@click.pass_context
def index(ctx: click.Context, rebuild: bool, add: Path | None) -> None:
    """Build the vector index from corpus/ (only changed clauses are embedded again)."""
    report = assistant_of(ctx).index(rebuild=rebuild, add=add, progress=tqdm_progress())
    click.echo(report.summary())
