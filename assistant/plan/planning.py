"""Action-plan outlines: the applicable pledges turned into items with owners and indicators.

Structure and citations are deterministic: the applicability ranking decides
which pledges are planned in full, and the templates in
corpus/behaviour/plan_templates.toml give each item's wording. Every item cites its
pledge and the pledge's cross-walk links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.applicable.applicability import Applicability, Assessment
from assistant.corpus.crosswalk import Crosswalk
from assistant.corpus.files import PLAN_TEMPLATES_FILE as TEMPLATES_FILE
from assistant.corpus.files import read_data
from assistant.corpus.loader import Corpus
from assistant.domain.clauses import SECTOR_NAMES, SECTORS
from assistant.errors import CorpusError

HORIZONS = ("0-6 months", "6-18 months", "18-36 months")


@dataclass(frozen=True)
class Template:
    clauses: tuple[str, ...]
    section: dict[str, str]  # sector -> section key
    owner: dict[str, str]  # sector -> owner role
    horizon: str
    objective: str
    activities: tuple[str, ...]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Templates:
    headings: dict[str, str]
    sections: dict[str, tuple[str, ...]]
    owners: dict[str, str]
    items: tuple[Template, ...]
    further: Template
    minimum: int = 6
    maximum: int = 10
    relative: float = 0.45

    @classmethod
    def load(cls, corpus_dir: Path) -> Templates:
        path = corpus_dir / TEMPLATES_FILE
        data = read_data(corpus_dir, TEMPLATES_FILE,
                         f"The plan templates are missing at {path}; restore them from git.")
        try:
            headings = {str(k): str(v) for k, v in data["headings"].items()}
            sections = {s: tuple(str(k) for k in data["sections"][s]) for s in SECTORS}
            owners = {s: str(data["owners"][s]) for s in SECTORS}
            items = tuple(_template(raw) for raw in data.get("item", []))
            further = _template({**data["further"], "clauses": [], "section": "further", "owner": ""})
            selection = data.get("selection", {})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CorpusError(f"{path} is malformed ({exc}); fix the file.") from exc
        for item in items:
            unknown = [k for k in item.section.values() if k not in headings]
            if unknown or not item.horizon.startswith(HORIZONS):
                raise CorpusError(f"The plan template for {item.clauses[0]} in {path} has an unknown "
                                  "section or horizon; fix it.")
        return cls(headings, sections, owners, items, further, int(selection.get("minimum", 6)),
                   int(selection.get("maximum", 10)), float(selection.get("relative", 0.45)))


def _per_sector(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return dict.fromkeys(SECTORS, str(value))


def _template(raw: dict[str, Any]) -> Template:
    horizon = str(raw["horizon"])
    return Template(tuple(str(c) for c in raw["clauses"]), _per_sector(raw["section"]),
                    _per_sector(raw["owner"]), horizon, str(raw["objective"]).strip(),
                    tuple(str(a) for a in raw["activities"]), tuple(str(i) for i in raw["indicators"]))


@dataclass(frozen=True)
class PlanItem:
    objective: str
    activities: tuple[str, ...]
    owner: str
    horizon: str
    indicators: tuple[str, ...]
    citations: tuple[str, ...]
    priority: int  # the pledge's rank for this profile (1 = most relevant)

    def text(self, labels: Mapping[str, str]) -> str:
        """One readable paragraph: objective; activities; owner; horizon; indicators; citations."""
        parts = [self.objective.rstrip(".") + "."]
        if self.activities:
            parts.append(f"Activities: {'; '.join(self.activities)}.")
        parts.append(f"Owner: {self.owner}.")
        parts.append(f"Horizon: {self.horizon}.")
        if self.indicators:
            parts.append(f"Indicators: {'; '.join(self.indicators)}.")
        parts.append(f"Cites: {'; '.join(labels.get(c, c) for c in self.citations)}.")
        return " ".join(parts)


@dataclass(frozen=True)
class PlanSection:
    heading: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    profile: str
    sector: str
    sector_reason: str
    sections: tuple[PlanSection, ...]
    labels: dict[str, str] = field(default_factory=dict)  # citation id -> label

    def citations(self) -> list[str]:
        return list(dict.fromkeys(c for s in self.sections for i in s.items for c in i.citations))

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "sections": [
                {"heading": s.heading, "items": [
                    {"text": i.text(self.labels), "citations": list(i.citations),
                     "objective": i.objective, "activities": list(i.activities), "owner": i.owner,
                     "horizon": i.horizon, "indicators": list(i.indicators), "priority": i.priority}
                    for i in s.items]}
                for s in self.sections
            ],
            "sector": self.sector,
            "sector_reason": self.sector_reason,
        }


class Planner:
    def __init__(self, applicability: Applicability, templates: Templates, crosswalk: Crosswalk,
                 corpus: Corpus) -> None:
        self.applicability, self.templates = applicability, templates
        self.crosswalk, self.corpus = crosswalk, corpus

    def plan(self, profile: str, sector: str | None = None) -> Plan:
        return self.from_assessment(self.applicability.assess(profile, sector))

    def from_assessment(self, assessment: Assessment) -> Plan:
        t, sector = self.templates, assessment.sector
        rank = {p.clause.id: n for n, p in enumerate(assessment.pledges, 1)}
        own = [p for p in assessment.pledges if p.clause.sector == sector]
        best = own[0].score if own else 0.0
        keep = {p.clause.id for n, p in enumerate(own)
                if n < t.minimum or (n < t.maximum and p.score >= t.relative * best)}
        grouped: dict[str, list[PlanItem]] = {key: [] for key in t.sections[sector]}
        done: set[str] = set()
        for template in t.items:
            ids = [c for c in template.clauses if c in rank]
            if not ids or not (set(ids) & keep or self._overarching(ids)) or set(ids) & done:
                continue
            done.update(ids)
            key = template.section.get(sector, "governance")
            grouped.setdefault(key, []).append(self._item(template, ids, sector, rank))
        for pledge in own:
            if pledge.clause.id not in done:
                done.add(pledge.clause.id)
                grouped["further"].append(self._further(pledge.clause.id, pledge.clause.label,
                                                        pledge.clause.text, sector, rank))
        sections = tuple(
            PlanSection(t.headings[key], tuple(sorted(grouped[key], key=lambda i: i.priority)))
            for key in t.sections[sector] if grouped.get(key)
        )
        plan_ids = {c for s in sections for i in s.items for c in i.citations}
        labels = {cid: clause.label for cid in plan_ids if (clause := self.corpus.get(cid)) is not None}
        return Plan(_title(assessment), assessment.profile, sector, assessment.sector_reason, sections,
                    labels)

    @staticmethod
    def _overarching(ids: list[str]) -> bool:
        return all(i.startswith("cta.overarching.") for i in ids)

    def _citations(self, ids: list[str]) -> tuple[str, ...]:
        out: list[str] = list(ids)
        for cid in ids:
            out += self.crosswalk.links(cid) + self.crosswalk.others(cid)
        known = [c for c in dict.fromkeys(out) if self.corpus.get(c) is not None]
        return tuple(known)

    def _item(self, template: Template, ids: list[str], sector: str, rank: dict[str, int]) -> PlanItem:
        owner = template.owner.get(sector) or self.templates.owners[sector]
        return PlanItem(template.objective, template.activities, owner, template.horizon,
                        template.indicators, self._citations(ids), min(rank[i] for i in ids))

    def _further(self, clause_id: str, label: str, text: str, sector: str, rank: dict[str, int]) -> PlanItem:
        f = self.templates.further
        objective = f"{label}: {text.rstrip('.')}. {f.objective}"
        return PlanItem(objective, f.activities, self.templates.owners[sector], f.horizon, f.indicators,
                        self._citations([clause_id]), rank[clause_id])


def _title(assessment: Assessment) -> str:
    name = assessment.profile
    if len(name) > 80:
        name = assessment.organisation or name
    if len(name) > 80:
        name = name[:79].rsplit(" ", 1)[0] + "…"
    name = name[0].upper() + name[1:]
    return f"Action-plan outline: {name} ({SECTOR_NAMES[assessment.sector]})"
