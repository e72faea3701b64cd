"""Silence: whether any clause addresses a question's own subject, and what to say when none does.

A question's subject is the phrase after "about", "mention", "regarding"… (or its content
words), without the question's scaffolding, the corpus's names and its whole topic
(``corpus/behaviour/silence.toml``). A multi-word subject is one concept: a clause addresses
"end-to-end encryption" when it carries every content word of it (by stem, compounds joined:
"livestreaming" is in "live-streamed"), or when the subject phrase embedded alone comes
close enough to the clause (``AnswerCalibration.subject_similarity``); sharing one modifier
("end-to-end support") is not enough. A subject ends at a tail saying how it is done ("made with AI
tools", "with their own photos"). A subject read from a whole question (no cue) needs its head word, and
every term of art in it that is no English word ("VPN bans" is not "banning"); an English word is never
taken for a typo ("bans" is not "banks"). Questions of a kind the text never settles (legal force,
templates, deadlines, amounts, penalties) are told so first."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.files import SILENCE_FILE, read_data
from assistant.domain.clauses import Clause, Hit
from assistant.domain.references import find_references
from assistant.text.normalise import STOPWORDS, fold, stem, words
from assistant.text.phrases import phrase_pattern
from assistant.text.spelling import edit_distance, is_english

_END = re.compile(r"[?.!;]|,\s*like\s|\s(?:that|which|who|whom|whose|where|so that|because|since|if|when)\s"
                  r"|\s(?:made|created|generated|produced)\s(?:with|by|using)\s|\swith\s(?:their|his|her|my|our|your)\s")
_PREPOSITIONS = frozenset({"for", "of", "to", "in", "on", "with", "by", "against", "from", "under",
                           "within", "at", "into", "over", "via", "through"})
_CONJUNCTION = re.compile(r"\s(?:or|and|and/or|nor|,)\s|,\s*")


@dataclass(frozen=True)
class Unsettled:
    kind: str
    pattern: re.Pattern[str]
    says: str  # "The Call to Action does not say {says}."


@dataclass(frozen=True)
class Subject:
    phrase: str  # as the question words it ("end-to-end encryption")
    words: tuple[str, ...]  # its content words, folded
    named: bool = False  # after a subject cue ("about", "mention"), not the whole question

    @property
    def head(self) -> str:
        """The word the phrase is about: its last content word before a preposition
        ("backdoors for police" is about backdoors), else its last content word. Only for a
        short phrase: a whole question's last word is its head."""
        if len(self.words) > CONCEPT_WORDS:
            return self.words[-1]
        tokens = words(fold(self.phrase))
        for i, token in enumerate(tokens):
            if token in _PREPOSITIONS and i:
                before = [w for w in tokens[:i] if w in self.words]
                if before:
                    return before[-1]
        return self.words[-1]

    @property
    def concept(self) -> bool:
        """One concept (its head and modifiers), not a description of several things."""
        return 0 < len(self.words) <= CONCEPT_WORDS


@dataclass(frozen=True)
class Judgement:
    """What the answer says first, whether it is direct, and the hits in the order to show."""

    direct: bool
    lead: str  # the first sentence(s), or "" to answer as usual
    hits: tuple[Hit, ...]
    related: bool = False  # the hits are the nearest clauses, not the answer


