"""Spelling for eval/speed/libraries.py: ``text/spelling.py`` against ``symspellpy``.

Both spellers know the same words (the analyzer's: vocabulary and corpus words); nothing is
downloaded and symspellpy's bundled English dictionary is not used.
"""

from __future__ import annotations

import copy
import difflib
import time
from collections import Counter
from collections.abc import Iterable

from assistant.core import Assistant
from assistant.text.normalise import STOPWORDS, stem, words
from assistant.text.spelling import CUTOFF, LONG, MIN_KNOWN, Speller
from eval.quality.retrieval import evaluate
from eval.registry import get, sets
from eval.speed.bench import ms, table


class SymSpeller:
    """symspellpy with our reach (one edit, two from nine letters); the most frequent of the
    closest words, or with ``cutoff`` the most similar (difflib) of all within reach, as ours."""

    def __init__(self, known: Iterable[str], counts: Counter[str], cutoff: bool) -> None:
        from symspellpy import SymSpell

        self.cutoff = cutoff
        self._sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word in sorted(w for w in known if len(w) >= MIN_KNOWN):
            self._sym.create_dictionary_entry(word, max(1, counts[word]))

    def correct(self, word: str) -> str | None:
        from symspellpy import Verbosity

        limit = 1 if len(word) < LONG else 2
        found = self._sym.lookup(word, Verbosity.ALL if self.cutoff else Verbosity.CLOSEST,
                                 max_edit_distance=limit)
        if not self.cutoff:
            return found[0].term if found else None
        scored = [(difflib.SequenceMatcher(None, word, s.term).ratio(), s.term) for s in found]
        scored = [item for item in scored if item[0] >= CUTOFF]
        return max(scored)[1] if scored else None


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


def spelling_section(assistant: Assistant) -> None:
    print("## Spelling: `text/spelling.py` vs `symspellpy` (same known words, no bundled dictionary)\n")
    analyzer = assistant.analyzer
    known = analyzer.known
    counts = Counter(w for c in assistant.snapshot.clauses for w in words(c.search_text()))
    makers = {
        "ours": lambda: Speller(known),
        "symspellpy (closest, most frequent)": lambda: SymSpeller(known, counts, cutoff=False),
        "symspellpy + our similarity cutoff": lambda: SymSpeller(known, counts, cutoff=True),
    }
    spellers = {name: make() for name, make in makers.items()}
    labelled = get("own").cases("typos")
    typos = [(c["word"], c["intended"]) for c in labelled
             if c["word"] != c["intended"] and c["intended"] in known]
    domain = [c["word"] for c in labelled if c["word"] == c["intended"]]
    listed = {c["word"] for c in labelled}
    plain = [w for w in _asked_words(known) if w not in listed]  # real words, checked by hand
    rows = []
    for name, speller in spellers.items():
        fixed = sum(speller.correct(t) == i for t, i in typos)
        wrong = [f"{t}→{got}" for t, i in typos if (got := speller.correct(t)) not in (i, None)]
        moved = [f"{w}→{got}" for w in [*plain, *domain]
                 if (got := speller.correct(w)) and stem(got) != stem(w)]
        rows.append([name, f"{fixed}/{len(typos)}", ", ".join(wrong) or "none",
                     f"{sum(1 for m in moved if m.split('→')[0] in plain)}/{len(plain)}",
                     f"{sum(1 for m in moved if m.split('→')[0] in domain)}/{len(domain)}"])
    table(["speller", "typos corrected to the word meant", "typos corrected wrongly",
           "real words of the questions changed (to another stem)", "domain words changed"], rows)
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
    probe = [*[t for t, _ in typos], *plain, *domain] * 3
    rows = []
    for name, make in makers.items():
        start = time.perf_counter()
        speller = make()
        if isinstance(speller, Speller):
            speller._build()  # ours builds its index on the first correction
        build = time.perf_counter() - start
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
