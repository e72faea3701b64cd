"""Reading a draft to check: text, Markdown, Word (.docx) or PDF, from a file or a stream.

Every failure is a BadInput with one sentence that says what to do; nothing here
lets a library's exception or warning reach the user.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import BadInput

MAX_BYTES = 10_000_000  # 10 MB: a 100-page PDF is far smaller
MAX_MB = MAX_BYTES // 1_000_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")


@dataclass(frozen=True)
class Draft:
    text: str
    paragraph_lines: bool = False  # each line is a paragraph (a .docx): lines are paragraph numbers


def read_draft(path: Path) -> Draft:
    """The text of the file at ``path``, by its extension."""
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise BadInput(f"The file {path} has {'the unsupported type ' if suffix else ''}{shown}; "
                       "give a .txt, .md, .docx or .pdf file.")
    data = _read_bytes(path)
    if suffix == ".docx":
        return Draft(_nonempty(_docx_text(data, path), path), paragraph_lines=True)
    if suffix == ".pdf":
        return Draft(_nonempty(_pdf_text(data, path), path))
    return Draft(_nonempty(decode_text(data, f"The file {path}"), path))


def read_stream(stream: BinaryIO) -> Draft:
    """A draft piped to standard input: UTF-8 text, at most 10 MB."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BadInput(f"The input is larger than {MAX_MB} MB; split the draft into smaller parts.")
    text = decode_text(data, "The input")
    if not text.strip():
        raise BadInput("The input is empty; pipe a draft to check into `assistant check -`.")
    return Draft(text)


def decode_text(data: bytes, what: str) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with one; binaries refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"{what} is not valid UTF-16 text; re-save it as UTF-8.") from None
    if b"\x00" in data:
        raise BadInput(f"{what} looks binary; give a text, Markdown, Word (.docx) or PDF file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{what} is not UTF-8 text; re-save it as UTF-8.") from None


def _check_file(path: Path) -> None:
    try:
        if path.is_dir():
            raise BadInput(f"{path} is a folder; give the path of a file.")
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInput(f"The file {path} does not exist; check the path.") from None
    except OSError as exc:
        raise BadInput(f"The file {path} cannot be read ({exc.strerror or exc}).") from None
    if size > MAX_BYTES:
        raise BadInput(f"The file {path} is larger than {MAX_MB} MB; split it into smaller parts.")


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"The file {path} does not exist; check the path.") from None
    except PermissionError:
        raise BadInput(f"The file {path} cannot be read (permission denied).") from None
    except OSError as exc:
        raise BadInput(f"The file {path} cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_BYTES:  # it grew since it was checked
        raise BadInput(f"The file {path} is larger than {MAX_MB} MB; split it into smaller parts.")
    return data


def _nonempty(text: str, path: Path) -> str:
    if not text.strip():
        raise BadInput(f"The file {path} has no text to check.")
    return text


def _docx_text(data: bytes, path: Path) -> str:
    """Paragraphs one per line, then table rows as "cell | cell" lines."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types
        raise BadInput(f"The file {path} is not a valid Word document; re-save it as .docx.") from exc
    lines = [" ".join(p.text.split()) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("| " + " | ".join(" ".join(c.text.split()) for c in row.cells) + " |")
    return "\n".join(lines)


def _pdf_text(data: bytes, path: Path) -> str:
    from pypdf import PdfReader

    with _quiet("pypdf"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise BadInput(f"The PDF {path} is password-protected; give an unprotected copy.")
            pages = [page.extract_text() or "" for page in reader.pages]
        except BadInput:
            raise
        except Exception as exc:  # pypdf raises many types for damaged files
            raise BadInput(f"The file {path} is not a readable PDF; export it again as PDF.") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise BadInput(f"The PDF {path} has no text layer (it looks scanned); run OCR on it or "
                       "give the text instead.")
    return text


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence a library's logger (pypdf logs warnings about damaged files) for a block."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
