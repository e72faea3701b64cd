"""Exporting action plans: Markdown and Word, written atomically.

A file is written to a temporary name in the target folder and then renamed
over the target, so a failure never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from assistant.domain.clauses import CTA_SOURCE, SECTOR_NAMES
from assistant.errors import AssistantError, BadInput
from assistant.plan.planning import Plan, PlanItem

FORMATS = ("md", "docx")
COLUMNS = ("Objective", "Activities", "Owner", "Horizon", "Indicators", "Citations")
# The Word table's column widths in inches, in COLUMNS order: they fill a landscape A4 or
# Letter page inside MARGIN-inch margins (10.0 inches), the wordy columns widest.
WIDTHS = (2.2, 2.6, 1.3, 0.9, 1.6, 1.4)
MARGIN = 0.5
_SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "md", "": "md", ".docx": "docx"}
NOTE = (f"An outline derived from the {CTA_SOURCE}, and the frameworks it points to. "
        "Adapt it to your context; it is not legal advice.")


def resolve_format(fmt: str | None, output: Path | None) -> str:
    """The export format: as given, else from the output file's suffix, else Markdown."""
    if fmt is not None:
        key = fmt.strip().lower().lstrip(".")
        if key not in FORMATS:
            raise BadInput(f"Unknown format '{fmt}'; use md or docx.")
        chosen = key
    elif output is not None:
        suffix = output.suffix.lower()
        if suffix not in _SUFFIXES:
            raise BadInput(f"Cannot tell the format of '{output.name}'; name it .md or .docx, "
                           "or add --format md or --format docx.")
        chosen = _SUFFIXES[suffix]
    else:
        chosen = "md"
    if chosen == "docx" and output is None:
        raise BadInput("Word output needs a file; add -o FILE, e.g. -o plan.docx.")
    return chosen


def check_output(path: Path) -> None:
    """Refuse, before any work is done, an output path that cannot be written."""
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name, e.g. {path / 'plan.docx'}.")
    if path.exists() and not path.is_file():
        raise BadInput(f"{path} is not a regular file (a device or a pipe); choose another -o path.")
    parent = path.parent
    if not parent.exists():
        raise BadInput(f"The folder {parent} does not exist; create it or choose another -o path.")
    if not parent.is_dir():
        raise BadInput(f"{parent} is not a folder; choose another -o path.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"The folder {parent} is not writable; choose another -o path.")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one step: a temporary file, then a rename.

    A symbolic link is followed, so the file it points to is replaced, not the link."""
    path = Path(os.path.realpath(path))
    check_output(path)
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BadInput(f"Cannot write to {path.parent} ({exc.strerror}); choose another -o path.") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # a normal file's mode, not mkstemp's private 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise AssistantError(f"Could not write {path} ({exc.strerror}); nothing was written, "
                                 "so check the disk and try again.") from None
        raise


def render(plan: Plan, fmt: str) -> bytes:
    return to_markdown(plan).encode("utf-8") if fmt == "md" else to_docx(plan)


# --- Markdown -------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _cited(plan: Plan, item: PlanItem, sep: str) -> str:
    return sep.join(f"{plan.labels.get(c, c)} (`{c}`)" for c in item.citations)


def organisation_line(plan: Plan) -> str:
    """Who the plan is for, as read from the profile (empty when nothing was read)."""
    if not plan.organisation or not plan.kind:
        return ""
    line = f"{plan.organisation[:1].upper()}{plan.organisation[1:]}, read as {plan.kind}."
    supported = sum(1 for s in plan.sections for i in s.items if i.role == "support")
    if supported:
        led = len(plan_items(plan)) - supported
        line += (f" It leads {led} of these items itself; "
                 + (f"the other {supported} say" if supported > 1 else "the other one says")
                 + " whom it helps and how.")
    return line


def plan_items(plan: Plan) -> list[PlanItem]:
    return [i for s in plan.sections for i in s.items]


def to_markdown(plan: Plan) -> str:
    lines = [f"# {plan.title}", "",
             f"**Profile:** {_cell(plan.profile)}  ",
             f"**Sector:** {SECTOR_NAMES[plan.sector]}. {plan.sector_reason}", ""]
    if organisation_line(plan):
        lines += [f"**Organisation:** {_cell(organisation_line(plan))}", ""]
    lines += [f"_{NOTE}_", ""]
    for n, section in enumerate(plan.sections, 1):
        lines += [f"## {n}. {section.heading}", "",
                  "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for item in section.items:
            objective = f"{item.objective} _({item.note})_" if item.note else item.objective
            cells = [objective, "<br>".join(f"• {_cell(a)}" for a in item.activities),
                     item.owner, item.horizon, "<br>".join(f"• {_cell(i)}" for i in item.indicators),
                     _cited(plan, item, "<br>")]
            lines.append("| " + " | ".join(_cell(c) if "<br>" not in c else c for c in cells) + " |")
        lines.append("")
    lines += ["## Citations", ""]
    lines += [f"- {plan.labels.get(c, c)} (`{c}`)" for c in plan.citations()]
    return "\n".join(lines) + "\n"


# --- Word -----------------------------------------------------------------------------


def _landscape(document: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches

    for page in document.sections:
        width, height = page.page_width, page.page_height
        page.orientation = WD_ORIENT.LANDSCAPE
        page.page_width, page.page_height = max(width, height), min(width, height)
        page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Inches(MARGIN)


def _widths(table: Any) -> None:
    """Fixed column widths (Word reads the cells' widths, LibreOffice the grid's)."""
    from docx.shared import Inches

    table.autofit = False
    for column, inches in zip(table.columns, WIDTHS):
        column.width = Inches(inches)
        for cell in column.cells:
            cell.width = Inches(inches)


def to_docx(plan: Plan) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    _landscape(document)
    document.core_properties.title = plan.title
    document.add_heading(plan.title, level=0)
    profile = document.add_paragraph()
    profile.add_run("Profile: ").bold = True
    profile.add_run(plan.profile)
    sector = document.add_paragraph()
    sector.add_run("Sector: ").bold = True
    sector.add_run(f"{SECTOR_NAMES[plan.sector]}. {plan.sector_reason}")
    if organisation_line(plan):
        organisation = document.add_paragraph()
        organisation.add_run("Organisation: ").bold = True
        organisation.add_run(organisation_line(plan))
    document.add_paragraph().add_run(NOTE).italic = True
    for n, section in enumerate(plan.sections, 1):
        document.add_heading(f"{n}. {section.heading}", level=1)
        table = document.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, COLUMNS):
            cell.text = ""
            cell.paragraphs[0].add_run(name).bold = True
        for item in section.items:
            objective = f"{item.objective}\n({item.note})" if item.note else item.objective
            values = (objective, "\n".join(f"• {a}" for a in item.activities), item.owner,
                      item.horizon, "\n".join(f"• {i}" for i in item.indicators),
                      "\n".join(f"{plan.labels.get(c, c)} ({c})" for c in item.citations))
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        _widths(table)
    document.add_heading("Citations", level=1)
    for cid in plan.citations():
        document.add_paragraph(f"{plan.labels.get(cid, cid)} ({cid})", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
