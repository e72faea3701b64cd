"""`assistant applicable` and `assistant plan`: pledges for an organisation, and action plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from assistant.applicable.applicability import check_profile, check_sector, describe
from assistant.cli.common import assistant_of
from assistant.errors import BadInput
from assistant.plan.export import check_output, render, resolve_format, write_atomic
from assistant.plan.gaps import gaps_first, read_assessment


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.command()
@click.argument("profile")
@click.option("--sector", help="government, private_sector or civil_society (overrides the guess).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def applicable(ctx: click.Context, profile: str, sector: str | None, as_json: bool) -> None:
    """Which pledges apply to an organisation, e.g. "a mobile money company in Kenya"."""
    check_profile(profile)
    check_sector(sector)
    assessment = assistant_of(ctx).applicability.assess(profile, sector)
    if as_json:
        _echo_json(assessment.to_json())
    else:
        click.echo(describe(assessment))


@click.command()
@click.argument("profile", required=False)
@click.option("--sector", help="government, private_sector or civil_society (overrides the guess).")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option("--format", "fmt", help="md (Markdown) or docx (Word); docx needs -o.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the plan to this file.")
@click.option("--from-assessment", "assessment", type=click.Path(path_type=Path),
              help="Plan from `assistant assess --json` output: missing and partial pledges first.")
@click.pass_context
def plan(ctx: click.Context, profile: str | None, sector: str | None, as_json: bool, fmt: str | None,
         output: Path | None, assessment: Path | None) -> None:
    """An action-plan outline for an organisation (PROFILE), or for the gaps an assessment found."""
    if (profile is None) == (assessment is None):
        raise BadInput("Give either a PROFILE (e.g. \"a payment provider in Kenya\") or "
                       "--from-assessment F (what `assistant assess --json` wrote), one of them.")
    if profile is not None:
        check_profile(profile)
    check_sector(sector)
    chosen = resolve_format(fmt, output)
    if output is not None:
        check_output(output)
    assistant = assistant_of(ctx)
    if assessment is not None:
        gaps = gaps_first(read_assessment(assessment), assistant.corpus, assistant.crosswalk)
        result = assistant.planner.from_assessment(gaps)
    else:
        result = assistant.planner.plan(str(profile), sector)
    if output is not None:
        write_atomic(output, render(result, chosen))
    if as_json:
        _echo_json(result.to_json())
    elif output is not None:
        items = sum(len(s.items) for s in result.sections)
        click.echo(f"Wrote the action plan to {output} ({len(result.sections)} sections, {items} items).")
    else:
        click.echo(render(result, "md").decode("utf-8"), nl=False)
