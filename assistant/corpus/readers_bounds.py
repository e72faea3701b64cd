"""Bounded reading of Word and PDF files: a bomb is refused in one sentence, within seconds.

A .docx is a zip: its directory is read first (how many parts, how large once expanded, how
much each one expands), then its XML is streamed a megabyte at a time to count tags,
paragraphs, runs and cells, and only a document within every bound reaches python-docx. A PDF
is read by ``pdf_worker.py`` in a child process with capped memory, decoders and time. The
bounds were measured on this machine (see the constants): a 200-page Word document of prose
and tables has 4,600 paragraphs, 18,400 paragraphs, runs and cells and 123,000 tags, expands
to 2.3 MB and reads in 0.5 s at 48 MB; a 36-page PDF reads in 0.8 s.
"""

from __future__ import annotations

import dataclasses
import io
import json
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.corpus import pdf_worker
from assistant.errors import BadInput

if TYPE_CHECKING:
    from docx.table import Table

DOCX_MAX_PARTS = 1_000  # a document with many images has a few hundred
DOCX_MAX_EXPANDED = 50_000_000  # all parts, uncompressed; python-docx holds every part in memory
DOCX_MAX_RATIO = 400  # one large part's expansion (Word: 5-35, a table of "Yes": 160; a bomb: 680+)
DOCX_RATIO_FROM = 1_000_000  # the ratio is checked on parts that expand past 1 MB
DOCX_MAX_TAGS = 2_000_000  # "<" in all XML parts: 2 M empty elements peak at ~300 MB
DOCX_MAX_UNITS = 100_000  # paragraphs, runs and cells: python-docx takes 25-45 µs each (2.5-4.5 s)
DOCX_MAX_COLUMNS = 63  # Word's widest table; a cell's grid span is clamped to it
PDF_KILL_GRACE = 2.0  # seconds past the worker's own budget before it is killed (a page: < 3 s)
CHUNK = 1 << 20
UNIT_TAGS = (b"<w:p>", b"<w:p ", b"<w:p/>", b"<w:r>", b"<w:r ", b"<w:tc>", b"<w:tc ")
FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")  # Word never writes them; entity tricks need them


