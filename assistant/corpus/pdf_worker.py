"""The text of a PDF, read in a child process with hard limits on time and memory.

``readers_bounds.pdf_text`` runs this file as a script (``python -I pdf_worker.py``): the PDF
arrives on standard input, and standard output is ``ok`` and a newline, then the text as
UTF-8, or one word naming the bound that refused it (see ``REFUSALS``); its one argument is
the ``Limits`` as JSON. The child caps its own address space, CPU time and pypdf's
decompression and parsing, checks a wall-clock budget between pages, and the parent kills it
if it outlives that budget anyway (one page's extraction cannot be interrupted from inside).
Only the standard library and pypdf are imported, so the script runs without the package.
Measured: the process costs 0.25 s (interpreter and pypdf); a 36-page manual reads in 0.8 s,
a page of 2 MB of text operators is refused by the token cap in 1.5-2.5 s (idle machine).
"""

from __future__ import annotations

import io
import json
import logging
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    """The bounds, passed to the child as JSON (``readers_bounds`` reads ``LIMITS`` at each call)."""

    seconds: float = 4.0  # wall clock for the whole extraction (a 36-page manual takes 0.8 s, a
    # 60-page plan 1-2 s); a bomb of many pages sharing one large stream is refused within it
    memory_bytes: int = 768 * 2**20  # address space of the child (the interpreter and pypdf: 40 MB)
    max_pages: int = 1_000
    max_content_bytes: int = 8_000_000  # decompressed page content, summed over pages (36 pages: 0.3 MB)
    max_stream_bytes: int = 4_000_000  # one decompressed stream (pypdf's: 75 MB); under the text cap,
    # so one page cannot pass it alone (a 6.8 MB one-word page took 3-8 s before being refused)
    max_stream_tokens: int = 300_000  # operators and operands in one content stream (pypdf's: 2 M;
    # a dense page of text has ~3,000; parsing takes 4-8 µs each)
    max_text_chars: int = 5_000_000


LIMITS = Limits()
REFUSALS = ("encrypted", "unreadable", "pages", "content", "limit", "text", "time", "memory")


class Refused(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def pypdf_limits(limits: Limits) -> dict[str, Any]:
    """pypdf's configuration overrides: every decoder's output and the parser's work, bounded."""
    most = limits.max_stream_bytes
    return {
        "zlib_maximum_output_length": most,
        "lzw_maximum_output_length": most,
        "run_length_maximum_output_length": most,
        "brotli_maximum_output_length": most,
        "jbig2_maximum_output_length": most,
        "array_based_stream_maximum_output_length": most,
        "image_maximum_buffer_size": most,
        "stream_decoding_work_maximum_length": 4 * most,
        "stream_parsing_work_maximum_count": limits.max_stream_tokens,
        "xfa_decoding_work_maximum_length": 4 * most,
        "jbig2dec_binary": None,  # never run an outside program on a user's file
    }


def extract(data: bytes, limits: Limits, deadline: float) -> str:
    """The text of every page, joined by newlines; ``Refused`` when a bound is passed."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    def check_time() -> None:
        if time.monotonic() > deadline:
            raise Refused("time")

    with apply_configuration(**pypdf_limits(limits)):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused("encrypted")
            pages = reader.pages
            if len(pages) > limits.max_pages:
                raise Refused("pages")
            content = 0
            for page in pages:  # decompressing first is cheap and refuses a bomb before parsing it
                check_time()
                stream = page.get_contents()
                content += len(stream.get_data()) if stream is not None else 0
                if content > limits.max_content_bytes:
                    raise Refused("content")
            texts: list[str] = []
            size = 0
            for page in pages:
                check_time()
                text = page.extract_text() or ""
                size += len(text)
                if size > limits.max_text_chars:
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


def limit_self(limits: Limits) -> None:
    """Cap this process's address space and CPU time (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    for name, value in (("RLIMIT_AS", limits.memory_bytes), ("RLIMIT_CPU", int(limits.seconds) + 5)):
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
    limits = Limits(**json.loads(sys.argv[1])) if len(sys.argv) > 1 else LIMITS
    deadline = time.monotonic() + limits.seconds
    limit_self(limits)
    logging.disable(logging.CRITICAL)  # pypdf logs warnings about damaged files
    warnings.simplefilter("ignore")
    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        text = extract(data, limits, deadline)
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
