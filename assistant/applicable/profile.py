"""Reading an organisation profile: which sector it belongs to and what it does.

The cue phrases are data: corpus/behaviour/sectors.toml (sector cues, read into the
Vocabulary) and corpus/behaviour/profiles.toml (activities; ProfileVocabulary.load is
its one loader).
The organisation's own type usually comes first, as the head of the first noun
phrase ("a foundation funded by a tech company" is a foundation); cues after
words such as "with", "for" or "funded by" name partners, clients or funders.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.applicable.calibration import ApplicabilityCalibration
from assistant.corpus.files import PROFILES_FILE, read_data
from assistant.domain.clauses import SECTORS
from assistant.errors import CorpusError
from assistant.search.query import Vocabulary
from assistant.text.normalise import fold
from assistant.text.phrases import phrase_pattern

_HARD = (r"[,;:.!?()\[\]/|]|\s(?:in|for|with|by|to|from|at|on|across|that|which|who|whose|where|serving|"
         r"funded|backed|supported|sponsored|partnering|working|works|work|based|helping|providing|"
         r"doing|running|building|making|offering|operating|focused|focusing|specialising|"
         r"specializing|dedicated|using|we|our|is|are|was|has|have|run|runs|supporting|training|"
         r"teaching|delivering|developing|creating|protecting|campaigning|representing|advocating|"
         r"giving|funding|trains|supports|helps|provides|offers|makes|builds)(?![a-z0-9])")
_SOFT = r"\s(?:of|and|&)(?![a-z0-9])"
_BOUNDARY = re.compile(f"{_HARD}|{_SOFT}")
_HARD_BOUNDARY = re.compile(_HARD)
_PARTNER_WORDS = frozenset([
    "with", "for", "by", "to", "alongside", "supporting", "support", "supports", "serving", "serve",
    "serves", "helping", "help", "helps", "funded", "funding", "funds", "backed", "sponsored", "partner",
    "partners", "partnering", "partnered", "advise", "advising", "advises", "train", "trains",
    "training", "clients", "client", "customers", "customer", "supplier", "supplying", "supplies",
    "sell", "sells", "selling", "including", "like", "such", "from", "across", "among", "towards",
    "between",
])
# up to three words that do not start a new phrase: "as a (small, rural) charity", not "as a charity with"
_GAP = (r"(?:(?!(?:in|for|with|by|to|from|at|on|of|and|that|which|who|whose|funded|backed|supported|"
        r"serving|working|partnering|helping|supporting)(?![a-z0-9]))[^\s,;:.!?()]+\s+){0,3}")
_OWNER = re.compile(rf"(?:(?:run|operated|owned|managed|led)\s+by|(?:part|arm|unit|division|department|"
                    rf"branch)\s+of|within|inside|under)\s+(?:an?\s+|the\s+)?{_GAP}$")
_SELF = re.compile(r"(?:^|\s)(?:as\s+an?|we\s+are\s+an?|we're\s+an?|i\s+am\s+an?|i'm\s+an?|"
                   rf"i\s+work\s+(?:at|for|in)\s+(?:an?|the)|we\s+run\s+an?|i\s+run\s+an?)\s+{_GAP}$"
                   r"|(?:^|\s)our\s+(?:[^\s,;:.!?()]+\s+)?$")
# "X is a <cue>", "we're a <cue>": the cue after a copula names the organisation itself
_COPULA = re.compile(rf"(?:^|\s|')(?:is|are|am|re|m|as)\s+(?:an?|the)\s+{_GAP}$")
_WORD = re.compile(r"[a-z0-9'&\-]+")


def normal(text: str) -> str:
    """Folded text with typographic apostrophes made plain."""
    return fold(text).replace("\u2019", "'").replace("\u2018", "'")


def aligned(text: str) -> tuple[str, str]:
    """The folded text to match on, and the text to quote from with the same offsets.

    Folding keeps the length of nearly all text; where it does not (ligatures),
    quotes come from the folded text instead.
    """
    folded = normal(text)
    return folded, (text if len(folded) == len(text) else folded)


@dataclass(frozen=True)
class Activity:
    """Something an organisation does, and the clauses it makes most relevant."""

    id: str
    sector: str | None
    role: str
    pattern: re.Pattern[str]
    clauses: tuple[tuple[str, str], ...]  # (clause id, sentence following "As <role>, ")


@dataclass(frozen=True)
class ActivityMatch:
    activity: Activity
    cues: tuple[str, ...]  # the profile's words that matched, as written
    in_head: bool  # a cue is part of how the profile names the organisation itself


@dataclass(frozen=True)
class CueHit:
    sector: str
    start: int
    end: int
    text: str
    kind: str  # "strong", "weak" or "generic" (a bare "organisation", only when nothing else names it)
    weight: float = 0.0

    @property
    def strong(self) -> bool:
        return self.kind == "strong"


@dataclass(frozen=True)
class SectorGuess:
    """The sector a profile reads as, and the evidence for it."""

    sector: str | None  # None when the profile names no kind of organisation
    scores: dict[str, float]
    head: CueHit | None = None  # the cue naming the organisation itself
    phrase: str = ""  # how the profile names the organisation ("mobile money company")
    phrase_span: tuple[int, int] = (0, 0)
    runner_up: str | None = None
    ambiguous: bool = False
    others: tuple[CueHit, ...] = ()  # other sectors' cues: partners, clients or funders


@dataclass(frozen=True)
class ProfileVocabulary:
    strong: dict[str, tuple[re.Pattern[str], ...]]
    weak: dict[str, re.Pattern[str]]
    generic: dict[str, re.Pattern[str]]
    activities: tuple[Activity, ...]

    @classmethod
    def load(cls, corpus_dir: Path, vocabulary: Vocabulary) -> ProfileVocabulary:
        path = corpus_dir / PROFILES_FILE
        data = read_data(corpus_dir, PROFILES_FILE,
                         f"The profile vocabulary is missing at {path}; restore it from git.")
        if any(sector in data for sector in SECTORS):
            raise CorpusError(f"{path} has sector tables; move them into sectors.toml as profile_cues, "
                              "weak and generic (README, 'Corpus layout').")
        strong: dict[str, tuple[re.Pattern[str], ...]] = {}
        weak: dict[str, re.Pattern[str]] = {}
        generic: dict[str, re.Pattern[str]] = {}
        for sector in SECTORS:
            found = (vocabulary.sector_cues.get(sector), vocabulary.profile_cues.get(sector))
            strong[sector] = tuple(p for p in found if p is not None)
            for cues, into in ((vocabulary.weak_cues, weak), (vocabulary.generic_cues, generic)):
                if sector in cues:
                    into[sector] = cues[sector]
        activities = tuple(_activity(raw, path) for raw in data.get("activity", []))
        return cls(strong, weak, generic, activities)


def _activity(raw: Any, path: Path) -> Activity:
    try:
        sector = raw.get("sector")
        if sector is not None and sector not in SECTORS:
            raise CorpusError(f"Activity '{raw['id']}' in {path} has an unknown sector '{sector}'.")
        cues = [str(t) for t in raw["cues"]]
        clauses = tuple((str(k), str(v).strip()) for k, v in raw["clauses"].items())
        if not cues or not clauses:
            raise CorpusError(f"Activity '{raw['id']}' in {path} needs cues and clauses.")
        return Activity(str(raw["id"]), sector, str(raw["role"]), phrase_pattern(cues), clauses)
    except (KeyError, TypeError, AttributeError) as exc:
        raise CorpusError(f"An [[activity]] in {path} is malformed ({exc}); fix it.") from exc


class ProfileClassifier:
    def __init__(self, vocabulary: ProfileVocabulary,
                 calibration: ApplicabilityCalibration | None = None) -> None:
        self.vocabulary = vocabulary
        self.calibration = calibration or ApplicabilityCalibration()

    def cues(self, text: str) -> list[CueHit]:
        """Every sector cue in ``text``; where cues overlap, the longest wins."""
        folded, text = aligned(text)
        found: list[CueHit] = []
        for sector in SECTORS:
            patterns = [("strong", p) for p in self.vocabulary.strong.get(sector, ())]
            patterns += [(kind, table[sector]) for kind, table in
                         (("weak", self.vocabulary.weak), ("generic", self.vocabulary.generic))
                         if sector in table]
            for kind, pattern in patterns:
                found += [CueHit(sector, m.start(), m.end(), text[m.start():m.end()], kind)
                          for m in pattern.finditer(folded)]
        kept: list[CueHit] = []
        for hit in sorted(found, key=lambda h: (-(h.end - h.start), h.start, not h.strong)):
            if all(hit.end <= k.start or hit.start >= k.end for k in kept):
                kept.append(hit)
        kept.sort(key=lambda h: h.start)
        segment = _segments(folded)
        named = {segment(h.start) for h in kept if h.kind != "generic"}
        return [h for h in kept if h.kind != "generic" or segment(h.start) not in named]

    def classify(self, text: str) -> SectorGuess:
        folded, text = aligned(text)
        hits = self.cues(text)
        scores = dict.fromkeys(SECTORS, 0.0)
        if not hits:
            return SectorGuess(None, scores)
        segment = _segments(folded)
        partner = [_is_partner(folded, h) for h in hits]
        introduced = [i for i, h in enumerate(hits) if _COPULA.search(folded[:h.start])]
        first = introduced[0] if introduced else next((i for i, p in enumerate(partner) if not p), 0)
        head_segment = segment(hits[first].start)
        in_head = [i for i, h in enumerate(hits) if segment(h.start) == head_segment]
        head_index = in_head[-1]
        c = self.calibration
        weighted = []
        for i, hit in enumerate(hits):
            before = folded[:hit.start]
            if i == head_index:
                weight = c.head
            elif i in in_head:
                weight = c.same_phrase
            elif _OWNER.search(before):
                weight = c.owner
            elif partner[i]:
                weight = c.partner
            else:
                weight = c.other
            if _SELF.search(before):
                weight *= c.self_named
            if not hit.strong:
                weight *= c.weak
            weighted.append(CueHit(hit.sector, hit.start, hit.end, hit.text, hit.kind, weight))
            scores[hit.sector] += weight
        ranked = sorted(SECTORS, key=lambda s: (-scores[s], SECTORS.index(s)))
        best, second = ranked[0], ranked[1]
        head = max((h for h in weighted if h.sector == best), key=lambda h: (h.weight, -h.start))
        start, end = _phrase(folded, head)
        ambiguous = (scores[second] >= c.ambiguous_share * scores[best]
                     or not any(h.strong for h in weighted if h.sector == best))
        others = tuple(h for h in weighted if h.sector != best and h.kind != "generic")
        return SectorGuess(best, scores, head, text[start:end], (start, end),
                           second if scores[second] > 0 else None, ambiguous, others)

    def activities(self, text: str, sector: str, head_span: tuple[int, int] = (0, 0)) -> list[ActivityMatch]:
        """The activities of ``sector`` (or of any sector) that the profile mentions."""
        folded, text = aligned(text)
        out = []
        for activity in self.vocabulary.activities:
            if activity.sector not in (None, sector):
                continue
            matches = list(activity.pattern.finditer(folded))
            if not matches:
                continue
            cues = tuple(dict.fromkeys(text[m.start():m.end()] for m in matches))
            in_head = any(m.start() < head_span[1] and m.end() > head_span[0] for m in matches)
            out.append(ActivityMatch(activity, cues, in_head))
        return out


def _segments(folded: str) -> Callable[[int], int]:
    cuts = [m.start() for m in _BOUNDARY.finditer(folded)]

    def segment(position: int) -> int:
        return bisect.bisect_left(cuts, position)  # how many cuts come before it (cuts are in order)

    return segment


def _is_partner(folded: str, hit: CueHit) -> bool:
    before = _WORD.findall(folded[max(0, hit.start - 60):hit.start])[-3:]
    return any(w in _PARTNER_WORDS for w in before) and not _SELF.search(folded[:hit.start])


_LEADING = frozenset(["a", "an", "the", "we", "we're", "'re", "i", "i'm", "'m", "am", "are", "is", "our",
                      "my", "its", "their"])


def _phrase(folded: str, head: CueHit, before: int = 4) -> tuple[int, int]:
    """The span naming the organisation: the head cue's phrase, without leading articles."""
    cut = max((m.end() for m in _BOUNDARY.finditer(folded) if m.end() <= head.start), default=0)
    words = list(re.finditer(r"\S+", folded[cut:head.start]))[-before:]
    start = cut + words[0].start() if words else head.start
    for word in words:
        if word.group() not in _LEADING:
            break
        start = cut + word.end()
    end = _phrase_end(folded, head.end)
    for word in re.finditer(r"\S+", folded[start:end]):  # "we are a charity" -> "charity"
        if word.group() not in _LEADING and word.group() != "as":
            start += word.start()
            break
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end


def _phrase_end(folded: str, position: int, max_words: int = 6) -> int:
    """Where the organisation's name ends: the next hard boundary, at most a few words on."""
    match = _HARD_BOUNDARY.search(folded, position)
    end = match.start() if match else len(folded)
    words = list(re.finditer(r"\S+", folded[position:end]))
    if len(words) > max_words:
        end = position + words[max_words - 1].end()
    return end
