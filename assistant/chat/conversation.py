"""One turn of a conversation, given the earlier user messages: a frozen ``Turn``. Stateless:
the earlier messages are read again each turn (jobs, organisation, subject to inherit); only
the new message's job is run, for the conversation's organisation (its sector's pledges first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from assistant.chat import replies
from assistant.chat.assessing import Assess, assessed
from assistant.chat.followup import FollowUps
from assistant.chat.meaning import Meaning
from assistant.chat.pointing import POINTED, Pointing
from assistant.chat.profile import Profile, ProfileReader
from assistant.chat.reading import Prepared, Reading, Turn, Understood
from assistant.chat.requests import Requests, in_series, numbered, sector_named_before, sibling
from assistant.chat.router import JUDGED, Route, Router
from assistant.chat.screening import in_crisis, unsafe
from assistant.chat.vocabulary import ChatVocabulary
from assistant.domain.clauses import Clause
from assistant.domain.references import find_references
from assistant.errors import BadInput, UnknownClause
from assistant.safety.guard import SafetyGuard
from assistant.text.normalise import fold

if TYPE_CHECKING:
    from assistant.applicable.applicability import Applicability
    from assistant.ask.answering import Answer
    from assistant.ask.answering import Conversation as Thread
    from assistant.check.checker import Checker
    from assistant.corpus.loader import Corpus
    from assistant.plan.planning import Planner
    from assistant.safety.semantic import NeighbourCheck
    from assistant.search.query import Vocabulary

__all__ = ["Assess", "Conversation", "Stages", "Turn"]  # Turn is read from here by the UI, CLI and eval

MAX_MESSAGE_CHARS = 20_000  # a limit: one pasted draft or document
_US = re.compile(r"\s\bus\b(?!\s+(?:to|do|know|see|understand)\b)", re.IGNORECASE)  # not "let us know"
SECTORS_KEPT = 256  # a limit: profiles whose sector is remembered (a server serves many conversations)


class Stages(Protocol):
    """What the chat uses of the assistant (``Assistant`` is one)."""

    @property
    def applicability(self) -> Applicability: ...
    @property
    def planner(self) -> Planner: ...
    @property
    def checker(self) -> Checker: ...
    @property
    def corpus(self) -> Corpus: ...
    @property
    def vocabulary(self) -> Vocabulary: ...
    @property
    def guard(self) -> SafetyGuard: ...
    @property
    def neighbours(self) -> NeighbourCheck | None: ...
    def ask(self, question: str, sector: str | None = None, conversation: Thread | None = None,
            prefer: str | None = None) -> Answer: ...
    def show(self, clause_id: str) -> Clause: ...


class Conversation:
    def __init__(self, vocabulary: ChatVocabulary, stages: Stages, assess: Assess | None = None,
                 meaning: Meaning | None = None) -> None:
        self.vocabulary, self.stages, self.assess, self.meaning = vocabulary, stages, assess, meaning
        self.router = Router(vocabulary, meaning)
        self._sectors: dict[str, str] = {}

    @cached_property
    def profiles(self) -> ProfileReader:
        return ProfileReader(self.vocabulary, self.stages.applicability.classifier.classify,
                             self.meaning.sector if self.meaning is not None else None)

    @cached_property
    def requests(self) -> Requests:
        return Requests(self.vocabulary, self.followups, self.stages.vocabulary.sector_cues, self.sector_of,
                        self.stages.ask, self.stages.corpus.by_id)

    def sector_of(self, organisation: str) -> str | None:
        profile = self.profile(organisation)
        return profile.sector if profile is not None else None

    @cached_property
    def followups(self) -> FollowUps:
        return FollowUps(self.vocabulary, self.stages.vocabulary.sector_cues)

    @cached_property
    def pointing(self) -> Pointing:
        return Pointing(self.vocabulary, self.followups)

    def understand(self, message: str, before: Reading) -> Understood:
        """Which job the message asks for, and what the conversation holds after it."""
        route = self.router.route(in_series(message, self.stages.corpus.by_id()))  # "capability 11": MNR's
        led, rest = self.followups.opening(message)
        described = None
        if route.job == "ask" and led and before.job in ("applicable", "plan"):
            named = self.profiles.described(rest, before.job) or self.profiles.names(rest)
            if named is not None and not self.followups.own_words(rest.replace(named, " ")):
                route = Route(before.job, message, "a follow-up naming another organisation")
                described = named
        described = described or self.profiles.described(message, route.job, before.profile)
        corrects = described is not None and (before.profile not in (None, described) or any(
            m.start() < fold(message).find(fold(described)) for m in self.vocabulary.corrections.finditer(
                fold(message))))  # "oh wait, I should say we're a nonprofit"
        if route.job == "ask" and described is not None \
                and self.requests.only_describes(message, described, corrects):
            route = Route("applicable", message, "a description of the organisation")
        if route.job == "ask" and described is not None and self.requests.bare(message, route):
            route = Route("applicable", message, "a short description of the organisation")
        if route.job == "ask" and not led and self.requests.own_sector(message, described or before.profile):
            route = Route("applicable", message, "what the organisation's own sector is asked")
        if route.reason in ("nearest examples", "pledges said to apply") and route.job == "applicable" \
                and self.requests.for_others(message, described or before.profile,
                                             pointing=route.reason == "nearest examples"):
            route = Route("ask", message, "a question about others")
        if route.job == "applicable" and described is None and (
                self.requests.on_a_subject(message) or self.profiles.about_something_else(message)):
            route = Route("ask", message, "a question on a subject, for the organisation")
        if route.job == "applicable" and self.requests.of_a_subject(route, rest, described):
            route = Route("ask", message, "a question on a subject, for the organisation")
        shown = sibling(rest if led else message, before.subject, self.stages.corpus.by_id()) \
            if route.job == "ask" and before.job == "show" else None
        if shown is not None:  # "show me overarching 2", then "and 5?"
            route = Route("show", shown, "a follow-up naming the next clause")
        profile = described or before.profile
        if route.job == "ask" and route.reason == "a question":  # "what does 1b actually say": our 1(b)
            route = self.requests.resolved(route, message, self.sector_of(profile) if profile else None)
        route = (self.pointing.show_earlier(message, before) if route.job == "ask" else None) or route
        question, subject, together = message.strip(), before.subject, False
        asked = self.pointing.of_shown(message.strip(), before, self.stages.corpus.by_id()) \
            if route.job == "ask" else question
        if asked != question:  # "are they the same?" after two clauses were shown: asked of both
            question, subject, together = asked, asked, True
        elif route.job == "ask":
            resolved = self.followups.resolve(message, before.subject)
            question, subject = resolved.text, resolved.subject
            question = self.requests.within_shown(question, before.subject if before.job == "show" else None)
        elif route.job == "show" and route.reason != POINTED:
            subject = shown or message.strip()  # "PS 2(c)", then "what does it mean for a bank like us?"
        shown_so_far = self.pointing.shown(before, route, self.stages.corpus.by_id(), together)
        reading = Reading(profile, subject, route.job, shown_so_far)
        return Understood(route, reading, question, self.requests.sector_named(rest, described), rest)

    def read(self, history: Sequence[str]) -> Reading:
        reading = Reading()
        for message in history:
            reading = self.understand(message, reading).reading
        return reading

    def profile(self, text: str | None) -> Profile | None:
        if text is None:
            return None
        if text not in self._sectors:
            if len(self._sectors) >= SECTORS_KEPT:
                self._sectors.pop(next(iter(self._sectors)))  # the oldest
            by_meaning = self.profiles.by_meaning(text)
            self._sectors[text] = by_meaning or self.stages.applicability.assess(text).sector
        return Profile(text, self._sectors[text])

    def _given(self, profile: Profile) -> str | None:
        """The sector for applicability and plans: the profile's when only its meaning placed it."""
        return profile.sector if self.profiles.by_meaning(profile.text) is not None else None

    def turn(self, message: str, history: Sequence[str] = (), sector: str | None = None) -> Turn:
        """The answer to ``message``, the conversation so far being the user's ``history``;
        ``sector`` (a user's choice) overrides the sector a question is answered for."""
        return self.answer(self.prepare(message, history, sector))

    def prepare(self, message: str, history: Sequence[str] = (), sector: str | None = None) -> Prepared:
        """What the message asks for, in this conversation (no job run yet)."""
        if not message or not message.strip():
            raise BadInput("The message is empty; type a question, describe your organisation "
                           "or paste a draft.")
        if len(message) > MAX_MESSAGE_CHARS:
            raise BadInput(f"The message is {len(message):,} characters long; keep it under "
                           f"{MAX_MESSAGE_CHARS:,} (paste a long document in parts).")
        understood = self.understand(message, self.read(history))
        profile = self.profile(understood.reading.profile)
        understood = replace(understood, route=self.requests.resolved(
            understood.route, message, profile.sector if profile is not None else None))
        guard, route = self.stages.guard, understood.route
        if route.job != "ask" and (unsafe(guard, self.stages.neighbours, message, route)
                                   or in_crisis(guard, message, route)):
            understood = replace(understood, route=Route("ask", message, "the safety guard"))
        base = Turn(len(history) + 1, understood.route.job, "answered", True, "", (), profile, None)
        return Prepared(understood, base, sector, tuple(history))

    def answer(self, prepared: Prepared) -> Turn:
        base, route, profile = prepared.base, prepared.understood.route, prepared.base.profile
        if route.job == "ask":
            question, sector, prefer = self.ask_args(prepared)
            answer = self.stages.ask(question, sector, prefer=prefer)
            if answer.status == "abstained" and sector is not None and prepared.sector is None:
                answer = self.stages.ask(question, prefer=sector)  # "and for banks?": theirs first, not only
            return self.asked(prepared, answer)
        if route.job in ("applicable", "plan") and profile is None:
            return replace(base, status="abstained", direct=False, answer=replies.NEED_PROFILE[route.job])
        if route.job == "applicable" and profile is not None:
            assessment = self.stages.applicability.assess(profile.text, self._given(profile))
            text, cited = replies.applicable_reply(assessment)
            return replace(base, answer=text, citations=cited, result=assessment.to_json(), detail=assessment)
        if route.job == "plan" and profile is not None:
            from assistant.plan.export import render

            plan = self.stages.planner.plan(profile.text, self._given(profile))
            text, cited = replies.plan_reply(plan, render(plan, "md").decode("utf-8"))
            return replace(base, answer=text, citations=cited, result=plan.to_json(), detail=plan)
        if route.job == "check":
            report = self.stages.checker.check(route.text)
            text, cited = replies.check_reply(report, self.stages.corpus.by_id())
            return replace(base, answer=text, citations=cited, result=report.to_json(), detail=report)
        if route.job == "show":
            return self._show(base, route.text)
        return self._assess(base, route.text, profile, route.reason == JUDGED)

    def ask_args(self, prepared: Prepared) -> tuple[str, str | None, str | None]:
        """The question (with what it inherits), the sector it asks about, the organisation's sector."""
        understood, profile = prepared.understood, prepared.base.profile
        question = understood.question
        own = profile.sector if profile is not None else sector_named_before(prepared.history)
        question = numbered(question, own, self.stages.corpus.by_id(), self.vocabulary.generic,
                            self.stages.vocabulary.sector_cues)  # "how would we do 1b?": our own 1(b)
        sector = prepared.sector or understood.sector_named
        named = {r.clause_id.split(".")[1] for r in find_references(question)
                 if r.strong and "." in r.clause_id}
        if prepared.sector is None and sector is not None and named - {sector}:
            sector = None  # "how do we do CS 1(b) without tech companies?": its clause, not theirs only
        if sector is not None and profile is not None and sector != profile.sector:
            question = _US.sub(f" {profile.text}", question, count=1)  # "what do tech firms owe us": the unit
        prefer = None
        if sector is None and profile is not None and not any(r.strong for r in find_references(question)) \
                and not self.followups.names_sector(f"{question} {understood.rest}"):
            prefer = profile.sector  # the organisation's pledges first, others' on the subject after
        return question, sector, prefer

    def asked(self, prepared: Prepared, answer: Answer) -> Turn:
        """The turn of an answered question."""
        return replace(prepared.base, status=answer.status, direct=answer.direct, answer=answer.text,
                       citations=answer.citations, hits=answer.hits, notices=answer.notices, detail=answer)

    def _show(self, base: Turn, reference: str) -> Turn:
        try:
            clause = self.stages.show(reference)
        except UnknownClause:
            return replace(base, status="abstained", direct=False,
                           answer=f"There is no clause {reference} in the Call to Action or its frameworks; "
                                  "check the number, or ask a question about its subject.")
        return replace(base, answer=replies.show_reply(clause), citations=(clause.id,),
                       result=clause.to_json(), detail=clause)

    def _assess(self, base: Turn, document: str, profile: Profile | None, quoted: bool = False) -> Turn:
        return assessed(base, document, profile, quoted, self.assess, self.stages.ask,
                        self.stages.corpus.by_id())