def docx_text(data: bytes, path: Path) -> str:
    """Paragraphs one per line, then table rows as "cell | cell" lines, after ``check_docx``."""
    import docx

    check_docx(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [" ".join(p.text.split()) for p in document.paragraphs]
        for table in document.tables:
            lines.extend(_table_lines(table))
    except MemoryError:
        raise _too_large_docx(path, "it needs too much memory") from None
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types
        raise _not_word(path) from exc
    return "\n".join(lines)


def _table_lines(table: Table) -> Iterator[str]:
    """One "| cell | cell |" line a row, as python-docx's ``row.cells`` gives them, in linear time.

    A merged cell is repeated in every grid column and row it spans; python-docx finds a
    vertically merged cell by walking up the rows, once per row (quadratic, and recursion
    past ~1,000 rows), so the text of each grid column's last cell is remembered instead.
    """
    from docx.table import _Cell

    above: dict[int, tuple[str, int]] = {}
    for row in table.rows:
        tr = row._tr
        offset = tr.grid_before
        cells: list[str] = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                text, span = above.get(offset, ("", tc.grid_span))
            else:
                text, span = " ".join(_Cell(tc, table).text.split()), tc.grid_span
                above[offset] = (text, span)
            cells.extend([text] * min(max(span, 1), DOCX_MAX_COLUMNS))
            offset += tc.grid_span
        yield "| " + " | ".join(cells) + " |"


def check_docx(data: bytes, path: Path) -> None:
    """Refuse a .docx whose zip directory or XML passes a bound, before anything parses it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > DOCX_MAX_PARTS:
                raise _too_large_docx(path, f"over {DOCX_MAX_PARTS:,} parts in its zip")
            if sum(part.file_size for part in parts) > DOCX_MAX_EXPANDED:
                raise _too_large_docx(path, f"over {DOCX_MAX_EXPANDED // 1_000_000} MB once expanded")
            for part in parts:
                if (part.file_size > DOCX_RATIO_FROM
                        and part.file_size > DOCX_MAX_RATIO * max(1, part.compress_size)):
                    raise _too_large_docx(path, f"a part that expands over {DOCX_MAX_RATIO} times")
            tags = units = 0
            for part in parts:
                if not part.filename.endswith((".xml", ".rels")):
                    continue
                counts = _count(archive, part, DOCX_MAX_TAGS - tags, DOCX_MAX_UNITS - units)
                tags, units = tags + counts[0], units + counts[1]
                if counts[2]:
                    raise _not_word(path)
                if tags > DOCX_MAX_TAGS:
                    raise _too_large_docx(path, f"over {DOCX_MAX_TAGS:,} XML tags")
                if units > DOCX_MAX_UNITS:
                    raise _too_large_docx(path, f"over {DOCX_MAX_UNITS:,} paragraphs, text runs "
                                          "and table cells")
    except BadInput:
        raise
    except Exception as exc:  # BadZipFile, a bad CRC, an unsupported compression, ...
        raise _not_word(path) from exc


def _count(archive: zipfile.ZipFile, part: zipfile.ZipInfo, max_tags: int,
           max_units: int) -> tuple[int, int, int]:
    """Tags, paragraph, run and cell tags, and forbidden declarations in one part, a chunk at a
    time; it stops early once past a maximum."""
    tags = units = forbidden = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            tags += chunk.count(b"<")
            window = tail + chunk  # a pattern split across two chunks is counted once
            units += sum(_count_new(window, len(tail), tag) for tag in UNIT_TAGS)
            forbidden += sum(_count_new(window, len(tail), word) for word in FORBIDDEN)
            tail = chunk[-8:]
            if tags > max_tags or units > max_units or forbidden:
                break
    return tags, units, forbidden


def _count_new(window: bytes, old: int, pattern: bytes) -> int:
    """Occurrences of ``pattern`` in ``window`` that end past its first ``old`` bytes."""
    return window.count(pattern) - window[:old].count(pattern)


def pdf_text(data: bytes, path: Path) -> str:
    """The text of a PDF, read by ``pdf_worker.py`` in a child process with capped resources."""
    limits = pdf_worker.LIMITS
    command = [sys.executable, "-I", pdf_worker.__file__, json.dumps(dataclasses.asdict(limits))]
    try:
        done = subprocess.run(command, input=data, capture_output=True, check=False,
                              timeout=limits.seconds + PDF_KILL_GRACE)
    except subprocess.TimeoutExpired:
        raise _pdf_refusal("time", path, limits) from None
    except OSError as exc:
        raise BadInput(f"The PDF {path} could not be read here ({exc.strerror or exc}); "
                       "give its text instead.") from None
    head, _, body = done.stdout.partition(b"\n")
    if done.returncode == 0 and head == b"ok":
        return body.decode("utf-8", "surrogatepass")
    if done.returncode == 0 and head.decode("ascii", "replace") in pdf_worker.REFUSALS:
        raise _pdf_refusal(head.decode("ascii"), path, limits)
    if done.returncode == -getattr(signal, "SIGXCPU", 24):
        raise _pdf_refusal("time", path, limits)
    if done.returncode in (-signal.SIGKILL, -signal.SIGABRT) or b"MemoryError" in done.stderr:
        raise _pdf_refusal("memory", path, limits)  # out of memory outside Python's reach
    raise _pdf_refusal("unreadable", path, limits)


def _pdf_refusal(kind: str, path: Path, limits: pdf_worker.Limits) -> BadInput:
    split = "split it into smaller parts or give its text instead."
    details = {
        "pages": f"over {limits.max_pages:,} pages",
        "content": f"over {limits.max_content_bytes / 1e6:g} MB of page content once expanded",
        "limit": "a page that expands past the reader's limits",
        "text": f"over {limits.max_text_chars:,} characters of text",
        "memory": f"it needs over {limits.memory_bytes // 2**20} MB of memory",
    }
    if kind == "encrypted":
        return BadInput(f"The PDF {path} is password-protected; give an unprotected copy.")
    if kind == "unreadable":
        return BadInput(f"The file {path} is not a readable PDF; export it again as PDF.")
    if kind == "time":
        return BadInput(f"The PDF {path} took over {limits.seconds:g} seconds to read; {split}")
    return BadInput(f"The PDF {path} is too large to read ({details[kind]}); {split}")


def _too_large_docx(path: Path, detail: str) -> BadInput:
    return BadInput(f"The Word document {path} is too large to read ({detail}); "
                    "split it into smaller parts or give its text instead.")


def _not_word(path: Path) -> BadInput:
    return BadInput(f"The file {path} is not a valid Word document; re-save it as .docx.")
