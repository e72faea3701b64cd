"""A turn read by meaning: the job a message asks for and the sector of an organisation, from
the nearest examples in corpus/behaviour/chat_meaning.toml (``MeaningExamples.load`` is its
one loader), by the embedder the index uses (the hashing fake in tests).

Cues decide when they are sure (``router.py``, ``profile.py``); this stage decides otherwise.
A label's score is the mean similarity of its ``neighbours`` nearest examples; the best label
wins when its score reaches the threshold and leads the next label by the margin
(``ChatCalibration``), else nothing is decided and the message keeps its default reading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.chat.calibration import ChatCalibration
from assistant.corpus.files import CHAT_MEANING_FILE, read_data
from assistant.domain.sectors import SECTORS
from assistant.errors import CorpusError

Embed = Callable[[Sequence[str]], np.ndarray]
MEANING_JOBS = ("ask", "applicable", "plan")
SEEN_KEPT = 1024  # a limit: messages whose vectors are kept (a server reads many conversations)


@dataclass(frozen=True)
class MeaningExamples:
    jobs: tuple[tuple[str, str], ...]  # (job, a message asking for it)
    organisations: tuple[tuple[str, str], ...]  # (sector, a kind of organisation of it)

    @classmethod
    def load(cls, corpus_dir: Path) -> MeaningExamples:
        path = corpus_dir / CHAT_MEANING_FILE
        data = read_data(corpus_dir, CHAT_MEANING_FILE,
                         f"The chat's examples are missing at {path}; restore them from git.")
        try:
            jobs, kinds = data["jobs"], data["organisations"]
            unknown = sorted(set(jobs) - set(MEANING_JOBS)) + sorted(set(kinds) - set(SECTORS))
            if unknown:
                raise CorpusError(f"{path} has examples for unknown jobs or sectors {unknown}; use the jobs "
                                  f"{', '.join(MEANING_JOBS)} and the sectors {', '.join(SECTORS)}.")
            return cls(tuple((job, str(e)) for job in MEANING_JOBS for e in jobs.get(job, [])),
                       tuple((sector, str(e)) for sector in SECTORS for e in kinds.get(sector, [])))
        except (KeyError, TypeError, AttributeError) as exc:
            raise CorpusError(f"{path} is malformed ({exc}); fix the file.") from exc


@dataclass(frozen=True)
class Nearest:
    label: str  # the best label (a job or a sector)
    score: float  # mean similarity of its nearest examples
    margin: float  # its lead over the next label's score


class Meaning:
    def __init__(self, examples: MeaningExamples, embed: Embed,
                 calibration: ChatCalibration | None = None) -> None:
        self.examples, self.embed = examples, embed
        self.calibration = calibration or ChatCalibration()
        self._vectors: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}
        self._seen: dict[str, np.ndarray] = {}

    def job(self, text: str) -> str | None:
        """The job ``text`` asks for by meaning, when it is clear (None otherwise)."""
        c = self.calibration
        nearest = self.nearest("jobs", text)
        if nearest is None or nearest.score < c.job_similarity or nearest.margin < c.job_margin:
            return None
        return nearest.label

    def sector(self, text: str, made: bool = False) -> str | None:
        """The sector of the organisation ``text`` names, when its kind is clear (None otherwise);
        ``made`` when it says what the user builds, makes or runs, which is further from any kind."""
        c = self.calibration
        nearest = self.nearest("organisations", text)
        least = c.made_similarity if made else c.sector_similarity
        if nearest is None or nearest.score < least or nearest.margin < c.sector_margin:
            return None
        return nearest.label

    def nearest(self, kind: str, text: str) -> Nearest | None:
        labels, vectors = self._table(kind)
        if not labels or not text.strip():
            return None
        sims = vectors @ self._vector(text)
        k = self.calibration.neighbours
        scores = {}
        for label in dict.fromkeys(labels):
            own = np.sort(sims[[i for i, name in enumerate(labels) if name == label]])[::-1][:k]
            scores[label] = float(own.mean())
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return Nearest(ranked[0][0], ranked[0][1], ranked[0][1] - second)

    def _vector(self, text: str) -> np.ndarray:
        """The text's vector; a conversation's earlier messages are read again each turn."""
        if text not in self._seen:
            if len(self._seen) >= SEEN_KEPT:
                self._seen.pop(next(iter(self._seen)))  # the oldest
            self._seen[text] = self.embed([text])[0]
        return self._seen[text]

    def _table(self, kind: str) -> tuple[tuple[str, ...], np.ndarray]:
        if kind not in self._vectors:
            pairs = self.examples.jobs if kind == "jobs" else self.examples.organisations
            labels = tuple(label for label, _ in pairs)
            vectors = self.embed([text for _, text in pairs]) if pairs else np.zeros((0, 1), np.float32)
            self._vectors[kind] = (labels, vectors)
        return self._vectors[kind]
