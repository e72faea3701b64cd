"""Reading a draft to check: text, Markdown, Word (.docx) or PDF, from a file or a stream.

Every failure is a BadInput with one sentence that says what to do; nothing here
lets a library's exception or warning reach the user. Only regular files are read, at most
10 MB of them; Word and PDF files are bounded further by ``readers_bounds``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from assistant.corpus.readers_bounds import docx_text, pdf_text
from assistant.errors import BadInput

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
        return Draft(_nonempty(docx_text(data, path), path), paragraph_lines=True)
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


def read_text(path: Path, give: str, limit: int = MAX_BYTES) -> str:
    """The text of the regular file at ``path`` (at most ``limit`` bytes), decoded as
    ``decode_text`` does; ``give`` ends the sentence refusing a binary ("a Markdown file")."""
    _check_file(path, limit)
    return decode_text(_read_bytes(path, limit), f"The file {path}", give)


def decode_text(data: bytes, what: str, give: str = "a text, Markdown, Word (.docx) or PDF file") -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with one; binaries refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"{what} is not valid UTF-16 text; re-save it as UTF-8.") from None
    if b"\x00" in data:
        raise BadInput(f"{what} looks binary; give {give}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{what} is not UTF-8 text; re-save it as UTF-8.") from None


def _check_file(path: Path, limit: int = MAX_BYTES) -> None:
    """Refuse what is missing, a folder, not a regular file (a pipe, a device) or too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise BadInput(f"The file {path} does not exist; check the path.") from None
    except OSError as exc:
        raise BadInput(f"The file {path} cannot be read ({exc.strerror or exc}).") from None
    _check_mode(path, info)
    if info.st_size > limit:
        raise _too_large(path, limit)


def _check_mode(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"{path} is a folder; give the path of a file.")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe" if stat.S_ISFIFO(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise BadInput(f"{path} is {kind}, not a regular file; give the path of a saved .txt, .md, "
                       ".docx or .pdf file.")


def _read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` + 1 bytes of a regular file; a pipe swapped in since the check is refused.

    The file is opened without blocking (a named pipe with no writer would block ``open``) and
    checked again on its descriptor before anything is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise BadInput(f"The file {path} does not exist; check the path.") from None
    except PermissionError:
        raise BadInput(f"The file {path} cannot be read (permission denied).") from None
    except OSError as exc:
        raise BadInput(f"The file {path} cannot be read ({exc.strerror or exc}).") from None
    with os.fdopen(fd, "rb") as handle:
        _check_mode(path, os.fstat(handle.fileno()))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise BadInput(f"The file {path} cannot be read ({exc.strerror or exc}).") from None
    if len(data) > limit:  # it grew since it was checked, or it does not know its size
        raise _too_large(path, limit)
    return data


def _too_large(path: Path, limit: int = MAX_BYTES) -> BadInput:
    return BadInput(f"The file {path} is larger than {limit // 1_000_000} MB; split it into smaller "
                    "parts.")


def _nonempty(text: str, path: Path) -> str:
    if not text.strip():
        raise BadInput(f"The file {path} has no text to check.")
    return text


def _pdf_text(data: bytes, path: Path) -> str:
    text = pdf_text(data, path)
    if not text.strip():
        raise BadInput(f"The PDF {path} has no text layer (it looks scanned); run OCR on it or "
                       "give the text instead.")
    return text
