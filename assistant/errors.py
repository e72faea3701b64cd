"""The assistant's exceptions: each message says what to do next.

Only the CLI turns them into exit codes and only the UI into ``gr.Error``.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class BadInput(AssistantError):
    """The user's input cannot be used as given (exit status 2)."""

    exit_code = 2


class UnknownClause(BadInput):
    """A clause id that is not in the corpus."""

    def __init__(self, clause_id: str) -> None:
        super().__init__(
            f"There is no clause '{clause_id}'; ids look like cta.government.3.b, "
            "mnr.12 or inspire.4 (try `assistant search` to find one)."
        )
        self.clause_id = clause_id


class CorpusError(AssistantError):
    """A corpus file is missing or malformed."""


class IndexMissing(AssistantError):
    """No index has been built yet."""


class IndexCorrupt(AssistantError):
    """The index exists but cannot be read."""


class StoreUnavailable(AssistantError):
    """The Chroma server cannot be reached."""


class BackendError(AssistantError):
    """An LLM backend failed or is misconfigured."""
