"""Others' text (a draft's sentences, a document's lines) made inert in Markdown.

- ``literal`` turns plain text into Markdown that shows exactly that text: no HTML, image,
  link, autolink, emphasis or LaTeX survives (the UI's quotes, the assessment report's).
- ``neutralise`` is the last pass over Markdown assembled around such text: it keeps
  headings, lists and emphasis, and in-page links (``[label](#src-…)``), but breaks every
  construct that could fetch, link out or carry HTML (the UI's last pass, ui/safe.py, and
  the check report's quotes, check/report.py).

Every pattern here is a single pass without nested quantifiers: linear in the input.
"""

from __future__ import annotations

import html
import re

SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|file|data|javascript):")
WWW = re.compile(r"(?i)\bwww\.")
_IMAGE = re.compile(r"!(?=\[)")
_OUT_LINK = re.compile(r"\]\((?!#)")  # an inline link or image whose target is not in the page
_LINK_DEFINITION = re.compile(r"(?m)^([ \t]{0,3})\[(?=[^\]\n]*\]:)")  # "[ref]: https://…" definitions
_SPECIAL = re.compile(r"([\\`*_\[\]{}!$|~#+:@])")


def literal(text: str) -> str:
    """Plain text as Markdown that renders as that text and nothing else."""
    text = html.escape(text, quote=False)  # < > & first: no tag, no autolink, no entity trick
    text = _SPECIAL.sub(r"\\\1", text).replace("](", "]\\(")  # ":" too: "http\://" is not autolinked
    return WWW.sub(lambda m: m.group(0)[:3] + "\\.", text)


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
    text = SCHEME.sub(r"\1&#58;", text)  # "https&#58;//": no bare-URL autolink
    return WWW.sub(lambda m: m.group(0)[:3] + "&#46;", text)
