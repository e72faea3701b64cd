"""`assistant search`: the clauses most relevant to a query, or to each line of a file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.cli.common import assistant_of, emit
from assistant.domain.clauses import Hit
from assistant.errors import BadInput

MAX_QUERIES = 10_000


@click.command()
@click.argument("query", required=False)
@click.option("-k", "k", type=int, default=5, show_default=True, help="How many hits.")
@click.option("--sector", help="government, private_sector or civil_society.")
@click.option("--queries-file", type=click.Path(path_type=Path), help="One query per line.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per query.")
@click.pass_context
def search(ctx: click.Context, query: str | None, k: int, sector: str | None,
           queries_file: Path | None, as_json: bool, as_jsonl: bool) -> None:
    """Find the clauses most relevant to QUERY, best first."""
    assistant = assistant_of(ctx)
    if queries_file is not None:
        if query is not None:
            raise BadInput("Give either a QUERY or --queries-file, not both.")
        queries = _read_queries(queries_file)
        for line in queries:
            hits = assistant.search(line, k, sector)
            result = {"query": line, "hits": [h.to_json() for h in hits]}
            if as_jsonl or as_json:
                click.echo(json.dumps(result, ensure_ascii=False))
            else:
                click.echo(_format_hits(line, hits) + "\n")
        return
    if query is None:
        raise BadInput("Give a QUERY to search for, or --queries-file F.")
    hits = assistant.search(query, k, sector)
    result = {"query": query, "hits": [h.to_json() for h in hits]}
    if as_jsonl:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        emit(result, as_json, _format_hits(query, hits))


def _read_queries(path: Path) -> list[str]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"The queries file {path} does not exist.") from None
    except OSError as exc:
        raise BadInput(f"The queries file {path} cannot be read ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"The queries file {path} is not UTF-8 text.") from None
    queries = [line.strip() for line in text.splitlines() if line.strip()]
    if not queries:
        raise BadInput(f"The queries file {path} has no queries (one per line).")
    if len(queries) > MAX_QUERIES:
        raise BadInput(f"The queries file {path} has more than {MAX_QUERIES:,} queries; split it.")
    return queries


def _format_hits(query: str, hits: list[Hit]) -> str:
    if not hits:
        return f"No clauses found for: {query}"
    lines = []
    for n, hit in enumerate(hits, 1):
        lines.append(f"{n}. {hit.clause.label} [{hit.clause.id}]  score {hit.score:.3f}")
        lines.append(f"   {hit.clause.text.splitlines()[0]}")
    return "\n".join(lines)
