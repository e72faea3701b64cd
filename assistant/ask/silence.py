"""Silence: whether any clause addresses a question's own subject, and what to say when none does.

A question's subject is the phrase after "about", "mention", "regarding"… or, in a passive
question ("is sharenting covered?"), its grammatical subject, or what a duty it asks about acts
on ("does it say platforms should switch off recommendation feeds?"); else the question's
content words; without the question's scaffolding, the corpus's names and its whole topic
(``corpus/behaviour/silence.toml``). Whether a clause's words carry it is ``ask/carrying.py``;
a clause also addresses it when the subject phrase embedded alone comes close enough
(``AnswerCalibration.subject_similarity``). A subject ends at a tail saying how it is done
("made with AI tools", "with their own photos"); its other names (``same``) are read with the
corpus's topic left out ("blackmailing teenagers for money" is "blackmailing for money", so
sextortion), up to two of its words renamed ("people in senior management" is "personnel in
senior leadership"). A question naming several concepts is carried by any one of them.
A term in quotation marks ("'people you may know'") is a name: no clause carrying
all its words, it is not mentioned. Questions of a kind the text never settles (legal force,
templates, deadlines, amounts, penalties) are told so first; "how often" and "how quickly" only
when no clause retrieved or carrying the subject (or its head, the action timed: "removed")
sets an interval or notice periods. The judgement and its lead are ``ask/judging.py``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.ask.carrying import CONCEPT_WORDS, Stems, Subject, carries, clause_stems, covers
from assistant.ask.names import proper_names
from assistant.corpus.files import SILENCE_FILE, read_data
from assistant.domain.clauses import Clause, Hit
from assistant.domain.references import find_references
from assistant.text.normalise import STOPWORDS, fold, words
from assistant.text.phrases import phrase_pattern
from assistant.text.spelling import edit_distance, is_english

_END = re.compile(r"[?.!;]|,\s*like\s|,?\s(?:such as|e\.g\.?|eg|for example|for instance|including"
                  r"|incl\.?),?\s|\s(?:that|which|who|whom|whose|where|so that|because|since|if|when)\s"
                  r"|\s(?:made|created|generated|produced)\s(?:with|by|using)\s|\swith\s(?:their|his|her|my|our|your)\s")
_CONJUNCTION = re.compile(r"\s(?:or|and|and/or|nor|,)\s|,\s*")
# after a duty, the verb and its particles: what "switch off", "cooperate with" act on is the subject
_PARTICLES = r"(?:\s+(?:off|in|up|out|down|on|with|to|for|into|over|away|back|at|from|by|about|against))*"
_MISTYPED = 5  # a word this long, one edit from a frame or topic word and no English word, is that word
_RENAMINGS = 2  # a subject's words renamed by `same` at most this many times over
# a question that opens on its topic and points back at it ("VPNs - any pledge on blocking them?"),
# an "it" only as an object at the end ("break it?"), not "when was it launched"
_TOPIC = re.compile(r"^\s*([^:?!.;]+?)(?:\s[-\u2013\u2014]+\s|:\s|\?\s)")
_POINTER = re.compile(r"(?<![a-z'])(?:them|those|these|it(?=\s*(?:[?.!,;]|$)))(?![a-z'])")
# examples a question gives of its subject ("money, like cash transfers"): any one carried will do
_EXAMPLES = re.compile(r"(?:,\s*like|\bsuch as|\be\.g\.?|\bfor example|\bfor instance|\bincluding|\bincl\.?)"
                       r",?\s+([^?!;.]+)")
_QUOTED = re.compile(r"(?<![\w'‘“\"])['‘“\"]([^'‘’“”\"?!.]{3,60}?)['’”\"](?![\w'’”\"])")

__all__ = ["CONCEPT_WORDS", "Judgement", "Silence", "Stems", "Subject", "Unsettled", "carries",
           "clause_stems", "covers"]


@dataclass(frozen=True)
class Unsettled:
    kind: str
    pattern: re.Pattern[str]
    says: str  # "The Call to Action does not say {says}."
    settled_by: re.Pattern[str] | None = None  # words of a clause that does settle it ("biennial")


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
    passive: re.Pattern[str] | None = None  # "is X mentioned": X, the subject, in group 1
    duty: re.Pattern[str] | None = None  # "does it say platforms should X": X, the subject, in group 1
    light: frozenset[str] = frozenset()  # scaffolding and the topic's words, a mistyped one no subject
    heads: frozenset[str] = frozenset()  # the kinds of instrument or body a proper name ends with
    modal: re.Pattern[str] | None = None  # "must platforms X?", "are companies required to X?": X in a group
    guard: re.Pattern[str] | None = None  # "how do I keep my son safe from X?": X, the harm, in group 1
    whole: tuple[tuple[re.Pattern[str], str], ...] = ()  # a name edged by a frame word ("special needs")

    @classmethod
    def load(cls, corpus_dir: Path) -> Silence:
        data = read_data(corpus_dir, SILENCE_FILE)
        unsettled = tuple(Unsettled(str(u["kind"]), phrase_pattern(map(str, u["cues"])), str(u["says"]),
                                    phrase_pattern(map(str, by)) if (by := u.get("settled_by")) else None)
                          for u in data.get("unsettled", []))
        same = tuple((phrase_pattern(terms), tuple(terms)) for group in data.get("same", [])
                     if (terms := [fold(str(t)) for t in group["terms"]]))
        said = _alternation(data.get("passive", []))
        passive = re.compile(rf"(?:^|[.?!]\s+)(?:is|are|was|were)\s+(?!there\b|it\b|this\b|that\b)(.+?)"
                             rf"\s+(?:{said})(?![a-z0-9])") if said else None
        speech, duties = (_alternation(data.get("duty", {}).get(k, [])) for k in ("speech", "duties"))
        actor = r"(?:\s+that)?(?:\s+[a-z'&\-]+){1,4}?(?:,?\s+as\s+(?:a|an|the|our)(?:\s+[a-z'&\-]+){1,4}?,?)?"
        duty = re.compile(rf"(?<![a-z])(?:{speech}){actor}\s+(?:{duties})\s+\S+{_PARTICLES}\s+(.+)"
                          ) if speech and duties else None
        modal = data.get("modal", {})
        opens, obliged = (_alternation(modal.get(k, [])) for k in ("opens", "obliged"))
        modal_first = re.compile(rf"^\s*(?:(?:{opens})\s+(.+)|(?:are|is|will|would|do|does)"
                                 rf"\s+(?:[a-z'&\-]+\s+){{1,4}}?(?:{obliged})\s+(.+))"
                                 ) if opens and obliged else None
        guard = data.get("guard", {})
        verbs, safe = (_alternation(guard.get(k, [])) for k in ("verbs", "from"))
        harm = re.compile(rf"(?<![a-z])(?:{verbs})(?:\s+[a-z'&\-]+){{0,4}}?\s+(?:{safe})"
                          rf"\s+(?:being\s+|getting\s+)?(.+)") if verbs and safe else None
        scaffolding = frozenset(fold(w) for w in data.get("scaffolding", []))
        light = scaffolding | {w for t in data.get("domain", []) for w in words(str(t))}
        edged = (([t for t in terms if {(w := words(t))[0], w[-1]} & scaffolding and len(w) > 1],
                  next((t for t in terms if set(words(t)) - scaffolding), "")) for _, terms in same)
        whole = tuple((phrase_pattern(names), name) for names, name in edged if names and name)
        return cls(scaffolding, phrase_pattern(map(str, data.get("corpus", []))),
                   phrase_pattern(map(str, data.get("domain", []))),
                   phrase_pattern(map(str, data.get("subject", []))), unsettled, same, passive, duty,
                   frozenset(w for w in light if len(w) >= _MISTYPED),
                   frozenset(fold(str(h)) for h in data.get("name_heads", [])), modal_first, harm, whole)

    def readings(self, subject: Subject) -> tuple[Subject, ...]:
        """The subject, or each of its parts when "or" / "and" join several (any one will do;
        the joined phrase is not one concept), each also with a concept named by each of its
        other names ("police" read as "law enforcement")."""
        parts = [subject]
        if len(subject.words) > 1 and not subject.name:  # "poverty or displaced", not "Trust and Safety"
            split = [one for part in _CONJUNCTION.split(fold(subject.phrase))
                     if (one := self._subject_of(part)).words]
            if len(split) > 1:
                parts = [Subject(one.phrase, one.words, subject.named) for one in split]
        found, last = list(parts), list(parts)
        for _ in range(_RENAMINGS):  # "safety people in senior management": two words renamed
            last = [other for part in last for other in self._renamed(part, subject.named)
                    if other not in found]
            found += list(dict.fromkeys(last))
        return tuple(dict.fromkeys(found))

    def _renamed(self, part: Subject, named: bool) -> list[Subject]:
        """The subject with one of its concepts called by each of its other names."""
        phrase = fold(part.phrase)
        bare = " ".join(self.domain.sub(" ", phrase).split())  # "blackmailing teenagers for money"
        found = []
        for pattern, terms in self.same:
            for said in dict.fromkeys((phrase, bare)):
                if match := pattern.search(said):
                    for term in terms:
                        other = self._subject_of(pattern.sub(term, said))
                        if part.phrase.startswith("“"):  # a name keeps every other word of it
                            kept = [w for w in part.words if w not in words(match.group(0))]
                            other = Subject(f"“{other.phrase}”", tuple(dict.fromkeys(
                                kept + [w for w in words(term) if w not in STOPWORDS])))
                        if other.words:
                            found.append(Subject(other.phrase, other.words, named))
        return found

    def quoted(self, question: str) -> tuple[Subject, ...]:
        """The terms a question puts in quotation marks ("its 'people you may know' feature") and
        its proper names ("the UK Online Safety Act", ask/names.py): each asked about by its name."""
        found = (*(m.group(1).strip() for m in _QUOTED.finditer(question)),
                 *proper_names(question, self.scaffolding, self.corpus, self.heads))
        named = ((q, tuple(dict.fromkeys(w for w in words(q) if w not in STOPWORDS))) for q in found)
        # every word of a name counts, the corpus's topic and question words too ("people you may know")
        return tuple(Subject(f"“{q}”", kept, named=True) for q, kept in named
                     if kept and self._subject_of(fold(q)).words)

    def examples(self, question: str) -> tuple[Subject, ...]:
        """The examples a question gives of its subject ("giving poor families money, like cash
        transfers or savings groups"), each a reading of it (any one carried will do)."""
        found = [self._subject_of(part) for m in _EXAMPLES.finditer(fold(question))
                 for part in _CONJUNCTION.split(m.group(1))]
        return tuple(Subject(e.phrase, e.words, True) for e in found if e.words)

    def duty_first(self, question: str) -> bool:
        """Whether the question opens on a duty ("must platforms check ages?")."""
        return self.modal is not None and self.modal.search(fold(question)) is not None

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
        for pattern, name in self.whole:  # "kids with special needs": "needs" frames questions elsewhere
            text = pattern.sub(name, text)
        cues = [_END.split(text[m.end():])[0] for m in reversed(list(self.cue.finditer(text)))]
        said = [m.group(1) for m in self.passive.finditer(text)] if self.passive else []  # "is X covered?"
        duty = [_END.split(m.group(1))[0] for m in self.duty.finditer(text)] if self.duty else []
        harms = [_END.split(m.group(1))[0] for m in self.guard.finditer(text)] if self.guard else []
        modal = [_END.split(next(g for g in m.groups() if g))[0]
                 for m in self.modal.finditer(text)] if self.modal else []
        candidates = said + cues + duty + harms + modal  # "does it say platforms should switch off X?"
        topic = _TOPIC.match(text)
        named = self._subject_of(topic.group(1)).phrase if topic else ""
        if topic and named and _POINTER.search(text[topic.end():]):  # "them" is the topic it opened on
            candidates = [_POINTER.sub(named, c) if c not in topic.group(1) else c
                          for c in candidates] or [named]  # "loot boxes: any pledge to regulate them?"
        candidates.append(text)
        for i, candidate in enumerate(candidates):
            subject = self._subject_of(candidate)
            if candidate in modal and not subject.concept:  # "should companies let ... help design X"
                continue  # a duty's whole predicate is a description: read as the whole question
            if subject.words:
                return Subject(_as_written(subject.phrase, question), subject.words,
                               named=i < len(candidates) - 1)
        return Subject("", ())

    def exampled(self, question: str) -> tuple[Subject, ...]:
        return tuple(r for e in self.examples(question) for r in self.readings(e))

    def _subject_of(self, text: str) -> Subject:
        """The content words of ``text`` without the corpus's topic, and the phrase as written
        from the first content word to the last (the topic's words inside it kept)."""
        found = list(re.finditer(r"\S+", text))
        tokens = [m.group(0).strip("'\"“”‘’,:()?") for m in found]
        spans = [m.span() for m in self.domain.finditer(text) if " " in m.group(0)]  # "civil society"
        bare = [" " if any(a <= m.start() and m.end() <= b for a, b in spans) else self.domain.sub(" ", t)
                for m, t in zip(found, tokens, strict=True)]
        keep = [i for i, t in enumerate(bare) if t.strip() and self._content(t)]
        if not keep:
            return Subject("", ())
        content = tuple(dict.fromkeys(w for i in keep for w in words(bare[i]) if self._content(w)))
        phrase = " ".join(t for t in tokens[keep[0]:keep[-1] + 1] if t)
        whole = len(content) == len(words(phrase))
        return Subject(self.domain.sub(" ", phrase).strip() if whole else phrase, content)

    def _content(self, token: str) -> bool:
        return any(w not in STOPWORDS and w not in self.scaffolding and not w.isdigit()
                   and not _mistyped(w, self.light) for w in words(token))

    def carried(self, question: str, clauses: Sequence[Clause],
                correct: Callable[[str], str | None]) -> list[Clause]:
        """The Call to Action's own clauses that carry a concept the question names, if it names one."""
        subject = self.subject(question)
        if not subject.named or self.unsettled_kind(question):
            return []  # each concept it names ("poorer countries ... and their lack of resources")
        readings = [r for r in self.readings(subject) + self.exampled(question) if r.concept] + [  # or a name
            r for q in self.quoted(question) for r in self.readings(q) if r.name]
        return [c for c in clauses if not c.is_framework and c.kind != "document"
                and carries(readings, clause_stems(c), correct)]


@functools.lru_cache(maxsize=4096)
def _mistyped(word: str, light: frozenset[str]) -> bool:
    """A frame or topic word mistyped ("goverments", "compnaies"): no English word, one edit away."""
    return len(word) >= _MISTYPED and not is_english(word) and any(
        abs(len(w) - len(word)) <= 1 and edit_distance(word, w) <= 1 for w in light)


def _alternation(terms: Sequence[object]) -> str:
    """A regular expression matching any of ``terms`` (folded; spaces stand for any)."""
    return "|".join(r"\s+".join(map(re.escape, fold(str(t)).split())) for t in terms)


def _as_written(phrase: str, question: str) -> str:
    """The phrase in the question's own letter case ("VPNs"), where it can be found."""
    at = fold(question).find(phrase)
    return question[at:at + len(phrase)] if at >= 0 and len(fold(question)) == len(question) else phrase
