"""Loading the corpus: the Call to Action, the framework entries and users' documents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant.corpus.documents import load_documents
from assistant.corpus.files import CTA_FILE, DOCUMENTS_DIR, FRAMEWORKS_FILE, check_layout, read_data
from assistant.domain.clauses import (
    CLOSING_LABEL,
    CTA_DATE,
    CTA_SOURCE,
    Clause,
    overarching_label,
    pledge_label,
    preamble_label,
    subclause_label,
)
from assistant.domain.references import find_references
from assistant.domain.sectors import SECTOR_HEADINGS, SECTOR_LEADS
from assistant.errors import CorpusError

_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_LETTERED = re.compile(r"^-\s+([a-z])\.\s+(.*)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")


@dataclass(frozen=True)
class Corpus:
    clauses: tuple[Clause, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for clause in self.clauses:
            if clause.id in seen:
                raise CorpusError(f"Clause id '{clause.id}' appears twice in the corpus; rename one.")
            seen.add(clause.id)

    def get(self, clause_id: str) -> Clause | None:
        return self._ids.get(clause_id)

    def by_id(self) -> dict[str, Clause]:
        return dict(self._ids)

    @cached_property
    def _ids(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}

    def resolve(self, written: str) -> Clause | None:
        """The clause an id ("cta.government.3.b") or a single written reference ("Gov 3b") names."""
        clause = self.get(written.strip().lower())
        if clause is None:
            refs = [r.clause_id for r in find_references(written)]
            clause = self.get(refs[0]) if len(refs) == 1 else None
        return clause

    def __len__(self) -> int:
        return len(self.clauses)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Everything that is indexed: the Call to Action, frameworks, and documents."""
    check_layout(corpus_dir)
    cta_path = corpus_dir / CTA_FILE
    if not cta_path.is_file():
        raise CorpusError(f"The Call to Action text is missing at {cta_path}; restore it from git.")
    clauses = list(parse_call_to_action(cta_path.read_text(encoding="utf-8")))
    clauses += load_frameworks(corpus_dir)
    clauses += load_documents(corpus_dir / DOCUMENTS_DIR)
    return Corpus(tuple(clauses))


def parse_call_to_action(text: str) -> Iterable[Clause]:
    """Split the verbatim Call to Action into clauses with the contract's ids."""
    section = "preamble"
    sector: str | None = None
    pledge: tuple[int, str] | None = None
    pledge_parts: list[str] = []
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    overarching_lead = ""
    overarching_n = 0

    def close_pledge() -> Iterable[Clause]:
        if sector and pledge:
            number, heading = pledge
            body = "\n".join([heading, *pledge_parts])
            yield Clause(
                id=f"cta.{sector}.{number}", label=pledge_label(sector, number), text=body,
                source=CTA_SOURCE, sector=sector, kind="pledge",
                context=f"{SECTOR_LEADS[sector]} {heading}", date=CTA_DATE,
            )

    for line in paragraphs:
        lower = line.lower()
        if lower == "overarching commitments":
            section = "overarching"
            continue
        if lower in SECTOR_HEADINGS:
            yield from close_pledge()
            section, sector, pledge, pledge_parts = "sector", SECTOR_HEADINGS[lower], None, []
            continue
        if section == "preamble":
            match = _NUMBERED.match(line)
            if match:
                number, body = int(match.group(1)), match.group(2)
                bold = _BOLD_LEAD.match(body)
                heading = bold.group(1).rstrip(":") if bold else ""
                plain = f"{bold.group(1)} {bold.group(2)}" if bold else body
                yield Clause(
                    id=f"cta.preamble.{number}", label=preamble_label(number), text=plain,
                    source=CTA_SOURCE, kind="preamble", context=heading, date=CTA_DATE,
                )
        elif section == "overarching":
            bullet = _BULLET.match(line)
            if bullet:
                overarching_n += 1
                yield Clause(
                    id=f"cta.overarching.{overarching_n}",
                    label=overarching_label(overarching_n),
                    text=bullet.group(1), source=CTA_SOURCE, kind="overarching",
                    context=overarching_lead or "All members commit to", date=CTA_DATE,
                )
            elif lower.startswith("all members"):
                overarching_lead = line.rstrip(":")
        elif section == "sector" and sector:
            lettered = _LETTERED.match(line)
            numbered = _NUMBERED.match(line)
            if lettered and pledge:
                letter, body = lettered.group(1), lettered.group(2)
                pledge_parts.append(f"{letter}. {body}")
                yield Clause(
                    id=f"cta.{sector}.{pledge[0]}.{letter}",
                    label=subclause_label(sector, pledge[0], letter), text=body,
                    source=CTA_SOURCE, sector=sector, kind="subclause",
                    context=f"{SECTOR_LEADS[sector]} {pledge[1]}", date=CTA_DATE,
                    parent=f"cta.{sector}.{pledge[0]}",
                )
            elif numbered:
                yield from close_pledge()
                pledge, pledge_parts = (int(numbered.group(1)), numbered.group(2)), []
            elif lower.startswith("together,"):
                yield from close_pledge()
                pledge = None
                yield Clause(
                    id="cta.closing", label=CLOSING_LABEL, text=line,
                    source=CTA_SOURCE, kind="closing", date=CTA_DATE,
                )


def load_frameworks(corpus_dir: Path) -> list[Clause]:
    """The framework entries of corpus/frameworks/frameworks.toml (its one loader)."""
    path = corpus_dir / FRAMEWORKS_FILE
    data = read_data(corpus_dir, FRAMEWORKS_FILE,
                     f"The frameworks file is missing at {path}; restore it from git.")
    clauses = []
    for entry in data.get("entry", []):
        try:
            year = entry.get("year")
            context = " ".join(
                str(entry[k]) for k in ("framework", "title", "domain") if entry.get(k)
            )
            clauses.append(Clause(
                id=entry["id"], label=entry["label"], text=entry["text"].strip(),
                source=entry["source"], kind="framework" if "." in entry["id"] else "overview",
                context=(f"{context} domain" if entry.get("domain") else context),
                date=str(year) if year else "",
            ))
        except KeyError as exc:
            raise CorpusError(f"An entry in {path} lacks the field {exc}; add it.") from exc
    return clauses
