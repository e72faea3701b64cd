"""What the web UI does, as plain functions: testable without a server or gradio.

Every text that comes from a document, a user or a model is made inert before it reaches
the page (ui_safe.py): no HTML, image or outside link survives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.ask.answering import Answer, Conversation
from assistant.core import Assistant
from assistant.domain.clauses import SECTOR_NAMES, Clause, Hit
from assistant.ui.safe import escape_html, escape_md, neutralise

if TYPE_CHECKING:
    from assistant.check.report import CitationResult

SECTOR_CHOICES: list[tuple[str, str]] = [("Any sector", "")] + [
    (name, key) for key, name in SECTOR_NAMES.items()]
EXAMPLES = [
    "What does the Call to Action expect of payment providers?",
    "As a ministry of education, what should we do?",
    "What must governments do about AI-generated abuse?",
    "What do NGOs pledge on research?",
    "How often do members report progress?",
]
Message = dict[str, str]


def anchor(clause_id: str) -> str:
    return "src-" + re.sub(r"[^a-z0-9_-]", "-", clause_id.lower())


def link_citations(text: str, clauses: Sequence[Clause]) -> str:
    """Each cited label in the (neutralised) answer becomes a link to its clause in the sources panel."""
    for clause in sorted(clauses, key=lambda c: -len(c.label)):
        target = f"(#{anchor(clause.id)})"
        shown = neutralise(clause.label)  # the answer text went through neutralise too
        label, link = re.escape(shown), f"[{escape_md(clause.label)}]{target}"
        text = re.sub(rf"\*{label}\*", lambda _m, link=link: link, text)  # type: ignore[misc]
        text = re.sub(rf"\[{label}\](?!\()", lambda _m, link=link: link, text)  # type: ignore[misc]
    return text


def source_card(clause: Clause) -> str:
    """One clause in the sources panel; a user's document is named as itself, by its file."""
    if clause.kind == "document":
        section = f" · {escape_html(clause.context)}" if clause.context else ""
        meta = f"From your document <cite>{escape_html(clause.source)}</cite>{section}"
        kind = ' <span class="doc-tag">your document</span>'
    else:
        parts = [clause.source] + ([clause.date] if clause.date and clause.date not in clause.source else [])
        meta, kind = " · ".join(escape_html(x) for x in parts if x), ""
    body = "<br>".join(escape_html(line) for line in clause.text.splitlines())
    return (f'<div class="source" id="{anchor(clause.id)}" tabindex="-1">'
            f'<h4>{escape_html(clause.label)} <code>{escape_html(clause.id)}</code>{kind}</h4>'
            f"<p>{body}</p><p class=\"meta\">{meta}</p></div>")


def sources_html(clauses: Sequence[Clause]) -> str:
    if not clauses:
        return '<p class="muted">Sources: the clauses cited in the answer appear here.</p>'
    cards = "".join(source_card(c) for c in clauses)
    return f'<div class="sources" role="region" aria-label="Sources">{cards}</div>'


def cited_clauses(assistant: Assistant, answer: Answer) -> list[Clause]:
    known = assistant.corpus.by_id()
    hits = {h.clause.id: h.clause for h in answer.hits}
    return [c for cid in answer.citations if (c := hits.get(cid) or known.get(cid)) is not None]


def render_answer(answer: Answer, clauses: Sequence[Clause]) -> str:
    """The answer as chat Markdown: HTML, images and outside links in it made inert, citations linked."""
    text = link_citations(neutralise(answer.text), clauses)
    if answer.notices:
        text += "\n\n" + "\n".join(f"> Note: {escape_md(n)}" for n in answer.notices)
    return text


def safe_history(history: list[Message] | None) -> list[Message]:
    """The chat as the page sent it back, neutralised again: the page is not trusted either."""
    return [{"role": str(m.get("role", "user")), "content": neutralise(str(m.get("content", "")))}
            for m in history or [] if isinstance(m, dict)]


def chat(assistant: Assistant, message: str, history: list[Message] | None, sector: str | None,
         conversation: Conversation | None) -> tuple[list[Message], str, Conversation]:
    """One turn of the Ask tab: the updated chat, the sources panel and the conversation."""
    conversation = conversation if conversation is not None else Conversation()
    answer = assistant.ask(message, sector or None, conversation)
    clauses = cited_clauses(assistant, answer)
    history = [*safe_history(history), {"role": "user", "content": escape_md(message)},
               {"role": "assistant", "content": render_answer(answer, clauses)}]
    return history, sources_html(clauses), conversation


