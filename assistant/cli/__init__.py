"""The `assistant` command: the group (group.py) and one module per command."""

from __future__ import annotations

from assistant.cli import ask, assess, chat, check, index, plan, search, show
from assistant.cli.group import cli

for command in (index.index, show.show, search.search, ask.ask, check.check, plan.applicable, plan.plan,
                assess.assess, chat.chat):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="assistant")
