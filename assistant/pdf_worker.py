"""The text of a PDF, read in a child process with hard limits on time and memory.

``readers_bounds.pdf_text`` runs this file as a script (``python -I pdf_worker.py``): the PDF
arrives on standard input, and standard output is ``ok`` and a newline, then the text as
UTF-8, or one word naming the bound that refused it (see ``REFUSALS``). The child caps its own
address space, CPU time and pypdf's decompression and parsing, checks a wall-clock budget
between pages, and the parent kills it if it outlives that budget anyway (one page's
extraction cannot be interrupted from inside). Only the standard library and pypdf are
imported, so the script runs without the rest of the package.
"""

from __future__ import annotations

import io
import logging
import sys
import time
import warnings
from typing import Any

SECONDS = 10.0  # wall-clock budget for the whole extraction (a 36-page manual takes 1.2 s)
MEMORY_BYTES = 768 * 2**20  # address-space cap of the child (the interpreter and pypdf take 40 MB)
MAX_PAGES = 1_000
MAX_CONTENT_BYTES = 16_000_000  # decompressed page content, summed over pages (36 pages: 0.28 MB)
MAX_STREAM_BYTES = 10_000_000  # one decompressed stream (pypdf's default is 75 MB)
MAX_STREAM_TOKENS = 500_000  # operators and operands parsed in one content stream (default 2 M)
MAX_TEXT_CHARS = 5_000_000
REFUSALS = ("encrypted", "unreadable", "pages", "content", "limit", "text", "time", "memory")


class Refused(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def pypdf_limits() -> dict[str, Any]:
    """pypdf's configuration overrides: every decoder's output and the parser's work, bounded."""
    return {
        "zlib_maximum_output_length": MAX_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_STREAM_BYTES,
        "brotli_maximum_output_length": MAX_STREAM_BYTES,
        "jbig2_maximum_output_length": MAX_STREAM_BYTES,
        "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
        "image_maximum_buffer_size": MAX_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 4 * MAX_STREAM_BYTES,
        "stream_parsing_work_maximum_count": MAX_STREAM_TOKENS,
        "xfa_decoding_work_maximum_length": 4 * MAX_STREAM_BYTES,
        "jbig2dec_binary": None,  # never run an outside program on a user's file
    }


def extract(data: bytes, deadline: float) -> str:
    """The text of every page, joined by newlines; ``Refused`` when a bound is passed."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    def check_time() -> None:
        if time.monotonic() > deadline:
            raise Refused("time")

    with apply_configuration(**pypdf_limits()):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused("encrypted")
            pages = reader.pages
            if len(pages) > MAX_PAGES:
                raise Refused("pages")
            content = 0
            for page in pages:  # decompressing first is cheap and refuses a bomb before parsing it
                check_time()
                stream = page.get_contents()
                content += len(stream.get_data()) if stream is not None else 0
                if content > MAX_CONTENT_BYTES:
                    raise Refused("content")
            texts: list[str] = []
            size = 0
            for page in pages:
                check_time()
                text = page.extract_text() or ""
                size += len(text)
                if size > MAX_TEXT_CHARS:
                    raise Refused("text")
                texts.append(text)
            check_time()
        except LimitReachedError:
            raise Refused("limit") from None
        except (Refused, MemoryError):
            raise
        except Exception:  # pypdf raises many types for damaged files
            raise Refused("unreadable") from None
    return "\n".join(texts)


def limit_self() -> None:
    """Cap this process's address space and CPU time (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    for name, value in (("RLIMIT_AS", MEMORY_BYTES), ("RLIMIT_CPU", int(SECONDS) + 5)):
        limit = getattr(resource, name, None)
        if limit is None:  # pragma: no cover
            continue
        try:
            _soft, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):  # pragma: no cover - e.g. macOS refuses RLIMIT_AS
            pass


def main() -> int:
    deadline = time.monotonic() + SECONDS
    limit_self()
    logging.disable(logging.CRITICAL)  # pypdf logs warnings about damaged files
    warnings.simplefilter("ignore")
    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        text = extract(data, deadline)
    except Refused as refused:
        out.write(refused.kind.encode() + b"\n")
        return 0
    except MemoryError:
        out.write(b"memory\n")
        return 0
    out.write(b"ok\n" + text.encode("utf-8", "surrogatepass"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
