"""`assistant assess`: every pledge that applies to an organisation, judged against its document.

The sector comes from ``--sector``, else the profile, else the document's own opening (the
applicability stage's classifier); a document that plainly reads as another sector than the
one given is refused in one sentence. The document's sentences are embedded once, in batches
(``progress`` hears of each); the pledges' vectors are read from the index (its ``profile``
kind, and its ``search`` kind for a sentence read as a question through the query adapter),
never embedded here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import Document, split_document
from assistant.assess.judge import STATUSES, Evidence, Judgement, Reading, judge, owned, read_units, rivals
from assistant.assess.vocabulary import AssessVocabulary
from assistant.domain.clauses import SECTOR_NAMES, Clause, require_sector
from assistant.domain.sectors import SECTORS
from assistant.embed.adapter import QueryAdapter
from assistant.embed.protocol import Embedder, Vectors
from assistant.errors import BadInput
from assistant.text.normalise import require_words

if TYPE_CHECKING:
    from assistant.applicable.applicability import Applicability

BATCH = 64  # a limit: sentences embedded at a time (the progress bar moves once a batch)
MAX_SENTENCES = 20_000  # a limit: a 10 MB text file of short lines stays within a minute


@dataclass(frozen=True)
class PledgeResult:
    clause: Clause
    judgement: Judgement

    def to_json(self) -> dict[str, Any]:
        j = self.judgement
        return {"id": self.clause.id, "label": self.clause.label, "status": j.status,
                "score": j.score, "reason": j.reason, "evidence": [e.to_json() for e in j.evidence]}

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.judgement.evidence


@dataclass(frozen=True)
class Assessment:
    sector: str
    profile: str | None
    sector_reason: str
    pledges: tuple[PledgeResult, ...]

    @property
    def summary(self) -> dict[str, int]:
        statuses = [p.judgement.status for p in self.pledges]
        return {s: statuses.count(s) for s in STATUSES}

    def to_json(self) -> dict[str, Any]:
        return {"sector": self.sector, "profile": self.profile,
                "pledges": [p.to_json() for p in self.pledges], "summary": self.summary}


@dataclass(frozen=True)
class Prepared:
    sector: str
    profile: str | None
    sector_reason: str
    clauses: tuple[Clause, ...]
    readings: tuple[Reading, ...]
    similarity: Vectors  # sentences x pledges
    meaning: Vectors  # sentences x pledges, as questions (``Meaning``); -1 where not read so


@dataclass(frozen=True)
class Meaning:
    """A sentence read as a question: the query adapter fitted to the embedder, and the index's
    ``search`` vectors of the pledges, which the adapter maps questions near. Without an adapter
    (the hashing fake) no sentence is read so."""

    adapter: QueryAdapter | None
    pledge_vectors: Callable[[Sequence[str]], Vectors]


SECTOR_MARGIN = 1  # a limit: pledges more than any other sector's that an unnamed author must speak to


class Assessor:
    def __init__(self, applicability: Applicability, vocabulary: AssessVocabulary, embedder: Embedder,
                 clause_vectors: Callable[[Sequence[str]], Vectors],
                 calibration: AssessCalibration | None = None, meaning: Meaning | None = None) -> None:
        self.applicability, self.vocabulary, self.embedder = applicability, vocabulary, embedder
        self.clause_vectors = clause_vectors  # the index's profile vectors by clause id
        self.calibration = calibration or AssessCalibration()
        self.meaning = meaning

    def pledges(self, sector: str) -> list[Clause]:
        """The pledges that apply to a sector: its sub-clauses and the overarching commitments."""
        return [c for c in self.applicability.candidates
                if c.kind == "overarching" or c.sector == sector]

    def assess(self, text: str, *, profile: str | None = None, sector: str | None = None,
               paragraph_lines: bool = False, progress: Callable[[int, int], None] | None = None,
               own: bool = False) -> Assessment:
        return self.judge_all(self.prepare(text, profile=profile, sector=sector, own=own,
                                           paragraph_lines=paragraph_lines, progress=progress))

    def prepare(self, text: str, *, profile: str | None = None, sector: str | None = None,
                paragraph_lines: bool = False, progress: Callable[[int, int], None] | None = None,
                own: bool = False) -> Prepared:
        """Everything but the judgement: the sector, its pledges, the sentences and their similarity.
        ``own``: the text is the organisation's own by the user's word (the chat's "assess our
        policy: ..."), so a sector its opening seems to name does not refuse the one given."""
        document = split_document(require_words(text, "The document"), paragraph_lines)
        if not document.units:
            raise BadInput("The document has no sentences to assess; give the text of a plan or policy.")
        if len(document.units) > MAX_SENTENCES:
            raise BadInput(f"The document has over {MAX_SENTENCES:,} sentences; assess it in parts.")
        readings = tuple(read_units(document.units, self.vocabulary, document.title,
                                    self.calibration.domain_sections))
        chosen, reason = self._sector(document, profile, sector, readings, own)
        clauses = tuple(self.pledges(chosen))
        wanted = [n for n, r in enumerate(readings) if self._may_be_evidence(r, clauses)]
        asked = [n for n, r in enumerate(readings) if self._may_be_meant(r, clauses)]
        similarity = np.full((len(readings), len(clauses)), -1.0, dtype=np.float32)
        meaning = similarity.copy()
        chosen_rows = sorted(set(wanted) | set(asked))
        if chosen_rows:
            sentences = self._embed([readings[n].unit.text for n in chosen_rows], progress)
            row = {n: k for k, n in enumerate(chosen_rows)}
            ids = [c.id for c in clauses]
            if wanted:
                similarity[wanted] = sentences[[row[n] for n in wanted]] @ self.clause_vectors(ids).T
            if asked and self.meaning is not None and self.meaning.adapter is not None:
                questions = self.meaning.adapter.apply(sentences[[row[n] for n in asked]])
                meaning[asked] = questions @ self.meaning.pledge_vectors(ids).T
        return Prepared(chosen, profile, reason, clauses, readings, similarity, meaning)

    def _may_be_meant(self, reading: Reading, clauses: Sequence[Clause]) -> bool:
        """Whether a sentence may be read as a question (``Meaning``): it may be evidence (its
        document or section is about the domain), refuses nothing, names no gap and no other
        subject, and carries some pledge's core concept."""
        if self.meaning is None or self.meaning.adapter is None or not reading.domain or (
                reading.refusal or reading.gap or reading.elsewhere):
            return False
        return any(all(g.search(reading.sentence) for g in concepts.groups[:concepts.needs])
                   for concepts in (self.vocabulary.concepts.get(c.id) for c in clauses) if concepts)

    def _may_be_evidence(self, reading: Reading, clauses: Sequence[Clause]) -> bool:
        """Whether a sentence carries enough of some pledge's concepts (its core and one more
        part, its core and the domain, or a refusal of its core) to be judged by meaning too:
        only these are embedded, which keeps a long plan fast. The others are never evidence."""
        for clause in clauses:
            concepts = self.vocabulary.concepts.get(clause.id)
            if concepts is None:
                continue
            core = bool(concepts.groups[0].search(reading.sentence))
            groups = concepts.found(reading.unit.folded)[1]
            if core and (reading.refusal or groups >= min(2, len(concepts.groups))
                         or self.vocabulary.about_domain(reading.sentence)):
                return True
        return False

    def judge_all(self, prepared: Prepared, calibration: AssessCalibration | None = None) -> Assessment:
        """Every pledge's judgement (with another ``calibration``, to sweep its numbers)."""
        results = []
        missing = [c.id for c in prepared.clauses if c.id not in self.vocabulary.concepts]
        if missing:
            raise BadInput(f"No concepts for {missing[0]} in corpus/behaviour/assess.toml; add them.")
        concepts = [self.vocabulary.concepts[c.id] for c in prepared.clauses]
        best_other = rivals(prepared.readings, prepared.similarity, concepts)
        own = owned(prepared.readings, concepts)
        nearest = prepared.meaning.argmax(axis=1) if prepared.clauses else np.zeros(0, dtype=int)
        for n, clause in enumerate(prepared.clauses):
            picked = np.where(nearest == n, prepared.meaning[:, n], -1.0)  # read as a question: its nearest
            judgement = judge(prepared.readings, prepared.similarity[:, n].tolist(), concepts[n],
                              self.vocabulary.terms[clause.id], calibration or self.calibration,
                              best_other[:, n].tolist(), picked.tolist(), own[:, n].tolist())
            results.append(PledgeResult(clause, judgement))
        return Assessment(prepared.sector, prepared.profile, prepared.sector_reason, tuple(results))

    def _embed(self, texts: list[str], progress: Callable[[int, int], None] | None) -> Vectors:
        """Each distinct text embedded once (a PDF repeats its running heads), shortest first so
        that a batch pads little."""
        distinct = sorted(set(texts), key=len)
        parts = []
        for start in range(0, len(distinct), BATCH):
            parts.append(self.embedder.embed(distinct[start:start + BATCH]))
            if progress is not None:
                progress(min(start + BATCH, len(distinct)), len(distinct))
        vectors = np.vstack(parts).astype(np.float32)
        row = {text: n for n, text in enumerate(distinct)}
        return vectors[[row[t] for t in texts]]

    def _carried(self, readings: Sequence[Reading]) -> dict[str, int]:
        """For each sector, how many of its pledges some sentence names the core concept of."""
        found = dict.fromkeys(SECTORS, 0)
        for clause in self.applicability.candidates:
            concepts = self.vocabulary.concepts.get(clause.id)
            if clause.sector in found and concepts is not None and any(
                    concepts.groups[0].search(r.sentence) for r in readings):
                found[clause.sector] += 1
        return found

    def _sector(self, document: Document, profile: str | None, sector: str | None,
                readings: Sequence[Reading] = (), own: bool = False) -> tuple[str, str]:
        given = require_sector(sector)
        if given is None and profile and profile.strip():
            given = self.applicability.assess(profile).sector
            how = "from the profile"
        else:
            how = "as given"
        if given is None:
            named = self.applicability.classifier.classify(document.masthead)
            carried = self._carried(readings)
            best = max(carried, key=lambda s: carried[s])
            if (named.sector is None or named.ambiguous) and carried[best] >= SECTOR_MARGIN + max(
                    n for s, n in carried.items() if s != best):  # no author named: what it is about
                return best, (f"{SECTOR_NAMES[best]}, read from the pledges the document speaks to "
                              f"({carried[best]} of that sector's).")
            found = self.applicability.assess(document.head).sector
            return found, f"{SECTOR_NAMES[found]}, read from the document's opening."
        guess = self.applicability.classifier.classify(document.masthead)
        if (not own and guess.sector is not None and guess.sector != given and not guess.ambiguous
                and guess.head is not None and guess.head.strong and not guess.scores.get(given)):
            raise BadInput(
                f"The document reads as a {SECTOR_NAMES[guess.sector].lower()} document "
                f"('{guess.phrase or guess.head.text}'), not {SECTOR_NAMES[given].lower()}: give "
                f"--sector {guess.sector}, or the document of a {SECTOR_NAMES[given].lower()} organisation.")
        return given, f"{SECTOR_NAMES[given]}, {how}."
