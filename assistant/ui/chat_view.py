"""The conversation in the web UI and the `chat` endpoint: every job through assistant/chat.

Plain functions, testable without a server. The page keeps the user's earlier messages
(the conversation's only memory, as the `chat` endpoint's ``history``); each turn shows
the job's result inside the conversation (the answer, the ranked pledges, the plan with
its downloads, the check report) and its clauses in the sources panel.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.ask.answering import Answer
from assistant.chat.conversation import Turn
from assistant.core import Assistant
from assistant.domain.clauses import SECTOR_NAMES, Clause
from assistant.errors import BadInput
from assistant.ui.handlers import Message, link_citations, render_answer, safe_history, sources_html
from assistant.ui.safe import escape_md, neutralise

MAX_HISTORY = 50  # a limit: earlier messages a request may carry
EXAMPLES = [
    "We are a video-sharing app popular with teens. Which pledges apply to us?",
    "and what about end-to-end encryption?",
    "draft us a plan",
    "is this citation right: Companies must verify the age of every user (PS 1(b))",
    "What must governments do about AI-generated abuse?",
    "show me Gov 3b",
]
# One step of a turn: the chat, the sources panel, the user's messages so far, files to download.
Step = tuple[list[Message], str, list[str], list[str]]


def parse_history(history: str | Sequence[str] | None) -> list[str]:
    """The endpoint's history: a JSON array of the earlier user messages ("[]" for the first turn)."""
    if history is None or history == "":
        return []
    if isinstance(history, str):
        try:
            history = json.loads(history)
        except json.JSONDecodeError:
            raise BadInput("The history is not JSON; send the earlier user messages as a JSON array "
                           "of strings, \"[]\" for the first turn.") from None
    if not isinstance(history, list) or not all(isinstance(m, str) for m in history):
        raise BadInput("The history must be a JSON array of strings (the earlier user messages), "
                       "\"[]\" for the first turn.")
    if len(history) > MAX_HISTORY:
        raise BadInput(f"The history has {len(history)} messages; start a new conversation "
                       f"(at most {MAX_HISTORY}).")
    return [str(m) for m in history]


def api_chat(assistant: Assistant, message: str, history: str = "[]") -> dict[str, Any]:
    """The `chat` endpoint: one turn's object, as `assistant chat --json` writes it."""
    return assistant.chat(message, parse_history(history)).to_json()


def turn_clauses(assistant: Assistant, turn: Turn) -> list[Clause]:
    """The clauses a turn cites, for the sources panel."""
    known = assistant.corpus.by_id()
    hits = {h.clause.id: h.clause for h in turn.hits}
    return [c for cid in turn.citations if (c := hits.get(cid) or known.get(cid)) is not None]


def render_turn(turn: Turn, clauses: Sequence[Clause]) -> str:
    """A turn as chat Markdown: inert, its citations linked to the sources panel."""
    if isinstance(turn.detail, Answer):
        text = render_answer(turn.detail, clauses)
    else:
        text = link_citations(neutralise(turn.answer), clauses)
    if turn.profile is not None and turn.job != "ask":
        text += (f"\n\n*For: {escape_md(turn.profile.text)} "
                 f"({SECTOR_NAMES.get(turn.profile.sector, turn.profile.sector)}).*")
    return text


def plan_files(turn: Turn, folder: Path) -> list[str]:
    """The plan of a plan turn as Markdown and Word files in ``folder`` (none for other turns)."""
    from assistant.plan.export import render
    from assistant.plan.planning import Plan

    if not isinstance(turn.detail, Plan):
        return []
    folder.mkdir(parents=True, exist_ok=True)
    md_path, docx_path = folder / "action-plan.md", folder / "action-plan.docx"
    md_path.write_bytes(render(turn.detail, "md"))
    docx_path.write_bytes(render(turn.detail, "docx"))
    return [str(md_path), str(docx_path)]


def respond(assistant: Assistant, message: str, history: list[Message] | None, sector: str | None,
            messages: Sequence[str] | None, folder: Path) -> Iterator[Step]:
    """One turn in the page: a served model's text as it writes (for a question), then the turn."""
    earlier = parse_history(list(messages or []))
    conversation = assistant.conversation
    prepared = conversation.prepare(message, earlier, sector or None)
    past = [*safe_history(history), {"role": "user", "content": escape_md(message)}]
    after = [*earlier, message]
    if prepared.job == "ask":
        question, chosen, prefer = conversation.ask_args(prepared)
        for item in assistant.answerer.stream(question, chosen, prefer=prefer):
            if isinstance(item, Answer):
                turn = conversation.asked(prepared, assistant.helped(question, item))
                break
            yield [*past, {"role": "assistant", "content": neutralise(item) + " …"}], sources_html([]), \
                earlier, []
        else:  # pragma: no cover - the stream always ends with its Answer
            return
    else:
        turn = conversation.answer(prepared)
    clauses = turn_clauses(assistant, turn)
    reply = {"role": "assistant", "content": render_turn(turn, clauses)}
    yield [*past, reply], sources_html(clauses), after, plan_files(turn, folder)
