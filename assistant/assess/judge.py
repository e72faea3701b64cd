"""One pledge against a document's sentences: covered, partial or missing, with its evidence.

A sentence is evidence when it carries the pledge's concepts (``assess.toml``) and is near it
in meaning (the index's vector of the pledge), or is very near in meaning alone. When nothing
else is, a sentence with the pledge's core concept alone is evidence of part of it if, read as
a question (the query adapter), this pledge is the one it asks about (``picked_similarity``).
It commits to all of the pledge when it carries every concept and no tentative cue; to part of
it otherwise. A sentence that refuses or postpones what it names (with the pledge's core
concept in its own words, ``owned``) makes the pledge missing (partial beside evidence of a part
it does not name), unless it fits another pledge better and its section commits to this one.
A sentence naming another subject (copyright, broadband) without the pledge's domain is never
evidence: the words are there, the concept is not. A sentence that carries the concepts of
several pledges is evidence (or a refusal) for the one it fits best in meaning, and for the
others only when they are close (``neighbour_margin``) or it carries all of theirs: reporting
to the Alliance every two years is not a contribution to its threat assessment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import Unit
from assistant.assess.vocabulary import AssessVocabulary, Concepts
from assistant.embed.protocol import Vectors
from assistant.text.normalise import fold

COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
STATUSES = (COVERED, PARTIAL, MISSING)
QUOTE_CHARS = 160
_ANAPHORA = re.compile(r"^(?:[\d.]+\s+)?(?:it|this|these|that|they|those|such)\b|\bsuch (?:services|measures|"
                       r"programmes?|plans?|steps|work|a step)\b|\bany decision\b|"
                       r"\bth(?:is|at|ese) (?:questions?|matters?|issues?|proposals?|steps?)\b")
FOLLOW_LINES = 2  # a limit: a refusal this many lines after a sentence may refuse what it names


@dataclass(frozen=True)
class Reading:
    """What the vocabulary says of one sentence, whatever the pledge."""

    unit: Unit
    sentence: str  # the sentence alone, folded
    tentative: str  # the tentative cue it carries, or ""
    refusal: str  # the refusal cue it carries, or ""
    elsewhere: str  # the other subject it names without the domain, or ""
    gap: bool = False  # it says what is missing today, without committing to change it
    domain: bool = True  # it may be evidence: it, its section or its document is about the domain


def read_units(units: Sequence[Unit], vocabulary: AssessVocabulary, title: str = "",
               domain_sections: float = 0.0) -> list[Reading]:
    """Each sentence's reading. In a document mostly about other things (its title names no
    child, abuse or safety word, and fewer than ``domain_sections`` of its sections do: a
    digital economy strategy with one child-protection chapter), a sentence is evidence only
    when it or its section names the domain; in a child-safety document, any sentence may be."""
    readings = []
    sections: dict[str, bool] = {}
    units = [replace(unit, folded=vocabulary.rewrite(unit.folded)) for unit in units]
    for unit in units:
        sections[unit.heading] = sections.get(unit.heading, False) or vocabulary.about_domain(unit.folded)
    about = (vocabulary.about_domain(fold(title))
             or sum(sections.values()) >= domain_sections * max(1, len(sections)))
    for unit in units:
        sentence = vocabulary.rewrite(fold(unit.text))
        tentative = vocabulary.tentative_in(sentence)
        refusal = vocabulary.refusal_in(sentence)
        other = vocabulary.elsewhere_in(sentence)
        readings.append(Reading(unit, sentence, tentative,
                                refusal,
                                other if other and not vocabulary.about_domain(sentence) else "",
                                not tentative and vocabulary.describes_a_gap(sentence),
                                about or sections[unit.heading]))
    return readings


@dataclass(frozen=True)
class Evidence:
    line: int
    text: str
    heading: str
    full: bool  # commits to all of the pledge

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "heading": self.heading}


@dataclass(frozen=True)
class Judgement:
    status: str
    score: float
    reason: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class _Candidate:
    reading: Reading
    similarity: float
    groups: int  # how many of the pledge's concept groups it carries
    full: bool
    rivalled: bool = False  # (a refusal) it fits another pledge it carries the concepts of better


def rivals(readings: Sequence[Reading], similarity: Vectors, concepts: Sequence[Concepts]) -> Vectors:
    """For each sentence and pledge, the best similarity of the sentence to another pledge whose
    concepts it carries (its core and a further part); -1 when there is none. ``similarity``
    is sentences x pledges, ``concepts`` each pledge's, in the same order."""
    carried = np.zeros(similarity.shape, dtype=bool)
    for i, reading in enumerate(readings):
        if similarity[i].max() <= -1.0:  # never embedded: no pledge's concepts to speak of
            continue
        for j, pledge in enumerate(concepts):
            core, _ = pledge.found(reading.sentence)
            carried[i, j] = core and pledge.found(reading.unit.folded)[1] >= min(2, len(pledge.groups))
    masked = np.where(carried, similarity, -1.0)
    best = np.full(similarity.shape, -1.0, dtype=np.float32)
    for j in range(similarity.shape[1]):
        others = np.delete(masked, j, axis=1)
        if others.shape[1]:
            best[:, j] = others.max(axis=1)
    return best


