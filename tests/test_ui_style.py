"""The page's look without a browser: inert card tables, the chat first, every tab in the bar.

The real-browser checks at 1400 px and 390 px are in test_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from assistant.config import PROJECT_DIR, Settings
from assistant.ui import style
from assistant.ui.safe import neutralise
from assistant.ui.starters import JOB_EXAMPLES, QUICK_ACTIONS

HOSTILE = ('<img src="http://tracker.invalid/t.png"> <script>alert(1)</script> '
           '" onmouseover="alert(2)')


def test_table_html_labels_every_cell_and_escapes_everything() -> None:
    html = style.table_html(["#", "Pledge <b>", "Why"], [["1", "PS 2(c)", f"line one\n{HOSTILE}"]],
                            ["5%", "25%", "70%"], numeric=(0,))
    assert html.startswith('<div class="cards"><table class="fixed"><colgroup>')
    assert '<td data-label="#" class="num">1</td>' in html
    assert '<td data-label="Pledge &lt;b&gt;">PS 2(c)</td>' in html
    assert "line one<br>&lt;img" in html  # the cell's own lines, and nothing of the text as markup
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert '" onmouseover' not in html
    assert len(re.findall(r"<td ", html)) == 3


def test_an_empty_table_shows_its_message_or_nothing() -> None:
    assert style.table_html(["A"], []) == ""
    assert "No pledges &lt;yet&gt;" in style.table_html(["A"], [], empty="No pledges <yet>")


def test_line_breaks_restore_only_br() -> None:
    shown = style.line_breaks(neutralise(f"| a<br>b{HOSTILE} |"))
    assert "a<br>b" in shown
    assert "<img" not in shown and "<script" not in shown


def test_the_style_sheet_makes_cards_and_wraps_nothing_wider_than_the_screen() -> None:
    css = style.css()
    assert "@media (max-width: 640px)" in css
    assert "attr(data-label)" in css and ".tab-container.wrap" in css
    assert "url(" not in css and "@import" not in css  # the page fetches nothing for its look


def test_quick_actions_cover_the_jobs_and_only_fill_the_box() -> None:
    assert [a.label for a in QUICK_ACTIONS] == ["Which pledges apply to us?", "Draft us a plan",
                                                 "Check a draft", "Assess our policy"]
    for action in QUICK_ACTIONS:
        assert action.js().startswith("() => {") and "#question textarea" in action.js()
        assert "fetch" not in action.js()
    assert len(JOB_EXAMPLES) >= 3


# Built in a child process: gradio's import leaves event loops and sockets that pytest
# (warnings as errors) would blame on this test.
LAYOUT = """
import json, sys
from pathlib import Path
from assistant.config import Settings
from assistant.core import Assistant
from assistant.ui import app as ui
settings = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), embedder="hashing")
config = ui.build(Assistant(settings)).get_config_file()
print(json.dumps([[c["type"], c["props"]] for c in config["components"]], default=str))
"""


def test_the_chat_comes_first_and_every_tab_stays_in_the_bar(settings: Settings) -> None:
    done = subprocess.run([sys.executable, "-c", LAYOUT, str(settings.corpus_dir), str(settings.index_dir)],
                          capture_output=True, text=True, timeout=300, cwd=PROJECT_DIR,
                          env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    assert done.returncode == 0, done.stderr
    components = json.loads(done.stdout.strip().splitlines()[-1])
    labels = [props["label"] for kind, props in components if kind == "tabitem"]
    assert labels[0] == "Chat" and len(labels) >= 4
    assert all(props["overflow_behavior"] == "wrap" for kind, props in components if kind == "tabs")
    chat = next(props for _kind, props in components if props.get("elem_id") == "chat")
    assert "cards" in chat["elem_classes"]  # tables in the chat become cards too
    assert not any(kind == "dataframe" for kind, _props in components)  # tables are inert HTML
