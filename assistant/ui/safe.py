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
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}!$|~#+:@])")
_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|file|data|javascript):")
_WWW = re.compile(r"(?i)\bwww\.")
_IMAGE = re.compile(r"!(?=\[)")
_OUT_LINK = re.compile(r"\]\((?!#)")  # an inline link or image whose target is not in the page
_LINK_DEFINITION = re.compile(r"(?m)^([ \t]{0,3})\[(?=[^\]\n]*\]:)")  # "[ref]: https://…" definitions


def escape_md(text: str) -> str:
    """Plain text as Markdown that renders as that text and nothing else."""
    text = html.escape(text, quote=False)  # < > & first: no tag, no autolink, no entity trick
    text = _MD_SPECIAL.sub(r"\\\1", text)  # ":" too: "http\://" is not autolinked
    return _WWW.sub(lambda m: m.group(0)[:3] + "\\.", text)


def neutralise(markdown: str) -> str:
    """Markdown the UI built around others' text, with nothing left that fetches or links out.

    Structure characters are replaced by character references (``&#33;`` for the ``!`` of
    an image), which Markdown shows as the character but never reads as syntax; unlike a
    backslash, a reference cannot be cancelled by another backslash, so this is idempotent.
    """
    text = markdown.replace("<", "&lt;")  # raw HTML and <autolinks> become text
    text = _IMAGE.sub("&#33;", text)
    text = _OUT_LINK.sub("]&#40;", text)
    text = _LINK_DEFINITION.sub(r"\1&#91;", text)
    text = _SCHEME.sub(r"\1&#58;", text)  # "https&#58;//": no bare-URL autolink
    return _WWW.sub(lambda m: m.group(0)[:3] + "&#46;", text)


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def error_text(message: str) -> str:
    """An error sentence for Gradio's modal, which renders HTML: shown as written."""
    return html.escape(message, quote=False)
