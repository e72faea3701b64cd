"""The cross-walk: which MNR capabilities and INSPIRE strategies implement each clause.

The links are reviewed data in corpus/frameworks/crosswalk.toml, not code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.corpus.files import CROSSWALK_FILE, read_data
from assistant.domain.clauses import ID_PATTERN
from assistant.errors import CorpusError


@dataclass(frozen=True)
class Link:
    """One clause and the framework entries that implement it."""

    clause: str
    mnr: tuple[str, ...] = ()
    inspire: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  # other frameworks the clause names (lanzarote, crc, gsr…)
    theme: str = ""
    why: str = ""

    @property
    def frameworks(self) -> tuple[str, ...]:
        return self.mnr + self.inspire + self.other


@dataclass(frozen=True)
class Crosswalk:
    entries: tuple[Link, ...] = ()
    _by_clause: dict[str, Link] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Link] = {}
        for link in self.entries:
            if link.clause in index:
                raise CorpusError(
                    f"The cross-walk lists '{link.clause}' twice; merge the two entries."
                )
            index[link.clause] = link
        object.__setattr__(self, "_by_clause", index)

    @classmethod
    def load(cls, corpus_dir: Path) -> Crosswalk:
        path = corpus_dir / CROSSWALK_FILE
        data = read_data(corpus_dir, CROSSWALK_FILE,
                         f"The cross-walk file is missing at {path}; restore it from git.")
        return cls(tuple(_link(raw, path) for raw in data.get("link", [])))

    def links(self, clause_id: str) -> tuple[str, ...]:
        """MNR ids, then INSPIRE ids, in file order; empty if the clause has none."""
        link = self._by_clause.get(clause_id)
        return (link.mnr + link.inspire) if link else ()

    def others(self, clause_id: str) -> tuple[str, ...]:
        """Other framework entries the clause names (Lanzarote, CRC, OPSC, GC 25, GSR)."""
        link = self._by_clause.get(clause_id)
        return link.other if link else ()

    def why(self, clause_id: str) -> str:
        link = self._by_clause.get(clause_id)
        return link.why if link else ""

    def theme(self, clause_id: str) -> str:
        link = self._by_clause.get(clause_id)
        return link.theme if link else ""

    def clauses_for(self, framework_id: str) -> tuple[str, ...]:
        """The clauses linked to a framework entry (reverse lookup), in file order."""
        return tuple(link.clause for link in self.entries if framework_id in link.frameworks)

    def clause_ids(self) -> tuple[str, ...]:
        return tuple(link.clause for link in self.entries)

    def unknown_ids(self, known: Iterable[str]) -> list[str]:
        """Every id in the cross-walk that is not in ``known`` (the corpus's ids)."""
        known_set = set(known)
        ids = [i for link in self.entries for i in (link.clause, *link.frameworks)]
        return [i for i in dict.fromkeys(ids) if i not in known_set]


def _link(raw: Any, path: Path) -> Link:
    if not isinstance(raw, dict) or not isinstance(raw.get("clause"), str):
        raise CorpusError(f"A [[link]] in {path} has no `clause` id; add one.")
    clause = raw["clause"]
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("mnr", "inspire", "other"):
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CorpusError(f"In {path}, `{key}` of '{clause}' must be a list of ids.")
        lists[key] = tuple(values)
    for cid in (clause, *lists["mnr"], *lists["inspire"], *lists["other"]):
        if not ID_PATTERN.match(cid):
            raise CorpusError(f"In {path}, '{cid}' is not a clause id; use ids such as mnr.12.")
    bad = [i for i in lists["mnr"] if i != "mnr" and not i.startswith("mnr.")]
    bad += [i for i in lists["inspire"] if i != "inspire" and not i.startswith("inspire.")]
    if bad:
        raise CorpusError(f"In {path}, '{bad[0]}' is listed under the wrong framework for '{clause}'.")
    return Link(clause, lists["mnr"], lists["inspire"], lists["other"],
                str(raw.get("theme", "")).strip(), str(raw.get("why", "")).strip())
