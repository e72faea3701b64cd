"""The `assistant` command group. Errors become one sentence on stderr and an exit code here only."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from assistant.config import Settings
from assistant.core import Assistant
from assistant.errors import AssistantError
from assistant.text.normalise import require_text


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
