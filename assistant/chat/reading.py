"""What a conversation holds between its turns and what one turn is: the ``Turn`` (``assistant
chat --json``), the ``Reading`` of the earlier messages (organisation, subject, the clauses shown),
and a message ``Understood`` and ``Prepared`` before its job is run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.chat.profile import Profile
from assistant.chat.router import Route
from assistant.domain.clauses import Hit


@dataclass(frozen=True)
class Turn:
    turn: int
    job: str  # ask | applicable | plan | check | assess | show
    status: str  # answered | abstained | refused
    direct: bool
    answer: str
    citations: tuple[str, ...]
    profile: Profile | None
    result: Mapping[str, Any] | None  # the JSON of the command of that name (None for ask)
    hits: tuple[Hit, ...] = field(default=(), compare=False)  # for a sources panel
    notices: tuple[str, ...] = ()
    detail: object = field(default=None, compare=False)  # the job's own result (a Plan, a CheckReport…)

    def to_json(self) -> dict[str, Any]:
        return {"turn": self.turn, "job": self.job, "status": self.status, "direct": self.direct,
                "answer": self.answer, "citations": list(self.citations),
                "profile": self.profile.to_json() if self.profile else None,
                "result": dict(self.result) if self.result is not None else None}


@dataclass(frozen=True)
class Reading:
    """What the conversation holds after a message: its organisation and the subject to inherit."""

    profile: str | None = None
    subject: str | None = None
    job: str | None = None
    shown: tuple[str, ...] = ()  # the clauses shown last, by id


@dataclass(frozen=True)
class Understood:
    route: Route
    reading: Reading
    question: str  # for ask: the question with what it inherits
    sector_named: str | None  # the sector the message names itself
    rest: str  # the message without its follow-up opening


@dataclass(frozen=True)
class Prepared:
    understood: Understood
    base: Turn  # the turn before its job is run
    sector: str | None  # the sector the user chose, if any
    history: tuple[str, ...] = ()  # the earlier user messages

    @property
    def job(self) -> str:
        return self.understood.route.job
