"""The text of a complete list: sections of labelled clauses, each clause once.

Clauses with the same words (the Call to Action lists one private-sector clause twice, as
1(a) and 1(f)) are shown once under both labels, with a note; both ids are cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.domain.clauses import Clause, Hit
from assistant.domain.sectors import SECTOR_NAMES, SECTORS
from assistant.text.normalise import words

# words that offer a concept's alternatives: "survivors or victims (incl. lived experience)"
ALTERNATIVE = re.compile(r"\s(?:or|and/or|nor)\s|/|\(|\)"
                          r"|\b(?:incl|including|e\.g|eg|such as|as well as)\b")
LISTED = re.compile(rf"{ALTERNATIVE.pattern}|[,:]\s")
ENUMERATION = re.compile(r":\s|,[^,]*,|,.*\s(?:or|and|and/or)\s")  # "A, B or C", "X: A, B"
SPLITS = (LISTED, ALTERNATIVE, ENUMERATION)  # commas too where a list enumerates, or-words only

@dataclass(frozen=True)
class Section:
    title: str  # may be empty: the list has one section
    clauses: Sequence[Clause]
    pledge: Clause | None = None  # the pledge heading the clauses are the parts of
    empty: str = ""  # what to say when the section has no clause


@dataclass(frozen=True)
class Listing:
    text: str
    citations: tuple[str, ...]
    clauses: tuple[Clause, ...] = field(default_factory=tuple)


def render(lead: str, sections: Sequence[Section], counting: bool, last: str = "") -> Listing:
    """The list's text and citations: every listed clause's id, labels shown."""
    listed = [c for s in sections for c in ([s.pledge] if s.pledge else []) + list(s.clauses)]
    twins = _twins([c for c in listed if c.kind != "pledge"])
    lines = [_count(listed, twins) + " " + lead if counting else lead]
    shown: set[str] = set()
    for section in sections:
        if section.title or section.pledge:
            title = f"*{section.pledge.label}*: {section.pledge.text.splitlines()[0]}" \
                if section.pledge else section.title
            lines += ["", f"**{title}**" if not section.pledge else title]
        if not section.clauses and section.empty:
            lines.append(section.empty)
        for clause in section.clauses:
            if clause.id in shown:
                continue
            same = [t for t in twins.get(clause.id, []) if t.id != clause.id]
            shown.update([clause.id, *(t.id for t in same)])
            lines.append(_line(clause, same))
    if last:
        lines += ["", last]
    cited = tuple(dict.fromkeys(c.id for c in listed))
    return Listing("\n".join(lines), cited, tuple(dict.fromkeys(listed)))


def _line(clause: Clause, same: Sequence[Clause]) -> str:
    if clause.is_framework:  # its label names it; its text is a long paraphrase
        return f"- *{clause.label}*"
    text = f"“{clause.text.strip()}”"
    if clause.kind == "pledge":  # its parts follow it in the list
        return f"- *{clause.label}* (the whole pledge): {clause.text.splitlines()[0]}"
    if not same:
        return f"- *{clause.label}*: {text}"
    labels = " and ".join(f"*{c.label}*" for c in [clause, *same])
    return (f"- {labels}: {text} (the Call to Action lists this clause {_times(len(same) + 1)}, "
            f"as {' and '.join(c.label for c in [clause, *same])})")


def _times(n: int) -> str:
    return {2: "twice", 3: "three times"}.get(n, f"{n} times")


def _twins(clauses: Sequence[Clause]) -> dict[str, list[Clause]]:
    """Clauses whose words are identical, by each one's id (only those that have a twin)."""
    groups: dict[str, list[Clause]] = {}
    for clause in dict.fromkeys(clauses):
        groups.setdefault(" ".join(words(clause.text)), []).append(clause)
    return {c.id: group for group in groups.values() if len(group) > 1 for c in group}


def _count(listed: Sequence[Clause], twins: dict[str, list[Clause]]) -> str:
    unique = list(dict.fromkeys(listed))
    pledges = [c for c in unique if c.kind == "pledge"]
    items = [c for c in unique if c.kind != "pledge"]
    repeats = sum(len(g) - 1 for g in {id(g): g for g in twins.values()}.values()
                  if all(c in items for c in g))
    distinct = len(items) - repeats
    twice = f" ({repeats} of them listed twice in the text)" if repeats else ""
    if pledges and items:
        return f"There are {len(pledges)} pledges with {distinct} distinct parts{twice}."
    return f"There are {len(pledges) or distinct}{twice}."


def by_sector(found: Sequence[Clause], sectors: Sequence[str]) -> list[Section]:
    order = list(sectors) + [s for s in SECTORS if s not in sectors]
    sections = [Section("Opening points", [c for c in found if c.kind == "preamble"]),
                Section("All members", [c for c in found if c.kind == "overarching"])]
    sections += [Section(sector_name(s).capitalize(), [c for c in found if c.sector == s]) for s in order]
    sections.append(Section("Closing statement", [c for c in found if c.kind == "closing"]))
    sections.append(Section("Frameworks", [c for c in found if c.is_framework]))
    return [s for s in sections if s.clauses]


def joined(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def sector_name(sector: str) -> str:
    return SECTOR_NAMES[sector].lower() if sector != "government" else "government"


def hits_of(listing: Listing) -> tuple[Hit, ...]:
    return tuple(Hit(c, 1.0) for c in listing.clauses)


def as_topic(folded: str, concept: Sequence[str]) -> str:
    """The topic as the question writes it: from its first word to its last."""
    if not concept:
        return ""
    first = re.search(rf"(?<![a-z0-9]){re.escape(concept[0])}(?![a-z0-9])", folded)
    last = list(re.finditer(rf"(?<![a-z0-9]){re.escape(concept[-1])}(?![a-z0-9])", folded))
    if not first or not last or last[-1].end() <= first.start():
        return " ".join(concept)
    shown = " ".join(folded[first.start():last[-1].end()].split())
    return shown + ")" * (shown.count("(") - shown.count(")"))  # "(child participation)"
