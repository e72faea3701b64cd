"""Judging silence: whether any clause addresses a question's own subject (read by
``ask/silence.py``, carried by ``ask/carrying.py``), the lead that says so when none does or
when the text does not settle what is asked, and the nearest clauses offered as related."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assistant.ask.carrying import Subject, carries, clause_stems
from assistant.ask.silence import Judgement, Silence
from assistant.domain.clauses import Clause, Hit
from assistant.text.normalise import fold

__all__ = ["Judgement", "Silence", "frameworks_named", "judge", "related"]


def frameworks_named(clauses: Sequence[Clause]) -> str:
    """The frameworks the corpus holds, by name ("Model National Response, INSPIRE, …")."""
    names = [c.label.split(",")[0] for c in clauses if c.kind == "overview"]
    return ", ".join(dict.fromkeys(names))


def judge(silence: Silence, question: str, hits: Sequence[Hit], clauses: Sequence[Clause],
          similarity: Mapping[str, float], threshold: float,
          correct: Callable[[str], str | None], lookup: Callable[[str], Hit | None]) -> Judgement:
    """Whether the corpus addresses the question's own subject, and the lead that says so.

    ``similarity`` is the subject phrase's cosine with every clause (empty when unknown);
    ``lookup`` makes a hit of a clause id that retrieval did not return."""
    unsettled = silence.unsettled_kind(question)
    if unsettled is not None and unsettled.settled_by is not None:  # "how often", of what the text times
        subject = silence.subject(question)  # or the action it times ("how fast X is removed")
        head = Subject(subject.head, (subject.head,), True) if subject.words else None
        readings = silence.readings(subject) + (silence.readings(head) if head else ())
        near = {h.clause.id for h in hits}  # a clause retrieved, or one carrying the subject, sets it
        settling = [c for c in clauses if unsettled.settled_by.search(fold(c.text)) and (
            c.id in near or carries(readings, clause_stems(c), correct))]
        if settling:  # and answers first
            first = [h for h in hits if h.clause in settling] or [
                h for c in settling[:2] if (h := lookup(c.id)) is not None]
            return Judgement(True, "", tuple(first + [h for h in hits if h not in first]))
    if unsettled is not None:  # what the Call to Action itself says first, then the frameworks
        own_first = tuple(sorted(hits, key=lambda h: h.clause.is_framework or h.clause.kind == "document"))
        then = "What it does say:" if own_first and not own_first[0].clause.is_framework else \
            "What the frameworks it refers to say:"
        return Judgement(False, f"The Call to Action does not say {unsettled.says}. {then}", own_first)
    subject = silence.subject(question)
    readings = silence.readings(subject)
    unnamed = [q for q in silence.quoted(question)
               if not any(carries(silence.readings(q), clause_stems(c), correct) for c in clauses)]
    if unnamed:  # a term asked about by its own name, in quotation marks, that no clause names
        return _not_mentioned(unnamed[0].phrase, hits, clauses)
    if not subject.words or not (subject.named or all(r.concept for r in readings)):
        return Judgement(True, "", tuple(hits))  # a description of a case, not a subject to look for
    readings += silence.exampled(question)  # "money, like cash transfers": an example carried will do
    addressing = [c for c in clauses if carries(readings, clause_stems(c), correct)
                  or (similarity.get(c.id, 0.0) >= threshold and not subject.unknown)]  # not "GDPR"
    if not addressing:  # "must platforms check ages?": no duty, nor the subject it is on
        return _not_mentioned(subject.phrase, hits, clauses, silence.duty_first(question))
    ids = {c.id for c in addressing}
    own = [c for c in addressing if not c.is_framework and c.kind != "document"]
    pool = list(own or addressing)
    first = [h for h in hits if h.clause.id in {c.id for c in pool}]
    if not first:  # retrieval missed them: bring the best two in
        pool.sort(key=lambda c: -similarity.get(c.id, 0.0))
        first = [h for c in pool[:2] if (h := lookup(c.id)) is not None]
    ordered = tuple(first + [h for h in hits if h not in first])
    if own:  # a subject read from the whole question decides `direct` only, never the order
        return Judgement(True, "", ordered if subject.named else tuple(hits))
    named = "; ".join(f"*{h.clause.label}*" for h in first[:2] if h.clause.id in ids)
    verb = "does" if len(first[:2]) == 1 else "do"
    return Judgement(True, f"The Call to Action itself does not mention {subject.phrase}; {named} {verb}.",
                     ordered)


def _not_mentioned(phrase: str, hits: Sequence[Hit], clauses: Sequence[Clause],
                  duty: bool = False) -> Judgement:
    names = frameworks_named(clauses)
    held = f" ({names})" if names else ""
    sets = "sets no such duty: it " if duty else ""
    return Judgement(False, f"The Call to Action {sets}does not mention {phrase}, and neither do "
                     f"the frameworks it refers to{held}.", tuple(hits), related=True)


def related(hits: Sequence[Hit]) -> tuple[list[str], list[str]]:
    """The nearest clauses, offered as related, never as the answer: lines and the ids cited."""
    pledges = all(not h.clause.is_framework and h.clause.kind != "document" for h in hits)
    lines = [f"The closest {'pledges' if pledges else 'clauses'} are:"]
    for h in hits:
        text = h.clause.text.replace("\n", " ")
        lines.append(f"- *{h.clause.label}*: “{text}”")
    return lines, [h.clause.id for h in hits]
