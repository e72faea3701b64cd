"""Action plans for one organisation: every pledge that applies to it, with owners and indicators.

Structure and citations are deterministic. The profile's sector and ranking come from
``applicable``; the kind of organisation and its name from ``organisation.py``. Every
pledge of the sector and every overarching commitment is planned in full from the
templates in corpus/behaviour/plan_templates.toml: as the organisation's own work where
its kind leads the pledge (a regulator leads take-down regulation, a ministry the whole
national plan), otherwise as its contribution to whoever leads it. Services the profile
names (a helpline) add the other sectors' pledges they serve. Every item cites its pledges
and their cross-walk links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.applicable.applicability import Applicability, Assessment
from assistant.applicable.profile import aligned
from assistant.corpus.crosswalk import Crosswalk
from assistant.corpus.loader import Corpus
from assistant.domain.clauses import SECTOR_NAMES
from assistant.plan.organisation import Organisation, mentions, read_organisation, title_name
from assistant.plan.templates import HORIZONS, Kind, Template, Templates

__all__ = ["HORIZONS", "Plan", "PlanItem", "PlanSection", "Planner", "Templates"]


@dataclass(frozen=True)
class PlanItem:
    objective: str
    activities: tuple[str, ...]
    owner: str
    horizon: str
    indicators: tuple[str, ...]
    citations: tuple[str, ...]
    priority: int  # the pledge's rank for this profile (1 = most relevant)
    role: str = "lead"  # "lead" (the organisation's own work) or "support" (its contribution)
    note: str = ""

    def text(self, labels: Mapping[str, str]) -> str:
        """One readable paragraph: objective; activities; owner; horizon; indicators; note; citations."""
        parts = [self.objective.rstrip(".") + "."]
        if self.activities:
            parts.append(f"Activities: {'; '.join(self.activities)}.")
        parts.append(f"Owner: {self.owner}.")
        parts.append(f"Horizon: {self.horizon}.")
        if self.indicators:
            parts.append(f"Indicators: {'; '.join(self.indicators)}.")
        if self.note:
            parts.append(f"Note: {self.note.rstrip('.')}.")
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
    organisation: str = ""  # how the profile names it ("mid-size video-sharing platform")
    kind: str = ""  # what kind it was read as ("a regulator")

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
        organisation = read_organisation(assessment.profile, sector, t, assessment.organisation)
        rank = {p.clause.id: n for n, p in enumerate(assessment.pledges, 1)}
        grouped: dict[str, list[PlanItem]] = {key: [] for key in t.sections[sector]}
        done: set[str] = set()
        for template in t.items:
            ids = [c for c in template.clauses if c in rank]
            if not ids or set(ids) & done:
                continue
            done.update(ids)
            key = template.section.get(sector, "governance")
            grouped.setdefault(key, []).append(self._item(template, ids, sector, organisation.kind, rank))
        folded = aligned(assessment.profile)[0]
        for service in t.services:
            ids = [c for c in service.template.clauses if not c.startswith(f"cta.{sector}.")]
            if ids and mentions(service.pattern, folded):
                key = service.template.section.get(sector, "services")
                item = self._item(service.template, ids, sector, organisation.kind, rank, service=True)
                grouped.setdefault(key, []).append(item)
        sections = tuple(
            PlanSection(t.headings[key], tuple(sorted(grouped[key], key=lambda i: i.priority)))
            for key in t.sections[sector] if grouped.get(key)
        )
        plan_ids = {c for s in sections for i in s.items for c in i.citations}
        labels = {cid: clause.label for cid in plan_ids if (clause := self.corpus.get(cid)) is not None}
        return Plan(_title(assessment, organisation), assessment.profile, sector, assessment.sector_reason,
                    sections, labels, organisation.name, organisation.kind.name)

    def _citations(self, ids: list[str]) -> tuple[str, ...]:
        out: list[str] = list(ids)
        for cid in ids:
            out += self.crosswalk.links(cid) + self.crosswalk.others(cid)
        known = [c for c in dict.fromkeys(out) if self.corpus.get(c) is not None]
        return tuple(known)

    def _item(self, template: Template, ids: list[str], sector: str, kind: Kind, rank: dict[str, int],
              service: bool = False) -> PlanItem:
        """The template as the organisation's own work, or as its support to the pledge's lead; a
        service is the organisation's own work, owned as the service's template says."""
        section = template.section.get(sector, "governance")
        role = "lead" if service or kind.leads_clause(ids[0]) else "support"
        # the template's own owner is the lead's (a payments firm's compliance head): an organisation
        # that only supports the pledge owns its part with its own people
        own = template.owner.get(sector) if role == "lead" else None
        owner = ((template.owner.get(sector) if service else None) or template.owner.get(kind.key)
                 or kind.owner(section) or own or self.templates.owners[sector])
        if role == "lead":
            objective, activities = template.objective, template.kinds.get(kind.key, template.activities)
        else:
            # a kind's own way of supporting (an industry body guides its members) comes first
            lead = kind.lead or template.lead or template.owner.get(sector, "")
            objective = f"Help {lead} {template.objective[:1].lower()}{template.objective[1:]}"
            theme = self.crosswalk.theme(ids[0]) or template.objective.rstrip(".").lower()
            activities = tuple(a.format(theme=theme) for a in kind.support) or template.support
        priority = min((rank[i] for i in ids if i in rank), default=len(rank) + 1)
        return PlanItem(objective, activities, owner, template.horizon, template.indicators,
                        self._citations(ids), priority, role, template.note)


def _title(assessment: Assessment, organisation: Organisation) -> str:
    name = title_name(assessment.profile, organisation)
    return f"Action-plan outline: {name} ({SECTOR_NAMES[assessment.sector]})"
