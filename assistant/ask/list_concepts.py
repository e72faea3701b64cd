"""Whether a clause mentions a list question's concept: its words close together (stems, with
lists.toml's variants), or a name from one of its tight synonym groups or a framework's names.
The words most of the Call to Action's clauses carry ("abuse", "children"), and the words of its
whole topic (lists.toml's `domain`: "sexual", "exploitation"), are left out of a long topic
("people with lived experience of abuse", "educating people about online child sexual abuse")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from assistant.ask.list_vocabulary import ListVocabulary
from assistant.domain.clauses import Clause
from assistant.text.normalise import STOPWORDS, fold, stem, words

COMMON_SHARE = 0.3  # stems in more than this share of the Call to Action's clauses say nothing of a topic
CONCEPT_WORDS = 3  # a longer topic is matched without the words most clauses have
WINDOW_PER_WORD = 3  # a concept's words count as together within this many words each
_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)


class Concepts:
    def __init__(self, vocabulary: ListVocabulary, clauses: Sequence[Clause],
                 names: Sequence[re.Pattern[str]] = ()) -> None:
        self.vocabulary, self.names = vocabulary, tuple(names)
        self._stems = {c.id: self._stemmed(c.text) for c in clauses}
        self._all_stems = {s for stems in self._stems.values() for s in stems}
        own = [stems for cid, stems in self._stems.items() if cid.startswith("cta.")]
        counts = Counter(s for stems in own for s in set(stems))
        self._common = {s for s, n in counts.items() if n > COMMON_SHARE * len(own)}
        self._common |= {self.vocabulary.variants.get(s, s) for s in vocabulary.domain}

    def _stemmed(self, text: str) -> list[str]:
        same = self.vocabulary.variants
        return [same.get(s, s) for s in (stem(w) for w in words(text))]

    def named(self, word: str) -> bool:
        """Whether a short word ("ai", not "al") is one some clause or synonym group has."""
        groups = self.vocabulary.synonyms
        return self._stemmed(word)[0] in self._all_stems or any(g.search(word) for g in groups)

    def matches(self, concept: Sequence[str], clause: Clause) -> bool:
        """Whether the clause mentions the concept: its words together, or a synonym of it."""
        text = clause.text.splitlines()[0] if clause.kind == "pledge" else clause.text
        telling = [w for w in concept if self._stemmed(w)[0] not in self._common]
        long = len(concept) > CONCEPT_WORDS and bool(telling)
        if long:  # "lived experience of abuse": "abuse" is everywhere
            concept = telling
        wanted = set(self._stemmed(" ".join(concept)))
        got = self._stemmed(text) if clause.kind == "pledge" else self._stems[clause.id]
        if long:  # the telling words of a long topic are as far apart as content words go
            got = [g for g in got if g not in _STOP_STEMS or g in wanted]
        if wanted and _together(wanted, got, WINDOW_PER_WORD * len(wanted)):
            return True
        phrase = " ".join(concept)
        stemmed = " ".join(stem(w) for w in words(phrase))  # "taking down" names "take down"
        names = self.names
        groups = zip(self.vocabulary.synonyms, self.vocabulary.synonym_words, strict=True)
        for group, known in (*groups, *((n, frozenset[str]()) for n in names)):
            m = group.search(phrase) or group.search(stemmed)
            covered = {stem(w) for w in known | set(words(m.group(0)))} if m else set()
            if m and {stem(w) for w in telling or concept} <= covered and group.search(fold(text)):
                return True
        return False


def _together(wanted: set[str], got: Sequence[str], window: int) -> bool:
    """Whether every stem of ``wanted`` occurs in ``got`` within ``window`` words."""
    positions = [i for i, g in enumerate(got) if g in wanted]
    for start in positions:
        seen = {got[i] for i in positions if start <= i < start + window}
        if seen >= wanted:
            return True
    return False