def owned(readings: Sequence[Reading], concepts: Sequence[Concepts]) -> Vectors:
    """Whether each sentence names each pledge's core in its own words, not only inside a longer core
    phrase of another pledge it names: "the Council of Europe Convention on the Protection of
    Children" names the Lanzarote pledge's core, not "council" nor "children"."""
    result = np.zeros((len(readings), len(concepts)), dtype=bool)
    for i, reading in enumerate(readings):
        spans = [_spans(pledge.groups[0], reading.sentence) for pledge in concepts]
        outer = [(a, b) for found, pledge in zip(spans, concepts, strict=True)
                 if pledge.found(reading.sentence)[0] for a, b in found]
        for j, found in enumerate(spans):
            result[i, j] = any(all(not a <= s < e <= b or b - a <= e - s for a, b in outer) for s, e in found)
    return result


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Every match of ``pattern`` in ``text``, overlapping ones too (a match at each start)."""
    found, start = [], 0
    while (match := pattern.search(text, start)) is not None:
        found.append(match.span())
        start = match.start() + 1
    return found


def judge(readings: Sequence[Reading], similarities: Sequence[float], concepts: Concepts,
          terms: Sequence[Sequence[str]], calibration: AssessCalibration,
          rival: Sequence[float] | None = None, picked: Sequence[float] | None = None,
          own: Sequence[bool] | None = None) -> Judgement:
    """The status of one pledge, from every sentence's reading and similarity to it, the best
    similarity of each sentence to another pledge it carries the concepts of (``rivals``), and
    each sentence's similarity read as a question where this pledge is its nearest (else -1):
    the last makes a sentence with the core alone evidence of part of it when nothing else is."""
    c = calibration
    rival = rival if rival is not None else [-1.0] * len(readings)
    picked = picked if picked is not None else [-1.0] * len(readings)
    own = own if own is not None else [True] * len(readings)
    total = len(concepts.groups)
    candidates: list[_Candidate] = []
    meant: list[_Candidate] = []  # a sentence with the core, this pledge its nearest as a question
    refusals: list[_Candidate] = []
    elsewhere: Reading | None = None
    previous: Reading | None = None
    before = (-1.0, -1.0)  # the previous sentence's similarity to this pledge, and to its best rival
    named = True  # the previous sentence names this pledge's core in its own words (``owned``)
    for reading, similarity, other, asked, mine in zip(readings, similarities, rival, picked, own,
                                                       strict=True):
        core, _ = concepts.found(reading.sentence)
        _, groups = concepts.found(reading.unit.folded)
        groups = groups if core else 0
        if core and asked >= c.picked_similarity:
            meant.append(_Candidate(reading, asked, groups, False))
        if (reading.refusal and not core and _follows(previous, reading)
                and before[1] <= before[0]):  # what it names fits another pledge better: not this one
            # "It has been deferred": a refusal of what the sentence before it names
            core, groups = concepts.found(f"{previous.sentence} {reading.unit.folded}")  # type: ignore[union-attr]
            groups, mine = (groups if core else 0), mine or named
        previous, before, named = reading, (similarity, other), mine
        if (other - similarity > c.refusal_margin if reading.refusal
                else groups < concepts.whole and other - similarity > c.neighbour_margin):
            continue  # it serves another pledge better (a refusal: refuses the pledges it fits best)
        if reading.elsewhere:  # the pledge's words, about another subject: remembered for the reason
            if elsewhere is None and concepts.found(reading.sentence)[1]:
                elsewhere = reading
            continue
        if reading.gap and not reading.refusal:  # "there is no specialist service": context, not evidence
            continue
        if reading.refusal:  # a refusing sentence is never evidence of a commitment
            if ((core and mine and (groups >= min(2, total) or similarity >= c.refusal_similarity))
                    or similarity >= c.meaning_similarity):
                refusals.append(_Candidate(reading, similarity, groups, False, other > similarity))
            continue
        if not reading.domain:  # in a document about other things, a section about other things
            continue
        full = core and groups == total and similarity >= c.full_similarity
        part = ((core and similarity >= (c.full_similarity if groups >= 2 else c.part_similarity))
                or similarity >= c.meaning_similarity)
        if full or part:
            candidates.append(_Candidate(reading, similarity, groups, full and not reading.tentative))
    if _beside(refusals, candidates):
        refusals = []  # "we will submit data to each Global Threat Assessment; we will not report separately"
    if refusals:
        best = max(refusals, key=lambda r: r.similarity)
        refused = f"efused or postponed at line {best.reading.unit.line}: {_quote(best.reading.unit.text)}"
        rest = _rest(refusals, candidates, concepts)
        if rest is None:
            return Judgement(MISSING, 0.0, "R" + refused, ())
        unit = rest.reading.unit
        return Judgement(PARTIAL, round(0.4 * max(0.0, rest.similarity), 4),
                         f"Touches another part of it at line {unit.line}: {_quote(unit.text)} The part it "
                         f"names is r{refused}", (Evidence(unit.line, unit.text, unit.heading, False),))
    fallback = not candidates and elsewhere is None and bool(meant)
    candidates = meant if fallback else candidates
    if not candidates:
        if elsewhere is not None:
            return Judgement(MISSING, 0.0, f"Not addressed: line {elsewhere.unit.line} uses its words "
                             f"about {elsewhere.elsewhere}, another subject.", ())
        return Judgement(MISSING, 0.0, "The document does not address it.", ())
    ranked = sorted(candidates, key=lambda k: (-k.full, -k.groups, -k.similarity, k.reading.unit.line))
    together = [] if fallback else _together(ranked, concepts, total)
    if together:  # commitments to its parts in different sentences add up to all of it
        ranked = together + [k for k in ranked if k not in together]
    best = ranked[0]
    score = round(min(1.0, 0.5 * best.groups / total + 0.5 * max(0.0, best.similarity)), 4)
    shown = [best] + [k for k in ranked[1:] if k.groups == total or k.similarity >= best.similarity]
    evidence = tuple(Evidence(k.reading.unit.line, k.reading.unit.text, k.reading.unit.heading, k.full)
                     for k in shown[:c.evidence])
    unit = best.reading.unit
    where = f"line {unit.line}" + (f" ({unit.heading})" if unit.heading else "")
    if best.full or together:
        return Judgement(COVERED, score, f"Committed at {where}: {_quote(unit.text)}", evidence)
    if best.reading.tentative:
        reason = f"Only tentative ('{best.reading.tentative}') at {where}: {_quote(unit.text)}"
    elif best.groups:
        lacking = concepts.first_missing(unit.folded, terms)
        reason = (f"Commits to part of it at {where}, with nothing on {lacking}: {_quote(unit.text)}"
                  if lacking else f"Touches it at {where} without committing: {_quote(unit.text)}")
    else:
        reason = f"Near it in meaning at {where}, without its key terms: {_quote(unit.text)}"
    return Judgement(PARTIAL, round(score * 0.8, 4), reason, evidence)


def _follows(previous: Reading | None, reading: Reading) -> bool:
    """Whether ``reading`` comes right after ``previous`` in the same section (a refusal there
    may refuse what ``previous`` names: "A prevention programme was planned. It has been deferred.")."""
    return (previous is not None and previous.unit.heading == reading.unit.heading
            and 0 <= reading.unit.line - previous.unit.line <= FOLLOW_LINES
            and bool(_ANAPHORA.search(reading.sentence)))


def _beside(refusals: list[_Candidate], candidates: list[_Candidate]) -> bool:
    """Whether every refusal fits another pledge better (``rival``) and a sentence of its section
    is evidence of this one: the refusal declines the neighbour's part (separate progress reports,
    beside a commitment to the threat assessments), not this pledge."""
    return bool(refusals and candidates and all(r.rivalled for r in refusals) and any(
        k.reading.unit.heading == r.reading.unit.heading for k in candidates for r in refusals))


def _rest(refusals: list[_Candidate], candidates: list[_Candidate], concepts: Concepts) -> _Candidate | None:
    """A sentence that is evidence of a part of the pledge the refusals do not name ("a survivors'
    group has been deferred" beside "a youth panel will comment on every code", even tentatively),
    neither the sentence a refusal points back to nor one carrying only the refused parts; None if
    none is: the pledge is partial, not missing (GUIDE: part refused, part touched)."""
    before = [k for k in candidates  # what a refusal may point back to ("They have been postponed")
              if any(0 <= r.reading.unit.line - k.reading.unit.line <= FOLLOW_LINES
                     and _ANAPHORA.search(r.reading.sentence) for r in refusals)]
    denied = [any(h) for h in zip(*(concepts.hits(r.reading.sentence) for r in [*refusals, *before]),
                                  strict=True)]
    rest = [k for k in candidates if k.groups >= min(2, len(denied))
            and any(h and not d for h, d in zip(concepts.hits(k.reading.sentence), denied, strict=True))
            and k not in before]
    return max(rest, key=lambda k: (k.groups, k.similarity), default=None)


def _together(ranked: list[_Candidate], concepts: Concepts, total: int) -> list[_Candidate]:
    """Committing sentences (the core, no tentative cue, none alone carrying all) whose parts,
    taken together, are all of the pledge; [] when no such sentences exist."""
    if ranked[0].full or total < 2:
        return []
    chosen: list[_Candidate] = []
    covered = [False] * total
    for candidate in ranked:
        if candidate.reading.tentative or candidate.groups < 2:
            continue
        hits = concepts.hits(candidate.reading.unit.folded)
        if any(h and not c for h, c in zip(hits, covered, strict=True)):
            chosen.append(candidate)
            covered = [h or c for h, c in zip(hits, covered, strict=True)]
    return chosen if all(covered) else []


def _quote(text: str) -> str:
    short = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 3].rstrip() + "..."
    return f"“{short.rstrip('.')}”."
