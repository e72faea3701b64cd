"""The citation check's results: JSON per the contract, and a Markdown report for people.

`render_markdown` is what `assistant check` prints without --json; the web UI reuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.check.claims import Problem
from assistant.check.contradiction import Conflict
from assistant.domain.clauses import Clause
from assistant.domain.sectors import SECTOR_ACTORS
from assistant.text.markdown import neutralise

STATUSES = ("supported", "unsupported", "unknown")

@dataclass(frozen=True)
class CitationResult:
    line: int
    sentence: str
    citation: str  # the reference as written
    named_id: str  # the id the reference names, whether or not such a clause exists
    clause_id: str | None  # named_id when that clause exists
    status: str
    score: float
    suggestion: str | None
    conflicts: tuple[Conflict, ...] = ()
    problems: tuple[Problem, ...] = ()  # the parts of the claim the clause does not carry

    def to_json(self) -> dict[str, Any]:
        out = {"line": self.line, "sentence": self.sentence, "citation": self.citation,
               "clause_id": self.clause_id, "status": self.status,
               "score": round(min(1.0, max(0.0, self.score)), 4), "suggestion": self.suggestion}
        return out | ({"problems": [p.to_json() for p in self.problems]} if self.problems else {})


@dataclass(frozen=True)
class UncitedSentence:
    line: int
    sentence: str
    suggestion: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "sentence": self.sentence, "suggestion": self.suggestion}


@dataclass(frozen=True)
class CheckReport:
    results: tuple[CitationResult, ...] = ()
    uncited: tuple[UncitedSentence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"results": [r.to_json() for r in self.results],
                "uncited": [u.to_json() for u in self.uncited]}

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUSES}
        for result in self.results:
            counts[result.status] += 1
        return {**counts, "uncited": len(self.uncited)}


STATUS_WORDS = {
    "supported": "Supported",
    "unsupported": "Not supported",
    "unknown": "No such clause",
}


def render_markdown(report: CheckReport, clauses: Mapping[str, Clause]) -> str:
    """A heading, a summary line with counts, then one entry per citation and per uncited pledge."""
    counts = report.counts()
    total = len(report.results)
    lines = [
        "# Citation check",
        "",
        f"{total} citation{'' if total == 1 else 's'} checked: {counts['supported']} supported, "
        f"{counts['unsupported']} not supported, {counts['unknown']} naming no clause; "
        f"{counts['uncited']} pledge statement{'' if counts['uncited'] == 1 else 's'} without a citation.",
    ]
    if report.results:
        lines += ["", "## Citations"]
        for result in report.results:
            lines += ["", *_citation(result, clauses)]
    if report.uncited:
        lines += ["", "## Pledge statements without a citation"]
        for item in report.uncited:
            lines += ["", f"### Line {item.line}: no citation", "", _quote(item.sentence)]
            lines.append(f"- Suggested citation: {_clause(item.suggestion, clauses)}" if item.suggestion
                         else "- Suggested citation: none found; check the statement against the "
                              "Call to Action.")
    if not report.results and not report.uncited:
        lines += ["", "No clause references and no pledge statements were found in the text."]
    return "\n".join(lines) + "\n"


def _citation(result: CitationResult, clauses: Mapping[str, Clause]) -> list[str]:
    out = [f"### Line {result.line}: {STATUS_WORDS[result.status]} ({result.citation})", "",
           _quote(result.sentence)]
    if result.clause_id is None:
        out.append(f"- Cited: {result.citation}, which names `{result.named_id}`: the Call to Action "
                   "and its frameworks have no such clause.")
    else:
        out.append(f"- Cited: {_clause(result.clause_id, clauses, with_text=True)}")
        out.append(f"- Support score: {result.score:.2f}")
    for conflict in result.conflicts:
        out.append(f"- Contradiction ({conflict.cue}): {conflict.detail}.")
    cited = clauses.get(result.clause_id or "")
    if result.problems and cited is not None:
        out.append(f"- Why: {explain(result.problems, cited)}")
    if result.suggestion:
        out.append(f"- Suggested instead: {_clause(result.suggestion, clauses, with_text=True)}")
    elif result.status != "supported":
        out.append("- Suggested instead: no clause clearly supports this sentence.")
    return out


def explain(problems: tuple[Problem, ...], clause: Clause) -> str:
    """One sentence on what the clause does not carry: "The clause asks companies to *aim to
    build*, which is not a duty (*must deploy*); it does not name *age verification*." """
    actors = SECTOR_ACTORS.get(clause.sector or "", "")
    who = (actors.split("(")[-1].rstrip(")") if "(" in actors else actors) + " " if actors else ""
    parts = []
    for p in problems:
        clause_words = p.clause[:1].lower() + p.clause[1:] if p.clause[1:2].islower() else p.clause
        mine, theirs = f"*{p.draft}*", f"*{clause_words}*" if p.clause else ""
        if p.kind == "stronger_duty":
            parts.append(f"asks {who}to {theirs}, which is not a duty ({mine})")
        elif p.kind == "wrong_actor":
            parts.append(f"is a pledge of {p.clause or 'another sector'}, not of {mine}")
        elif p.kind in ("contradiction", "frequency") and theirs:
            parts.append(f"says {theirs}, not {mine}")
        elif p.kind == "adds_specific":
            parts.append(f"does not name {mine}" + (f" (it is {theirs})" if theirs else ""))
        else:
            parts.append(f"does not say {mine}" + (f" (it allows {theirs})" if theirs else ""))
    return "The clause " + "; it ".join(parts) + "."


def _clause(clause_id: str, clauses: Mapping[str, Clause], with_text: bool = False) -> str:
    clause = clauses.get(clause_id)
    if clause is None:
        return f"`{clause_id}`"
    label = f"**{clause.label}** (`{clause.id}`)"
    if not with_text:
        return label
    text = " ".join(clause.text.split())
    return f"{label}: “{text if len(text) <= 300 else text[:297].rstrip() + '…'}”"


def _quote(text: str) -> str:
    return "> " + neutralise(" ".join(text.split()))  # a draft's words: no HTML, image or link
