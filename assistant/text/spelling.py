"""Spelling correction against the words the corpus and the vocabulary know.

A word is corrected to a known word one edit away (two for words of nine letters or
more), where an edit is an insertion, deletion, substitution or swap of neighbours, and
only to one similar enough (difflib) that "weather" does not become "whether".
Candidates come from symspellpy's symmetric-delete index (every known word filed under
the strings left after deleting one or two of its letters), so a lookup touches a few
dozen candidates instead of comparing the word with the whole vocabulary. symspellpy
replaced a hand-written index of the same design: as good on the eval sets' typos and
words, faster per lookup (`python -m eval.speed.libraries`). It is given only our known
words; its bundled English dictionary is read only to tell a real word from a typo
(``is_english``), never to offer corrections.
"""

from __future__ import annotations

import difflib
import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symspellpy import SymSpell

MIN_KNOWN = 4  # shorter known words are never offered as corrections
LONG = 9  # words this long may be two edits away from their correction
CUTOFF = 0.75  # difflib similarity a correction needs, so "weather" does not become "whether"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps
    (symspellpy's, the distance its lookups count)."""
    from symspellpy.editdistance import DistanceAlgorithm, EditDistance

    return int(EditDistance(DistanceAlgorithm.DAMERAU_OSA).compare(a, b, max(len(a), len(b))))


def deletes(word: str, depth: int) -> set[str]:
    """``word`` and every string left after deleting up to ``depth`` of its letters: the
    keys under which a symmetric-delete index files ``word``."""
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


@functools.cache
def _english() -> frozenset[str]:
    from importlib import resources

    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text("utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


def is_english(word: str) -> bool:
    """Whether ``word`` (folded) is a word of English as written (symspellpy's dictionary of
    the 82,765 commonest), so no typo: "bans" is not "banks"."""
    return word in _english()


class Speller:
    """Corrects unknown words; results are cached (bounded, least recently used first out)."""

    def __init__(self, known: Iterable[str], cache_size: int = 4096) -> None:
        self.words = sorted({w for w in known if len(w) >= MIN_KNOWN})
        self.longest = max(map(len, self.words), default=0)
        self.cache_size = cache_size
        self._index: SymSpell | None = None
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
        from symspellpy import Verbosity

        limit = 1 if len(word) < LONG else 2
        if len(word) > self.longest + limit:
            return None  # no known word within reach; and a word's deletes grow with its length cubed
        index = self._build() if self._index is None else self._index
        scored = []
        for found in index.lookup(word, Verbosity.ALL, max_edit_distance=limit):
            ratio = difflib.SequenceMatcher(None, word, found.term).ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, str(found.term)))
        return max(scored)[1] if scored else None

    def _build(self) -> SymSpell:
        """Built on the first correction, so a question without typos never pays for it."""
        from symspellpy import SymSpell

        index = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for known in self.words:
            index.create_dictionary_entry(known, 1)
        self._index = index
        return index
