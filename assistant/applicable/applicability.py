"""Which pledges apply to an organisation: its sector's sub-clauses ranked for its profile.

Each sub-clause of the profile's sector, and each overarching commitment (they
apply to every member), is scored by three deterministic signals: the
profile's activities (corpus/behaviour/profiles.toml), dense similarity of profile
and clause, and term overlap after synonym expansion, fused linearly
(``search/fusion.py``) with ``ApplicabilityCalibration``'s weights, set by
``python -m eval.quality.applicability``. Each pledge carries a reason that names
the profile's words and the clause's cross-walk links.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from assistant.applicable.calibration import ApplicabilityCalibration
from assistant.applicable.profile import ActivityMatch, ProfileClassifier, ProfileVocabulary, aligned
from assistant.applicable.reasons import sector_reason
from assistant.corpus.crosswalk import Crosswalk
from assistant.corpus.loader import Corpus
from assistant.domain.clauses import PROFILE_KINDS, SECTOR_NAMES, SECTORS, Clause, require_sector
from assistant.embed.protocol import Embedder, Vectors
from assistant.errors import BadInput
from assistant.search.bm25 import BM25
from assistant.search.fusion import Signal, linear
from assistant.search.query import QueryAnalyzer, Vocabulary
from assistant.text.normalise import STOPWORDS, stem, tokens, words

MAX_PROFILE_CHARS = 2000


@dataclass(frozen=True)
class Pledge:
    clause: Clause
    score: float
    reason: str
    links: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.clause.id, "label": self.clause.label, "text": self.clause.text,
                "reason": self.reason, "score": round(self.score, 4), "links": list(self.links)}


@dataclass(frozen=True)
class Assessment:
    profile: str
    sector: str
    sector_reason: str
    ambiguous: bool
    organisation: str  # how the profile names the organisation ("mobile money company")
    pledges: tuple[Pledge, ...]

    def to_json(self) -> dict[str, Any]:
        return {"sector": self.sector, "pledges": [p.to_json() for p in self.pledges],
                "sector_reason": self.sector_reason}


def check_profile(profile: str) -> str:
    if not profile or not profile.strip():
        raise BadInput("The profile is empty; describe the organisation, e.g. 'a payment provider in Kenya'.")
    if len(profile) > MAX_PROFILE_CHARS:
        raise BadInput(f"The profile is {len(profile):,} characters long; describe the organisation in "
                       f"under {MAX_PROFILE_CHARS:,} characters (a sentence or two is enough).")
    return " ".join(profile.split())


def check_sector(sector: str | None) -> str | None:
    return require_sector(sector)


class Applicability:
    def __init__(self, corpus: Corpus, vocabulary: Vocabulary, profiles: ProfileVocabulary,
                 embedder: Embedder, crosswalk: Crosswalk,
                 calibration: ApplicabilityCalibration | None = None,
                 *, clause_vectors: Callable[[Sequence[str]], Vectors]) -> None:
        self.corpus, self.vocabulary, self.embedder = corpus, vocabulary, embedder
        self.clause_vectors = clause_vectors  # the index's profile vectors by clause id
        self.crosswalk = crosswalk
        self.calibration = calibration or ApplicabilityCalibration()
        self.classifier = ProfileClassifier(profiles, self.calibration)
        self.candidates = tuple(c for c in corpus.clauses if c.kind in PROFILE_KINDS)
        self.position = {c.id: i for i, c in enumerate(self.candidates)}
        self.analyzer = QueryAnalyzer(vocabulary, {w for c in corpus.clauses for w in words(c.search_text())})
        self.documents = [tokens(self._document(c)) for c in self.candidates]
        self.bm25 = BM25(self.documents)
        self.known = {t for document in self.documents for t in document}
        frequency = Counter(t for c in self.candidates for t in set(tokens(c.text)))
        self.common = {t for t, n in frequency.items() if n > 0.25 * len(self.documents)}

    def _document(self, clause: Clause) -> str:
        return f"{clause.context}. {clause.text}. {self.crosswalk.theme(clause.id)}"

    @cached_property
    def vectors(self) -> Vectors:
        """The candidates' vectors (each pledge part under its heading), read from the index."""
        return self.clause_vectors([c.id for c in self.candidates])

    def assess(self, profile: str, sector: str | None = None) -> Assessment:
        text = check_profile(profile)
        given = check_sector(sector)
        guess = self.classifier.classify(text)
        chosen, by_activity = given or guess.sector, False
        if chosen is None:
            self._require_known_words(text)
            chosen, by_activity = self._fallback_sector(text), True
        elif given is None and guess.ambiguous and guess.head is not None and not guess.head.strong:
            evidence = self._activity_evidence(text, guess.phrase_span)
            best = max(SECTORS, key=lambda s: evidence[s])
            if evidence[chosen] == 0 < evidence[best]:  # a loose name, but "payments network"
                chosen, by_activity = best, True
        head = guess.phrase_span if chosen == guess.sector else (0, 0)
        matches = self.classifier.activities(text, chosen, head)
        scores = self._score(text, chosen, matches)
        organisation = guess.phrase if chosen == guess.sector else ""
        pledges = [
            Pledge(c, s, self._reason(text, c, chosen, organisation, matches),
                   self.crosswalk.links(c.id) + self.crosswalk.others(c.id))
            for c, s in sorted(((self.candidates[self.position[cid]], s) for cid, s in scores.items()),
                               key=lambda item: (-item[1], self.position[item[0].id]))
        ]
        ambiguous = given is None and (guess.ambiguous or guess.sector is None)
        return Assessment(text, chosen, sector_reason(guess, chosen, given is not None, by_activity),
                          ambiguous, organisation, tuple(pledges))

    def _require_known_words(self, text: str) -> None:
        """A profile that names no organisation and shares no word with any pledge says nothing."""
        if set(tokens(self.analyzer.analyse(text).expanded)) & self.known:
            return
        raise BadInput(f"The profile '{text[:60]}' does not say what the organisation is or does; "
                       "describe it, e.g. 'a payment provider in Kenya' or 'a national police "
                       "cybercrime unit', or choose a sector with --sector.")

    def _fallback_sector(self, text: str) -> str:
        """A profile naming no kind of organisation: the sector its activities fit best."""
        counts = self._activity_evidence(text)
        best = max(SECTORS, key=lambda s: (counts[s], -SECTORS.index(s)))
        if counts[best] and sorted(counts.values())[-2] < counts[best]:
            return best
        relevance = {s: max(self._score(text, s, []).values()) for s in SECTORS}
        return max(SECTORS, key=lambda s: (relevance[s], -SECTORS.index(s)))

    def _activity_evidence(self, text: str, head: tuple[int, int] | None = None) -> dict[str, int]:
        """How many activity cues of each sector the profile mentions (in its name, if ``head``)."""
        return {s: sum(len(m.cues) for m in self.classifier.activities(text, s, head or (0, 0))
                       if m.activity.sector == s and (head is None or m.in_head))
                for s in SECTORS}

    def _score(self, text: str, sector: str, matches: list[ActivityMatch]) -> dict[str, float]:
        c = self.calibration
        ids = [cl.id for cl in self.candidates if cl.sector == sector or cl.kind == "overarching"]
        rows = [self.position[i] for i in ids]
        vector = self.embedder.embed([text])[0]
        dense = (self.vectors[rows] @ vector).astype(np.float64)
        query = tokens(self.analyzer.analyse(text).expanded)
        lexical = self.bm25.scores(query)
        activity = self._activity_scores(matches)
        fused = linear(c.activity * np.array([activity.get(cid, 0.0) for cid in ids]),
                       Signal(dense, c.dense), Signal(np.array([lexical.get(r, 0.0) for r in rows]), c.terms),
                       flat=0.0)
        overarching = np.array([self.candidates[row].kind == "overarching" for row in rows])
        return dict(zip(ids, np.where(overarching, fused * c.overarching, fused).tolist()))

    def _activity_scores(self, matches: list[ActivityMatch]) -> dict[str, float]:
        c = self.calibration
        found: dict[str, list[float]] = {}
        for match in matches:
            for n, (cid, _) in enumerate(match.activity.clauses):
                value = max(c.step_floor, 1.0 - c.step * n) * (1.0 if match.in_head else c.aside)
                found.setdefault(cid, []).append(value)
        return {cid: min(1.0, max(v) + c.repeat * (len(v) - 1)) for cid, v in found.items()}

    # --- reasons -----------------------------------------------------------------

    def _reason(self, text: str, clause: Clause, sector: str, organisation: str,
                matches: list[ActivityMatch]) -> str:
        theme = self.crosswalk.theme(clause.id) or clause.label
        best = self._best_match(clause.id, matches)
        org = _with_article(organisation) if organisation else "your organisation"
        if best is not None:
            match, sentence = best
            cues = ", ".join("'" + c.strip("'’ ") + "'" for c in match.cues[:3])
            if match.in_head:
                opening = f"As {match.activity.role} ({cues}), {sentence}."
            else:
                opening = f"Because your profile mentions {cues}, {sentence}."
        else:
            terms = self.profile_terms(text, clause)
            mention = ", ".join(f"'{t}'" for t in terms)
            if clause.kind == "overarching":
                opening = f"Every Alliance member commits to {theme}, {org} included"
                opening += f"; your profile's mention of {mention} makes it concrete." if terms else "."
            elif terms:
                opening = f"Your profile's mention of {mention} connects to this pledge's focus on {theme}."
            else:
                opening = (f"This {SECTOR_NAMES[sector].lower()} pledge on {theme} applies to {org} as a "
                           f"{SECTOR_NAMES[sector].lower()} member, though your profile does not mention "
                           "it directly.")
        return opening[0].upper() + opening[1:] + self._related(clause.id)

    def _related(self, clause_id: str) -> str:
        ids = self.crosswalk.links(clause_id) + self.crosswalk.others(clause_id)
        labels = [c.label for c in (self.corpus.get(i) for i in ids) if c is not None]
        return f" Related: {'; '.join(labels)}." if labels else ""

    @staticmethod
    def _best_match(clause_id: str, matches: list[ActivityMatch]) -> tuple[ActivityMatch, str] | None:
        options = [(not m.in_head, n, m, sentence) for m in matches
                   for n, (cid, sentence) in enumerate(m.activity.clauses) if cid == clause_id]
        if not options:
            return None
        _, _, match, sentence = min(options, key=lambda o: (o[0], o[1]))
        return match, sentence

    def profile_terms(self, text: str, clause: Clause, limit: int = 3) -> list[str]:
        """The profile's own words (or phrases its synonyms expand) that this clause's text shares.

        Words naming the kind of organisation ("ministry", "app") are left out: they say
        who the organisation is, not what it does.
        """
        clause_tokens = set(tokens(f"{clause.text} {self.crosswalk.theme(clause.id)}")) - self.common
        folded, text = aligned(text)
        cues = [(h.start, h.end) for h in self.classifier.cues(text)]
        found: list[tuple[int, int]] = []
        for rule in self.vocabulary.rules:
            expansion = set(tokens(rule.expand))
            shared = expansion & clause_tokens
            if len(shared) >= 2 and len(shared) >= 0.4 * len(expansion):
                found += [m.span() for m in rule.pattern.finditer(folded)]
        for match in _WORDS.finditer(folded):
            word = match.group()
            if len(word) > 2 and word not in STOPWORDS and stem(word) in clause_tokens:
                found.append(match.span())
        terms: list[str] = []
        for start, end in sorted(found):
            term = text[start:end]
            inside_cue = any(start >= a and end <= b for a, b in cues)
            if not inside_cue and not any(term.lower() in t.lower() or t.lower() in term.lower()
                                          for t in terms):
                terms.append(term)
        return terms[:limit]


def _with_article(phrase: str) -> str:
    first = phrase.split()[0]
    if " of " in phrase and first[:1].isupper():
        return f"the {phrase}"
    lower = first.lower()
    vowel_sound = lower[:1] in "aeio" or (lower[:1] == "u" and not lower.startswith(("uni", "use", "usu")))
    acronym = first.isupper() and len(first) <= 5 and lower[:1] in "aefhilmnorsx"
    return f"{'an' if vowel_sound or acronym else 'a'} {phrase}"


_WORDS = re.compile(r"[a-z0-9]+")


def describe(assessment: Assessment) -> str:
    """The human-readable ranked list."""
    lines = [f"Sector: {SECTOR_NAMES[assessment.sector]}. {assessment.sector_reason}", ""]
    for n, pledge in enumerate(assessment.pledges, 1):
        lines.append(f"{n}. {pledge.clause.label} [{pledge.clause.id}]  score {pledge.score:.3f}")
        lines.append(f"   {pledge.clause.text}")
        lines.append(f"   Why: {pledge.reason}")
    return "\n".join(lines)