def chat_stream(assistant: Assistant, message: str, history: list[Message] | None, sector: str | None,
                conversation: Conversation | None) -> Iterator[tuple[list[Message], str, Conversation]]:
    """Like chat(), but shows a served model's text as it writes; the checked answer comes last."""
    from assistant.ask.answering import Answer

    conversation = conversation if conversation is not None else Conversation()
    past = [*safe_history(history), {"role": "user", "content": escape_md(message)}]
    waiting = sources_html([])
    for item in assistant.answerer.stream(message, sector or None, conversation):
        if isinstance(item, Answer):
            item = assistant.helped(message, item)
            clauses = cited_clauses(assistant, item)
            reply = {"role": "assistant", "content": render_answer(item, clauses)}
            yield [*past, reply], sources_html(clauses), conversation
        else:
            partial = neutralise(item) + " …"
            yield [*past, {"role": "assistant", "content": partial}], waiting, conversation


def api_ask(assistant: Assistant, question: str, sector: str = "") -> dict[str, Any]:
    return assistant.ask(question, sector or None).to_json()


def hit_rows(hits: Sequence[Hit]) -> list[list[str]]:
    return [[h.clause.label, h.clause.id, h.clause.text] for h in hits]


def _sector_name(key: str | None) -> str:
    return SECTOR_NAMES.get(key or "", "")


def applicable_view(assistant: Assistant, profile: str, sector: str | None) -> tuple[str, list[list[str]]]:
    """The Which-pledges tab: a summary line and the ranked table."""
    result = assistant.applicability.assess(profile, sector or None)
    labels = assistant.corpus.by_id()
    rows = []
    for n, pledge in enumerate(result.pledges, 1):
        linked = "; ".join(labels[i].label for i in pledge.links if i in labels)
        rows.append([str(n), pledge.clause.label, pledge.clause.text, pledge.reason, linked,
                     f"{pledge.score:.2f}"])
    summary = (f"**Sector: {_sector_name(result.sector)}.** {escape_md(result.sector_reason)} "
               f"{len(result.pledges)} pledges apply, most relevant first.")
    return summary, rows


def api_applicable(assistant: Assistant, profile: str) -> dict[str, Any]:
    return assistant.applicability.assess(profile).to_json()


def plan_view(assistant: Assistant, profile: str, sector: str | None, folder: Path) -> tuple[str, str, str]:
    """The Action-plan tab: the outline as Markdown, and Markdown and Word files to download."""
    from assistant.plan.export import render

    plan = assistant.planner.plan(profile, sector or None)
    markdown = render(plan, "md")
    folder.mkdir(parents=True, exist_ok=True)
    md_path, docx_path = folder / "action-plan.md", folder / "action-plan.docx"
    md_path.write_bytes(markdown)
    docx_path.write_bytes(render(plan, "docx"))
    return neutralise(markdown.decode("utf-8")), str(md_path), str(docx_path)


def api_plan(assistant: Assistant, profile: str) -> dict[str, Any]:
    return assistant.planner.plan(profile).to_json()


CHECK_SYMBOLS = {"supported": "✓ Supported", "unsupported": "✗ Not supported", "unknown": "? No such clause"}


def check_view(assistant: Assistant, text: str, upload: str | None,
               folder: Path) -> tuple[str, list[list[str]], str, str]:
    """The Check tab: a summary, one row per citation, the Markdown report and its file."""
    from assistant.check.report import explain, render_markdown
    from assistant.corpus.readers import Draft, read_draft
    from assistant.errors import BadInput

    if upload:
        draft = read_draft(Path(upload))
    elif text and text.strip():
        draft = Draft(text)
    else:
        raise BadInput("Paste a draft or upload a file (.txt, .md, .docx or .pdf) to check.")
    report = assistant.checker.check(draft.text, draft.paragraph_lines)
    clauses = assistant.corpus.by_id()

    def label(cid: str | None) -> str:
        return clauses[cid].label if cid and cid in clauses else ""

    def status(r: CitationResult) -> str:  # the verdict, and why a sentence is not supported
        why = explain(r.problems, clauses[r.clause_id]) if r.problems and r.clause_id in clauses else ""
        return CHECK_SYMBOLS[r.status] + (f"\nWhy: {why.replace('*', '')}" if why else "")

    rows = [[str(r.line), r.sentence, r.citation, status(r),
             f"{label(r.clause_id)}: {clauses[r.clause_id].text}" if r.clause_id in clauses else "",
             label(r.suggestion), f"{r.score:.2f}"] for r in report.results]
    rows += [[str(u.line), u.sentence, "(none)", "! Pledge without citation", "",
              label(u.suggestion), ""] for u in report.uncited]
    counts = report.counts()
    summary = (f"**{len(report.results)} citations checked:** {counts['supported']} supported, "
               f"{counts['unsupported']} not supported, {counts['unknown']} naming no clause; "
               f"{counts['uncited']} pledge statements without a citation.")
    markdown = render_markdown(report, clauses)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "citation-check.md"
    path.write_text(markdown, encoding="utf-8")
    return summary, rows, neutralise(markdown), str(path)


def api_check(assistant: Assistant, text: str) -> dict[str, Any]:
    from assistant.errors import BadInput

    if not text or not text.strip():
        raise BadInput("The text to check is empty; paste a draft.")
    return assistant.checker.check(text).to_json()
