"""Meaning-level support: the parts of a draft's claim that its cited clause does not carry.

A draft sentence is decomposed against the clause it cites, each part with its own verdict,
by exact checks over words (never by similarity): who acts (``wrong_actor``), how strong the
duty is (``stronger_duty``: "must" where the clause says "aim to"), how wide (``wider_scope``:
"all", "only", "no alternative"), what specifics it adds (``adds_specific``: numbers,
deadlines, frequencies, technologies, named bodies, a framework entry's name or domain) and
its direction (``contradiction``, ``frequency``: the contradiction finder's conflicts).
Each problem quotes the draft's words and the clause's (or "" when the clause names none).
The vocabulary is corpus/behaviour/claims.toml (check/claim_terms.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.check.claim_terms import ClaimTerms
from assistant.check.claim_words import Background, Words, grown_objects, named, object_words, own_verbs
from assistant.check.contradiction import Analysis, Conflict, ContradictionFinder
from assistant.check.contradiction_cues import PhraseSet
from assistant.check.names import unknown_names
from assistant.check.scope_words import wider
from assistant.domain.clauses import Clause
from assistant.domain.sectors import SECTOR_ACTORS
from assistant.text.normalise import STOPWORDS, fold, stem

PROBLEM_KINDS = ("stronger_duty", "wider_scope", "adds_specific", "contradiction", "wrong_actor",
                 "frequency")
# HTML tags, and a script or style element's content, pasted into a draft (bounded: linear time)
_MARKUP = re.compile(r"<(script|style)\b[^<>]{0,200}>[^<]{0,2000}</\1\s*>|<[^<>]{0,200}>", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}s?\b")
_BOUNDS = frozenset({"under", "over", "within", "abov", "below", "least", "than", "up", "by"})
_MODALS = frozenset({"will", "would", "should", "can", "could", "may", "might", "must", "shall"})
_SHOWN = {"negation": "contradiction", "opposite": "contradiction", "number": "contradiction",
          "frequency": "frequency", "actor": "wrong_actor"}


@dataclass(frozen=True)
class Problem:
    kind: str  # one of PROBLEM_KINDS
    draft: str  # the draft's words that claim more, or differ
    clause: str  # the clause's words they differ from; "" when the clause names nothing

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "draft": self.draft, "clause": self.clause}


class ClaimJudge:
    def __init__(self, terms: ClaimTerms, finder: ContradictionFinder, clauses: Sequence[Clause]) -> None:
        self.terms, self.finder = terms, finder
        self.backgrounds = [self._background(c) for c in clauses]
        self.known = frozenset(w for b in self.backgrounds for w in b.stems) | STOPWORDS  # corpus words
        # the names and domains of framework entries, by framework (the label before its number)
        self.titles: dict[str, list[tuple[str, PhraseSet, str]]] = {}  # framework -> title, id
        domains: set[str] = set()
        for clause, background in zip(clauses, self.backgrounds):
            if background.title and len(background.title.split()) > 1:
                self.titles.setdefault(_framework(clause), []).append(
                    (background.title, PhraseSet([background.title]), clause.id))
            if background.domain:
                domains.add(background.domain)
        self.domains = [(d, PhraseSet([f"{d} {terms.domain_word}"])) for d in sorted(domains)]

    def _background(self, clause: Clause) -> Background:
        words = Words(clause.text)
        whole = Words(" . ".join((clause.label, clause.context, clause.text)))
        title = domain = ""
        if clause.is_framework and "(" in clause.label:
            title = clause.label[clause.label.index("(") + 1:].rstrip(")").strip()
            context = clause.context.removesuffix(" domain")
            if context != clause.context and title in context:
                domain = context[context.index(title) + len(title):].strip()
        return Background(words, frozenset(whole.stems), f" {' '.join(whole.stems)} ",
                          title, domain, self.finder.analyse(whole.text).periods, _numbered(clause.label))

    def named(self, stems: Sequence[str], background: Background) -> bool:
        return named(stems, background)

    # -- the judgement -------------------------------------------------------------

    def problems(self, draft: str, analysis: Analysis, index: int, clause: Clause,
                 clause_analysis: Analysis, conflicts: Sequence[Conflict]) -> tuple[Problem, ...]:
        """Every part of ``draft`` (one claim, its references taken out) that the clause at
        ``index`` does not carry; ``conflicts`` are the contradiction finder's for this pair."""
        words, background = Words(_MARKUP.sub(" ", draft)), self.backgrounds[index]  # markup claims nothing
        found = [self._conflict(c, words, analysis, clause, clause_analysis) for c in conflicts]
        found += self._duty(words, background, clause)
        found += self._scope(words, background, clause.sector is None and clause.kind == "overarching")
        found += self._specifics(words, analysis, background, clause_analysis, conflicts)
        found += self._framework(words, clause, background)
        found += self._weakened(words, background)
        if not any(p.kind == "wrong_actor" for p in found):
            found += self._roles(words, background, clause)
        unique: dict[tuple[str, str], Problem] = {}
        for problem in found:
            unique.setdefault((problem.kind, problem.draft.lower()), problem)
        return tuple(unique.values())

    def _duty(self, words: Words, background: Background, clause: Clause) -> list[Problem]:
        terms, negations = self.terms, {e for _, e in words.find(self.finder.cues.negations)}
        strong = [(s, e) for s, e in words.find(terms.strong) if not {s, s - 1} & negations]
        hedges = [s for s in background.words.find(terms.hedged) if s[0] < terms.head]
        if strong and hedges and not words.find(terms.hedged):
            (s, e), (hs, he) = strong[0], hedges[0]
            return [Problem("stronger_duty", words.quote(s, e + 1), background.words.quote(hs, he + 1))]
        if clause.is_framework:
            return []  # a framework entry describes a capability; it makes no pledge to compare with
        mandates = bool(background.words.find(terms.mandate))  # "mandating take-down procedures"
        for s, e in words.find(terms.legal):  # "legally required": no pledge is a legal duty
            carried = self.named(words.stems[s:e], background) or (
                mandates and any(a < e and s < b for a, b in words.find(terms.mandate)))
            if not {s, s - 1} & negations and not carried:
                return [Problem("stronger_duty", words.quote(s, e), "")]
        return []

    def _scope(self, words: Words, background: Background, shared: bool = False) -> list[Problem]:
        actors = [s for p in (*self.finder.cues.actors.values(), self.finder.cues.shared)
                  for s, _ in words.find(p)]
        return [Problem("wider_scope", draft, clause)
                for draft, clause in wider(words, background, self.terms, actors, shared)]

    def _specifics(self, words: Words, analysis: Analysis, background: Background,
                   clause: Analysis, conflicts: Sequence[Conflict]) -> list[Problem]:
        terms, out = self.terms, []
        taken: set[int] = set()
        for i, w in enumerate(words.stems):  # deadlines: "within 24 hours", "within a week"
            if w == "within" and any(u in terms.deadline_units for u in words.stems[i + 1:i + 4]):
                end = next(j for j in range(i + 1, i + 4) if words.stems[j] in terms.deadline_units) + 1
                if not self.named(words.stems[i + 1:end], background):
                    out.append(Problem("adds_specific", words.quote(i, end), ""))
                    taken.update(range(i, end))
        for s, e in words.find(terms.deadline_words):
            if not taken.intersection(range(s, e)) and not self.named(words.stems[s:e], background):
                out.append(Problem("adds_specific", words.quote(s, e), ""))
        cues = {c.cue for c in conflicts}
        stated = {v for values in clause.numbers.values() for v in values}
        for kind, values in analysis.numbers.items():
            if kind == "ordinal" or (kind in clause.numbers and "number" in cues):
                continue
            for i, w in enumerate(words.stems):
                after = words.stems[i + 1] if i + 1 < len(words.stems) else ""
                number = _value(w) or float(self.finder.cues.cardinals.get(w, 0))
                value = number * self.finder.cues.scales.get(after, 1)
                if i not in taken and value in values - stated and (
                        words.stems[i - 1] if i else "", value) not in background.numbers:  # "capability 16"
                    first = i - 1 if i and words.stems[i - 1] in _BOUNDS else i
                    quoted = words.quote(first, i + (kind == "quantity") + 1)
                    out.append(Problem("adds_specific", quoted + "%" * (kind == "percent"), ""))
                    taken.update(range(first, i + 2))
        if analysis.periods and not clause.periods and not background.periods:
            for _, phrases in self.finder.cues.frequencies:
                raw = [fold(words.text[a:b]) for a, b in words.spans]
                out += [Problem("adds_specific", words.quote(s, e), "") for s, e in phrases.spans(raw)]
        negated = {i for _, n in words.find(self.finder.cues.negations)
                   for i in range(n, n + self.finder.cues.window)}  # "not required to verify ages"
        for phrases in (terms.technologies, terms.measures, terms.bodies):
            for s, e in words.find(phrases):
                if (not taken.intersection(range(s, e)) and s not in negated
                        and not self.named(words.stems[s:e], background)):
                    out.append(Problem("adds_specific", words.quote(s, e), ""))
                    taken.update(range(s, e))
        letters = [c for c in words.text if c.isalpha()]
        if sum(c.isupper() for c in letters) * 2 < len(letters):  # not a sentence in capitals
            out += [Problem("adds_specific", name, "") for name in unknown_names(
                words.text, self.terms, self.known, background.stems)
                    if not any(p.draft.lower() in name.lower() for p in out)]
            for match in _ACRONYM.finditer(words.text):
                name = match.group(0).lower()
                if (name not in terms.common_acronyms and name.rstrip("s") not in terms.common_acronyms
                        and stem(name) not in self.known and name not in self.known
                        and not any(p.draft.lower() == name for p in out)):
                    out.append(Problem("adds_specific", match.group(0), ""))
        return out

    def _weakened(self, words: Words, background: Background) -> list[Problem]:
        """A weakening word on the clause's own verb ("reduce their investment" of a clause that
        says "Invest in ..."): the opposite direction."""
        own = own_verbs(background.words)
        negated = {e for _, e in words.find(self.finder.cues.negations)}
        grown = grown_objects(background.words, own, self.terms.fighting, STOPWORDS | self.finder.common)
        for s, e in words.find(self.terms.weakening):
            if {s, s - 1} & negated or self.named(words.stems[s:e], background):
                continue
            for i in range(e, min(e + 3, len(words.stems))):
                if words.stems[i] in own:
                    at = own[words.stems[i]]
                    theirs_quoted = background.words.quote(at, at + 1)
                    return [Problem("contradiction", words.quote(s, i + 1), theirs_quoted)]
            # or on what the clause's own verb grows ("shrink Trust and Safety teams" of a clause
            # that says "Strengthen Trust and Safety teams"), unless that verb fights a harm
            deficit = min((a for a, _ in words.find(self.terms.deficits) if a >= e), default=len(words.stems))
            for i in object_words(words.stems, e, STOPWORDS | self.finder.common):
                at = grown.get(words.stems[i], -1) if i < deficit else -1  # not "reduce the gaps in X"
                if at >= 0:
                    theirs = background.words.quote(at, at + 1)
                    return [Problem("contradiction", words.quote(s, i + 1), theirs)]
        return []

    def _roles(self, words: Words, background: Background, clause: Clause) -> list[Problem]:
        """Another sector named as the subject of the pledge's own verb ("have the technology
        industry educate survivors" of a civil society clause "to educate the technology industry")."""
        if clause.sector not in SECTOR_ACTORS or clause.is_framework:
            return []
        own = own_verbs(background.words)
        for sector, phrases in self.finder.cues.actors.items():
            for s, e in words.find(phrases) if sector != clause.sector else []:
                at = e + (e < len(words.stems) and words.stems[e] in _MODALS)
                if at < len(words.stems) and words.stems[at] in own:
                    return [Problem("wrong_actor", words.quote(s, at + 1), SECTOR_ACTORS[clause.sector])]
        return []

    def _framework(self, words: Words, clause: Clause, background: Background) -> list[Problem]:
        """A framework entry cited for another entry's name ("child helpline" citing the CSEA
        Hotline) or another domain ("Victim domain" citing a Societal capability)."""
        if not background.title:
            return []
        out = []
        for title, phrase, other in self.titles.get(_framework(clause), []):
            spans = words.find(phrase)
            if other != clause.id and spans and not self.named(Words(title).stems, background):
                out.append(Problem("adds_specific", words.quote(*spans[0]), background.title))
        for domain, phrase in self.domains:
            spans = words.find(phrase) if domain != background.domain else []
            if spans:
                out.append(Problem("adds_specific", words.quote(*spans[0]),
                                   f"{background.domain} domain" if background.domain else ""))
        return out

    def _conflict(self, conflict: Conflict, words: Words, analysis: Analysis, clause: Clause,
                  clause_analysis: Analysis) -> Problem:
        """A contradiction cue as a problem, with the words of each side."""
        kind, cues, theirs = _SHOWN.get(conflict.cue, "contradiction"), self.finder.cues, Words(clause.text)
        if conflict.cue == "actor":
            spans = [s for p in cues.actors.values() for s in words.find(p)]
            return Problem(kind, words.quote(*spans[0]) if spans else "",
                           SECTOR_ACTORS.get(clause.sector or "", ""))
        if conflict.cue == "frequency":
            return Problem(kind, _frequency(words, cues.frequencies), _frequency(theirs, cues.frequencies))
        if conflict.cue == "opposite":
            for pair in cues.opposites:
                if pair.name in conflict.detail:
                    mine = words.find(pair.a) or words.find(pair.b)
                    other = theirs.find(pair.b if words.find(pair.a) else pair.a) or theirs.find(pair.a)
                    return Problem(kind, words.quote(*mine[0]) if mine else "",
                                   theirs.quote(*other[0]) if other else "")
        if conflict.cue == "negation":
            named_word = re.search(r"negates '([^']+)'", conflict.detail)
            denied = [stem(fold(named_word.group(1)))] if named_word else sorted(
                analysis.negated & clause_analysis.stems)
            for i, w in enumerate(words.stems):
                if denied and w == denied[0]:
                    negations = [s for p in (cues.negations, cues.stances, cues.hinders)
                                 for s, _ in words.find(p) if s < i]
                    negations.sort()
                    there = theirs.stems.index(w) if w in theirs.stems else -1
                    return Problem(kind, words.quote(negations[-1] if negations else i, i + 1),
                                   theirs.quote(there, there + 1) if there >= 0 else "")
        said = re.match(r"the draft says (.+?); the clause (?:says )?(.+)$", conflict.detail)
        return Problem(kind, *(said.groups() if said else (conflict.detail, "")))


def _framework(clause: Clause) -> str:
    return clause.label.split("(")[0].rstrip(" 0123456789")


def _frequency(words: Words, frequencies: Sequence[tuple[float, PhraseSet]]) -> str:
    raw = [fold(words.text[a:b]) for a, b in words.spans]
    for _, phrases in frequencies:
        for s, e in phrases.spans(raw):
            return words.quote(s, e)
    match = re.search(r"\bevery\s+\w+\s+(?:year|month|week)s?\b", words.text, re.IGNORECASE)
    return match.group(0) if match else ""


def _numbered(label: str) -> frozenset[tuple[str, float]]:
    """A label's numbers, each with the word before it ("MNR capability 16": ("capabl", 16))."""
    stems = Words(label).stems
    return frozenset((stems[i - 1] if i else "", v) for i, w in enumerate(stems)
                     if (v := _value(w)) is not None)


def _value(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None
