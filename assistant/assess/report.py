"""The assessment as a report: a coverage table and summary, or a draft biennial progress report
(Overarching commitments 3 and 4: per pledge, what the document shows, its evidence, what
remains), in Markdown or Word. The document's words are quoted inert: no HTML, link or image
in them survives into the Markdown.
"""

from __future__ import annotations

import io

from assistant.assess.assessor import Assessment, PledgeResult
from assistant.assess.judge import COVERED, MISSING, PARTIAL
from assistant.domain.clauses import CTA_SOURCE, SECTOR_NAMES
from assistant.text.markdown import literal

KINDS = ("coverage", "progress")
NOTE = (f"Judged against the {CTA_SOURCE} by the assistant's reading of the document; a reviewer "
        "should confirm each line before it is reported.")
REMAINS = {COVERED: "Keep it up and report the results achieved.",
           PARTIAL: "Turn what the document touches on into a commitment to all of the pledge.",
           MISSING: "Nothing in the document yet: plan it, or say why it does not apply."}


def inert(text: str) -> str:
    """A document's words on one line, as Markdown that shows exactly them (text/markdown.py)."""
    return literal(" ".join(text.split()))


def title(assessment: Assessment, kind: str) -> str:
    sector = SECTOR_NAMES[assessment.sector]
    return (f"Coverage of the Call to Action ({sector})" if kind == "coverage"
            else f"Draft biennial progress report to the WeProtect Global Alliance ({sector})")


def summary_sentence(assessment: Assessment) -> str:
    s = assessment.summary
    total = sum(s.values())
    return (f"Of the {total} pledges that apply, the document covers {s[COVERED]}, touches on "
            f"{s[PARTIAL]} without fully committing, and misses {s[MISSING]}.")


def _evidence(result: PledgeResult, sep: str) -> str:
    return sep.join(_evidence_one(result, n) for n in range(len(result.evidence)))


def to_markdown(assessment: Assessment, kind: str = "coverage") -> str:
    lines = [f"# {title(assessment, kind)}", ""]
    if assessment.profile:
        lines.append(f"**Organisation:** {inert(assessment.profile)}  ")
    lines += [f"**Sector:** {assessment.sector_reason}", "", summary_sentence(assessment), "",
              f"_{NOTE}_", ""]
    if kind == "coverage":
        lines += ["| Pledge | Status | Score | Reason | Evidence |", "|---|---|---|---|---|"]
        for r in _ordered(assessment):
            j = r.judgement
            lines.append(f"| {r.clause.label} (`{r.clause.id}`) | {j.status} | {j.score:.2f} | "
                         f"{inert(j.reason)} | {_evidence(r, '<br>') or '—'} |")
        return "\n".join(lines) + "\n"
    for r in assessment.pledges:
        j = r.judgement
        lines += [f"## {r.clause.label} (`{r.clause.id}`)", "", f"> {inert(r.clause.text)}", "",
                  f"**What the document shows ({j.status}):** {inert(j.reason)}", ""]
        if r.evidence:
            lines += ["**Evidence:**", ""]
            lines += [f"- {_evidence_one(r, n)}" for n in range(len(r.evidence))] + [""]
        lines += [f"**What remains:** {REMAINS[j.status]}", ""]
    return "\n".join(lines)


def _evidence_one(result: PledgeResult, n: int) -> str:
    e = result.evidence[n]
    return f"line {e.line}" + (f" ({inert(e.heading)})" if e.heading else "") + f": “{inert(e.text)}”"


def _ordered(assessment: Assessment) -> list[PledgeResult]:
    """Missing first, then partial, then covered: what needs work leads."""
    rank = {MISSING: 0, PARTIAL: 1, COVERED: 2}
    return sorted(assessment.pledges, key=lambda r: rank[r.judgement.status])


def to_docx(assessment: Assessment, kind: str = "coverage") -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = title(assessment, kind)
    document.add_heading(title(assessment, kind), level=0)
    if assessment.profile:
        document.add_paragraph(f"Organisation: {assessment.profile}")
    document.add_paragraph(f"Sector: {assessment.sector_reason}")
    document.add_paragraph(summary_sentence(assessment))
    document.add_paragraph().add_run(NOTE).italic = True
    if kind == "coverage":
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, ("Pledge", "Status", "Score", "Reason", "Evidence")):
            cell.paragraphs[0].add_run(name).bold = True
        for r in _ordered(assessment):
            j = r.judgement
            evidence = "\n".join(f"line {e.line}: {e.text}" for e in r.evidence)
            values = (f"{r.clause.label} ({r.clause.id})", j.status, f"{j.score:.2f}", j.reason, evidence)
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
    else:
        for r in assessment.pledges:
            j = r.judgement
            document.add_heading(f"{r.clause.label} ({r.clause.id})", level=1)
            document.add_paragraph().add_run(r.clause.text).italic = True
            document.add_paragraph(f"What the document shows ({j.status}): {j.reason}")
            for e in r.evidence:
                document.add_paragraph(f"line {e.line} ({e.heading}): {e.text}", style="List Bullet")
            document.add_paragraph(f"What remains: {REMAINS[j.status]}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(assessment: Assessment, fmt: str, kind: str = "coverage") -> bytes:
    return to_markdown(assessment, kind).encode("utf-8") if fmt == "md" else to_docx(assessment, kind)
