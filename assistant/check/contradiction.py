"""Contradiction cues: a draft sentence that says the opposite of the clause it cites.

Five kinds of cue, with their vocabularies in corpus/behaviour/contradictions.toml (the
actors' in sectors.toml, through the Vocabulary):
negation ("not asked to criminalise"), opposites ("decriminalise" against
"criminalise"), numbers ("500 million" against "300 million"), frequencies
("annually" against "every two years") and actors ("Governments pledge…" citing a
civil-society clause). Text is compared as stemmed words, chunk by chunk between
punctuation, so inflections match and a negation does not reach past a comma.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from assistant.check.beneficiary import reversed_beneficiary
from assistant.check.contradiction_cues import ContradictionCues, Opposite, PhraseSet, stem_words
from assistant.check.negation import joined_lists, negated_places
from assistant.domain.clauses import SECTOR_NAMES, SECTORS
from assistant.text.normalise import STOPWORDS, stem, words

__all__ = ["Analysis", "Conflict", "ContradictionCues", "ContradictionFinder", "PhraseSet", "stem_words"]

_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS) | STOPWORDS
_CHUNK = re.compile(r"[^,;:.!?()\[\]\n]+")
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(%|per\s?cent|percent|[a-z]+))?",
                     re.IGNORECASE)
_PLAIN = re.compile(r"[a-z0-9]+")
_EVERY = re.compile(r"\bevery\s+(\d{1,2}|[a-z]+)\s+(year|month|week)s?\b", re.IGNORECASE)
_UNIT_MONTHS = {"year": 12.0, "month": 1.0, "week": 0.25}


@dataclass(frozen=True)
class Conflict:
    cue: str  # negation, opposite, number, frequency or actor
    detail: str  # one phrase for people, e.g. "the draft says 500 million; the clause 300 million"


@dataclass(frozen=True)
class Analysis:
    """What the cues need to know about one text."""

    chunks: tuple[tuple[str, ...], ...]  # stemmed words between punctuation
    stems: frozenset[str]
    negated: frozenset[str]  # content stems that only occur negated
    surface: dict[str, str]  # stem → the word as written, for messages
    numbers: dict[str, frozenset[float]]  # "year", "quantity", "percent", "ordinal" → values
    periods: frozenset[float]  # frequencies, in months
    # for each pair of opposites: whether the text names side a, side b, and each only negated
    sides: tuple[tuple[bool, bool, bool, bool], ...] = ()


class ContradictionFinder:
    def __init__(self, cues: ContradictionCues, common: frozenset[str] = frozenset()) -> None:
        self.cues = cues
        self.common = common  # stems too frequent in the corpus to signal a negated claim

    def analyse(self, text: str) -> Analysis:
        cues = self.cues
        written: list[list[str]] = []
        for raw in (words(c) for c in _CHUNK.findall(joined_lists(text))):
            named = {i for b, e in cues.names.spans([stem(w) for w in raw]) for i in range(b, e)}
            written.append([w for i, w in enumerate(raw) if i not in named])
        chunks = tuple(tuple(stem(w) for w in chunk) for chunk in written)
        surface = {s: w for chunk, raw in zip(chunks, written) for s, w in zip(chunk, raw)}
        negated: set[str] = set()
        plain: set[str] = set()
        for chunk, raw in zip(chunks, written):
            reached, cue_words = negated_places(cues, chunk, raw, _STOP_STEMS, self.common)
            for i, w in enumerate(chunk):
                if i in reached and i not in cue_words:
                    negated.add(w)
                elif i not in cue_words:
                    plain.add(w)
        all_stems = frozenset(w for chunk in chunks for w in chunk)
        analysis = Analysis(chunks, all_stems, frozenset(negated - plain - _STOP_STEMS), surface,
                            self._numbers(text), self._periods(text))
        # worked out once here, not for every clause the text is compared with
        sides = tuple((*_sides(pair, analysis), _denied(pair.a, analysis), _denied(pair.b, analysis))
                      for pair in cues.opposites)
        return dataclasses.replace(analysis, sides=sides)

    def conflicts(self, sentence: Analysis, clause: Analysis, actors: frozenset[str] = frozenset(),
                  sector: str | None = None) -> list[Conflict]:
        """Why ``sentence`` contradicts ``clause`` (whose pledge is ``sector``'s), if it does."""
        found: list[Conflict] = []
        denied = _in_order(sentence, (sentence.negated & clause.stems) - clause.negated - self.common)
        if denied:
            word = sentence.surface.get(denied[0], denied[0])
            found.append(Conflict("negation", f"the draft negates '{word}', which the clause asserts"))
        for pair, (s_a, s_b, s_not_a, s_not_b), (c_a, c_b, c_not_a, c_not_b) in zip(
                self.cues.opposites, self._sides(sentence), self._sides(clause)):
            c_a, c_b = c_a and not c_not_a, c_b and not c_not_b  # "to avoid siloed discussions"
            if s_a != s_b and (s_not_a or s_not_b):  # "early instead of after launch": neither
                s_a, s_b = s_a and not s_not_a, s_b and not s_not_b
            if (s_b and not s_a and c_a and not c_b) or (s_a and not s_b and c_b and not c_a):
                found.append(Conflict("opposite", f"the draft says the opposite ({pair.name})"))
                break
            if s_a and s_b and c_a != c_b and (s_not_a if c_a else s_not_b):
                # both sides named: "kept out of the ideation stage, consulted only after launch"
                found.append(Conflict("opposite", f"the draft says the opposite ({pair.name})"))
                break
        for kind, values in sentence.numbers.items():
            stated = clause.numbers.get(kind, frozenset())
            extra = sorted(values - stated)
            if stated and extra:
                found.append(Conflict("number", f"the draft says {_show(extra[0], kind)}; the clause "
                                                f"says {_show(min(stated), kind)}"))
                break
        who = reversed_beneficiary(self.cues, sentence.chunks, sentence.negated, clause.stems,
                                  _STOP_STEMS, sentence.surface, clause.surface)
        if who:
            found.append(Conflict("beneficiary", who))
        if sentence.periods and clause.periods and not sentence.periods & clause.periods:
            found.append(Conflict("frequency", f"the draft says every {_months(min(sentence.periods))}; "
                                               f"the clause every {_months(min(clause.periods))}"))
        if actors and sector in SECTORS and sector not in actors:
            who = " and ".join(SECTOR_NAMES[a].lower() for a in sorted(actors))
            found.append(Conflict("actor", f"the draft attributes to {who} a "
                                           f"{SECTOR_NAMES[sector].lower()} pledge"))
        return found

    def _sides(self, analysis: Analysis) -> tuple[tuple[bool, bool, bool, bool], ...]:
        if len(analysis.sides) == len(self.cues.opposites):
            return analysis.sides
        return tuple((*_sides(pair, analysis), _denied(pair.a, analysis), _denied(pair.b, analysis))
                     for pair in self.cues.opposites)

    def actors(self, text: str) -> frozenset[str]:
        """The sectors a sentence says make its pledge ("Governments must…"), if it names any."""
        stems = stem_words(text)
        cues = self.cues
        verbs = cues.verbs.spans(stems)
        found: set[str] = set()
        # The subject: before the first pledge verb or, in a clause without one ("…, while
        # civil society researches…"), the first words.
        end = verbs[0][0] if verbs else min(len(stems), len(_OPENING.spans(stems[:1])) + 3)
        if verbs and any(b == verbs[0][1] for b, _ in cues.passive.spans(stems)):
            end = 0  # "Platforms will be required to…": someone else pledges
        if end:
            begin = max((e for _, e in _CLAUSE_OPENERS.spans(stems[:end])), default=0)
            partner_ends = {e for _, e in cues.partners.spans(stems[:end])}
            for sector, phrases in cues.actors.items():
                for s, _ in phrases.spans(stems[begin:end]):
                    if begin + s not in partner_ends and (begin + s - 1) not in partner_ends:
                        found.add(sector)
        for _, e in cues.source_verbs.spans(stems):
            after = stems[e:e + 4]
            for sector, phrases in cues.actors.items():
                if any(start <= 1 for start, _ in phrases.spans(after)):
                    found.add(sector)
        return frozenset(found)

    def content(self, text: str) -> list[str]:
        """Stemmed content words: without framing ("pledge", "the Call to Action asks"), numbers,
        or the subject that makes the pledge ("Governments" in "Governments must…")."""
        stems = stem_words(text)
        cues = self.cues
        dropped: set[int] = set()
        for s, e in cues.framing.spans(stems):
            dropped.update(range(s, e))
        verbs = cues.verbs.spans(stems)
        subject = stems[:verbs[0][0]] if verbs else []
        for phrases in (cues.shared, *cues.actors.values()):
            for s, e in phrases.spans(subject):
                dropped.update(range(s, e))
            for _, after in cues.source_verbs.spans(stems):  # "asks governments to"
                dropped.update(i for s, e in phrases.spans(stems[after:after + 4]) if s <= 1
                               for i in range(after + s, after + e))
        return [w for i, w in enumerate(stems)
                if i not in dropped and w not in _STOP_STEMS and not w.isdigit()]

    def is_assertion(self, text: str) -> bool:
        """Whether a sentence says that someone pledges or must do something."""
        stems = stem_words(text)
        cues = self.cues
        if cues.sources.found(stems) and cues.source_verbs.found(stems):
            return True
        verbs = cues.verbs.spans(stems)
        if not verbs:
            return False
        subjects = [cues.shared, *cues.actors.values()]
        return any(e <= verbs[0][0] <= e + 4 for p in subjects for _, e in p.spans(stems))

    def _numbers(self, text: str) -> dict[str, frozenset[float]]:
        cues = self.cues
        out: dict[str, set[float]] = {}
        for match in _DIGITS.finditer(text):
            value = float(match.group(1).replace(",", ""))
            unit = (match.group(2) or "").lower().replace(" ", "")
            if unit in ("%", "percent"):
                kind = "percent"
            elif unit in cues.scales:
                value, kind = value * cues.scales[unit], "quantity"
            elif 1900 <= value <= 2099 and value.is_integer():
                kind = "year"
            else:
                kind = "quantity"
            if value not in cues.neutral:
                out.setdefault(kind, set()).add(value)
        folded = " ".join(words(text))
        present = set(folded.split())  # "three million" needs both words; most texts have neither
        for word, number in cues.cardinals.items():
            for scale, factor in cues.scales.items():
                if (len(scale) > 2 and (not _PLAIN.fullmatch(word + scale) or {word, scale} <= present)
                        and re.search(rf"\b{word}\s+{scale}\b", folded)):
                    out.setdefault("quantity", set()).add(float(number * factor))
        for word, number in cues.ordinals.items():
            for match in re.finditer(rf"\b{re.escape(word)}\b(?!\s*,)", text, re.IGNORECASE):
                if text[:match.start()].strip():  # "First, …" opening a sentence is prose
                    out.setdefault("ordinal", set()).add(float(number))
        return {k: frozenset(v) for k, v in out.items()}

    def _periods(self, text: str) -> frozenset[float]:
        plain = [words(chunk) for chunk in _CHUNK.findall(text)]
        found = {months for months, phrases in self.cues.frequencies
                 for chunk in plain if phrases.found(chunk)}
        for number, unit in _EVERY.findall(text):
            n = int(number) if number.isdigit() else self.cues.cardinals.get(number.lower())
            if n:
                found.add(n * _UNIT_MONTHS[unit.lower()])
        return frozenset(found)


_CLAUSE_OPENERS = PhraseSet(["that", "which", "whereby"])
_RELATIVE = frozenset({"that", "which", "who"})
_OPENING = PhraseSet(["and", "while", "whereas", "but", "also", "then", "meanwhile"])


def _in_order(analysis: Analysis, stems: frozenset[str]) -> list[str]:
    """``stems`` in the order the text says them: the first denied word is the one to show."""
    return list(dict.fromkeys(w for chunk in analysis.chunks for w in chunk if w in stems))


def _denied(phrases: PhraseSet, analysis: Analysis) -> bool:
    """Whether the words of ``phrases`` found in the text occur only under a negation."""
    if phrases.firsts.isdisjoint(analysis.stems):
        return False
    for chunk in analysis.chunks:
        for start, end in phrases.spans(chunk):
            if any(w in analysis.negated for w in chunk[start:end]):
                return True
    return False


def _sides(pair: Opposite, analysis: Analysis) -> tuple[bool, bool]:
    """Whether the text names each side of ``pair``. A match inside a longer match of the other
    side does not count: "criminal" in "outside the criminal law" is not "criminalise"."""
    a = b = False
    if pair.a.firsts.isdisjoint(analysis.stems) and pair.b.firsts.isdisjoint(analysis.stems):
        return a, b
    a_relative = b_relative = False  # named only in a relative clause
    for chunk in analysis.chunks:
        spans_a, spans_b = pair.a.spans(chunk), pair.b.spans(chunk)
        for spans, others, side in ((spans_a, spans_b, "a"), (spans_b, spans_a, "b")):
            for span in (sp for sp in spans if not _within(sp, others)):
                relative = bool(span[0]) and chunk[span[0] - 1] in _RELATIVE
                if side == "a":
                    a, a_relative = a or not relative, a_relative or relative
                else:
                    b, b_relative = b or not relative, b_relative or relative
    # a relative clause beside the other side describes its noun: "address norms that perpetuate
    # violence" addresses; alone it is the claim: "areas that already have strong services"
    return a or (a_relative and not b), b or (b_relative and not a)


def _within(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e and (s, e) != span for s, e in others)


def _show(value: float, kind: str) -> str:
    if kind == "percent":
        return f"{value:g}%"
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{value / 1_000_000:g} million"
    return f"{value:g}" if kind != "ordinal" else f"number {value:g}"


def _months(months: float) -> str:
    if months >= 12:
        years = months / 12
        return "year" if years == 1 else f"{years:g} years"
    return "month" if months == 1 else f"{months:g} months"