@dataclass(frozen=True)
class Silence:
    scaffolding: frozenset[str]
    corpus: re.Pattern[str]
    domain: re.Pattern[str]
    cue: re.Pattern[str]
    unsettled: tuple[Unsettled, ...] = ()
    same: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()  # one concept's names

    @classmethod
    def load(cls, corpus_dir: Path) -> Silence:
        data = read_data(corpus_dir, SILENCE_FILE)
        unsettled = tuple(Unsettled(str(u["kind"]), phrase_pattern(map(str, u["cues"])), str(u["says"]))
                          for u in data.get("unsettled", []))
        same = tuple((phrase_pattern(terms), tuple(terms)) for group in data.get("same", [])
                     if (terms := [fold(str(t)) for t in group["terms"]]))
        return cls(frozenset(fold(w) for w in data.get("scaffolding", [])),
                   phrase_pattern(map(str, data.get("corpus", []))),
                   phrase_pattern(map(str, data.get("domain", []))),
                   phrase_pattern(map(str, data.get("subject", []))), unsettled, same)

    def readings(self, subject: Subject) -> tuple[Subject, ...]:
        """The subject, or each of its parts when "or" / "and" join several (any one will do;
        the joined phrase is not one concept), each also with a concept named by each of its
        other names ("police" read as "law enforcement")."""
        parts = [subject]
        if len(subject.words) > 1:  # "poverty or displaced"
            split = [one for part in _CONJUNCTION.split(fold(subject.phrase))
                     if (one := self._subject_of(part)).words]
            if len(split) > 1:
                parts = [Subject(one.phrase, one.words, subject.named) for one in split]
        found = list(parts)
        for part in parts:
            phrase = fold(part.phrase)
            for pattern, terms in self.same:
                if pattern.search(phrase):
                    for term in terms:
                        other = self._subject_of(pattern.sub(term, phrase))
                        if other.words:
                            found.append(Subject(other.phrase, other.words, subject.named))
        return tuple(dict.fromkeys(found))

    def unsettled_kind(self, question: str) -> Unsettled | None:
        folded = fold(question)
        return next((u for u in self.unsettled if u.pattern.search(folded)), None)

    def subject(self, question: str) -> Subject:
        """The question's own subject: after its last subject cue if that leaves content words,
        else the whole question; without references, corpus names and the corpus's topic."""
        text = fold(question)
        for ref in find_references(text):
            text = text.replace(fold(ref.text), " ")
        text = self.corpus.sub(" ", text)
        cues = list(self.cue.finditer(text))
        candidates = [_END.split(text[m.end():])[0] for m in reversed(cues)] + [text]
        for i, candidate in enumerate(candidates):
            subject = self._subject_of(candidate)
            if subject.words:
                return Subject(_as_written(subject.phrase, question), subject.words, named=i < len(cues))
        return Subject("", ())

    def _subject_of(self, text: str) -> Subject:
        """The content words of ``text`` without the corpus's topic, and the phrase as written
        from the first content word to the last (the topic's words inside it kept)."""
        tokens = [t.strip("'\"“”‘’,:()?") for t in text.split()]
        bare = [self.domain.sub(" ", t) for t in tokens]
        keep = [i for i, t in enumerate(bare) if t.strip() and self._content(t)]
        if not keep:
            return Subject("", ())
        content = tuple(dict.fromkeys(w for i in keep for w in words(bare[i]) if self._content(w)))
        phrase = " ".join(t for t in tokens[keep[0]:keep[-1] + 1] if t)
        whole = len(content) == len(words(phrase))
        return Subject(self.domain.sub(" ", phrase).strip() if whole else phrase, content)

    def _content(self, token: str) -> bool:
        return any(w not in STOPWORDS and w not in self.scaffolding and not w.isdigit() for w in words(token))

    def carried(self, question: str, clauses: Sequence[Clause],
                correct: Callable[[str], str | None]) -> list[Clause]:
        """The Call to Action's own clauses that carry a concept the question names, if it names one."""
        subject = self.subject(question)
        if not (subject.named and subject.concept) or self.unsettled_kind(question):
            return []
        readings = self.readings(subject)
        return [c for c in clauses if not c.is_framework and c.kind != "document"
                and carries(readings, clause_stems(c), correct)]


def _as_written(phrase: str, question: str) -> str:
    """The phrase in the question's own letter case ("VPNs"), where it can be found."""
    at = fold(question).find(phrase)
    return question[at:at + len(phrase)] if at >= 0 and len(fold(question)) == len(question) else phrase


Stems = Mapping[str, tuple[int, ...]]  # a clause's stems, each with the positions it is at


def clause_stems(clause: Clause) -> Stems:
    """The stems of a clause's words and of each two adjacent words joined ("live-streamed"),
    with their positions, counted in content words ("ratify the Council of Europe Lanzarote
    Convention" has "ratify" three words from "Lanzarote")."""
    found = words(f"{clause.label} {clause.text}")
    place, k = [], 0
    for w in found:
        place.append(k)
        k += w not in STOPWORDS
    at: dict[str, list[int]] = {}
    for w, i in zip(found, place, strict=True):
        at.setdefault(stem(w), []).append(i)
    for i, (a, b) in enumerate(itertools.pairwise(found)):
        at.setdefault(stem(a + b), []).append(place[i])
    return {k: tuple(v) for k, v in at.items()}


