"""Spelling for eval/speed/libraries.py: the hand-written speller against ``symspellpy``.

``text/spelling.py`` now finds its candidates with symspellpy (keeping its reach and its
similarity cutoff); the hand-written index it replaced is kept here, as it was, to show why.
Every speller knows the same words (the analyzer's: vocabulary and corpus words); nothing is
downloaded and symspellpy's bundled English dictionary is not used.
"""

from __future__ import annotations

import copy
import difflib
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable

from assistant.core import Assistant
from assistant.text.normalise import STOPWORDS, stem, words
from assistant.text.spelling import CUTOFF, LONG, MIN_KNOWN, Speller, deletes
from eval.quality.retrieval import evaluate
from eval.registry import get, sets
from eval.speed.bench import ms, table


class HandSpeller(Speller):
    """The hand-written symmetric-delete index that text/spelling.py had before symspellpy."""

    def _correct(self, word: str) -> str | None:
        limit = 1 if len(word) < LONG else 2
        if len(word) > self.longest + limit:
            return None
        index = self._hand_index if hasattr(self, "_hand_index") else self._build()
        candidates = {c for key in deletes(word, limit) for c in index.get(key, ())
                      if abs(len(c) - len(word)) <= limit}
        scored = []
        for candidate in candidates:
            if _osa(word, candidate) > limit:
                continue
            ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, candidate))
        return max(scored)[1] if scored else None

    def _build(self) -> dict[str, list[str]]:  # type: ignore[override]
        index: dict[str, list[str]] = {}
        for known in self.words:
            for key in deletes(known, 2 if len(known) >= LONG - 2 else 1):
                index.setdefault(key, []).append(known)
        self._hand_index = index
        return index


def _osa(a: str, b: str) -> int:
    """The hand-written optimal string alignment distance."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class SymSpeller:
    """symspellpy as it comes: with our reach (one edit, two from nine letters), the most
    frequent (in the corpus) of the closest known words, without our similarity cutoff."""

    def __init__(self, known: Iterable[str], counts: Counter[str]) -> None:
        from symspellpy import SymSpell

        self._sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word in sorted(w for w in known if len(w) >= MIN_KNOWN):
            self._sym.create_dictionary_entry(word, max(1, counts[word]))

    def correct(self, word: str) -> str | None:
        from symspellpy import Verbosity

        found = self._sym.lookup(word, Verbosity.CLOSEST, max_edit_distance=1 if len(word) < LONG else 2)
        return str(found[0].term) if found else None


def _asked_words(known: set[str]) -> list[str]:
    """The words of the sets' questions the analyzer would try to correct (its own gates)."""
    found: dict[str, None] = {}
    for one in sets(kind="retrieval"):
        for case in one.cases("retrieval"):
            for w in words(str(case["question"])):
                if len(w) < 5 or w in known or w in STOPWORDS or w.isdigit():
                    continue
                if not (w.endswith("s") and w[:-1] in known):
                    found[w] = None
    return list(found)


def generated_typos(known: Iterable[str], n: int = 2000, seed: int = 5) -> list[str]:
    """One or two random edits (insert, delete, substitute, swap) of known words."""
    rng = random.Random(seed)
    pool = sorted(w for w in known if len(w) >= MIN_KNOWN)
    out = []
    for _ in range(n):
        word = rng.choice(pool)
        for _ in range(rng.choice((1, 2))):
            i, c = rng.randrange(len(word)), rng.choice("abcdefghijklmnopqrstuvwxyz")
            op = rng.randrange(4)
            if op == 0:
                word = word[:i] + c + word[i:]
            elif op == 1 and len(word) > 1:
                word = word[:i] + word[i + 1:]
            elif op == 2:
                word = word[:i] + c + word[i + 1:]
            elif i + 1 < len(word):
                word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        out.append(word)
    return out


def spelling_section(assistant: Assistant) -> None:
    print("## Spelling: the hand-written index vs `symspellpy` (same known words, no bundled dictionary)\n")
    analyzer = assistant.analyzer
    known = analyzer.known
    counts = Counter(w for c in assistant.snapshot.clauses for w in words(c.search_text()))
    makers: dict[str, Callable[[], HandSpeller | Speller | SymSpeller]] = {
        "hand-written index (before)": lambda: HandSpeller(known),
        "text/spelling.py now: symspellpy + our reach and cutoff": lambda: Speller(known),
        "symspellpy alone (closest, most frequent)": lambda: SymSpeller(known, counts),
    }
    spellers = {name: make() for name, make in makers.items()}
    labelled = get("own").cases("typos")
    typos = [(c["word"], c["intended"]) for c in labelled
             if c["word"] != c["intended"] and c["intended"] in known]
    domain = [c["word"] for c in labelled if c["word"] == c["intended"]]
    listed = {c["word"] for c in labelled}
    plain = [w for w in _asked_words(known) if w not in listed]  # real words, checked by hand
    every = [*[t for t, _ in typos], *plain, *domain]
    before = [spellers["hand-written index (before)"].correct(w) for w in every]
    made = generated_typos(known)
    made_before = [spellers["hand-written index (before)"].correct(w) for w in made]
    rows = []
    for name, speller in spellers.items():
        same = sum(speller.correct(w) == b for w, b in zip(every, before, strict=True))
        same_made = sum(speller.correct(w) == b for w, b in zip(made, made_before, strict=True))
        fixed = sum(speller.correct(t) == i for t, i in typos)
        wrong = [f"{t}→{got}" for t, i in typos if (got := speller.correct(t)) not in (i, None)]
        moved = [f"{w}→{got}" for w in [*plain, *domain]
                 if (got := speller.correct(w)) and stem(got) != stem(w)]
        rows.append([name, f"{fixed}/{len(typos)}", ", ".join(wrong) or "none",
                     f"{sum(1 for m in moved if m.split('→')[0] in plain)}/{len(plain)}",
                     f"{sum(1 for m in moved if m.split('→')[0] in domain)}/{len(domain)}",
                     f"{same}/{len(every)}", f"{same_made}/{len(made)}"])
    table(["speller", "typos corrected to the word meant", "typos corrected wrongly",
           "real words of the questions changed (to another stem)", "domain words changed",
           "same answer as the hand-written", "(on generated typos of known words)"], rows)
    rows = []
    for set_name in ("own", "holdout", "fresh"):
        row = [set_name]
        for speller in spellers.values():
            changed = copy.copy(analyzer)
            changed.speller = speller  # type: ignore[assignment]
            retriever = copy.copy(assistant.retriever("hybrid"))
            retriever.analyzer = changed
            m = evaluate(retriever, get(set_name).cases("retrieval"), False)
            row.append(f"{m['recall@1']:.3f} / {m['recall@5']:.3f} / {m['MRR']:.3f}")
        rows.append(row)
    table(["set", *(f"{n}: R@1 / R@5 / MRR" for n in spellers)], rows)
    probe = every * 3
    rows = []
    for name, make in makers.items():
        build = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            speller = make()
            if isinstance(speller, Speller):
                speller._build()  # built on the first correction
            build = min(build, time.perf_counter() - start)
        lookup = speller._correct if isinstance(speller, Speller) else speller.correct  # no cache
        times = []
        for word in probe:
            start = time.perf_counter()
            lookup(word)
            times.append(time.perf_counter() - start)
        p50, p95 = ms(times)
        rows.append([name, f"{build * 1000:.0f}", f"{p50:.3f} / {p95:.3f}"])
    table(["speller", f"build over {len(known):,} known words (ms)",
           f"lookup p50 / p95 (ms, {len(probe)} uncached)"], rows)
