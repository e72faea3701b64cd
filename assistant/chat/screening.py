"""Whether a turn that runs a job (not a question) must be refused: the safety guard's verdict on
the user's request and on the text pasted with it, each read on its own. A pasted document or
draft is the text to assess or check, not the user's request: an NGO's strategy that names
sextortion and abuse material is no request for them ("please assess our paper against the
pledges:" then the paper), while harm asked for in either part is still refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.chat.router import Route
from assistant.safety.guard import SafetyGuard, Verdict

if TYPE_CHECKING:
    from assistant.safety.semantic import NeighbourCheck

PASTED = ("assess", "check")  # the jobs whose text is pasted with the request


def unsafe(guard: SafetyGuard, neighbours: NeighbourCheck | None, message: str, route: Route) -> bool:
    """Whether the guard refuses the request, or the text pasted with it."""
    def refused(text: str) -> bool:
        return guard.check(text, neighbours.is_harmful if neighbours else None,
                           neighbours.is_clearly_harmful if neighbours else None) is not Verdict.OK

    pasted = route.text.strip() if route.job in PASTED else ""
    at = message.find(pasted) if pasted else -1
    if at < 0 or pasted == message.strip():
        return refused(message)
    request = f"{message[:at]} {message[at + len(pasted):]}"
    return (bool(request.strip()) and refused(request)) or refused(pasted)


def in_crisis(guard: SafetyGuard, message: str, route: Route) -> bool:
    """Whether the user says a child they protect is being harmed now (safety/help.py): the turn
    is a question, answered with where to turn, whatever job cue it carries ("what should we do?"
    asks for help here, not for the pledges that apply to an organisation)."""
    return route.job in ("applicable", "plan") and guard.help.applies(message)