CONCEPT_WORDS = 3  # a subject of up to this many content words is one concept: all must be there
CONCEPT_SPAN = 4  # ... and near one another: at most this many words from the first found
DESCRIPTION_SHARE = 0.6  # of a longer subject (a description, not a concept), this share
TYPO_EDITS = 1  # a subject word counts as its spelling correction only this close to it


def covers(subject: Subject, stems: Stems, correct: Callable[[str], str | None]) -> bool:
    """Whether a clause (its stems) carries the subject: every content word of a named concept,
    close together ("parental controls" is not "parents ... Disease Control"), most of a named
    description, the head of a subject read from the whole question."""
    def where(word: str) -> tuple[int, ...]:
        if stem(word) in stems:
            return stems[stem(word)]
        # a typo one edit away; "retention" is not "prevention", and an English word is no typo
        fixed = None if is_english(word) else correct(word)
        if fixed is not None and edit_distance(word, fixed) <= TYPO_EDITS:
            return stems.get(stem(fixed), ())
        return ()

    if not subject.words:
        return False
    places = [where(w) for w in subject.words]
    n = len(places)
    if not subject.named:  # the whole question, read as a phrase: its head will do, unless it also
        # has a word neither English nor the clause knows, a name or a term of art ("VPN bans")
        return bool(where(subject.head)) and all(p or _english(w) or not _term(w, subject.phrase)
                                                 for w, p in zip(subject.words, places, strict=True))
    if n > CONCEPT_WORDS:
        return sum(bool(p) for p in places) >= math.ceil(DESCRIPTION_SHARE * n)
    if not all(places):
        return False
    return any(all(any(abs(j - i) <= CONCEPT_SPAN for j in p) for p in places[1:]) for i in places[0])


_PREFIXES = ("inter", "intra", "multi", "cross", "counter", "anti", "non", "self", "co", "pre", "re", "un")


def _term(word: str, phrase: str) -> bool:
    """A name or term of art: four letters or more, or in capitals ("VPN"), not shorthand ("ppl")."""
    return len(word) >= 4 or re.search(rf"\b{re.escape(word.upper())}s?\b", phrase) is not None


def _english(word: str) -> bool:
    """An English word, or one made of a prefix and an English word ("intergenerational")."""
    return is_english(word) or any(word.startswith(p) and is_english(word[len(p):]) for p in _PREFIXES)


def carries(readings: Sequence[Subject], stems: Stems, correct: Callable[[str], str | None]) -> bool:
    return any(covers(subject, stems, correct) for subject in readings)


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
    if unsettled is not None:  # what the Call to Action itself says first, then the frameworks
        own_first = tuple(sorted(hits, key=lambda h: h.clause.is_framework or h.clause.kind == "document"))
        then = "What it does say:" if own_first and not own_first[0].clause.is_framework else \
            "What the frameworks it refers to say:"
        return Judgement(False, f"The Call to Action does not say {unsettled.says}. {then}", own_first)
    subject = silence.subject(question)
    readings = silence.readings(subject)
    if not subject.words or not (subject.named or all(r.concept for r in readings)):
        return Judgement(True, "", tuple(hits))  # a description of a case, not a subject to look for
    addressing = [c for c in clauses if carries(readings, clause_stems(c), correct)
                  or similarity.get(c.id, 0.0) >= threshold]
    if not addressing:
        names = frameworks_named(clauses)
        held = f" ({names})" if names else ""
        return Judgement(False, f"The Call to Action does not mention {subject.phrase}, and neither do "
                         f"the frameworks it refers to{held}.", tuple(hits), related=True)
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


def related(hits: Sequence[Hit]) -> tuple[list[str], list[str]]:
    """The nearest clauses, offered as related, never as the answer: lines and the ids cited."""
    pledges = all(not h.clause.is_framework and h.clause.kind != "document" for h in hits)
    lines = [f"The closest {'pledges' if pledges else 'clauses'} are:"]
    for h in hits:
        text = h.clause.text.replace("\n", " ")
        lines.append(f"- *{h.clause.label}*: “{text}”")
    return lines, [h.clause.id for h in hits]
