"""Grounded answering: safety guard, retrieval, abstention, composition, citation guard.

Abstention and selection decide by ``AnswerCalibration`` (``ask/calibration.py``), set by
``python -m eval.quality.answers``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.ask.backends.protocol import ChatBackend
from assistant.ask.calibration import AnswerCalibration
from assistant.ask.citation_guard import Guarded, complete_prefix, guard_citations
from assistant.ask.compose import compose
from assistant.ask.faithful import ClaimCheck, drop_unfaithful
from assistant.ask.judging import Judgement, Silence, judge, related
from assistant.ask.list_text import hits_of
from assistant.ask.lists import Lister
from assistant.ask.prompts import answer_messages
from assistant.domain.clauses import Clause, Hit
from assistant.safety.guard import SafetyGuard, Verdict
from assistant.search.retrieval import Retriever, check_query
from assistant.text.normalise import fold

_FOLLOW_UP = re.compile(
    r"^\s*(?:and|also|but|so|what about|how about|and what about|same for|what if|plus)\b"
    r"|\b(?:they|them|their|it|that|this|those|these)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[str, ...]
    hits: tuple[Hit, ...]
    status: str  # answered | abstained | refused
    notices: tuple[str, ...] = ()
    backend: str = "extractive"
    direct: bool = False  # a cited clause addresses what was asked itself (ask/silence.py)

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "citations": list(self.citations),
            "hits": [h.to_json() for h in self.hits],
            "status": self.status,
            "notices": list(self.notices),
            "direct": self.direct,
        }


@dataclass
class Conversation:
    """Earlier on-topic questions, so that "and what about companies?" keeps its context."""

    questions: list[str] = field(default_factory=list)

    def resolve(self, question: str) -> str:
        if self.questions and len(question.split()) <= 12 and _FOLLOW_UP.search(question):
            return f"{self.questions[-1]} {question}"
        return question

    def remember(self, question: str) -> None:
        self.questions = [*self.questions[-4:], question]


class Answerer:
    def __init__(
        self,
        retriever: Retriever,
        guard: SafetyGuard,
        links: Callable[[str], Sequence[str]],
        backend: ChatBackend | None = None,
        calibration: AnswerCalibration | None = None,
        scope: re.Pattern[str] | None = None,
        second_look: Callable[[str], bool] | None = None,
        elsewhere: Callable[[str], str | None] | None = None,
        strong_look: Callable[[str], bool] | None = None,
        claim_check: ClaimCheck | None = None,
        lister: Lister | None = None,
        silence: Silence | None = None,
    ) -> None:
        self.retriever, self.guard, self.links, self.backend = retriever, guard, links, backend
        self.calibration = calibration or AnswerCalibration()
        self.scope = scope  # topic words (corpus/behaviour/scope.toml); None accepts everything
        self.second_look = second_look  # the safety guard's nearest-neighbour check, if any
        self.strong_look = strong_look  # the same check at its strong margin
        self.elsewhere = elsewhere  # why a question is out of scope (Scope.decline), if given
        self.claim_check = claim_check  # the checker's judgement of a model's cited sentences
        self.lister = lister  # complete lists and comparisons (ask/lists.py), if given
        self.silence = silence  # whether a clause addresses the question's subject (silence.toml)

    def ask(self, question: str, sector: str | None = None,
            conversation: Conversation | None = None, prefer: str | None = None) -> Answer:
        """``sector``: that sector's clauses only; ``prefer``: the asker's sector's first, then others'."""
        prepared = self._prepare(question, sector, conversation, prefer)
        if isinstance(prepared, Answer):
            return prepared
        text, found, focus = prepared
        hits = self.judge(question, found)
        if self.backend is None:
            return self._extractive(hits, focus)
        return self._generate(text, hits, focus, conversation)

    def stream(self, question: str, sector: str | None = None,
               conversation: Conversation | None = None, prefer: str | None = None) -> Iterator[str | Answer]:
        """The model's checked text so far while it writes (where the backend streams), then the Answer.

        Only complete sentences are shown, each after the citation guard has read it, so that
        an invented citation never reaches the screen; the final Answer is guarded whole."""
        prepared = self._prepare(question, sector, conversation, prefer)
        if isinstance(prepared, Answer):
            yield prepared
            return
        text, found, focus = prepared
        hits = self.judge(question, found)
        if self.backend is None:
            yield self._extractive(hits, focus)
            return
        history = conversation.questions[:-1] if conversation else []
        raw, shown = "", 0
        retrieved = {h.clause.id: h.clause for h in hits.hits}
        try:
            for piece in self.backend.stream(answer_messages(text, hits.hits, history, hits.lead)):
                raw += piece
                end = complete_prefix(raw)
                if end > shown:
                    shown = end
                    yield _led(hits.lead, self._faithful(guard_citations(raw[:end], retrieved, self._known()),
                                                         retrieved).text)
        except Exception as exc:
            yield self._fallback(hits, focus, self._failed(exc))
            return
        yield self._finish(raw, hits, focus)

    def _prepare(self, question: str, sector: str | None, conversation: Conversation | None,
                 prefer: str | None = None) -> Answer | tuple[str, list[Hit], str | None]:
        """Safety, follow-ups and retrieval: an early Answer, or what to answer from."""
        sector = check_query(question, 1, sector)
        verdict = self.guard.check(question, self.second_look, self.strong_look)
        if verdict is Verdict.HARMFUL:
            return Answer(self.guard.refusal, (), (), "refused")
        if verdict is Verdict.INJECTION:
            return Answer(self.guard.injection_reply, (), (), "abstained")
        text = conversation.resolve(question) if conversation else question
        declined = self.elsewhere(question) if self.elsewhere is not None else None
        if declined is not None:  # an instrument the corpus does not hold, named; another domain
            return Answer(declined or self.guard.off_topic, (), (), "abstained")
        listing = self.lister.answer(text, sector) if self.lister else None
        hits = [] if listing else self.select(text, sector, prefer) or self._named(question, sector, prefer)
        if listing is None and not hits:
            return Answer(self._unmentioned(question) + self.guard.off_topic, (), (), "abstained")
        if conversation is not None:
            conversation.remember(text)
        if listing is not None:  # a list or comparison: every clause that qualifies
            return Answer(listing.text, listing.citations, hits_of(listing), "answered", direct=True)
        return text, hits, sector or prefer or self.retriever.analyzer.detect_sector(question)[0]

    def _unmentioned(self, question: str) -> str:
        """Naming what was asked about when no clause carries it (an abstention says so first)."""
        subject = self.silence.subject(question) if self.silence else None
        named = subject is not None and subject.named and subject.concept
        return f"The Call to Action does not mention {subject.phrase}, and neither do the frameworks " \
            "it refers to.\n\n" if subject is not None and named else ""

    def select(self, text: str, sector: str | None, prefer: str | None = None) -> list[Hit]:
        """The clauses worth answering from, or none when the question is not covered."""
        c = self.calibration
        query = self.retriever.analyzer.analyse(text)
        hits = self.retriever.search(text, c.retrieve, None, query)
        if sector:  # the sector's clauses first; other sectors' clauses go
            hits = [h for h in hits if h.clause.sector in (sector, None)]
            hits.sort(key=lambda h: h.clause.sector != sector)
        elif prefer:  # the asker's sector first; what other sectors pledge on it stays
            hits.sort(key=lambda h: h.clause.sector not in (prefer, None))
        if not hits:
            return []
        exact = [h for h in hits if h.score >= 1.0 and h.clause.id in query.references]
        if exact and len(_content_words(text)) < 3:
            return exact  # "what does Gov 3b say?": just that clause
        best_similarity = self.retriever.coverage(query, sector) if not exact else 1.0
        if not exact and (best_similarity < c.min_similarity or (
                best_similarity < c.confident_similarity
                and not self.in_scope(" ".join([text, *query.corrections]))
                # a kind of question the text does not settle (a deadline) is told so, not abstained on
                and not (self.silence and self.silence.unsettled_kind(text)))):
            return []
        rest = [h for h in hits if h not in exact]
        best = (max(h.score for h in rest) if prefer else rest[0].score) if rest else 0.0
        kept = exact + [
            h for i, h in enumerate(rest)
            if h.score >= c.relative_score * best and (h.clause.kind != "pledge" or (i == 0 and not exact))
        ]
        return kept[: max(c.max_clauses, len(exact))]

    def judge(self, question: str, hits: Sequence[Hit]) -> Judgement:
        """Whether a clause addresses the question's own subject (``ask/silence.py``)."""
        if self.silence is None:
            return Judgement(True, "", tuple(hits))
        r = self.retriever
        subject = self.silence.subject(question).phrase
        calibrated = r.embedder.name == self.calibration.subject_model
        sims = r.similarities(subject) if subject and calibrated else {}
        return judge(self.silence, question, hits, r.clauses, sims, self.calibration.subject_similarity,
                     r.analyzer.speller.correct,
                     lambda cid: Hit(r.by_id[cid], round(sims.get(cid, 0.0), 4)) if cid in r.by_id else None)

    def _named(self, question: str, sector: str | None, prefer: str | None = None) -> list[Hit]:
        """The Call to Action's clauses that carry every word of a concept the question names
        ("does it mention artificial intelligence?"), when similarity alone would abstain."""
        if self.silence is None:
            return []
        r = self.retriever
        found = self.silence.carried(question, r.clauses, r.analyzer.speller.correct)
        found = [c for c in found if sector is None or c.sector in (sector, None)]
        found.sort(key=lambda c: prefer is not None and c.sector not in (prefer, None))
        return [Hit(c, 1.0) for c in found[: self.calibration.max_clauses]]

    def in_scope(self, text: str) -> bool:
        return self.scope is None or bool(self.scope.search(fold(text)))

    def _generate(self, question: str, hits: Judgement, focus: str | None,
                  conversation: Conversation | None) -> Answer:
        assert self.backend is not None
        history = conversation.questions[:-1] if conversation else []
        try:
            raw = self.backend.generate(answer_messages(question, hits.hits, history, hits.lead))
        except Exception as exc:  # time-out, refused connection, server error, bad reply
            return self._fallback(hits, focus, self._failed(exc))
        return self._finish(raw, hits, focus)

    def _extractive(self, hits: Judgement, focus: str | None) -> Answer:
        return self._fallback(hits, focus, "")

    def _compose(self, hits: Judgement, focus: str | None) -> tuple[str, list[str]]:
        """The extractive text: the lead, then the answer (or the nearest clauses as related)."""
        if hits.related:
            lines, cited = related(hits.hits)
            body = "\n".join(lines)
        else:
            body, cited = compose(hits.hits, self.links, self.retriever.get, focus)
        return _led(hits.lead, body), cited

    def _failed(self, exc: Exception) -> str:
        name = self.backend.name if self.backend else "extractive"
        return (f"The language model ({name}) did not answer ({_brief(exc)}); "
                "showing the extractive answer instead.")

    def _finish(self, raw: str, hits: Judgement, focus: str | None) -> Answer:
        """The citation guard over a model's answer; the extractive answer if none is left."""
        assert self.backend is not None
        retrieved = {h.clause.id: h.clause for h in hits.hits}
        guarded = self._faithful(guard_citations(raw, retrieved, self._known()), retrieved)
        if not guarded.citations:
            return self._fallback(hits, focus, "The language model's answer cited no retrieved "
                                  "clause; showing the extractive answer instead.", guarded.notices)
        return Answer(_led(hits.lead, guarded.text), guarded.citations, hits.hits, "answered",
                      guarded.notices, self.backend.name, hits.direct)

    def _faithful(self, guarded: Guarded, retrieved: Mapping[str, Clause]) -> Guarded:
        """The guarded text without the sentences their citation does not support."""
        if self.claim_check is None or not guarded.citations:
            return guarded
        kept = drop_unfaithful(guarded.text, guarded.citations, retrieved, self.claim_check)
        return Guarded(kept.text, kept.citations, (*guarded.notices, *kept.notices))

    def _fallback(self, hits: Judgement, focus: str | None, notice: str,
                  earlier: Sequence[str] = ()) -> Answer:
        body, cited = self._compose(hits, focus)
        notices = (*earlier, notice) if notice else tuple(earlier)
        return Answer(body, tuple(cited), hits.hits, "answered", notices, direct=hits.direct)

    def _known(self) -> dict[str, Clause]:
        return self.retriever.by_id


_QUESTION_WORDS = frozenset(
    ["what", "does", "say", "says", "said", "text", "wording", "mean", "means", "read", "clause",
     "pledge", "commitment", "tell", "show", "please", "quote", "full", "exactly"]
)


def _content_words(text: str) -> list[str]:
    from assistant.domain.references import find_references
    from assistant.text.normalise import STOPWORDS, words

    for ref in find_references(text):
        text = text.replace(ref.text, " ")
    return [w for w in words(text) if w not in STOPWORDS and w not in _QUESTION_WORDS]


def _led(lead: str, body: str) -> str:
    return f"{lead}\n\n{body}" if lead else body


def _brief(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{type(exc).__name__}: {text[:120]}" if text != type(exc).__name__ else text
