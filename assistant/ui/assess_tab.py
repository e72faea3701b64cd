"""The Assess tab and the `assess` endpoint's handler: an organisation's own document judged
against the pledges that apply to it. Every quoted line is made inert (ui/safe.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.core import Assistant
from assistant.corpus.readers import MAX_BYTES, MAX_MB, Draft, read_draft
from assistant.errors import BadInput
from assistant.ui import style
from assistant.ui import temp as ui_temp
from assistant.ui.handlers import SECTOR_CHOICES
from assistant.ui.jobs import Jobs
from assistant.ui.safe import neutralise

STATUS_SYMBOLS = {"covered": "✓ covered", "partial": "~ partial", "missing": "✗ missing"}
NO_LATEX: list[dict[str, str | bool]] = []


def assess_view(assistant: Assistant, text: str, upload: str | None, sector: str,
                folder: Path) -> tuple[str, list[list[str]], str, str]:
    """A summary, one row per pledge, the Markdown report and the Word report's file."""
    from assistant.assess.report import render, summary_sentence, to_markdown

    draft = _draft(text, upload)
    result = assistant.assess(draft.text, sector=sector or None, paragraph_lines=draft.paragraph_lines)
    rows = [[p.clause.label, STATUS_SYMBOLS[p.judgement.status], f"{p.judgement.score:.2f}",
             p.judgement.reason, "; ".join(f"line {e.line}" for e in p.evidence)] for p in result.pledges]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "assessment.docx"
    path.write_bytes(render(result, "docx"))
    summary = f"**{result.sector_reason}** {summary_sentence(result)}"
    return neutralise(summary), rows, neutralise(to_markdown(result, "progress")), str(path)


def api_assess(assistant: Assistant, text: str) -> dict[str, Any]:
    """The `assess` endpoint: the JSON of `assistant assess --json` for a pasted document."""
    return assistant.assess(_draft(text, None).text).to_json()


def _draft(text: str, upload: str | None) -> Draft:
    if upload:
        return read_draft(Path(upload))
    if not text or not text.strip():
        raise BadInput("Paste a plan or policy, or upload one (.txt, .md, .docx or .pdf), to assess.")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise BadInput(f"The text is larger than {MAX_MB} MB; assess the document in parts.")
    return Draft(text)


ASSESS_COLUMNS = ["Pledge", "Status", "Score", "Reason", "Evidence"]
ASSESS_WIDTHS = ["16%", "9%", "7%", "30%", "38%"]


def assess_tab(assistant: Assistant, jobs: Jobs, cached: Any) -> None:
    gr.Markdown("Paste your organisation's plan or policy, or upload it (.txt, .md, .docx, .pdf; at "
                "most 10 MB). Every pledge that applies is judged covered, partial or missing, with "
                "the lines that show it and a draft of the biennial progress report.")
    text = gr.Textbox(label="Document text", lines=8, max_length=200_000, elem_id="assess-text")
    upload = gr.File(label="…or upload a file", file_types=[".txt", ".md", ".docx", ".pdf"],
                     type="filepath", elem_id="assess-file")
    sector = gr.Dropdown(SECTOR_CHOICES, value="", label="Sector (else read from the document)")
    go = gr.Button("Assess the document", variant="primary", elem_id="assess-button")
    summary = gr.Markdown(elem_id="assess-summary", latex_delimiters=NO_LATEX)
    table = gr.HTML(elem_id="assess-table")  # cards on a phone (ui/style.py)
    report_file = gr.File(label="Report (Word)", interactive=False)
    with gr.Accordion("Draft biennial progress report", open=False):
        report = gr.Markdown(elem_id="assess-report", latex_delimiters=NO_LATEX)

    @jobs.bounded
    def run(draft: str, path: str | None, sector_key: str) -> tuple[str, str, str, str]:
        folder = ui_temp.job_folder("assess-")
        try:
            if path and not Path(path).is_file():
                raise BadInput("The uploaded file is no longer on the server (each upload is deleted "
                               "once assessed); upload it again.")
            head, rows, markdown, report_path = assess_view(assistant, draft, path, sector_key, folder)
            return (head, style.table_html(ASSESS_COLUMNS, rows, ASSESS_WIDTHS, numeric=(2,)),
                    style.line_breaks(markdown), cached(report_path))
        finally:
            ui_temp.discard_upload(path)  # the organisation's document is not kept
            shutil.rmtree(folder, ignore_errors=True)

    go.click(run, [text, upload, sector], [summary, table, report, report_file], api_visibility="private")
