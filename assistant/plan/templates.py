"""The plan templates and the kinds of organisation they are written for.

All of it is data in corpus/behaviour/plan_templates.toml (Templates.load is its one
loader): the sections, one template per pledge (with how an organisation that only
supports the pledge contributes), the kinds of organisation with the cues that name them
and the pledges each leads, and the services an organisation may run for another sector's
pledges (a helpline for Government 6(b)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.corpus.files import PLAN_TEMPLATES_FILE as TEMPLATES_FILE
from assistant.corpus.files import Table, load_data
from assistant.domain.clauses import SECTORS
from assistant.errors import CorpusError
from assistant.text.phrases import phrase_pattern

HORIZONS = ("0-6 months", "6-18 months", "18-36 months")
OVERARCHING = "cta.overarching."


@dataclass(frozen=True)
class Template:
    clauses: tuple[str, ...]
    section: dict[str, str]  # sector -> section key
    owner: dict[str, str]  # sector or kind -> owner role
    horizon: str
    objective: str
    activities: tuple[str, ...]
    indicators: tuple[str, ...]
    lead: str = ""  # who leads the pledge when the organisation only supports it
    support: tuple[str, ...] = ()  # the activities of an organisation that supports it
    note: str = ""
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a kind's own activities


@dataclass(frozen=True)
class Kind:
    """A kind of organisation (a regulator, a company…): the pledges it leads and its teams."""

    key: str
    sector: str
    name: str
    pattern: re.Pattern[str] | None
    default: bool
    leads: tuple[str, ...]  # clause ids, or prefixes ending in "."
    owners: dict[str, str]  # section key (or "default") -> the kind's own team
    lead: str  # who leads what it supports, when a template names no lead
    support: tuple[str, ...]  # its contribution when a template has no `support` ("{theme}")

    def leads_clause(self, clause_id: str) -> bool:
        return clause_id.startswith(OVERARCHING) or any(
            clause_id == p or (p.endswith(".") and clause_id.startswith(p)) for p in self.leads)

    def owner(self, section: str) -> str:
        return self.owners.get(section) or self.owners.get("default", "")


@dataclass(frozen=True)
class Service:
    """Something an organisation may run that serves another sector's pledge."""

    pattern: re.Pattern[str]
    template: Template


@dataclass(frozen=True)
class Templates:
    headings: dict[str, str]
    sections: dict[str, tuple[str, ...]]
    owners: dict[str, str]
    items: tuple[Template, ...]
    kinds: tuple[Kind, ...] = ()
    services: tuple[Service, ...] = ()

    @classmethod
    def load(cls, corpus_dir: Path) -> Templates:
        templates = load_data(corpus_dir, TEMPLATES_FILE, "the plan templates", cls.from_data)
        templates.validate(corpus_dir / TEMPLATES_FILE)
        return templates

    @classmethod
    def from_data(cls, data: Table) -> Templates:
        return cls({str(k): str(v) for k, v in data["headings"].items()},
                   {s: tuple(str(k) for k in data["sections"][s]) for s in SECTORS},
                   {s: str(data["owners"][s]) for s in SECTORS},
                   tuple(_template(raw) for raw in data.get("item", [])),
                   tuple(_kind(str(key), raw) for key, raw in data["kinds"].items()),
                   tuple(Service(phrase_pattern(str(c) for c in raw["cues"]), _template(raw))
                         for raw in data.get("service", [])))

    def validate(self, path: Path) -> None:
        for item in self.items + tuple(s.template for s in self.services):
            unknown = [k for k in item.section.values() if k not in self.headings]
            if unknown or not item.horizon.startswith(HORIZONS):
                raise CorpusError(f"The plan template for {item.clauses[0]} in {path} has an unknown "
                                  "section or horizon; fix it.")
            if set(item.kinds) - {k.key for k in self.kinds}:
                raise CorpusError(f"The plan template for {item.clauses[0]} in {path} names an unknown "
                                  "kind of organisation in `kinds`; use a key of [kinds].")
        for sector in SECTORS:
            if sum(k.default for k in self.kinds if k.sector == sector) != 1:
                raise CorpusError(f"{path} needs exactly one default kind of organisation for {sector}; "
                                  "mark one with `default = true`.")
        for kind in self.kinds:
            bare = [t.clauses[0] for t in self.items if not kind.leads_clause(t.clauses[0])
                    and t.clauses[0].startswith(f"cta.{kind.sector}.") and not t.support]
            if bare and not kind.support:
                raise CorpusError(f"In {path}, the kind '{kind.key}' supports {bare[0]}, whose template has "
                                  "no `support`; add one, or a `support` to the kind.")

    def kinds_of(self, sector: str) -> tuple[Kind, ...]:
        return tuple(k for k in self.kinds if k.sector == sector)

    def default_kind(self, sector: str) -> Kind:
        return next(k for k in self.kinds if k.sector == sector and k.default)


def _per_sector(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return dict.fromkeys(SECTORS, str(value))


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a list of strings, got '{value}'")
    return tuple(str(v) for v in value)


def _template(raw: dict[str, Any]) -> Template:
    kinds = {str(k): _strings(v) for k, v in raw.get("kinds", {}).items()}
    return Template(tuple(str(c) for c in raw["clauses"]), _per_sector(raw["section"]),
                    _per_sector(raw["owner"]), str(raw["horizon"]), str(raw["objective"]).strip(),
                    _strings(raw["activities"]), _strings(raw["indicators"]), str(raw.get("lead", "")),
                    _strings(raw.get("support", ())), str(raw.get("note", "")), kinds)


def _kind(key: str, raw: dict[str, Any]) -> Kind:
    sector = str(raw["sector"])
    if sector not in SECTORS:
        raise ValueError(f"kind '{key}' has an unknown sector '{sector}'")
    leads = raw["leads"]
    prefixes = ("cta.",) if leads == "all" else _strings(leads)
    cues = _strings(raw.get("cues", ()))
    return Kind(key, sector, str(raw["name"]), phrase_pattern(cues) if cues else None,
                bool(raw.get("default", False)), prefixes,
                {str(k): str(v) for k, v in raw.get("owners", {}).items()}, str(raw.get("lead", "")),
                _strings(raw.get("support", ())))
