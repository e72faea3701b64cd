"""The extractive answer: a readable answer composed from retrieved clauses, no model.

A lead sentence quotes the most relevant clause; the other relevant clauses follow
grouped by sector, each with its label and exact wording; then related frameworks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.domain.clauses import Clause, Hit
from assistant.domain.sectors import SECTOR_ACTORS as ACTORS
from assistant.domain.sectors import SECTOR_NAMES, SECTORS


def quote(text: str) -> str:
    return f"“{text.strip()}”"


def lead_sentence(clause: Clause) -> str:
    label = f"*{clause.label}*"
    if clause.kind == "subclause" and clause.sector:
        return f"Under {label}, {ACTORS[clause.sector]} pledge to: {quote(clause.text)}"
    if clause.kind == "pledge" and clause.sector:
        heading, *parts = clause.text.splitlines()
        items = "; ".join(p.rstrip(".") for p in parts)
        return f"In {label} ({heading}), {ACTORS[clause.sector]} pledge to: {items}."
    if clause.kind == "overarching":
        return f"Under {label}, all members of the WeProtect Global Alliance commit to: {quote(clause.text)}"
    if clause.kind == "preamble":
        return f"The Call to Action's opening ({label}) states: {quote(clause.text)}"
    if clause.kind == "closing":
        return f"The Call to Action closes ({label}): {quote(clause.text)}"
    if clause.is_framework:
        return f"{label}: {clause.text}"
    if clause.kind == "document":
        return f"Your document {label} says: {quote(as_written(clause.text))}"
    return f"{label} ({clause.source}): {quote(clause.text)}"


def as_written(text: str) -> str:
    """A document's own text with every reference in it marked as the document's wording, so
    that "[cta.government.9.z]" in a user's file never reads as the assistant's citation."""
    from assistant.domain.references import find_references

    spans = sorted({(r.start, r.end) for r in find_references(text)}, reverse=True)
    for start, end in spans:
        written = text[start:end]
        if start and end < len(text) and text[start - 1] in "[(" and text[end] in "])":
            start, end = start - 1, end + 1
        text = f"{text[:start]}(the document cites ‘{written}’){text[end:]}"
    return text


def compose(
    hits: Sequence[Hit],
    links: Callable[[str], Sequence[str]],
    lookup: Callable[[str], Clause | None],
    sector: str | None = None,
) -> tuple[str, list[str]]:
    """The answer text and the ids it cites (each shown with its label)."""
    if not hits:
        return "", []
    cited: list[str] = []
    main, *rest = hits
    parts = _parts(main.clause, lookup)
    if parts:  # a whole pledge: each of its sub-clauses with its own label
        heading = main.clause.text.splitlines()[0]
        lines = [f"In *{main.clause.label}* ({heading}), {ACTORS[main.clause.sector or '']} pledge to:"]
        lines += [f"- *{p.label}*: {quote(p.text)}" for p in parts]
        cited += [main.clause.id, *(p.id for p in parts)]
    else:
        lines = [lead_sentence(main.clause)]
        cited.append(main.clause.id)
    others = [h.clause for h in rest
              if (not h.clause.is_framework or main.clause.is_framework)
              and h.clause.parent != main.clause.id]
    frameworks = [h.clause for h in rest if h.clause.is_framework and h.clause not in others]
    if others:
        lines.append("")
        lines.append("Other relevant clauses:")
        for group, clauses in _grouped(others, sector):
            lines.append(f"**{group}**")
            for clause in clauses:
                lines.append(f"- *{clause.label}*: {_short(clause)}")
                cited.append(clause.id)
    related: list[Clause] = list(frameworks)
    for cid in list(cited):
        for link in links(cid):
            linked = lookup(link)
            if linked and linked not in related and linked.id not in cited:
                related.append(linked)
    if related:
        lines.append("")
        names = "; ".join(f"*{c.label}*" for c in related[:6])
        lines.append(f"Related frameworks: {names}.")
        cited += [c.id for c in related[:6]]
    return "\n".join(lines), list(dict.fromkeys(cited))


def _parts(clause: Clause, lookup: Callable[[str], Clause | None]) -> list[Clause]:
    """The sub-clauses of a sector pledge, in order (none for other kinds)."""
    if clause.kind != "pledge" or not clause.sector:
        return []
    letters = [line.split(".", 1)[0] for line in clause.text.splitlines()[1:]]
    return [c for letter in letters if (c := lookup(f"{clause.id}.{letter}")) is not None]


def _short(clause: Clause) -> str:
    if clause.is_framework:
        return clause.text
    if clause.kind == "document":
        return quote(as_written(clause.text))
    if clause.kind == "pledge":
        heading, *parts = clause.text.splitlines()
        return f"{heading}: " + "; ".join(p.rstrip(".") for p in parts) + "."
    return quote(clause.text)


def _grouped(clauses: Sequence[Clause], sector: str | None) -> list[tuple[str, list[Clause]]]:
    order = ([sector] if sector else []) + [s for s in SECTORS if s != sector]
    groups: list[tuple[str, list[Clause]]] = []
    for key in order:
        members = [c for c in clauses if c.sector == key]
        if members:
            groups.append((SECTOR_NAMES[key], members))
    everyone = [c for c in clauses if c.sector is None and c.kind in ("overarching", "preamble", "closing")]
    if everyone:
        groups.append(("All members", everyone))
    documents = [c for c in clauses
                 if c.sector is None and c.kind not in ("overarching", "preamble", "closing")]
    if documents:
        groups.append(("Frameworks and documents", documents))
    return groups
