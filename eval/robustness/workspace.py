"""The throw-away workspace of `python -m eval.robustness`.

It copies the active index build and the corpus into a temporary folder, injects faults
into further copies, writes the input files, and runs two servers on 127.0.0.1: a "black
hole" that accepts connections and never answers (a hung endpoint), and a spy that counts
the connections it gets (set as the proxy, it sees any request meant for the internet).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import socket
import threading
from pathlib import Path

QUESTION = "what does the Call to Action expect of payment providers?"
DRAFT = "Governments will criminalise AI-generated abuse and sextortion (Gov 3b). "
CONTROL = "payment\x01 providers\x07 sextortion\x1b[31m red\x7f\x0b\x0c end"
ARABIC = "ماذا تتوقع الدعوة إلى العمل من مزودي خدمات الدفع؟"
HEBREW = "מה נדרש מממשלות בנוגע לסחיטה מינית של ילדים?"
CHINESE = "政府应该如何应对人工智能生成的儿童性虐待内容？"
EMOJI = "🛡️👧 payment providers 💳 sextortion 🚫"
MIXED = "Gov 3b يقول criminalise 性勒索 sextortion מה hotline"
BIDI = "\u202eGov 3b\u202c \u200b\u2066hotline\u2069 \u200d\ufeff"
ZALGO = "h\u0334\u0322o\u0335\u034dt\u0337line " * 20


class Workspace:
    """Copies of the index and corpus, fault-injected variants, input files, a hung server."""

    def __init__(self, tmp: Path, root: Path) -> None:
        self.tmp, self.root = tmp, root
        self.files = tmp / "files"
        self.files.mkdir()
        self.rng = random.Random(8)

    def __enter__(self) -> Workspace:
        shutil.copytree(self.root / "index" / "onnx", self.tmp / "onnx")
        self.corpus = self._corpus("corpus")
        self.index = self._index("index")
        self.mutable_corpus, self.mutable_index = self._corpus("corpus-mut"), self._index("index-mut")
        self._faults()
        self._write_files()
        self._server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.hung_port = self._server.getsockname()[1]
        self._held: list[socket.socket] = []
        threading.Thread(target=self._hold, daemon=True).start()
        self._spy = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.spy_port, self.spy_hits = self._spy.getsockname()[1], 0
        threading.Thread(target=self._count, daemon=True).start()
        home = self.tmp / "home"
        home.mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("ASSISTANT_", "OPENAI_", "OLLAMA_"))}
        self.env.update(HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                        ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False",
                        ASSISTANT_INDEX_DIR=str(self.index), ASSISTANT_CORPUS_DIR=str(self.corpus),
                        PYTHONIOENCODING="utf-8", NO_PROXY="*")
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()
        self._spy.close()
        for conn in self._held:
            conn.close()

    def _hold(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self._held.append(conn)  # never read, never answered

    def _count(self) -> None:
        """The spy proxy: counts connections (requests that would have left the machine)."""
        while True:
            try:
                conn, _ = self._spy.accept()
            except OSError:
                return
            self.spy_hits += 1
            conn.close()

    def _corpus(self, name: str) -> Path:
        return Path(shutil.copytree(self.root / "corpus", self.tmp / name))

    def _index(self, name: str) -> Path:
        source = self.root / "index"
        build = (source / "CURRENT").read_text(encoding="utf-8").strip()
        target = self.tmp / name
        shutil.copytree(source / build, target / build)
        shutil.copy(source / "CURRENT", target / "CURRENT")
        (target / "onnx").symlink_to(self.tmp / "onnx", target_is_directory=True)
        for cache in source.glob("*.npz"):  # the kept vectors `assistant index` writes beside a build
            shutil.copy(cache, target / cache.name)
        return target

    def _sqlite(self, index: Path) -> Path:
        return index / (index / "CURRENT").read_text(encoding="utf-8").strip() / "chroma.sqlite3"

    def _faults(self) -> None:
        self.truncated, self.garbage = self._index("index-truncated"), self._index("index-garbage")
        self.truncated_to_repair = self._index("index-truncated-to-repair")  # `index` mends it
        for copy in (self.truncated, self.truncated_to_repair):
            db = self._sqlite(copy)
            os.truncate(db, db.stat().st_size // 3)
        db = self._sqlite(self.garbage)
        db.write_bytes(self.rng.randbytes(db.stat().st_size))
        self.no_pointer = self._index("index-no-current")
        (self.no_pointer / "CURRENT").unlink()
        self.dangling = self._index("index-dangling")
        (self.dangling / "CURRENT").write_text("build-that-does-not-exist\n", encoding="utf-8")
        self.blank_pointer = self._index("index-blank-current")
        (self.blank_pointer / "CURRENT").write_text("\n", encoding="utf-8")
        self.escaping = self._index("index-escaping-current")
        (self.escaping / "CURRENT").write_text("../../..\n", encoding="utf-8")
        self.missing_index = self.tmp / "no-index-here"
        self.empty_corpus = self.tmp / "empty-corpus"
        self.empty_corpus.mkdir()
        self.bad_safety = self._corpus("corpus-bad-safety")
        (self.bad_safety / "behaviour" / "safety.toml").write_text("[lexicon\ntarget = ", encoding="utf-8")
        self.a_file = self.files / "not-a-folder"
        self.a_file.write_text("x", encoding="utf-8")

    def f(self, name: str, data: bytes) -> str:
        path = self.files / name
        path.write_bytes(data)
        return str(path)

    def _write_files(self) -> None:
        from docx import Document
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(612, 792)
        scanned = io.BytesIO()
        writer.write(scanned)
        self.scanned_pdf = self.f("scanned.pdf", scanned.getvalue())
        writer.encrypt("secret")
        locked = io.BytesIO()
        writer.write(locked)
        self.locked_pdf = self.f("locked.pdf", locked.getvalue())
        empty_docx = io.BytesIO()
        Document().save(empty_docx)
        self.empty_docx = self.f("empty.docx", empty_docx.getvalue())
        self.cut_docx = self.f("cut.docx", empty_docx.getvalue()[: len(empty_docx.getvalue()) // 2])
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + self.rng.randbytes(4000)
        self.png_md, self.png_txt = self.f("picture.md", png), self.f("picture.txt", png)
        self.random_pdf = self.f("random.pdf", self.rng.randbytes(8000))
        self.random_docx = self.f("random.docx", self.rng.randbytes(8000))
        self.binary_md = self.f("binary.md", self.rng.randbytes(8000))
        self.latin1 = self.f("latin1.txt", "Les États criminalisent (Gov 3b) café.\n".encode("latin-1"))
        self.latin1_md = self.f("latin1.md", "# Plan\n\nLes États, café.\n".encode("latin-1"))
        self.bad_utf16 = self.f("bad-utf16.txt", b"\xff\xfe" + b"\x00\xd8G\x00")
        self.empty_txt, self.blank_txt = self.f("empty.txt", b""), self.f("blank.txt", b" \n\t\r\n ")
        self.empty_md = self.f("empty.md", b"")
        self.over_10mb = self.f("over-10mb.txt", (DRAFT * 140_000).encode()[:10_500_000])
        self.over_2mb_md = self.f("big-notes.md", b"# Notes\n\n" + (DRAFT * 40_000).encode())
        self.html = self.f("page.html", b"<p>Gov 3b</p>")
        self.mixed_txt = self.f("mixed.txt", f"{ARABIC} (PS 2c)\n{HEBREW}\n{CHINESE} [Gov 3b]\n".encode())
        self.bom_crlf = self.f("bom-crlf.txt", "\ufeffMembers report progress (Overarching commitment 4)."
                               "\r\nGov 3b\r\n".encode())
        self.notes_md = self.f("team-notes.md", b"# Team notes\n\n## Hotline\n\nWe run a reporting "
                               b"hotline with partners and review it every year.\n")
        loop = self.files / "loop.txt"
        loop.symlink_to(loop)
        self.loop = str(loop)
        self.queries_mixed = self.f("queries-mixed.txt", "\n".join(
            [ARABIC, HEBREW, CHINESE, EMOJI, MIXED, CONTROL, "hotline"]).encode())
        self.queries_blank = self.f("queries-blank.txt", b"\n  \n\t\n")
        self.queries_many = self.f("queries-many.txt", b"hotline\n" * 10_001)
        self.queries_10mb = self.f("queries-10mb.txt", b"hotline " * 1_300_000)
        self.queries_10mb_lines = self.f("queries-10mb-lines.txt", b"hotline sextortion\n" * 550_000)
        self.queries_latin1 = self.f("queries-latin1.txt", "café hotline\n".encode("latin-1"))
