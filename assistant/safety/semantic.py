"""The safety guard's second look: a request's nearest neighbours among exemplars.

The lexical rules (safety/guard.py) know words; requests phrased in words they have never
seen slip past them. This check embeds the request and compares it with abstract exemplars of
harmful requests and of protective look-alikes (corpus/behaviour/safety_examples.toml): when
the request sits clearly closer to the harmful ones, it is refused. Its margins
(``SafetyCalibration``, safety/calibration.py) are calibrated for one embedding model by
``python -m eval.quality.safety --sweep``; with any other model the check stays off.
The same embedding feeds the learned stage (safety/learned.py): a request it judges harmful
with high probability is refused too, unless it sits closer to the safe exemplars.
The exemplars' vectors are kept in the index folder, keyed by model and content.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from assistant.embed.protocol import Embedder, Vectors
from assistant.embed.vector_cache import cached_embed
from assistant.errors import CorpusError
from assistant.safety.calibration import SafetyCalibration
from assistant.safety.data import SafetyData
from assistant.safety.learned import LearnedStage


class NeighbourCheck:
    def __init__(self, embedder: Embedder, harmful: list[str], protective: list[str],
                 calibration: SafetyCalibration | None = None, cache_dir: Path | None = None,
                 learned: LearnedStage | None = None) -> None:
        if not harmful or not protective:
            raise CorpusError("The safety exemplars need both harmful and protective lists; fix the file.")
        self.embedder, self.harmful, self.protective = embedder, harmful, protective
        self.calibration = calibration or SafetyCalibration()
        self.cache_dir, self.learned = cache_dir, learned
        self._vectors: tuple[Vectors, Vectors] | None = None
        self._last: tuple[str, float, float] = ("", 0.0, 0.0)  # the guard asks twice about one request

    @classmethod
    def load(cls, corpus_dir: Path, embedder: Embedder, cache_dir: Path | None = None,
             calibration: SafetyCalibration | None = None) -> NeighbourCheck | None:
        """The check, or None when ``embedder`` is not the model its margin was calibrated for."""
        calibration = calibration or SafetyCalibration()
        if embedder.name != calibration.model:
            return None
        data = SafetyData.load(corpus_dir)
        learned = data.learned if data.learned.model == calibration.model else None
        return cls(embedder, list(data.harmful), list(data.protective), calibration, cache_dir, learned)

    def score(self, text: str) -> float:
        """How much closer ``text`` sits to the harmful exemplars than to the protective ones."""
        return self._judge(text)[0]

    def probability(self, text: str) -> float:
        """The learned stage's probability that ``text`` is a harmful request (0 without one)."""
        return self._judge(text)[1]

    def _judge(self, text: str) -> tuple[float, float]:
        last_text, last_score, last_probability = self._last
        if text == last_text:
            return last_score, last_probability
        harmful, protective = self._exemplars()
        vectors = self.embedder.embed(windows(text))
        if harmful.shape[1] != vectors.shape[1]:  # a cache from another model: embed afresh
            self.cache_dir, self._vectors = None, None
            harmful, protective = self._exemplars()
        k = self.calibration.k
        near_harm = np.sort(vectors @ harmful.T, axis=1)[:, -k:].mean(axis=1)
        near_safe = np.sort(vectors @ protective.T, axis=1)[:, -k:].mean(axis=1)
        value = float((near_harm - near_safe).max())  # the most harmful part counts
        probability = self.learned.probability(vectors) if self.learned else 0.0
        self._last = (text, value, probability)
        return value, probability

    def is_harmful(self, text: str) -> bool:
        score, probability = self._judge(text)
        c = self.calibration
        return score > c.margin or (probability > c.learned and score > c.learned_floor)

    def is_clearly_harmful(self, text: str) -> bool:
        score, probability = self._judge(text)
        c = self.calibration
        return score > c.strong_margin or (probability > c.learned_strong and score > c.learned_floor)

    def warm(self) -> None:
        """Embed the exemplars now (and keep them in the cache folder) rather than on first use."""
        self._exemplars()

    def _exemplars(self) -> tuple[Vectors, Vectors]:
        if self._vectors is None:
            texts = [*self.harmful, *self.protective]
            matrix = cached_embed(self.embedder, texts, self.cache_dir, "safety",
                                  batch_size=max(1, len(texts)))  # one call, as calibrated
            self._vectors = (matrix[:len(self.harmful)], matrix[len(self.harmful):])
        return self._vectors


WINDOW = 600  # a limit, in characters: well inside the model's 256 tokens


def windows(text: str, most: int = 32) -> list[str]:
    """The text itself or, when it is long, each of its sentences (at most ``most``, evenly
    spread, long ones cut into WINDOW slices): the model reads only its first 256 tokens,
    so a long preamble must not hide a request, and a request must not drown in it."""
    if len(text) <= WINDOW:
        return [text]
    sentences = [sentence[i:i + WINDOW].strip()
                 for sentence in re.split(r"(?<=[.!?;:])\s+|\n+", text)
                 for i in range(0, len(sentence), WINDOW)]
    sentences = [x for x in sentences if len(x) > 3]
    if len(sentences) > most:
        step = len(sentences) / most
        sentences = [sentences[int(i * step)] for i in range(most - 1)] + [sentences[-1]]
    return sentences or [text[:WINDOW]]
