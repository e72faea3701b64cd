"""Spelling correction against the words the corpus and the vocabulary know.

A word is corrected to a known word one edit away (two for words of nine letters or
more), where an edit is an insertion, deletion, substitution or swap of neighbours.
Candidates come from a symmetric-delete index (every known word filed under the
strings left after deleting one or two of its letters), so a lookup touches a few
dozen candidates instead of comparing the word with the whole vocabulary.
"""

from __future__ import annotations

import difflib
import threading
from collections import OrderedDict
from collections.abc import Iterable

MIN_KNOWN = 4  # shorter known words are never offered as corrections
LONG = 9  # words this long may be two edits away from their correction
CUTOFF = 0.75  # difflib similarity a correction needs, so "weather" does not become "whether"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def deletes(word: str, depth: int) -> set[str]:
    """``word`` and every string left after deleting up to ``depth`` of its letters."""
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class Speller:
    """Corrects unknown words; results are cached (bounded, least recently used first out)."""

    def __init__(self, known: Iterable[str], cache_size: int = 4096) -> None:
        self.words = sorted({w for w in known if len(w) >= MIN_KNOWN})
        self.longest = max(map(len, self.words), default=0)
        self.cache_size = cache_size
        self._index: dict[str, list[str]] | None = None
        self._cache: OrderedDict[str, str | None] = OrderedDict()
        self._lock = threading.Lock()  # the app serves several requests at once

    def correct(self, word: str) -> str | None:
        """The known word within reach of ``word``, or None. ``word`` is folded already."""
        with self._lock:
            if word in self._cache:
                self._cache.move_to_end(word)
                return self._cache[word]
        fixed = self._correct(word)
        with self._lock:
            self._cache[word] = fixed
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return fixed

    def _correct(self, word: str) -> str | None:
        limit = 1 if len(word) < LONG else 2
        if len(word) > self.longest + limit:
            return None  # no known word within reach; and a word's deletes grow with its length cubed
        index = self._build() if self._index is None else self._index
        candidates = {c for key in deletes(word, limit) for c in index.get(key, ())
                      if abs(len(c) - len(word)) <= limit}
        scored = []
        for candidate in candidates:
            if edit_distance(word, candidate) > limit:
                continue
            ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, candidate))
        return max(scored)[1] if scored else None

    def _build(self) -> dict[str, list[str]]:
        """Built on the first correction, so a question without typos never pays for it."""
        index: dict[str, list[str]] = {}
        for known in self.words:
            # a word two edits from a long word is at least LONG - 2 letters long
            for key in deletes(known, 2 if len(known) >= LONG - 2 else 1):
                index.setdefault(key, []).append(known)
        self._index = index
        return index
