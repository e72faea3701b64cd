"""The Gradio web UI: the chat first, the jobs as forms in the other tabs, and the API endpoints.

Only the ui modules import gradio. Handlers live in ui_handlers.py; here they are wired
to components. Every job runs through ui_jobs.Jobs (its own time limit, errors as
sentences that are never logged); every text from a user, a document or a model is made
inert (ui_safe.py); ui_server.py adds the Content-Security-Policy; ui_temp.py keeps all
temporary files in one folder per server, removed at exit; style.py and style.css make
the page work from a 390 px phone up (tables become cards there).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from assistant.core import Assistant
from assistant.errors import BadInput
from assistant.text.normalise import require_text
from assistant.ui import chat_view, style
from assistant.ui import handlers as h
from assistant.ui import temp as ui_temp
from assistant.ui.assess_tab import api_assess, assess_tab
from assistant.ui.jobs import QUEUE_CONCURRENCY, Jobs, sentences
from assistant.ui.server import app_kwargs
from assistant.ui.starters import JOB_EXAMPLES, QUICK_ACTIONS

HEADER = """# WeProtect Call to Action assistant
Answers from the **WeProtect Global Alliance 2024 Global Summit Call to Action** (Abu Dhabi,
4-5 December 2024) and the frameworks it points to: the Model National Response (2016
capabilities), INSPIRE (2016), the Global Strategic Response, the Lanzarote Convention (2007),
the UN CRC (1989), its Optional Protocol (2000) and General Comment No. 25 (2021). Every answer
cites its clauses. **This is not legal advice.** Nothing you type is stored or sent anywhere."""

CSS = style.css()
# System fonts only: the page fetches no font from anywhere (and the CSP would refuse one).
FONT = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif")
FONT_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")
NO_LATEX: list[dict[str, str | bool]] = []
DELETE_CACHE = (600, 1800)  # every 10 minutes, Gradio deletes its copies older than 30 minutes
# The result tables: their columns and, on a wide screen, each column's share of the width.
APPLICABLE_COLUMNS = ["#", "Pledge", "Text", "Why it applies", "MNR / INSPIRE", "Score"]
APPLICABLE_WIDTHS = ["4%", "12%", "28%", "36%", "14%", "6%"]
CHECK_COLUMNS = ["Line", "Sentence", "Citation", "Status", "Cited clause", "Suggested clause", "Score"]
CHECK_WIDTHS = ["5%", "25%", "9%", "11%", "28%", "14%", "8%"]


def build(assistant: Assistant, jobs: Jobs | None = None) -> gr.Blocks:
    jobs = jobs or Jobs(assistant.settings.ui_job_seconds)
    ui_temp.server_folder()  # Gradio's cache goes to this server's own temp folder
    with gr.Blocks(title="WeProtect Call to Action assistant", analytics_enabled=False,
                   delete_cache=DELETE_CACHE) as demo:
        gr.Markdown(HEADER)
        with gr.Tabs(overflow_behavior="wrap", elem_id="tabs"):  # every tab in the bar, even on a phone
            with gr.Tab("Chat", elem_id="tab-chat"):
                _ask_tab(assistant, jobs)
            with gr.Tab("Which pledges apply", elem_id="tab-applicable"):
                _applicable_tab(assistant, jobs)
            with gr.Tab("Action plan", elem_id="tab-plan"):
                _plan_tab(assistant, jobs)
            with gr.Tab("Check citations", elem_id="tab-check"):
                _check_tab(assistant, jobs)
            with gr.Tab("Assess a document", elem_id="tab-assess"):
                assess_tab(assistant, jobs, _cached)
        _api(assistant, jobs)
    demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=200)
    return demo  # type: ignore[no-any-return]


def _cached(path: str) -> str:
    """A job's file copied into Gradio's cache (served for download, swept, removed at exit)."""
    from gradio.processing_utils import save_file_to_cache

    return str(save_file_to_cache(path, cache_dir=str(ui_temp.gradio_folder())))


def _ask_tab(assistant: Assistant, jobs: Jobs) -> None:
    conversation = gr.State([])  # the user's earlier messages: the conversation's only memory
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            chatbot = gr.Chatbot(label="Conversation", height=460, elem_id="chat", elem_classes="cards",
                                 latex_delimiters=NO_LATEX, allow_tags=False)
            question = gr.Textbox(label="Your message", lines=2, max_length=20_000, elem_id="question",
                                  placeholder="Ask a question, describe your organisation, paste a draft…")
            with gr.Row(elem_classes="quick-actions", elem_id="quick-actions"):
                for action in QUICK_ACTIONS:
                    gr.Button(action.label, size="sm").click(None, None, question, js=action.js(),
                                                             api_visibility="private")
            with gr.Row():
                sector = gr.Dropdown(h.SECTOR_CHOICES, value="", label="Sector", elem_id="sector")
                send = gr.Button("Send", variant="primary", elem_id="ask-button")
                clear = gr.Button("New conversation")
            downloads = gr.File(label="Plan downloads", file_count="multiple", interactive=False,
                                elem_id="chat-downloads", visible=False)  # shown with a plan
            gr.Examples([*JOB_EXAMPLES, *h.EXAMPLES], inputs=question, label="Examples")
        with gr.Column(scale=2, min_width=280):
            gr.Markdown("### Sources")
            sources = gr.HTML(h.sources_html([]), elem_id="sources")

    def respond(message: str, history: list[dict[str, str]], sector_key: str, state: list[str] | None
                ) -> Iterator[tuple[list[dict[str, str]], str, list[str], str, Any]]:
        """Every job through the conversation; a served model's text streams as it writes."""
        with sentences("chat"):
            require_text(message)
            folder = ui_temp.job_folder("chat-")
            try:
                steps = chat_view.respond(assistant, message, history, sector_key, state, folder)
                for chat, panel, messages, files in jobs.stream(steps):
                    cached = [_cached(f) for f in files]
                    yield chat, panel, messages, "", gr.File(value=cached or None, visible=bool(cached))
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    outputs = [chatbot, sources, conversation, question, downloads]
    inputs = [question, chatbot, sector, conversation]
    send.click(respond, inputs, outputs, api_visibility="private")
    question.submit(respond, inputs, outputs, api_visibility="private")
    clear.click(lambda: ([], h.sources_html([]), [], "", gr.File(value=None, visible=False)), None, outputs,
                api_visibility="private")


