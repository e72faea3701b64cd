"""The citation guard: every citation in a model's answer must name a retrieved clause."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .clauses import Clause
from .references import find_references

_BRACKETED = re.compile(r"\[([^\[\]\n]{1,80})\]")


@dataclass(frozen=True)
class Guarded:
    text: str
    citations: tuple[str, ...]
    notices: tuple[str, ...]


def guard_citations(text: str, retrieved: Mapping[str, Clause], known: Mapping[str, Clause]) -> Guarded:
    """Keep citations of retrieved clauses (shown by label); remove and report the rest."""
    valid: dict[str, None] = {}
    notices: list[str] = []

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        refs = find_references(inner)
        if not refs:
            return match.group(0)  # ordinary bracketed text, not a citation
        kept = []
        for ref in refs:
            if ref.clause_id in retrieved:
                valid[ref.clause_id] = None
                kept.append(retrieved[ref.clause_id].label)
            elif ref.clause_id in known:
                notices.append(f"Removed the citation '{ref.text}': {known[ref.clause_id].label} "
                               "was not among the clauses retrieved for this question.")
            else:
                notices.append(f"Removed the citation '{ref.text}': no such clause exists.")
        return f"[{'; '.join(kept)}]" if kept else ""

    cleaned = _BRACKETED.sub(replace, text)
    # Unbracketed references count as citations too.
    for ref in find_references(cleaned):
        if not ref.strong or ref.clause_id in valid:
            continue
        if ref.clause_id in retrieved:
            valid[ref.clause_id] = None
        elif ref.text in cleaned:
            reason = "was not retrieved" if ref.clause_id in known else "does not exist"
            notices.append(f"Removed the reference '{ref.text}': that clause {reason}.")
            cleaned = cleaned.replace(ref.text, "[citation removed]")
    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()
    return Guarded(cleaned, tuple(valid), tuple(notices))
