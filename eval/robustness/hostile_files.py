"""Hostile files, built small on disk: bombs, pipes and pathological text for the readers.

Each ``write_*`` function writes one file into ``folder`` and returns its path. The files
are made by hand (zipfile, zlib), never downloaded, and stay small on disk: the harm is in
what they expand to. Used by tests/test_readers.py and the robustness cases, e.g.::

    from eval.robustness.hostile_files import write_docx_bomb
    bomb = write_docx_bomb(tmp, paragraphs=35_000_000)   # 300 KB on disk, 210 MB of XML
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
CHUNK = 1 << 20


def write_docx(folder: Path, body: Iterable[bytes], name: str = "hostile.docx", extra_members: int = 0,
               prolog: bytes = b"") -> Path:
    """A .docx whose ``<w:body>`` holds the pieces of ``body``, streamed into the zip as they come.

    ``prolog`` goes between the XML declaration and the root (a DOCTYPE, say); ``extra_members``
    adds that many tiny parts to the zip.
    """
    path = folder / name
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog
            + f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            for piece in body:
                member.write(piece)
            member.write(b"</w:body></w:document>")
        for number in range(extra_members):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")
    return path


def repeated(unit: bytes, times: int) -> Iterator[bytes]:
    """``unit`` ``times`` times, in blocks of about a megabyte."""
    per_block = max(1, CHUNK // max(1, len(unit)))
    block = unit * per_block
    for _ in range(times // per_block):
        yield block
    yield unit * (times % per_block)


def numbered(template: str, times: int) -> Iterator[bytes]:
    """``template`` formatted with 0, 1, 2, ... (``{n}``), in blocks: text that compresses like prose."""
    for start in range(0, times, 10_000):
        yield "".join(template.format(n=n) for n in range(start, min(times, start + 10_000))).encode()


def write_docx_bomb(folder: Path, paragraphs: int = 35_000_000, name: str = "bomb.docx") -> Path:
    """Empty paragraphs: 35 million of them are ~300 KB on disk and 210 MB of XML."""
    return write_docx(folder, repeated(b"<w:p/>", paragraphs), name)


def write_docx_many_paragraphs(folder: Path, paragraphs: int = 200_000,
                               name: str = "paragraphs.docx") -> Path:
    """Short numbered paragraphs that compress like real text (200,000: ~1.4 MB on disk)."""
    return write_docx(folder, numbered("<w:p><w:r><w:t>Paragraph {n} cites Gov 3b.</w:t></w:r></w:p>",
                                       paragraphs), name)


def write_docx_many_members(folder: Path, members: int = 2_000, name: str = "members.docx") -> Path:
    """A one-line document with ``members`` tiny extra parts in its zip."""
    return write_docx(folder, [b"<w:p><w:r><w:t>Gov 3b.</w:t></w:r></w:p>"], name, members)


def write_docx_entities(folder: Path, name: str = "entities.docx") -> Path:
    """The "billion laughs": nested entities declared in a DOCTYPE, which Word never writes."""
    entities = b"".join(b'<!ENTITY e%d "&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;">'
                        % ((level,) + (level - 1,) * 10) for level in range(1, 10))
    prolog = b'<!DOCTYPE w:document [<!ENTITY e0 "lol">' + entities + b"]>"
    return write_docx(folder, [b"<w:p><w:r><w:t>&e9;</w:t></w:r></w:p>"], name, prolog=prolog)


def write_docx_merged_column(folder: Path, rows: int = 5_000, name: str = "merged.docx") -> Path:
    """One table column merged down ``rows`` rows (python-docx walks up every row for each one)."""
    first = (b'<w:tbl><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
             b'<w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Gov 3b</w:t></w:r></w:p></w:tc></w:tr>')
    merged = b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
    return write_docx(folder, [first, *repeated(merged, rows), b"</w:tbl>"], name)


def write_pdf(folder: Path, contents: list[bytes], name: str = "hostile.pdf", compress: bool = True,
              pages: int = 1) -> Path:
    """A PDF of ``pages`` pages (Helvetica) sharing the content streams ``contents``, FlateDecoded."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    stream_ids = []
    for content in contents:
        body = zlib.compress(content, 9) if compress else content
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(body), flate) + body + b"\nendstream")
        stream_ids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % number for number in stream_ids)
    page_ids = []
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << "
                       b"/F1 %d 0 R >> >> /Contents [%s] >>" % (font, refs))
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % number for number in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
    path = folder / name
    path.write_bytes(pdf_bytes(objects))
    return path


def pdf_bytes(objects: Sequence[bytes | str]) -> bytes:
    """A PDF file of numbered ``objects`` (the first the catalogue), with its cross-reference
    table: what the generated PDFs of the tests, the robustness run and the speed runs share."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        raw = body.encode("latin-1") if isinstance(body, str) else body
        out += b"%d 0 obj\n" % number + raw + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_pdf_stream_bomb(folder: Path, megabytes: int = 20, name: str = "stream-bomb.pdf") -> Path:
    """One page whose content stream inflates to ``megabytes`` MB of tiny text operations."""
    unit = b"BT /F1 12 Tf 72 720 Td (Gov 3b.) Tj ET\n"
    return write_pdf(folder, [unit * (megabytes * 1_000_000 // len(unit))], name)


def write_pdf_long_word(folder: Path, letters: int = 6_800_000, name: str = "long-word.pdf") -> Path:
    """One page whose text is one word of ``letters`` letters (22 KB on disk at 6.8 million)."""
    return write_pdf(folder, [b"BT /F1 12 Tf 72 720 Td (" + b"a" * letters + b") Tj ET"], name)


def write_pdf_many_pages(folder: Path, pages: int = 5_000, name: str = "pages.pdf") -> Path:
    """``pages`` pages that share one short content stream."""
    return write_pdf(folder, [b"BT /F1 12 Tf 72 720 Td (Governments act, Gov 3b.) Tj ET"], name,
                     pages=pages)


def write_markdown_headings(folder: Path, headings: int = 5_000, name: str = "headings.md") -> Path:
    """A Markdown document of ``headings`` headings, each over one short paragraph."""
    path = folder / name
    path.write_text("".join(f"# Heading {n}\n\nParagraph {n} of the plan.\n\n"
                            for n in range(1, headings + 1)), encoding="utf-8")
    return path


def write_long_line(folder: Path, letters: int = 1_000_000, name: str = "long-line.txt",
                    unit: str = "a") -> Path:
    """One line of ``letters`` characters without a space (``unit`` repeated)."""
    path = folder / name
    path.write_text(unit * (letters // max(1, len(unit))) + "\n", encoding="utf-8")
    return path


def write_fifo(folder: Path, name: str = "pipe.txt") -> Path:
    """A named pipe with nobody writing to it: opening it for reading blocks."""
    path = folder / name
    os.mkfifo(path)
    return path