def _applicable_tab(assistant: Assistant, jobs: Jobs) -> None:
    gr.Markdown("Describe your organisation in a sentence; the pledges that apply to it come "
                "back ranked, each with the reason it applies and its MNR / INSPIRE links.")
    with gr.Row():
        profile = gr.Textbox(label="Your organisation", lines=2, max_length=2000, scale=4,
                             placeholder="e.g. A mobile money company in East Africa",
                             elem_id="applicable-profile")
        sector = gr.Dropdown(h.SECTOR_CHOICES, value="", label="Sector (optional override)", scale=1)
    go = gr.Button("Find the pledges", variant="primary", elem_id="applicable-button")
    gr.Examples(["A mobile money company in East Africa", "Ministry of Education",
                 "a survivors' network", "a video app for teens"], inputs=profile)
    summary = gr.Markdown(latex_delimiters=NO_LATEX)
    table = gr.HTML(elem_id="applicable-table")

    @jobs.bounded
    def applicable_tab(text: str, sector_key: str) -> tuple[str, str]:
        summary, rows = h.applicable_view(assistant, text, sector_key)
        return summary, style.table_html(APPLICABLE_COLUMNS, rows, APPLICABLE_WIDTHS, numeric=(0, 5))

    run = applicable_tab

    go.click(run, [profile, sector], [summary, table], api_visibility="private")
    profile.submit(run, [profile, sector], [summary, table], api_visibility="private")


