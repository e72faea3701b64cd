"""The `assistant` command. Errors become one sentence on stderr and an exit code here only."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .clauses import Hit
from .config import Settings
from .core import Assistant
from .errors import AssistantError, BadInput
from .indexer import tqdm_progress
from .text import require_text

MAX_QUERIES = 10_000


class AssistantGroup(click.Group):
    """Turns every failure into one clear sentence: exit 2 for bad input, 1 otherwise."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            for arg in sys.argv[1:] if args is None else args:
                require_text(arg)
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Error: interrupted.", err=True)
            sys.exit(1)
        except click.exceptions.NoArgsIsHelpError as exc:  # a bare `assistant`: show the help
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.ClickException as exc:
            click.echo(f"Error: {_sentence(exc.format_message())} "
                       "See `assistant --help`.", err=True)
            sys.exit(2)
        except AssistantError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted.", err=True)
            sys.exit(1)
        except Exception as exc:  # the last resort: never a traceback
            click.echo(f"Error: unexpected failure ({type(exc).__name__}: {exc}); "
                       "please report it with the command you ran.", err=True)
            sys.exit(1)
        except BaseException as exc:  # a native library's panic (pyo3 derives it from BaseException)
            if isinstance(exc, (SystemExit, GeneratorExit)):
                raise
            click.echo(f"Error: a library failed inside ({type(exc).__name__}); if it happened "
                       "while reading the index, rebuild it with `assistant index --rebuild`.", err=True)
            sys.exit(1)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _assistant(ctx: click.Context) -> Assistant:
    assistant: Assistant = ctx.obj
    return assistant


def _emit(data: Any, as_json: bool, human: str) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(human)


@click.group(cls=AssistantGroup)
@click.option("--index-dir", type=click.Path(path_type=Path),
              help="Where the index lives (ASSISTANT_INDEX_DIR).")
@click.option("--chroma-url", help="Use a Chroma server at this URL (ASSISTANT_CHROMA_URL).")
@click.version_option(package_name="weprotect-assistant", prog_name="assistant")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None, chroma_url: str | None) -> None:
    """Policy assistant over the WeProtect 2024 Global Summit Call to Action."""
    if ctx.obj is None:
        ctx.obj = Assistant(Settings.from_env(index_dir=index_dir, chroma_url=chroma_url))


@cli.command()
@click.option("--rebuild", is_flag=True, help="Ignore the existing index and embed everything again.")
@click.option("--add", "add", type=click.Path(path_type=Path),
              help="Copy a Markdown or text document into corpus/documents/ and index it.")
@click.pass_context
def index(ctx: click.Context, rebuild: bool, add: Path | None) -> None:
    """Build the vector index from corpus/ (only changed clauses are embedded again)."""
    report = _assistant(ctx).index(rebuild=rebuild, add=add, progress=tqdm_progress())
    click.echo(report.summary())


@cli.command()
@click.argument("clause_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, clause_id: str, as_json: bool) -> None:
    """Show one clause by id (cta.government.3.b) or by reference (Gov 3b)."""
    clause = _assistant(ctx).show(clause_id)
    human = f"{clause.label} [{clause.id}]\n{clause.text}\n— {clause.source}"
    _emit(clause.to_json(), as_json, human)


@cli.command()
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
    assistant = _assistant(ctx)
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
        _emit(result, as_json, _format_hits(query, hits))


@cli.command()
@click.argument("question")
@click.option("--sector", help="government, private_sector or civil_society.")
@click.option("--llm", help="Answer backend for this call (overrides ASSISTANT_LLM).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def ask(ctx: click.Context, question: str, sector: str | None, llm: str | None, as_json: bool) -> None:
    """Answer QUESTION from the Call to Action, citing every clause used."""
    assistant = _assistant(ctx)
    if llm:
        assistant = assistant.with_settings(llm=llm)
    assistant.backend  # noqa: B018 - an unknown backend is bad input, found before any work
    answer = assistant.ask(question, sector)
    human = answer.text
    if answer.notices:
        human += "\n\n" + "\n".join(f"Note: {n}" for n in answer.notices)
    _emit(answer.to_json(), as_json, human)


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


# --- job commands: each job's commands live in their own module and register here ---
from .cli_check import check  # noqa: E402

cli.add_command(check)
from .cli_plan import applicable, plan  # noqa: E402

cli.add_command(applicable)
cli.add_command(plan)


def main() -> None:
    cli(prog_name="assistant")


if __name__ == "__main__":
    main()
