"""The assessor's vocabulary, from ``corpus/behaviour/assess.toml`` (its header explains it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.files import ASSESS_FILE, read_data
from assistant.errors import CorpusError
from assistant.text.normalise import fold
from assistant.text.phrases import phrase_pattern


def matcher(terms: Iterable[str], plurals: bool = False) -> re.Pattern[str]:
    """Whole-word phrases over folded text; a trailing ``*`` matches any ending of the last word.
    With ``plurals`` (a pledge's concepts, nouns), a phrase's last word matches its plural too:
    "act" matches "Acts", "policy" "policies", as documents write them."""
    plain, fragments = [], []
    for term in terms:
        if term.endswith("*"):
            parts = re.split(r"[\s\-]+", fold(term[:-1]).strip())
            fragments.append(r"[\s\-]+".join(map(re.escape, parts)) + r"[a-z0-9']*")
        elif plurals and _PLURAL.search(fold(term).strip()):
            parts = re.split(r"[\s\-]+", fold(term).strip())
            fragments.append(r"[\s\-]+".join([*map(re.escape, parts[:-1]), _plural(parts[-1])]))
        else:
            plain.append(term)
    return phrase_pattern(plain, fragments)


_PLURAL = re.compile(r"[a-z]{3,}$")  # a last word of letters, long enough to be a noun


def _plural(word: str) -> str:
    """A word's pattern that takes its plural too: "act(?:s)?", "polic(?:y|ies)", "box(?:es)?"."""
    if word.endswith("s"):
        return re.escape(word)
    if word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith(("x", "ch", "sh")):
        return re.escape(word) + "(?:es)?"
    return re.escape(word) + "s?"


@dataclass(frozen=True)
class Concepts:
    """One pledge's concepts: ``groups[0]`` is its core, the others its further parts; its first
    ``needs`` groups are what it asks (who takes part, and taking part), without which a
    sentence does not touch it."""

    groups: tuple[re.Pattern[str], ...]
    needs: int = 1
    each: int = 0  # its last groups are the people it asks for, each of them (survivors *and* children)

    @property
    def whole(self) -> int:
        """How many groups carry the whole of what it asks of one kind of people: all but the
        other kinds of people it names (``each``)."""
        return len(self.groups) - max(0, self.each - 1)

    def found(self, folded: str) -> tuple[bool, int]:
        """Whether ``folded`` carries the core (every group the pledge needs), and how many
        groups it carries."""
        hits = [bool(g.search(folded)) for g in self.groups]
        return all(hits[:self.needs]), sum(hits)

    def hits(self, folded: str) -> tuple[bool, ...]:
        """Which groups ``folded`` carries."""
        return tuple(bool(g.search(folded)) for g in self.groups)

    def first_missing(self, folded: str, terms: Sequence[Sequence[str]]) -> str:
        """The first words of the first group ``folded`` lacks ("" when it lacks none)."""
        for group, words in zip(self.groups, terms, strict=True):
            if not group.search(folded):
                return ", ".join(f"'{w.rstrip('*')}'" for w in words[:3])
        return ""


def _expand(group: Sequence[str], classes: dict[str, list[str]], pledge: str) -> list[str]:
    """A group's phrases with each ``@class`` replaced by the class's words (``[classes]``)."""
    words: list[str] = []
    for term in group:
        if not term.startswith("@"):
            words.append(term)
        elif term[1:] in classes:
            words += [w for w in classes[term[1:]] if w not in words]
        else:
            raise CorpusError(f"{ASSESS_FILE.name}: pledge {pledge} names the class {term}, which "
                              f"[classes] does not define; add it there or fix the name.")
    return words


@dataclass(frozen=True)
class AssessVocabulary:
    tentative: re.Pattern[str]
    refusal: re.Pattern[str]
    not_refusal: re.Pattern[str]
    absence: re.Pattern[str]
    commitment: re.Pattern[str]
    domain: re.Pattern[str]
    elsewhere: re.Pattern[str]
    concepts: dict[str, Concepts]
    terms: dict[str, tuple[tuple[str, ...], ...]]  # each pledge's groups as written
    not_tentative: re.Pattern[str]  # descriptive uses of tentative words ("a child may be at risk")
    softeners: re.Pattern[str] | None = None  # adverbs set aside before a refusal is read ("currently")
    rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()  # phrases read as others ("as children")

    @classmethod
    def load(cls, corpus_dir: Path) -> AssessVocabulary:
        data = read_data(corpus_dir, ASSESS_FILE)
        concepts, terms = {}, {}
        classes = {name: list(words) for name, words in data["classes"].items()}
        for pledge, table in data["pledges"].items():
            groups = table["concepts"]
            if not groups or not all(isinstance(g, list) and g for g in groups):
                raise CorpusError(f"{corpus_dir / ASSESS_FILE}: pledge {pledge} needs `concepts`, a "
                                  "list of non-empty lists of phrases; fix the file.")
            groups = [_expand(g, classes, pledge) for g in groups]
            needs = table.get("needs", 1)
            if not isinstance(needs, int) or not 1 <= needs <= len(groups):
                raise CorpusError(f"{corpus_dir / ASSESS_FILE}: pledge {pledge}'s `needs` must be a whole "
                                  f"number from 1 to {len(groups)} (its groups); fix the file.")
            each = table.get("each", 0)
            if not isinstance(each, int) or not 0 <= each <= len(groups) - needs:
                raise CorpusError(f"{corpus_dir / ASSESS_FILE}: pledge {pledge}'s `each` must be a whole "
                                  f"number of its last groups, after the {needs} it needs; fix the file.")
            concepts[pledge] = Concepts(tuple(matcher(g, plurals=True) for g in groups), needs, each)
            terms[pledge] = tuple(tuple(g) for g in groups)
        return cls(matcher(data["tentative"]), matcher(data["refusal"]), matcher(data["not_refusal"]),
                   matcher(data["absence"]), matcher(data["commitment"]), matcher(data["domain"]),
                   matcher(data["elsewhere"]), concepts, terms, matcher(data.get("not_tentative", [])),
                   matcher(data.get("softeners", [])),
                   tuple((matcher([phrase]), fold(str(as_read))) for phrase, as_read
                         in data.get("rewrites", {}).items()))

    def rewrite(self, folded: str) -> str:
        """``folded`` with each ``rewrites`` phrase read as the words it stands for."""
        for pattern, as_read in self.rewrites:
            folded = pattern.sub(as_read, folded)
        return folded

    def refusal_in(self, folded: str) -> str:
        """The refusal cue a sentence carries, once its softening adverbs are set aside ("we do
        not currently plan to" is "we do not plan to"), or "" (none, or a negation that commits)."""
        plain = " ".join((self.softeners.sub(" ", folded) if self.softeners else folded).split())
        if self.not_refusal.search(plain):
            return ""
        found = self.refusal.search(plain)
        return found.group(0) if found else ""

    def tentative_in(self, folded: str) -> str:
        """The tentative cue a sentence carries once its descriptive uses are set aside, or ""."""
        found = self.tentative.search(self.not_tentative.sub(" ", folded))
        return found.group(0) if found else ""

    def describes_a_gap(self, folded: str) -> bool:
        """A sentence that says what is missing today, without committing to change it."""
        return bool(self.absence.search(folded)) and not self.commitment.search(folded)

    def about_domain(self, folded: str) -> bool:
        return bool(self.domain.search(folded))

    def elsewhere_in(self, folded: str) -> str:
        """The other subject a sentence names ("copyright"), or ""."""
        found = self.elsewhere.search(folded)
        return found.group(0) if found else ""
