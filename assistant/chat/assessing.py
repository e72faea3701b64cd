"""The assessment job in the conversation: the organisation's pasted text judged against every
pledge that applies to it (through ``Assess``, `assistant assess --json`), and, when the text
meets none of them, the pledges nearest to it in meaning, so the user sees what it speaks to."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.chat import replies
from assistant.chat.profile import Profile
from assistant.chat.reading import Turn
from assistant.errors import BadInput

if TYPE_CHECKING:
    from assistant.ask.answering import Answer
    from assistant.domain.clauses import Clause

MIN_DOCUMENT_WORDS = 15  # a limit: fewer words is a request to assess, not a document (unless quoted)
NEAREST = 3  # a limit: the pledges named as nearest to a text that meets none of them
# The assessment job (issue 15): (document, profile text, sector) -> `assistant assess --json`.
Assess = Callable[[str, str | None, str | None], Mapping[str, Any]]
Ask = Callable[..., "Answer"]  # Stages.ask: (question, sector=None, prefer=None) -> Answer


def nearest(document: str, profile: Profile | None, pledges: list[str], ask: Ask) -> tuple[str, ...]:
    """The pledges nearest in meaning to a text that meets none: its organisation's first (a
    whole pledge found, "Civil society pledge 1", stands for its lettered parts)."""
    sector = profile.sector if profile else None
    hits = [h.clause.id for h in ask(document, prefer=sector).hits]
    if sector is not None and len(set(hits) & set(pledges)) < NEAREST:
        hits += [h.clause.id for h in ask(document, sector=sector).hits]
    parts = [[c] if c in pledges else [p for p in pledges if p.startswith(f"{c}.")] for c in hits]
    return tuple(dict.fromkeys(p for found in parts for p in found))[:NEAREST]  # a pledge found: its parts


def assessed(base: Turn, document: str, profile: Profile | None, quoted: bool, assess: Assess | None,
             ask: Ask, clauses: Mapping[str, Clause]) -> Turn:
    """The turn of an assessment: ``quoted``, a text the router read as quoted, however short."""
    if assess is None:
        return replace(base, status="abstained", direct=False, answer=replies.NO_ASSESS)
    if len(document.split()) < MIN_DOCUMENT_WORDS and not quoted:  # the request alone, no document
        return replace(base, status="abstained", direct=False, answer=replies.PASTE_DOCUMENT)
    try:
        result = assess(document, profile.text if profile else None, profile.sector if profile else None)
    except BadInput as exc:  # an empty document, another sector's: said in the conversation
        return replace(base, status="abstained", direct=False, answer=str(exc))
    pledges = [str(p["id"]) for p in result.get("pledges", [])]
    near: tuple[str, ...] = ()
    if pledges and all(p.get("status") == "missing" for p in result.get("pledges", [])):
        near = nearest(document, profile, pledges, ask)
    text, cited = replies.assess_reply(result, [clauses[c].label for c in near])
    return replace(base, answer=text, citations=cited + near, result=result)
