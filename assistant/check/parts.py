"""The checker's parts that hold no logic of judgement: its limits, a sentence with the
references citing for it, small helpers over references, brackets and claims, and the
batched embedding of a draft's sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.domain.references import Reference, find_references
from assistant.embed.protocol import Embedder
from assistant.text.normalise import fold
from assistant.text.sentences import Sentence, strip_markers


@dataclass(frozen=True)
class CheckLimits:
    """How much one check may read and take: limits, chosen for speed and safety, not
    calibrated (its judgement's numbers are ``CheckCalibration``, check/calibration.py)."""

    batch_size: int = 64  # sentences embedded per call (the time budget is looked at between calls)
    max_texts: int = 2000  # distinct sentences and parts one check compares with the clauses
    seconds: float = 7.0  # and the time it may take: a larger draft is refused in words, in time
    # (python -m eval.robustness: a 1 MB draft answers within 10 s)


@dataclass(frozen=True)
class Unit:
    """A sentence and the references that cite for it (its own, a trailing "(Gov 3b)", footnotes)."""

    sentence: Sentence
    claim: str  # the sentence without its references and footnote markers
    refs: tuple[Reference, ...] = ()
    segments: dict[int, str] = field(default_factory=dict)  # ref index → the part of the sentence it ends
    parts: tuple[str, ...] = ()  # with several clauses cited, the sentence's conjuncts


class Brackets:
    """Where a text's brackets are, so that "is this inside brackets?" costs a bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.all = [m.start() for m in re.finditer(r"[()\[\]]", text)]
        self.opening = [i for i in self.all if text[i] in "(["]
        self.closing = [i for i in self.all if text[i] in ")]"]

    def around(self, start: int, end: int) -> bool:
        """Whether the last bracket before ``start`` opens and the first after ``end`` closes."""
        k = bisect.bisect_left(self.opening, start)
        opening = self.opening[k - 1] if k else -1
        k = bisect.bisect_left(self.closing, start)
        closing = self.closing[k - 1] if k else -1
        k = bisect.bisect_left(self.all, end)
        return opening > closing and k < len(self.all) and self.text[self.all[k]] in ")]"


def first_per_clause(refs: list[Reference]) -> list[Reference]:
    first: dict[str, Reference] = {}
    for ref in refs:
        first.setdefault(ref.clause_id, ref)
    return list(first.values())


def dedupe(unit: Unit) -> Unit:
    """One result per clause named in a sentence."""
    seen: set[str] = set()
    keep: list[int] = []
    for i, ref in enumerate(unit.refs):
        if ref.clause_id not in seen:
            seen.add(ref.clause_id)
            keep.append(i)
    return Unit(unit.sentence, unit.claim, tuple(unit.refs[i] for i in keep),
                 {n: unit.segments[i] for n, i in enumerate(keep) if i in unit.segments}, unit.parts)


CONJUNCTION = re.compile(r";|,?(?<!\s)\s++(?:and|as well as|while|whereas)\s+(?:to\s+)?", re.IGNORECASE)
# Brackets left empty once references are taken out: "( , see )", "[and", "(" before a full stop.
EMPTY_BRACKETS = re.compile(r"[(\[](?:[,;:]|\band\b|\bsee\b|\bcf\b\.?|\s)*(?:[)\]]|(?=[.;:!?]|$))",
                             re.IGNORECASE)


_BRACKETED = re.compile(r"[(\[]\s*([^()\[\]]{2,120}?)[\s.,;]*[)\]]")


def usable_references(text: str, names: Sequence[tuple[str, re.Pattern[str]]] = ()) -> list[Reference]:
    """Strong references, bare pledge numbers in brackets ("(Government 3)"), and a framework
    named whole in brackets by one of ``names`` (its id and names): "(Lanzarote Convention)"."""
    refs = find_references(text)
    brackets = Brackets(text) if not all(r.strong for r in refs) else None
    found = [r for r in refs if r.strong or (
        r.clause_id.startswith("cta.") and brackets is not None and brackets.around(r.start, r.end)
        and not r.clause_id.startswith("cta.preamble"))]
    for m in _BRACKETED.finditer(text) if names else ():
        inner = fold(m.group(1)).removeprefix("the ").removeprefix("see ").strip()
        fid = next((fid for fid, p in names if p.fullmatch(inner)), None)
        if fid and not any(m.start(1) <= r.start < m.end(1) for r in refs):
            found.append(Reference(m.group(1), fid, m.start(1), m.start(1) + len(m.group(1))))
    return sorted(found, key=lambda r: (r.start, r.clause_id))

def claim_text(text: str, refs: Sequence[Reference] | None = None) -> str:
    refs = usable_references(text) if refs is None else refs
    pieces, done = [], 0  # each reference becomes one space (overlapping ones together)
    for start, end in sorted({(r.start, r.end) for r in refs if text[r.start:r.end] == r.text}):
        if start >= done:
            pieces += [text[done:start], " "]
        done = max(done, end)
    text = strip_markers("".join([*pieces, text[done:]]))
    text = EMPTY_BRACKETS.sub(" ", text)
    return " ".join(text.split())


def segments(text: str, refs: Sequence[Reference], content: Callable[[str], list[str]],
             min_terms: int) -> dict[int, str]:
    """For references at different places in a sentence, the part each one closes."""
    ends = sorted({r.end for r in refs if text[r.start:r.end] == r.text})
    if len(ends) < 2:
        return {}
    parts: dict[int, str] = {}
    seen: set[str] = set()  # only a clause's first reference is judged (dedupe)
    for i, ref in enumerate(refs):
        if ref.clause_id in seen or text[ref.start:ref.end] != ref.text:
            seen.add(ref.clause_id)
            continue
        seen.add(ref.clause_id)
        k = bisect.bisect_right(ends, ref.start)
        before = ends[k - 1] if k else 0
        part = claim_text(text[before:ref.start], [])
        if len(content(part)) >= min_terms:
            parts[i] = part
    return parts


def unit_of(sentence: Sentence, refs: list[Reference], content: Callable[[str], list[str]],
            min_terms: int) -> Unit:
    """A sentence with its references: the claim, the part each reference closes, and the
    claim's conjuncts when it cites more than one clause."""
    claim = claim_text(sentence.text, refs)
    parts: tuple[str, ...] = ()
    if len({r.clause_id for r in refs}) > 1:
        pieces = (" ".join(p.split()) for p in CONJUNCTION.split(claim))
        parts = tuple(p for p in pieces if p != claim and len(content(p)) >= min_terms)
    return Unit(sentence, claim, tuple(refs), segments(sentence.text, refs, content, min_terms), parts)


def embed_batched(embedder: Embedder, texts: Sequence[str], batch_size: int,
                  in_time: Callable[[], None] = lambda: None) -> dict[str, np.ndarray]:
    """Vectors of distinct texts, batched by length so that little padding is computed."""
    ordered = sorted(set(texts), key=len)
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(ordered), batch_size):
        in_time()
        batch = ordered[i:i + batch_size]
        out.update(zip(batch, embedder.embed(batch)))
    return out
