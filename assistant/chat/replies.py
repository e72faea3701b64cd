"""What the chat says for each job's result: short Markdown, each clause named by its label."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from assistant.domain.clauses import SECTOR_NAMES, Clause

if TYPE_CHECKING:
    from assistant.applicable.applicability import Assessment
    from assistant.check.report import CheckReport
    from assistant.plan.planning import Plan

LISTED = 10  # a limit: the pledges an applicability reply lists in full; the rest are named and cited

NEED_PROFILE = {
    "applicable": "Tell me about your organisation in one sentence (for example \"we're a payment app "
                  "in Kenya\" or \"we're the ministry of education\") and I'll list the pledges that "
                  "apply to it.",
    "plan": "Describe your organisation in one sentence (for example \"we're a helpline charity in "
            "Kenya\" or \"we're a video-sharing app for teens\") and I'll draft an action plan for it.",
}
NEED_DRAFT = ("Paste the draft with its citations (for example \"Governments pledge to criminalise "
              "AI-generated abuse (Gov 3b).\") and I'll check each one against the clause it names.")
PASTE_DOCUMENT = ("Paste the text of your plan or policy after your message (or upload it in the Assess "
                  "tab) and I'll judge it against every pledge that applies to you: covered, partial or "
                  "missing, with the lines that show it.")
NO_ASSESS = ("Assessing a whole document against the pledges is not available yet. Meanwhile, paste "
             "sentences with their citations and I'll check them, or ask which pledges apply to you.")


def applicable_reply(assessment: Assessment) -> tuple[str, tuple[str, ...]]:
    """The ranked pledges as a Markdown list, and the ids it cites. Twin pledges (the same
    text under two labels, as Private sector 1(a) and 1(f)) are listed once, with both labels."""
    twins: dict[str, list[str]] = {}  # a pledge's text -> its labels, in ranked order
    for pledge in assessment.pledges:
        twins.setdefault(pledge.clause.text, []).append(pledge.clause.label)
    first = [p for i, p in enumerate(assessment.pledges)
             if all(q.clause.text != p.clause.text for q in assessment.pledges[:i])]

    def named(label_text: str) -> str:
        labels = twins[label_text]
        return labels[0] if len(labels) == 1 else f"{labels[0]} (and {', '.join(labels[1:])}: the same text)"

    listed, rest = first[:LISTED], first[LISTED:]
    lines = [f"**{len(assessment.pledges)} pledges apply to {assessment.profile}** "
             f"({SECTOR_NAMES[assessment.sector]}), most relevant first:", ""]
    for n, pledge in enumerate(listed, 1):
        lines.append(f"{n}. **{named(pledge.clause.text)}**: {pledge.clause.text}  \n"
                     f"   *Why:* {pledge.reason}")
    if rest:  # named and cited too: they apply, only less specifically
        lines += ["", f"…and {len(rest)} more, less specific to you: "
                  + ", ".join(named(p.clause.text) for p in rest) + "."]
    return "\n".join(lines), tuple(p.clause.id for p in assessment.pledges)


def plan_reply(plan: Plan, markdown: str) -> tuple[str, tuple[str, ...]]:
    """The plan's Markdown, and every id its items cite (once each, in order)."""
    cited = dict.fromkeys(c for s in plan.sections for i in s.items for c in i.citations)
    return markdown, tuple(cited)


def check_reply(report: CheckReport, clauses: Mapping[str, Clause]) -> tuple[str, tuple[str, ...]]:
    """One line per citation checked (its verdict, its problems, a better clause), and the ids named."""
    if not report.results and not report.uncited:
        return ("I found no citation to check and no pledge-like sentence in that text. "
                + NEED_DRAFT), ()
    words = {"supported": "supported", "unsupported": "**not supported**", "unknown": "**no such clause**"}
    counts = report.counts()
    lines = [f"**{len(report.results)} citation(s) checked:** {counts['supported']} supported, "
             f"{counts['unsupported']} not supported, {counts['unknown']} naming no clause.", ""]
    cited: list[str] = []
    for result in report.results:
        clause = clauses.get(result.clause_id or "")
        named = clause.label if clause else result.citation
        line = f"- \"{result.sentence}\" cites {named}: {words[result.status]}."
        if result.problems:
            reasons = (f"{p.kind.replace('_', ' ')} (\"{p.draft}\")" for p in result.problems)
            line += " " + "; ".join(reasons) + "."
        better = clauses.get(result.suggestion or "")
        if better is not None and result.status != "supported":
            line += f" {better.label} says it: {better.text}"
        lines.append(line)
        cited += [c for c in (result.clause_id, result.suggestion) if c and c in clauses]
    for uncited in report.uncited:
        better = clauses.get(uncited.suggestion or "")
        hint = f" ({better.label} may fit)" if better is not None else ""
        lines.append(f"- \"{uncited.sentence}\" has no citation{hint}.")
        cited += [better.id] if better is not None else []
    return "\n".join(lines), tuple(dict.fromkeys(cited))


def show_reply(clause: Clause) -> str:
    return f"**{clause.label}** `{clause.id}`\n\n{clause.text}\n\n— {clause.source}"


def assess_reply(result: Mapping[str, Any], nearest: Sequence[str] = ()) -> tuple[str, tuple[str, ...]]:
    """The assessment's counts and its pledges by status, and the ids of those it found covered
    or partly covered; when it meets none, the labels of the pledges ``nearest`` to it in meaning."""
    pledges = list(result.get("pledges", []))
    summary = result.get("summary", {})
    covered = summary.get("covered", 0)
    lines = [f"**Assessment:** {covered} pledge{'' if covered == 1 else 's'} covered, "
             f"{summary.get('partial', 0)} partly, {summary.get('missing', 0)} missing."]
    for status in ("missing", "partial", "covered"):
        named = [f"*{p['label']}*" for p in pledges if p.get("status") == status]
        if named:
            lines.append(f"- {status.capitalize()}: {', '.join(named)}")
    if nearest:
        lines.append(f"\nThe text commits to no pledge in full or in part; it is nearest to "
                     f"{', '.join(f'*{n}*' for n in nearest)}: say how you meet them, or add what they ask.")
    return "\n".join(lines), tuple(str(p["id"]) for p in pledges if p.get("status") != "missing")
