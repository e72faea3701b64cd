"""UI handlers without a server; the named API endpoints through gradio_client."""

from __future__ import annotations

from assistant import ui_handlers as h
from assistant.answering import Conversation
from assistant.core import Assistant


def test_chat_turn_links_citations_to_sources(real_assistant: Assistant) -> None:
    history, panel, conversation = h.chat(
        real_assistant, "What does the Call to Action expect of payment providers?", [], "", None)
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert "[Private sector 2(c)](#src-cta-private_sector-2-c)" in history[1]["content"]
    assert 'id="src-cta-private_sector-2-c"' in panel
    assert "Proactively work to address risks" in panel
    assert "4-5 December 2024" in panel
    assert conversation.questions


def test_follow_up_through_the_chat(real_assistant: Assistant) -> None:
    conversation = Conversation()
    history, _, conversation = h.chat(real_assistant, "what does the Call to Action say about sextortion?",
                                      [], "", conversation)
    history, panel, _ = h.chat(real_assistant, "and what about companies?", history, "", conversation)
    assert len(history) == 4
    assert "src-cta-private_sector-2-c" in panel


def test_user_text_is_escaped_in_the_sources_panel(fake_assistant: Assistant) -> None:
    from assistant.clauses import Clause

    hostile = Clause(id="doc.x.y", label="<img src=x onerror=alert(1)>", text="<script>alert(1)</script>",
                     source="x.md")
    panel = h.sources_html([hostile])
    assert "<script>" not in panel and "&lt;script&gt;" in panel
    assert "<img" not in panel


def test_refusal_has_no_sources(real_assistant: Assistant) -> None:
    history, panel, _ = h.chat(real_assistant, "where can I find child abuse material", [], "", None)
    assert "INHOPE" in history[1]["content"]
    assert 'class="source"' not in panel


def test_api_ask_returns_cli_json(real_assistant: Assistant) -> None:
    data = h.api_ask(real_assistant, "what do NGOs pledge on research?", "")
    assert list(data)[:3] == ["answer", "citations", "hits"]
    assert "cta.civil_society.2.a" in data["citations"]


def test_named_endpoints_with_gradio_client(app_url: str) -> None:
    from gradio_client import Client

    client = Client(app_url, verbose=False, download_files=False)
    data = client.predict("What does the Call to Action expect of payment providers?", "",
                          api_name="/ask")
    assert data["citations"][0] == "cta.private_sector.2.c"
    assert data["hits"][0]["id"] == "cta.private_sector.2.c"


def test_applicable_view_rows(real_assistant: Assistant) -> None:
    summary, rows = h.applicable_view(real_assistant, "A mobile money company in East Africa", "")
    assert summary.startswith("**Sector: Private sector.**")
    assert rows[0][1] == "Private sector 2(c)" and "MNR capability" in rows[0][4]
    assert all(not r[1].startswith(("Government", "Civil society")) for r in rows)


def test_plan_view_writes_both_downloads(real_assistant: Assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    markdown, md_path, docx_path = h.plan_view(real_assistant, "Ministry of Justice", "", tmp_path)
    assert markdown.startswith("# Action-plan outline: Ministry of Justice")
    assert md_path.endswith(".md") and docx_path.endswith(".docx")
    from docx import Document

    assert Document(docx_path).tables


def test_check_view_statuses_in_words(real_assistant: Assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ("Governments pledge to criminalise AI-generated abuse and financially motivated "
            "sextortion (Gov 3b).\n"
            "Governments will sign the Lanzarote Convention (Gov 9z).")
    _, rows, report, path = h.check_view(real_assistant, text, None, tmp_path)
    assert [r[3] for r in rows] == ["✓ Supported", "? No such clause"]
    assert rows[1][5] == "Government 1(b)"
    assert report.startswith("# Citation check") and path.endswith("citation-check.md")


def test_check_view_needs_text_or_a_file(fake_assistant: Assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from assistant.errors import BadInput

    with pytest.raises(BadInput, match="Paste a draft or upload a file"):
        h.check_view(fake_assistant, "   ", None, tmp_path)


def test_all_named_endpoints(app_url: str) -> None:
    from gradio_client import Client

    client = Client(app_url, verbose=False, download_files=False)
    applicable = client.predict("A mobile money company in East Africa", api_name="/applicable")
    assert applicable["sector"] == "private_sector"
    assert applicable["pledges"][0]["id"] == "cta.private_sector.2.c"
    plan = client.predict("Ministry of Justice", api_name="/plan")
    assert plan["title"] and plan["sections"][0]["items"][0]["citations"]
    check = client.predict("Members report progress every year (Overarching commitment 4).",
                           api_name="/check")
    assert check["results"][0]["status"] == "unsupported"


def test_endpoint_errors_are_sentences(app_url: str) -> None:
    import pytest
    from gradio_client import Client

    client = Client(app_url, verbose=False, download_files=False)
    with pytest.raises(Exception, match="The query is empty"):
        client.predict("", "", api_name="/ask")


def test_chat_stream_shows_partial_text_then_the_checked_answer(real_assistant: Assistant) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.llm import LangChainBackend

    reply = "Banks act on sextortion [cta.private_sector.2.c]."
    backend = LangChainBackend(FakeListChatModel(responses=[reply]), "fake")
    served = Assistant(real_assistant.settings, embedder=real_assistant.embedder,
                       store=real_assistant.store, backend=backend)
    steps = list(h.chat_stream(served, "What must payment providers do?", [], "", None))
    assert len(steps) > 2  # the model's text arrived in pieces
    assert steps[0][0][1]["content"].endswith(" …")
    final, panel, _ = steps[-1]
    assert final[1]["content"] == ("Banks act on sextortion "
                                   "[Private sector 2(c)](#src-cta-private_sector-2-c).")
    assert 'id="src-cta-private_sector-2-c"' in panel


def test_chat_stream_extractive_is_one_step(real_assistant: Assistant) -> None:
    steps = list(h.chat_stream(real_assistant, "What must payment providers do?", [], "", None))
    assert len(steps) == 1 and "Private sector 2(c)" in steps[0][0][1]["content"]


def test_app_on_a_busy_port_says_so(real_index) -> None:  # type: ignore[no-untyped-def]
    import os
    import socket
    import subprocess
    import sys

    from assistant.config import PROJECT_DIR

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        env = {**os.environ, "ASSISTANT_INDEX_DIR": str(real_index.index_dir), "ASSISTANT_PORT": str(port),
               "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
        done = subprocess.run([sys.executable, str(PROJECT_DIR / "app.py")], env=env, capture_output=True,
                              text=True, timeout=120, cwd=PROJECT_DIR)
    assert done.returncode == 1
    assert done.stderr == (f"Error: cannot serve at 127.0.0.1:{port} (address in use); "
                           "set ASSISTANT_PORT (or ASSISTANT_HOST) to a free one.\n")
