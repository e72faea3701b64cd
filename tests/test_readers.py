from __future__ import annotations

import dataclasses
import io
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from assistant.corpus import pdf_worker, readers, readers_bounds
from assistant.corpus.readers import MAX_BYTES, Draft, decode_text, read_draft, read_stream
from assistant.errors import BadInput
from eval.robustness import hostile_files as hostile
from eval.robustness.hostile_files import pdf_bytes


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
    return pdf_bytes(objects)


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


# Bounded reading: hostile files, built small by eval/robustness/hostile_files.py, are refused in one
# sentence within seconds and without the memory they would expand to.

SPLIT = "split it into smaller parts or give its text instead."


def _refused_fast(path: Path, seconds: float = 5.0) -> str:
    """The refusal of ``path``, asserting it took under ``seconds`` and little Python memory."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        message = _refused(path)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.monotonic() - started < seconds, message
    assert peak < 64_000_000, peak
    return message


@pytest.mark.parametrize(
    ("build", "detail"),
    [
        (lambda d: hostile.write_docx_bomb(d, 10_000_000), "over 50 MB once expanded"),
        (lambda d: hostile.write_docx_bomb(d, 3_000_000), "a part that expands over 400 times"),
        (lambda d: hostile.write_docx_many_members(d, 1_001), "over 1,000 parts in its zip"),
        (lambda d: hostile.write_docx_many_paragraphs(d, 60_000),
         "over 100,000 paragraphs, text runs and table cells"),
    ],
)
def test_docx_bombs_are_refused_before_parsing(tmp_path: Path, build: Callable[[Path], Path],
                                               detail: str) -> None:
    path = build(tmp_path)
    assert path.stat().st_size < 200_000
    assert _refused_fast(path) == f"The Word document {path} is too large to read ({detail}); {SPLIT}"


def test_docx_tag_bound_and_entities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laughs = hostile.write_docx_entities(tmp_path)
    assert _refused_fast(laughs) == f"The file {laughs} is not a valid Word document; re-save it as .docx."
    plan = make_docx(tmp_path / "plan.docx", ["Governments will act (Gov 3b)."])
    monkeypatch.setattr(readers_bounds, "DOCX_MAX_TAGS", 50)
    assert _refused_fast(plan) == (f"The Word document {plan} is too large to read (over 50 XML tags); "
                                   f"{SPLIT}")


def test_merged_cells_read_as_python_docx_gives_them_in_linear_time(tmp_path: Path) -> None:
    document = docx.Document()
    grid = document.add_table(rows=4, cols=3)
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    grid.cell(0, 0).merge(grid.cell(2, 0))  # three rows of one column
    grid.cell(1, 1).merge(grid.cell(1, 2))  # two columns of one row
    grid.cell(2, 1).merge(grid.cell(3, 2))  # a block
    path = tmp_path / "merged.docx"
    document.save(str(path))
    table = docx.Document(str(path)).tables[0]
    expected = ["| " + " | ".join(" ".join(c.text.split()) for c in row.cells) + " |" for row in table.rows]
    assert list(readers_bounds._table_lines(table)) == expected
    column = hostile.write_docx_merged_column(tmp_path, 5_000)  # python-docx: RecursionError
    started = time.monotonic()
    lines = read_draft(column).text.splitlines()
    assert time.monotonic() - started < 5
    assert lines == ["| Gov 3b |"] * 5_001


def test_pdf_bombs_are_refused(tmp_path: Path) -> None:
    bomb = hostile.write_pdf_stream_bomb(tmp_path, 20)  # 59 KB: 89 s to read before
    assert _refused_fast(bomb) == (f"The PDF {bomb} is too large to read (a page that expands past "
                                   f"the reader's limits); {SPLIT}")
    pages = hostile.write_pdf_many_pages(tmp_path, 1_001)
    assert _refused_fast(pages) == f"The PDF {pages} is too large to read (over 1,000 pages); {SPLIT}"
    shared = hostile.write_pdf(tmp_path, [b"0 0 m 1 1 l S\n" * 75_000], "shared.pdf", pages=17)
    assert _refused_fast(shared) == (f"The PDF {shared} is too large to read (over 8 MB of page "
                                     f"content once expanded); {SPLIT}")
    # Peak memory of the readers' own children, measured in a fresh process (RUSAGE_CHILDREN of this
    # one also counts every earlier test's subprocesses).
    script = ("import resource, sys\nfrom pathlib import Path\n"
              "from assistant.corpus.readers import read_draft\n"
              "for p in sys.argv[1:]:\n    try:\n        read_draft(Path(p))\n    except Exception:\n"
              "        pass\nprint(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    peak = subprocess.run([sys.executable, "-c", script, str(bomb), str(pages), str(shared)],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    assert 0 < int(peak) < 1_000_000  # KB: under 1 GB


def _limit_pdf(monkeypatch: pytest.MonkeyPatch, **limits: float) -> None:
    monkeypatch.setattr(pdf_worker, "LIMITS", dataclasses.replace(pdf_worker.Limits(), **limits))


def test_pdf_time_text_and_memory_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(make_pdf(["Governments will criminalise sextortion (Gov 3b)."] * 3))
    _limit_pdf(monkeypatch, max_text_chars=100)
    assert _refused_fast(plan) == (f"The PDF {plan} is too large to read (over 100 characters of "
                                   f"text); {SPLIT}")
    _limit_pdf(monkeypatch, seconds=0.01)  # past before the first page: the worker refuses
    assert _refused_fast(plan) == f"The PDF {plan} took over 0.01 seconds to read; {SPLIT}"
    monkeypatch.setattr(readers_bounds, "PDF_KILL_GRACE", 0.0)  # the parent kills the worker
    assert _refused_fast(plan) == f"The PDF {plan} took over 0.01 seconds to read; {SPLIT}"
    monkeypatch.setattr(readers_bounds, "PDF_KILL_GRACE", 2.0)
    word = hostile.write_pdf_long_word(tmp_path, 9_000_000)  # 9 KB: one 9 MB stream to inflate
    _limit_pdf(monkeypatch, memory_bytes=64 * 2**20, max_stream_bytes=20_000_000)  # python: 40 MB
    assert _refused_fast(word) == (f"The PDF {word} is too large to read (it needs over 64 MB of "
                                   f"memory); {SPLIT}")


def test_a_sixty_page_pdf_reads_in_seconds(tmp_path: Path) -> None:
    lines = " ".join(f"(Line {n}: governments will act under Gov 3b.) Tj T*" for n in range(40))
    path = hostile.write_pdf(tmp_path, [f"BT /F1 10 Tf 72 750 Td 12 TL {lines} ET".encode()],
                             "report.pdf", pages=60)
    started = time.monotonic()
    text = read_draft(path).text
    assert time.monotonic() - started < 5
    assert text.count("Line 39: governments will act under Gov 3b.") == 60


def test_pipes_devices_and_sockets_are_refused_at_once(tmp_path: Path) -> None:
    tail = "not a regular file; give the path of a saved .txt, .md, .docx or .pdf file."
    fifo = hostile.write_fifo(tmp_path)
    assert _refused_fast(fifo, 1) == f"{fifo} is a named pipe, {tail}"
    with pytest.raises(BadInput, match="is a named pipe"):  # swapped in after the check: no block
        readers._read_bytes(fifo)
    assert _refused_fast(Path("/dev/zero"), 1) == f"/dev/zero is a device, {tail}"
    sock_path = tmp_path / "s.md"
    if len(str(sock_path)) < 100:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(sock_path))
            assert _refused_fast(sock_path, 1) == f"{sock_path} is a socket, {tail}"
