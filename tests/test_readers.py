from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from assistant.errors import BadInput
from assistant.readers import MAX_BYTES, Draft, decode_text, read_draft, read_stream


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF whose text layer holds ``lines`` (Helvetica, one per line)."""
    shown = " ".join("({}) Tj T*".format(line.replace("\\", "\\\\").replace("(", "\\(")
                                         .replace(")", "\\)")) for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td 14 TL {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def make_blank_pdf() -> bytes:
    """A valid PDF with one page and no text layer, as a scan without OCR is."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    document.save(str(path))
    return path


def test_text_and_markdown(tmp_path: Path) -> None:
    for name in ("draft.txt", "draft.md", "DRAFT.MARKDOWN"):
        path = tmp_path / name
        path.write_bytes("\ufeffGovernments will act (Gov 3b).\n".encode())
        assert read_draft(path) == Draft("Governments will act (Gov 3b).\n")


def test_utf16_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes("Companies will act (PS 2c).".encode("utf-16"))
    assert read_draft(path).text == "Companies will act (PS 2c)."


def test_docx_paragraphs_are_lines_and_tables_rows(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "plan.docx", ["National plan", "", "Governments will act (Gov 3b)."],
                     [["Action", "Reference"], ["Share best practice", "PS 3a"]])
    assert read_draft(path) == Draft(
        "National plan\n\nGovernments will act (Gov 3b).\n| Action | Reference |\n"
        "| Share best practice | PS 3a |", paragraph_lines=True)


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(["Governments will criminalise sextortion (Gov 3b).", "Second line."]))
    assert read_draft(path).text.splitlines() == [
        "Governments will criminalise sextortion (Gov 3b).", "Second line."]


def test_stdin() -> None:
    assert read_stream(io.BytesIO(b"Companies act (PS 2c).\n")) == Draft("Companies act (PS 2c).\n")


def _refused(path: Path) -> str:
    with pytest.raises(BadInput) as caught:
        read_draft(path)
    return str(caught.value)


def test_bad_files_are_refused_in_one_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    assert _refused(missing) == f"The file {missing} does not exist; check the path."
    assert _refused(tmp_path) == f"{tmp_path} is a folder; give the path of a file."
    rtf = tmp_path / "draft.rtf"
    rtf.write_text("x")
    assert _refused(rtf) == (f"The file {rtf} has the unsupported type '.rtf'; give a .txt, .md, "
                             ".docx or .pdf file.")
    bare = tmp_path / "draft"
    bare.write_text("x")
    assert _refused(bare) == f"The file {bare} has no extension; give a .txt, .md, .docx or .pdf file."
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02text")
    assert _refused(binary) == (f"The file {binary} looks binary; give a text, Markdown, Word (.docx) "
                                "or PDF file.")
    latin = tmp_path / "latin.md"
    latin.write_bytes("Caf\xe9 policy".encode("latin-1"))
    assert _refused(latin) == f"The file {latin} is not UTF-8 text; re-save it as UTF-8."
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\t")
    assert _refused(blank) == f"The file {blank} has no text to check."
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    assert _refused(big) == f"The file {big} is larger than 10 MB; split it into smaller parts."


def test_bad_documents_are_refused(tmp_path: Path) -> None:
    fake_docx = tmp_path / "plan.docx"
    fake_docx.write_bytes(b"PK\x03\x04 not really a zip")
    assert _refused(fake_docx) == f"The file {fake_docx} is not a valid Word document; re-save it as .docx."
    fake_pdf = tmp_path / "plan.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4\nnothing else")
    assert _refused(fake_pdf) == f"The file {fake_pdf} is not a readable PDF; export it again as PDF."
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(make_blank_pdf())
    assert _refused(scanned) == (f"The PDF {scanned} has no text layer (it looks scanned); run OCR on it "
                                 "or give the text instead.")
    empty_docx = make_docx(tmp_path / "empty.docx", ["", "  "])
    assert _refused(empty_docx) == f"The file {empty_docx} has no text to check."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The input is empty; pipe a draft to check into `assistant check -`."),
        (b"  \n", "The input is empty; pipe a draft to check into `assistant check -`."),
        (b"\x00\x00", "The input looks binary; give a text, Markdown, Word (.docx) or PDF file."),
        (b"\xff\xfe\x00\xd8", "The input is not valid UTF-16 text; re-save it as UTF-8."),
        (b"x" * (MAX_BYTES + 1), "The input is larger than 10 MB; split the draft into smaller parts."),
    ],
)
def test_bad_stdin(data: bytes, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        read_stream(io.BytesIO(data))
    assert str(caught.value) == message


def test_decode_text_names_what_it_reads() -> None:
    with pytest.raises(BadInput, match=r"^The upload is not UTF-8 text"):
        decode_text(b"\xe9t\xe9", "The upload")
