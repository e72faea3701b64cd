"""`assistant ask`: a cited answer to a question."""

from __future__ import annotations

import click

from assistant.cli.common import assistant_of, emit


@click.command()
@click.argument("question")
@click.option("--sector", help="government, private_sector or civil_society.")
@click.option("--llm", help="Answer backend for this call (overrides ASSISTANT_LLM).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def ask(ctx: click.Context, question: str, sector: str | None, llm: str | None, as_json: bool) -> None:
    """Answer QUESTION from the Call to Action, citing every clause used."""
    assistant = assistant_of(ctx)
    if llm:
        assistant = assistant.with_settings(llm=llm)
    assistant.backend  # noqa: B018 - an unknown backend is bad input, found before any work
    answer = assistant.ask(question, sector)
    human = answer.text
    if answer.notices:
        human += "\n\n" + "\n".join(f"Note: {n}" for n in answer.notices)
    emit(answer.to_json(), as_json, human)
