"""The citation checker: does the clause each sentence of a draft cites support it?

For every sentence and every reference in it, the cited clause is scored against
the sentence by semantic similarity (the embedder) and overlap of key terms, and
tested for contradiction cues (check/contradiction.py). A citation is
supported when its clause scores well, no other clause clearly does better, and
nothing contradicts it, by ``CheckCalibration``'s numbers (check/calibration.py); and
before any similarity, only when the clause carries every part of its claim (check/claims.py:
actor, duty, scope, specifics, direction), else its problems are listed.
Otherwise the clause that does support the sentence, by the same judgement, is suggested.
Pledge-like sentences without a reference are listed as uncited, with a suggestion.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence

import numpy as np

from assistant.check.calibration import CheckCalibration
from assistant.check.claim_terms import ClaimTerms
from assistant.check.claims import ClaimJudge, Problem
from assistant.check.contradiction import Analysis, Conflict, ContradictionFinder
from assistant.check.contradiction_cues import ContradictionCues
from assistant.check.parts import (
    CheckLimits,
    Unit,
    claim_text,
    dedupe,
    embed_batched,
    first_per_clause,
    unit_of,
    usable_references,
)
from assistant.check.report import CheckReport, CitationResult, UncitedSentence
from assistant.config import Settings
from assistant.corpus.loader import Corpus
from assistant.domain.references import Reference, find_references
from assistant.embed.protocol import Embedder
from assistant.errors import BadInput
from assistant.search.query import Vocabulary
from assistant.text.normalise import fold, require_words, tokens
from assistant.text.sentences import Sentence, split_sentences

MAX_CHARS = 10_000_000
_Verdict = tuple[str, float, int | None, tuple[Conflict, ...], tuple[Problem, ...]]  # status, score,
# suggestion, conflicts, problems

ClauseVectors = Callable[[Sequence[str]], np.ndarray]  # clause ids -> their texts' vectors, rows in order


class Checker:
    def __init__(self, corpus: Corpus, embedder: Embedder, cues: ContradictionCues,
                 vocabulary: Vocabulary | None = None, calibration: CheckCalibration | None = None,
                 limits: CheckLimits | None = None, *, clause_vectors: ClauseVectors,
                 claims: ClaimTerms | None = None) -> None:
        """``clause_vectors`` reads the clause texts' vectors the index keeps (the indexer's
        ``text`` kind); the checker itself embeds only the draft's sentences. ``claims`` is
        the claim vocabulary (the default corpus's when not given)."""
        self.corpus, self.embedder, self.cues = corpus, embedder, cues
        self.clause_vectors = clause_vectors
        self.vocabulary = vocabulary
        self.calibration = calibration or CheckCalibration()
        self.limits = limits or CheckLimits()
        self.by_id = corpus.by_id()
        self.clauses = list(corpus.clauses)
        self.index = {c.id: i for i, c in enumerate(self.clauses)}
        # Whole pledges are judged when cited, but suggestions name a sub-clause.
        self.suggestable = np.array([c.kind != "pledge" and not c.id.startswith("doc.")
                                     for c in self.clauses])
        self.terms = [frozenset(tokens(c.text)) for c in self.clauses]
        df: dict[str, int] = {}
        for clause, terms in zip(self.clauses, self.terms):
            for term in terms if clause.kind != "pledge" else ():
                df[term] = df.get(term, 0) + 1
        n = max(sum(c.kind != "pledge" for c in self.clauses), 1)
        self.default_idf = math.log(1 + n)
        self.idf = {term: math.log(1 + n / (1 + df.get(term, 0))) for terms in self.terms for term in terms}
        common = frozenset(t for t, k in df.items() if k > self.calibration.common_share * n)
        self.finder = ContradictionFinder(cues, common)
        self.analyses = [self.finder.analyse(c.text) for c in self.clauses]
        self.judge = ClaimJudge(claims or ClaimTerms.load(Settings().corpus_dir), self.finder, self.clauses)
        self._same: dict[str, set[str]] = {}
        for clause in self.clauses:  # identical clauses (Private sector 1(a) and 1(f)) stand for each other
            self._same.setdefault(clause.text, set()).add(clause.id)
        self._vectors: np.ndarray | None = None

    # -- the public entry point ----------------------------------------------------

    def check(self, text: str, paragraph_lines: bool = False) -> CheckReport:
        deadline = time.monotonic() + self.limits.seconds
        if not text or not text.strip():
            raise BadInput("The text to check is empty; give a draft as TEXT, --file F or - for stdin.")
        if len(text) > MAX_CHARS:
            raise BadInput(f"The text is {len(text):,} characters long; split it into parts under "
                           f"{MAX_CHARS:,} characters.")
        units, uncited = self._units(require_words(text, "The text to check"), paragraph_lines)
        wanted = {u.claim for u in units} | {s for u in units for s in u.segments.values()}
        wanted |= {p for u in units for p in u.parts}
        wanted |= {claim_text(s.text) for s in uncited}
        if len(wanted) > self.limits.max_texts:
            raise BadInput(f"The draft has {len(wanted):,} cited or pledge-like sentences to compare with "
                           f"the clauses, more than the {self.limits.max_texts:,} one check reads; split it "
                           "into smaller parts and check each.")
        self._clause_vectors()  # read from the index: not counted against the draft
        deadline = max(deadline, time.monotonic() + self.limits.seconds / 2)
        vectors = embed_batched(self.embedder, list(wanted), self.limits.batch_size,
                                lambda: self._in_time(deadline, len(wanted)))
        verdicts: dict[tuple[tuple[str, ...], str, str], _Verdict] = {}  # repeated sentences judged once
        results = []
        for unit in units:
            self._in_time(deadline, len(wanted))
            results += [self._judge(unit, i, vectors, verdicts) for i in range(len(unit.refs))]
        best: dict[str, int | None] = {}
        return CheckReport(tuple(results), tuple(self._uncited(s, vectors, best) for s in uncited))

    def _in_time(self, deadline: float, count: int) -> None:
        if time.monotonic() > deadline:
            raise BadInput(f"Checking this draft ({count:,} cited or pledge-like sentences) takes longer "
                           f"than the {self.limits.seconds:g} seconds one check may; split it into smaller "
                           "parts and check each.")

    # -- sentences and their references ------------------------------------------

    def _units(self, text: str, paragraph_lines: bool) -> tuple[list[Unit], list[Sentence]]:
        split = split_sentences(text, self.is_bare, paragraph_lines)
        notes: dict[str, list[Reference]] = {}
        for note in split.footnotes:
            notes.setdefault(note.marker, []).extend(find_references(note.text))
        used = {m for s in split.sentences for m in s.markers}
        # a footnote cites each clause once for the sentences that carry its marker (dedupe)
        cited = {m: first_per_clause(refs) for m, refs in notes.items()}
        known: dict[str, tuple[list[Reference], bool]] = {}  # a repeated sentence is read once
        entries: list[tuple[Sentence, list[Reference]]] = []
        for sentence in split.sentences:
            if sentence.text not in known:
                usable = usable_references(sentence.text, getattr(self.vocabulary, "overviews", ()))
                known[sentence.text] = usable, bool(
                    usable and self._content(claim_text(sentence.text, usable)))
            usable, content = known[sentence.text]
            if usable and entries and not content:
                entries[-1][1].extend(usable)  # "See Gov 3b." cites for the sentence before it
                continue
            entries.append((sentence, usable + [r for m in sentence.markers for r in cited.get(m, [])]))
        for note in split.footnotes:
            if note.marker not in used and notes.get(note.marker):
                entries.append((Sentence(note.text, note.line), list(notes[note.marker])))
        units = [self._unit(s, refs) for s, refs in entries if refs]
        assertions: dict[str, bool] = {}
        for s in {s.text for s, refs in entries if not refs}:
            assertions[s] = self.finder.is_assertion(s)
        uncited = [s for s, refs in entries if not refs and assertions[s.text]]
        return [dedupe(u) for u in units], uncited

    def _unit(self, sentence: Sentence, refs: list[Reference]) -> Unit:
        return unit_of(sentence, refs, self._content, self.calibration.min_segment_terms)

    def _content(self, text: str) -> list[str]:
        return self.finder.content(text)

    def is_bare(self, text: str) -> bool:
        """Whether ``text`` holds references and nothing else ("See Call to Action, Gov 3b.")."""
        refs = find_references(text)
        return bool(refs) and not self._content(claim_text(text, refs))

    # -- scoring -------------------------------------------------------------------

    def _clause_vectors(self) -> np.ndarray:
        """The clause texts' vectors, read from the index once (embedded when it was built)."""
        if self._vectors is None:
            self._vectors = np.asarray(self.clause_vectors([c.id for c in self.clauses]), dtype=np.float32)
        return self._vectors

    def scores(self, text: str, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Support score (0-1) of every clause for ``text`` (similarity and key-term overlap),
        and the semantic similarity alone."""
        dense = np.clip(self._clause_vectors() @ vector, 0.0, 1.0)
        terms = set(self._content(text))
        if self.vocabulary is not None:
            folded = fold(text)
            present = set(re.findall(r"[a-z0-9]+", folded))
            extra = [r.expand for r in self.vocabulary.rules if r.applies(folded, present)]
            expanded = terms | set(tokens(" ".join(extra)))
        else:
            expanded = terms
        weight = sum(self.idf.get(t, self.default_idf) for t in terms)
        overlap = np.zeros(len(self.clauses))
        if weight:
            for i, clause_terms in enumerate(self.terms):
                shared = sum(self.idf[t] for t in expanded & clause_terms)
                if shared:
                    total = min(weight, sum(self.idf[t] for t in clause_terms))
                    overlap[i] = min(1.0, shared / total)
        w = self.calibration.dense_weight
        return np.asarray(w * dense + (1 - w) * overlap), dense

    def _targets(self, clause_id: str) -> list[int]:
        """Indices of the clauses a citation stands for: itself, and a pledge's sub-clauses."""
        own = [self.index[clause_id]] if clause_id in self.index else []
        return own + [i for i, c in enumerate(self.clauses) if c.parent == clause_id]

    def _equivalent(self, clause_id: str, index: int) -> bool:
        clause = self.clauses[index]
        return clause.id == clause_id or clause.parent == clause_id or clause_id in self._same.get(
            clause.text, set())

    # -- judgement -----------------------------------------------------------------

    def _judge(self, unit: Unit, i: int, vectors: dict[str, np.ndarray],
               verdicts: dict[tuple[tuple[str, ...], str, str], _Verdict]) -> CitationResult:
        ref = unit.refs[i]
        # The part of the sentence this reference closes; else the whole sentence or, with several
        # clauses cited together, one of its conjuncts: whichever the cited clause fits best.
        texts = (unit.segments[i],) if i in unit.segments else (unit.claim, *unit.parts)
        key = (texts, unit.claim, ref.clause_id)
        if key not in verdicts:
            verdicts[key] = self._verdict(texts, unit.claim, ref.clause_id, vectors)
        status, score, suggestion, conflicts, problems = verdicts[key]
        return CitationResult(
            unit.sentence.line, unit.sentence.text, ref.text, ref.clause_id,
            ref.clause_id if ref.clause_id in self.by_id else None, status, score,
            self.clauses[suggestion].id if suggestion is not None else None, conflicts, problems)

    def _verdict(self, texts: tuple[str, ...], claim: str, clause_id: str,
                 vectors: dict[str, np.ndarray]) -> _Verdict:
        """Status, score, suggested clause and conflicts of citing ``clause_id`` for the best of
        ``texts`` (parts of the sentence ``claim``)."""
        targets = self._targets(clause_id) if clause_id in self.by_id else []
        scored = [(text, *self.scores(text, vectors[text])) for text in texts]
        text, scores, dense = max(scored, key=lambda s: max((s[1][j] for j in targets), default=0.0))
        analysis = self.finder.analyse(text)
        actors = self.finder.actors(text) or self.finder.actors(claim)  # the part's own subject first
        alternative = self._alternative(text, scores, dense, analysis, actors, clause_id)
        alt_score = float(scores[alternative]) if alternative is not None else 0.0

        def result(status: str, score: float, suggestion: int | None, conflicts: Sequence[Conflict] = (),
                   problems: tuple[Problem, ...] = ()) -> _Verdict:
            return status, score, suggestion, tuple(conflicts), problems

        if not targets:
            return result("unknown", 0.0, alternative)
        target = max(targets, key=lambda j: scores[j])
        cited = float(scores[target])
        conflicts = self.finder.conflicts(analysis, self.analyses[target], actors,
                                          self.clauses[target].sector)
        where = self.index[clause_id] if self.by_id[clause_id].kind == "pledge" else target
        problems = self.judge.problems(text, analysis, where, self.clauses[where],  # a pledge: all of it
                                       self.analyses[where], conflicts)
        if conflicts or problems:  # exact checks first: a claim the clause does not carry
            factor = self.calibration.contradiction_factor
            return result("unsupported", cited * factor, alternative, conflicts, problems)
        if alternative is not None and self._numbers_stated(analysis, target) < self._numbers_stated(
                analysis, alternative):  # a figure belongs to the clause that states it
            return result("unsupported", cited, alternative)
        if cited >= self.calibration.support and alt_score - cited < self.calibration.margin:
            return result("supported", cited, None)
        return result("unsupported", cited, alternative if alt_score > cited else None)

    def _alternative(self, text: str, scores: np.ndarray, dense: np.ndarray, analysis: Analysis,
                     actors: frozenset[str], cited: str | None) -> int | None:
        """The best clause, other than the cited one, that supports the text by the same judgement
        (for an uncited sentence, ``text`` is "": only without contradiction).

        Among clauses within ``sector_preference`` of the best, one of the sector the sentence
        names wins.
        """
        found: list[int] = []
        for j in (int(j) for j in np.argsort(-scores)):
            if scores[j] < self.calibration.suggest or (
                    found and scores[j] < scores[found[0]] - self.calibration.sector_preference):
                break
            clause = self.clauses[j]
            if (not self.suggestable[j] or dense[j] < self.calibration.suggest_similarity
                    or (cited and self._equivalent(cited, j))):
                continue
            conflicts = self.finder.conflicts(analysis, self.analyses[j], actors, clause.sector)
            if not conflicts and not (text and self.judge.problems(text, analysis, j, clause,
                                                                   self.analyses[j], ())):
                found.append(j)
        own = [j for j in found if self.clauses[j].sector in actors]
        return (own or found)[0] if found else None

    def _numbers_stated(self, analysis: Analysis, index: int) -> int:
        stated = self.analyses[index].numbers
        return sum(len(values & stated.get(kind, frozenset()))
                   for kind, values in analysis.numbers.items() if kind != "ordinal")

    def _uncited(self, sentence: Sentence, vectors: dict[str, np.ndarray],
                 known: dict[str, int | None]) -> UncitedSentence:
        claim = claim_text(sentence.text)
        if claim not in known:
            scores, dense = self.scores(claim, vectors[claim])
            known[claim] = self._alternative("", scores, dense, self.finder.analyse(claim),
                                             self.finder.actors(claim), None)
        best = known[claim]
        return UncitedSentence(sentence.line, sentence.text,
                               self.clauses[best].id if best is not None else None)
