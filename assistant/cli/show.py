"""`assistant show`: one clause, by id or by a written reference."""

from __future__ import annotations

import click

from assistant.cli.common import assistant_of, emit


@click.command()
@click.argument("clause_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, clause_id: str, as_json: bool) -> None:
    """Show one clause by id (cta.government.3.b) or by reference (Gov 3b)."""
    clause = assistant_of(ctx).show(clause_id)
    human = f"{clause.label} [{clause.id}]\n{clause.text}\n— {clause.source}"
    emit(clause.to_json(), as_json, human)
