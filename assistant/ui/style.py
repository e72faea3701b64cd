"""How the page looks: the style sheet, tables that become cards on a phone, and their labels.

The CSS lives in style.css beside this module. A table inside an element of class
``cards`` is a plain table on a wide screen and one card per row on a narrow one, each
cell shown under its column's name (the ``data-label`` attribute the CSS prints):
``table_html`` writes those labels for the UI's own tables, and ``LABEL_CELLS_JS`` (run by
the page once loaded) copies each header into the cells of the tables the page renders
from Markdown (the plan outline, the check report, tables in the chat). The script only
sets attributes to text already on the page: it adds no markup and fetches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.ui.safe import escape_html

CSS_FILE = Path(__file__).with_name("style.css")

# Run by Gradio once the page has loaded (Blocks.launch(js=...)); the Content-Security-Policy
# allows it ('unsafe-inline', 'unsafe-eval' are already needed by Gradio's own front end).
LABEL_CELLS_JS = """
() => {
  const label = () => {
    for (const table of document.querySelectorAll('.cards table')) {
      const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      if (!names.length) continue;
      for (const row of table.querySelectorAll('tbody tr')) {
        [...row.children].forEach((cell, i) => {
          const name = names[i];
          if (name && cell.getAttribute('data-label') !== name) cell.setAttribute('data-label', name);
        });
      }
    }
  };
  let queued = false;
  const soon = () => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; label(); }); }
  };
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  label();
}
"""


def css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def table_html(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[str] = (),
               numeric: Sequence[int] = (), empty: str = "") -> str:
    """Rows as an inert HTML table (every text escaped) that the style sheet turns into cards.

    ``widths`` are the columns' shares of a wide screen ("12%"); ``numeric`` the columns that
    never wrap there; ``empty`` what to show when there are no rows (nothing before a job ran).
    """
    if not rows:
        return f'<div class="cards"><p class="empty-table">{escape_html(empty)}</p></div>' if empty else ""
    names = [escape_html(h) for h in headers]
    cols = "".join(f'<col style="width: {escape_html(w)}">' for w in widths)
    head = "".join(f'<th scope="col">{n}</th>' for n in names)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            label = f' data-label="{names[i]}"' if i < len(names) else ""
            kind = ' class="num"' if i in numeric else ""
            text = "<br>".join(escape_html(line) for line in str(value).splitlines())
            cells.append(f"<td{label}{kind}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    fixed = ' class="fixed"' if widths else ""
    colgroup = f"<colgroup>{cols}</colgroup>" if widths else ""
    return (f'<div class="cards"><table{fixed}>{colgroup}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def line_breaks(markdown: str) -> str:
    """Neutralised Markdown with its table cells' own ``<br>`` line breaks working again.

    neutralise() turns every ``<`` into ``&lt;``, so the plan's and the report's ``<br>``
    (the only way to break a line inside a Markdown table cell) showed as text. A ``<br>``
    fetches and links nothing; every other tag stays text.
    """
    return markdown.replace("&lt;br>", "<br>")