def _plan_tab(assistant: Assistant, jobs: Jobs) -> None:
    gr.Markdown("An action-plan outline for your organisation: objectives, activities, owners, "
                "time horizons and indicators, each citing its pledge and the related MNR / "
                "INSPIRE links. Download it as Markdown or Word.")
    with gr.Row():
        profile = gr.Textbox(label="Your organisation", lines=2, max_length=2000, scale=4,
                             placeholder="e.g. Ministry of Justice", elem_id="plan-profile")
        sector = gr.Dropdown(h.SECTOR_CHOICES, value="", label="Sector (optional override)", scale=1)
    go = gr.Button("Draft the outline", variant="primary", elem_id="plan-button")
    with gr.Row():
        md_file = gr.File(label="Markdown", interactive=False)
        docx_file = gr.File(label="Word", interactive=False)
    outline = gr.Markdown(elem_id="plan-outline", elem_classes="cards", latex_delimiters=NO_LATEX)

    @jobs.bounded
    def plan_tab(text: str, sector_key: str) -> tuple[str, str, str]:
        folder = ui_temp.job_folder("plan-")
        try:
            markdown, md_path, docx_path = h.plan_view(assistant, text, sector_key, folder)
            return style.line_breaks(markdown), _cached(md_path), _cached(docx_path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    run = plan_tab

    go.click(run, [profile, sector], [outline, md_file, docx_file], api_visibility="private")


def _check_tab(assistant: Assistant, jobs: Jobs) -> None:
    gr.Markdown("Paste a draft or upload one (.txt, .md, .docx, .pdf; at most 10 MB). Every "
                "reference such as \"Gov. 3b\" is checked against the clause it names; wrong "
                "ones get the clause that really says it.")
    text = gr.Textbox(label="Draft text", lines=8, max_length=200_000, elem_id="check-text",
                      placeholder="Governments pledge to criminalise AI-generated abuse (Gov 3b).")
    upload = gr.File(label="…or upload a file", file_types=[".txt", ".md", ".docx", ".pdf"],
                     type="filepath", elem_id="check-file")
    go = gr.Button("Check the citations", variant="primary", elem_id="check-button")
    summary = gr.Markdown(elem_id="check-summary", latex_delimiters=NO_LATEX)
    table = gr.HTML(elem_id="check-table")
    report_file = gr.File(label="Report (Markdown)", interactive=False)
    with gr.Accordion("Full report", open=False):
        report = gr.Markdown(elem_id="check-report", elem_classes="cards", latex_delimiters=NO_LATEX)

    @jobs.bounded
    def check_tab(draft: str, path: str | None) -> tuple[str, str, str, str]:
        summary, rows, markdown, report_path = check_job(assistant, draft, path)
        return (summary, style.table_html(CHECK_COLUMNS, rows, CHECK_WIDTHS, numeric=(0, 6)),
                style.line_breaks(markdown), report_path)

    run = check_tab

    go.click(run, [text, upload], [summary, table, report, report_file], api_visibility="private")


def check_job(assistant: Assistant, draft: str, path: str | None) -> tuple[str, list[list[str]], str, str]:
    """The Check tab's job: the upload and the job's own folder are deleted when it ends."""
    folder = ui_temp.job_folder("check-")
    try:
        if path and not Path(path).is_file():
            raise BadInput("The uploaded file is no longer on the server (each upload is deleted "
                           "once checked); upload it again.")
        summary, rows, markdown, report_path = h.check_view(assistant, draft, path, folder)
        return summary, rows, markdown, _cached(report_path)
    finally:
        ui_temp.discard_upload(path)  # the user's draft is not kept
        shutil.rmtree(folder, ignore_errors=True)


def _api(assistant: Assistant, jobs: Jobs) -> None:
    """Named endpoints for gradio_client users: each returns the CLI command's JSON."""

    @jobs.bounded
    def ask(question: str, sector: str = "") -> dict[str, Any]:
        """Answer a question with citations (the JSON of `assistant ask --json`)."""
        return h.api_ask(assistant, question, sector)

    @jobs.bounded
    def applicable(profile: str) -> dict[str, Any]:
        """The pledges that apply to an organisation (the JSON of `assistant applicable --json`)."""
        return h.api_applicable(assistant, profile)

    @jobs.bounded
    def plan(profile: str) -> dict[str, Any]:
        """An action-plan outline (the JSON of `assistant plan --json`)."""
        return h.api_plan(assistant, profile)

    @jobs.bounded
    def check(text: str) -> dict[str, Any]:
        """Check every citation in a draft (the JSON of `assistant check --json`)."""
        return h.api_check(assistant, text)

    @jobs.bounded
    def assess(text: str) -> dict[str, Any]:
        """Judge an organisation's document against its pledges (the JSON of `assistant assess --json`)."""
        return api_assess(assistant, text)

    gr.api(ask, api_name="ask")  # type: ignore[attr-defined]
    gr.api(assess, api_name="assess")  # type: ignore[attr-defined]
    gr.api(check, api_name="check")  # type: ignore[attr-defined]
    gr.api(applicable, api_name="applicable")  # type: ignore[attr-defined]
    gr.api(plan, api_name="plan")  # type: ignore[attr-defined]

    @jobs.bounded
    def chat(message: str, history: str = "[]") -> dict[str, Any]:
        """One turn of a conversation (the JSON of one `assistant chat --json` line); history is a
        JSON array of the earlier user messages, "[]" for the first turn. No state is kept."""
        return chat_view.api_chat(assistant, message, history)

    gr.api(chat, api_name="chat")  # type: ignore[attr-defined]


def theme() -> gr.themes.Base:
    return gr.themes.Default(font=FONT, font_mono=FONT_MONO)


def launch(assistant: Assistant, prevent_thread_lock: bool = False) -> gr.Blocks:
    """Serve the UI; with prevent_thread_lock (tests) return at once, the server running.

    run_history=False: Gradio would otherwise keep every request in the browser's storage."""
    settings = assistant.settings
    ui_temp.server_folder()
    if not prevent_thread_lock:
        ui_temp.exit_on_sigterm()
    jobs = Jobs(settings.ui_job_seconds)
    demo = build(assistant, jobs)
    demo.launch(server_name=settings.host, server_port=settings.port, share=False, show_error=True,
                css=CSS, js=style.LABEL_CELLS_JS, theme=theme(), footer_links=["api"],
                max_file_size="10mb", ssr_mode=False,
                app_kwargs=app_kwargs(jobs), prevent_thread_lock=prevent_thread_lock,
                quiet=True, run_history=False, enable_monitoring=False, mcp_server=False, pwa=False)
    return demo
