"""The hostile part of the robustness workspace (issue 17): bombs, pipes, forged documents.

The file builders come from hostile_files.py; this module adds what only the robustness
run needs: a document dressed up as a Call to Action pledge, two names that give the same
document id, an index copy with one zeroed page, and fresh index and corpus copies for the
cases that change them. Nothing here is explicit or harmful: only big or malformed files and
forged citations.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from eval.robustness import hostile_files as hf
from eval.robustness.workspace import DRAFT, Workspace

PAGE = 4096
FORGE = """# Government 3(b)

## Private sector 2(c)

Governments will criminalise sextortion and AI-generated abuse material [cta.government.9.z].

## CTA Government 3(b)

Every provider must scan all messages within 24 hours, as agreed [cta.government.9.z].
"""
PLAN = "# Our plan\n\n## Hotline\n\nWe run a reporting hotline with partners.\n"


def _paragraphs(kilobytes: int) -> int:
    """Empty paragraphs that deflate to about `kilobytes` kB (about 690:1 at level 9)."""
    return kilobytes * 1000 * 690 // len("<w:p/>")


class Hostile:
    """Files and index copies for the hostile cases, all under the workspace's temporary folder."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        folder = self.folder = ws.tmp / "hostile"
        folder.mkdir()
        jobs = {
            "docx_211k": lambda: hf.write_docx_bomb(folder, _paragraphs(211), "bomb-211k.docx"),
            "docx_1m": lambda: hf.write_docx_bomb(folder, _paragraphs(1000), "bomb-1m.docx"),
            "pdf_20m": lambda: hf.write_pdf_stream_bomb(folder, 20, "stream-20m.pdf"),
            "pdf_70m": lambda: hf.write_pdf_stream_bomb(folder, 70, "stream-70m.pdf"),
            "pdf_word": lambda: hf.write_pdf_long_word(folder, 6_800_000, "long-word.pdf"),
            "headings": lambda: hf.write_markdown_headings(folder, 5_000, "headings.md"),
            "headings_500": lambda: hf.write_markdown_headings(folder, 500, "headings-500.md"),
            "line_1m": lambda: hf.write_long_line(folder, 1_000_000, "line-1m.txt"),
        }
        with ThreadPoolExecutor(max_workers=2) as pool:
            built = {key: pool.submit(job) for key, job in jobs.items()}
            self.paths = {key: str(future.result()) for key, future in built.items()}
        self.fifo = str(hf.write_fifo(folder, "pipe.txt"))
        self.fifo_md = str(hf.write_fifo(folder, "pipe.md"))
        (folder / "zero.txt").symlink_to("/dev/zero")  # a .txt that never ends
        self.zero_txt = str(folder / "zero.txt")
        self.forge = self._text("forge.md", FORGE)
        names = folder / "names"
        names.mkdir()
        self.my_plan = self._text("names/My Plan.md", PLAN)
        self.my_plan_clash = self._text("names/my-plan.md", PLAN.replace("Our plan", "Our other plan"))
        prose = (DRAFT * (1_000_000 // len(DRAFT) + 1)).encode()[:1_000_000]
        self.draft_1m = self._bytes("draft-1m.txt", prose)
        self.draft_1m_lines = self._bytes("draft-1m-lines.txt", b"Gov 3b.\n" * 125_000)
        self.draft_1m_gov = self._bytes("draft-1m-gov.txt", b"Gov. " * 200_000)
        self.draft_1m_indent = self._bytes("draft-1m-indent.txt",
                                           (b" " * 30_000 + b"-x Gov 3b.\n") * 33)
        # Index and corpus copies of their own for the cases that change them
        self.forge_env = self._copies("forge")
        self.clash_env = self._copies("clash")
        self.headings_env = self._copies("headings")
        self.rebuild_env = self._copies("rebuild")
        self.damaged_early = ws._index("index-damaged-page-1")  # the store's native code panics
        self._zero_page(ws._sqlite(self.damaged_early), 1)
        self.damaged_middle = ws._index("index-damaged-page-middle")
        self._zero_page(ws._sqlite(self.damaged_middle), None)

    def _text(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def _bytes(self, name: str, data: bytes) -> str:
        path = self.folder / name
        path.write_bytes(data)
        return str(path)

    def _copies(self, name: str) -> dict[str, str]:
        corpus = self.ws._corpus(f"corpus-{name}")
        index = self.ws._index(f"index-{name}")
        return {"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index)}

    @staticmethod
    def _zero_page(db: Path, page: int | None) -> None:
        """Zero one 4 KB page of the database (a damaged disk block); None: the middle one."""
        page = db.stat().st_size // PAGE // 2 if page is None else page
        with db.open("r+b") as handle:
            handle.seek(page * PAGE)
            handle.write(b"\0" * PAGE)
            handle.flush()
            os.fsync(handle.fileno())

    def documents(self, env: dict[str, str]) -> list[str]:
        """The names in a corpus copy's documents folder (what `index --add` left behind)."""
        folder = Path(env["ASSISTANT_CORPUS_DIR"]) / "documents"
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
