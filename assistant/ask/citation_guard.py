"""The citation guard: every citation in a model's answer must name a retrieved clause.

References are found on the answer with look-alike characters folded ("Gοvernment 9(z)"
with a Greek omicron, "Government 9（z）" with full-width brackets), in every form the
reference parser knows, bare numbers included; edits are made on the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.domain.clauses import Clause
from assistant.domain.references import Reference, find_references
from assistant.text.lookalike import fold_lookalikes

_BRACKETED = re.compile(r"\[([^\[\]\n]{1,80})\]")
REMOVED = "[citation removed]"


@dataclass(frozen=True)
class Guarded:
    text: str
    citations: tuple[str, ...]
    notices: tuple[str, ...]


def guard_citations(text: str, retrieved: Mapping[str, Clause], known: Mapping[str, Clause]) -> Guarded:
    """Keep citations of retrieved clauses (shown by label); remove and report the rest."""
    folded = fold_lookalikes(text)
    plain = folded.text
    valid: dict[str, None] = {}
    notices: list[str] = []
    edits: list[tuple[int, int, str]] = []  # spans of the folded text and their replacement
    bracketed: list[tuple[int, int]] = []

    for match in _BRACKETED.finditer(plain):
        refs = find_references(match.group(1))
        if not refs:
            continue  # ordinary bracketed text, not a citation
        bracketed.append(match.span())
        kept = []
        for ref in refs:
            if ref.clause_id in retrieved:
                valid[ref.clause_id] = None
                kept.append(retrieved[ref.clause_id].label)
            else:
                notices.append(_removed("citation", ref, known))
        edits.append((*match.span(), f"[{'; '.join(dict.fromkeys(kept))}]" if kept else ""))

    for ref in find_references(plain):  # unbracketed references count as citations too
        if any(s <= ref.start < e for s, e in bracketed):
            continue
        if ref.clause_id in retrieved:
            valid[ref.clause_id] = None
        else:
            notices.append(_removed("reference", ref, known))
            edits.append((ref.start, ref.end, REMOVED))

    cleaned = text
    for start, end, replacement in sorted(edits, reverse=True):
        begin, finish = folded.span(start, end, len(text))
        cleaned = cleaned[:begin] + replacement + cleaned[finish:]
    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()
    return Guarded(cleaned, tuple(valid), tuple(dict.fromkeys(notices)))


def _removed(what: str, ref: Reference, known: Mapping[str, Clause]) -> str:
    if ref.clause_id in known:
        return (f"Removed the {what} '{ref.text}': {known[ref.clause_id].label} "
                "was not among the clauses retrieved for this question.")
    return f"Removed the {what} '{ref.text}': no such clause exists."


def complete_prefix(text: str) -> int:
    """Where the last complete sentence (or line) of streamed text ends; 0 when none has."""
    end = 0
    for match in re.finditer(r"[.!?][\"'”’)\]]*(?=\s)|\n", text):
        end = match.end()
    return end
