"""Query understanding: users' words mapped to the corpus's, sector cues, spelling, references.

The vocabulary is data (corpus/behaviour/synonyms.toml, sectors.toml and intents.toml), not
code; Vocabulary.load is the one loader of those three files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.files import INTENTS_FILE, SECTORS_FILE, SYNONYMS_FILE, Table, read_data
from assistant.domain.clauses import SECTORS
from assistant.domain.references import find_references
from assistant.text.normalise import STOPWORDS, fold, words
from assistant.text.phrases import first_words, phrase_pattern
from assistant.text.spelling import Speller

MAX_EXPANSION_WORDS = 16  # in dense_text; more cost embedding time and blur the question


_FILLER = frozenset(["it", "is", "this", "that", "about", "explain", "tell", "me", "please", "pls",
                     "whats", "what's", "weprotect"])


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    expand: str
    firsts: frozenset[str] | None = None  # first_words of its terms

    def applies(self, folded: str, present: frozenset[str] | set[str]) -> bool:
        """Whether the folded text, whose words are ``present``, names one of the terms."""
        return (self.firsts is None or not self.firsts.isdisjoint(present)) and bool(
            self.pattern.search(folded))


@dataclass(frozen=True)
class Intent:
    pattern: re.Pattern[str]
    prefer: frozenset[str]  # clause kinds the question asks for


@dataclass(frozen=True)
class Persona:
    """Who is asking, said before the question: split off so the subject drives the search."""

    openers: re.Pattern[str] | None = None
    closers: re.Pattern[str] | None = None
    separator: re.Pattern[str] | None = None
    longest: int = 0

    def split(self, text: str) -> tuple[str, str]:
        """(persona, subject) when ``text`` opens with a persona part, else ("", text)."""
        if self.separator is None:
            return "", text
        cut = self.separator.search(text[:self.longest])
        if cut is None:
            return "", text
        persona, subject = text[:cut.start()].strip(), text[cut.end():].strip()
        folded = fold(persona)
        opens = self.openers is not None and self.openers.match(folded) is not None
        closes = self.closers is not None and self.closers.search(folded.split()[-1] if folded else "")
        if not (opens or closes) or len([w for w in words(subject) if w not in STOPWORDS]) < 1:
            return "", text
        return persona, subject


@dataclass(frozen=True)
class Vocabulary:
    rules: tuple[Rule, ...] = ()
    sector_cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()  # every word the vocabulary knows
    intents: tuple[Intent, ...] = ()
    overviews: tuple[tuple[str, re.Pattern[str]], ...] = ()  # framework id, its names
    # sectors.toml's profile-only lists, by sector (applicable/profile.py uses them)
    profile_cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    weak_cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    generic_cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # who a draft says makes a pledge, by sector, and those all sectors share (check/ uses them)
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shared_actors: tuple[str, ...] = ()
    persona: Persona = field(default_factory=Persona)
    partner: re.Pattern[str] | None = None  # ends a text just before a cue that names a partner

    @classmethod
    def load(cls, corpus_dir: Path) -> Vocabulary:
        synonyms = _read_toml(corpus_dir, SYNONYMS_FILE)
        sectors = _read_toml(corpus_dir, SECTORS_FILE)
        rules, known = [], set()
        for rule in synonyms.get("rule", []):
            terms = [str(t) for t in rule.get("terms", [])]
            if terms and rule.get("expand"):
                rules.append(Rule(phrase_pattern(terms), str(rule["expand"]), first_words(terms)))
                known.update(words(" ".join(terms)))
        cues: dict[str, re.Pattern[str]] = {}
        profile: dict[str, dict[str, re.Pattern[str]]] = {"profile_cues": {}, "weak": {}, "generic": {}}
        actors: dict[str, tuple[str, ...]] = {}
        for sector in SECTORS:
            section = sectors.get(sector, {})
            terms = [str(t) for t in section.get("cues", [])]
            if terms:
                cues[sector] = phrase_pattern(terms)
                known.update(words(" ".join(terms)))
            for key, into in profile.items():
                if section.get(key):
                    into[sector] = phrase_pattern([str(t) for t in section[key]])
            actors[sector] = tuple(str(t) for t in section.get("actors", []))
        shared = tuple(str(t) for t in sectors.get("all_sectors", {}).get("actors", []))
        partners = [str(t) for t in sectors.get("all_sectors", {}).get("partners", [])]
        partner = (re.compile(rf"(?:{phrase_pattern(partners).pattern})\s+(?:[a-z0-9'&]+\s+)?$")
                   if partners else None)
        intent_data = _read_toml(corpus_dir, INTENTS_FILE)
        intents = tuple(
            Intent(phrase_pattern(map(str, item["terms"])), frozenset(map(str, item["prefer"])))
            for item in intent_data.get("intent", [])
            if item.get("terms") and item.get("prefer")
        )
        overviews = tuple((str(fid), phrase_pattern(map(str, names)))
                          for fid, names in intent_data.get("overviews", {}).items() if names)
        return cls(tuple(rules), cues, frozenset(known), intents, overviews,
                   profile["profile_cues"], profile["weak"], profile["generic"], actors, shared,
                   _persona(synonyms.get("persona", {})), partner)


def _persona(table: Table) -> Persona:
    if not table.get("separators"):
        return Persona()
    openers = [str(t) for t in table.get("openers", [])]
    closers = [str(t) for t in table.get("closers", [])]
    return Persona(phrase_pattern(openers) if openers else None,
                   phrase_pattern(closers) if closers else None,
                   re.compile("|".join(f"(?:{s})" for s in table["separators"])),
                   int(table.get("longest", 120)))


def _read_toml(corpus_dir: Path, name: Path) -> Table:
    path = corpus_dir / name
    return read_data(corpus_dir, name, f"The vocabulary file {path} is missing; restore it from git.")


@dataclass(frozen=True)
class Query:
    text: str
    expanded: str  # the question plus expansions and spelling corrections
    sector: str | None  # the sector the question is about, from its cues
    references: tuple[str, ...]  # clause ids the question names explicitly
    corrections: tuple[str, ...] = ()
    prefer: frozenset[str] = frozenset()  # clause kinds the phrasing asks for
    dense_text: str = ""  # the question plus a few distinct expansion words (Retriever.coverage)
    expansions: tuple[str, ...] = ()  # corrections and synonym expansions (Retriever.query_vector)
    subject: str = ""  # the question without its persona part ("I run a VPN company, ..."), if any
    frameworks: tuple[str, ...] = ()  # the frameworks the question names (intents.toml's overviews)


class QueryAnalyzer:
    def __init__(self, vocabulary: Vocabulary, corpus_words: Iterable[str] = ()) -> None:
        self.vocabulary = vocabulary
        self.known = set(vocabulary.words) | {fold(w) for w in corpus_words}
        self.speller = Speller(self.known)

    def analyse(self, text: str) -> Query:
        corrections = tuple(self._corrections(text))
        folded = fold(" ".join([text, *corrections]))
        expansions = [rule.expand for rule in self.vocabulary.rules if rule.pattern.search(folded)]
        expanded = " ".join([text, *corrections, *expansions])
        seen = set(words(text))
        extra = [w for w in dict.fromkeys(" ".join([*corrections, *expansions]).split())
                 if fold(w) not in seen][:MAX_EXPANSION_WORDS]
        refs = tuple(dict.fromkeys(r.clause_id for r in find_references(text) if r.strong))
        prefer = frozenset(k for i in self.vocabulary.intents if i.pattern.search(folded) for k in i.prefer)
        if "overview" in prefer and not refs:
            refs = self._overview(folded)
        return Query(text, expanded, self.detect_sector(text)[0], refs, corrections, prefer,
                     " ".join([text, *extra]), tuple(dict.fromkeys([*corrections, *expansions])),
                     self.vocabulary.persona.split(text)[1],
                     tuple(fid for fid, p in self.vocabulary.overviews if p.search(folded)))

    def _overview(self, folded: str) -> tuple[str, ...]:
        """"What is the MNR?": the framework's overview entry, when the question is only that."""
        named = [(fid, p) for fid, p in self.vocabulary.overviews if p.search(folded)]
        if len(named) != 1:
            return ()
        fid, pattern = named[0]
        rest = pattern.sub(" ", folded)
        for intent in self.vocabulary.intents:
            rest = intent.pattern.sub(" ", rest)
        content = [w for w in words(rest) if w not in STOPWORDS and w not in _FILLER]
        return (fid,) if len(content) <= 1 else ()

    def detect_sector(self, text: str) -> tuple[str | None, dict[str, int]]:
        """The sector whose cues the text mentions most, if one clearly leads; a cue named as
        the partner ("working with governments") is not counted."""
        folded = fold(text)
        partner = self.vocabulary.partner
        counts = {s: sum(1 for m in p.finditer(folded)
                         if partner is None or not partner.search(folded, max(0, m.start() - 60), m.start()))
                  for s, p in self.vocabulary.sector_cues.items()}
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] == 0:
            return None, counts
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None, counts
        return ranked[0][0], counts

    def _corrections(self, text: str) -> Iterable[str]:
        for word in words(text):
            if len(word) < 5 or word in self.known or word in STOPWORDS or word.isdigit():
                continue
            if word.endswith("s") and word[:-1] in self.known:
                continue
            fixed = self.speller.correct(word)
            if fixed:
                yield fixed
