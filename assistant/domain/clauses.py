"""The domain types: clauses, search hits and clause ids (the sectors are in sectors.py)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from assistant.domain.sectors import SECTOR_NAMES as SECTOR_NAMES
from assistant.domain.sectors import SECTORS as SECTORS
from assistant.domain.sectors import normalise_sector as normalise_sector
from assistant.domain.sectors import require_sector as require_sector

CTA_TITLE = "Call to Action following the WeProtect 2024 Global Summit"
CTA_PLACE = "Abu Dhabi, United Arab Emirates"
CTA_DATE = "4-5 December 2024"
CTA_SOURCE = f"{CTA_TITLE}, {CTA_PLACE}, {CTA_DATE}"

# The kinds of clause a profile is matched against (`applicable`): the pledges' parts.
PROFILE_KINDS = ("subclause", "overarching")

# Clause ids: lower-case, dot-separated words (see docs/contract.md).
ID_PATTERN = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_\-]+)*$")


@dataclass(frozen=True)
class Clause:
    """One citable unit: a sub-clause, a pledge, a framework entry, a document section.

    ``context`` is what the clause sits under (its pledge heading, its framework and
    domain, its document section); it is indexed with the text so that a question
    about "what governments must do on legislation" finds the sub-clauses.
    """

    id: str
    label: str
    text: str
    source: str
    sector: str | None = None
    kind: str = "clause"
    context: str = ""
    date: str = ""
    parent: str | None = None

    @property
    def is_framework(self) -> bool:
        """An MNR / INSPIRE entry or a framework's overview entry (not Call to Action text)."""
        return self.kind in ("framework", "overview")

    def search_text(self) -> str:
        """The text that is embedded and indexed for BM25."""
        parts = [self.label]
        if self.context:
            parts.append(self.context)
        if self.kind != "pledge":
            parts.append(self.text)
        return ". ".join(p.rstrip(". ") for p in parts if p) + "."

    def content_hash(self) -> str:
        return hashlib.sha256(self.search_text().encode("utf-8")).hexdigest()[:32]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "text": self.text,
            "source": self.source,
            "sector": self.sector,
        }

    def to_metadata(self) -> dict[str, str]:
        """Flat string metadata, as a vector store keeps it (no None values)."""
        return {
            "label": self.label,
            "source": self.source,
            "sector": self.sector or "",
            "kind": self.kind,
            "context": self.context,
            "date": self.date,
            "parent": self.parent or "",
        }

    @classmethod
    def from_metadata(cls, clause_id: str, text: str, meta: dict[str, Any]) -> Clause:
        return cls(
            id=clause_id,
            label=str(meta.get("label", clause_id)),
            text=text,
            source=str(meta.get("source", "")),
            sector=str(meta.get("sector") or "") or None,
            kind=str(meta.get("kind", "clause")),
            context=str(meta.get("context", "")),
            date=str(meta.get("date", "")),
            parent=str(meta.get("parent") or "") or None,
        )


@dataclass(frozen=True)
class Hit:
    """A clause found for a query, with its fused relevance score (higher is better)."""

    clause: Clause
    score: float
    dense: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.clause.id,
            "label": self.clause.label,
            "score": round(self.score, 4),
            "text": self.clause.text,
            "source": self.clause.source,
        }


# Clause labels: built here and nowhere else (the corpus loaders and label_for_id use these).
CLOSING_LABEL = "Closing statement"


def subclause_label(sector: str, number: int, letter: str) -> str:
    return f"{SECTOR_NAMES[sector]} {number}({letter})"


def pledge_label(sector: str, number: int) -> str:
    return f"{SECTOR_NAMES[sector]} pledge {number}"


def preamble_label(number: int) -> str:
    return f"Preamble {number}"


def overarching_label(number: int) -> str:
    return f"Overarching commitment {number}"


def document_label(filename: str, heading: str, part: int) -> str:
    """A document section's label: the file's name and its heading as written, or its part number."""
    return f"{filename}, “{heading}”" if heading else f"{filename}, part {part}"


def label_for_id(clause_id: str) -> str | None:
    """The label the contract gives a Call to Action id, e.g. 'Government 3(b)'; None for
    other ids (framework entries and documents carry their own)."""
    parts = clause_id.split(".")
    if parts[0] != "cta" or len(parts) < 2:
        return None
    if parts[1:] == ["closing"]:
        return CLOSING_LABEL
    if len(parts) < 3 or not parts[2].isdigit():
        return None
    number = int(parts[2])
    if parts[1] == "preamble" and len(parts) == 3:
        return preamble_label(number)
    if parts[1] == "overarching" and len(parts) == 3:
        return overarching_label(number)
    if parts[1] not in SECTOR_NAMES:
        return None
    return pledge_label(parts[1], number) if len(parts) == 3 else subclause_label(parts[1], number, parts[3])
