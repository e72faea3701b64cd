"""How long `assistant assess` takes on a 60-page national plan in PDF, with the real model.

    python -m eval.speed.assess_speed [--pages 60] [--keep]

Builds a PDF of ``--pages`` pages (about 40 lines a page, headings every few paragraphs) from
the tuning set's national plans and ordinary prose, in a temporary folder (kept in eval/out/
with --keep; never committed). Prints the time to read the PDF (the capped child process),
to load the model and index, and to assess, through the same code the CLI uses.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from assistant.config import Settings
from assistant.core import Assistant
from assistant.corpus.readers import read_draft
from eval.registry import get
from eval.robustness.hostile_files import pdf_bytes

OUT = Path(__file__).resolve().parents[1] / "out"  # eval/out/, never committed
LINES_PER_PAGE = 40
PROSE = [
    "The {body} met {n} times during the reporting period to review progress.",
    "Section {n} describes the consultation process and the stakeholders who took part.",
    "Budget figures for {year} are set out in the annex and remain provisional.",
    "Regional workshops gathered views from practitioners, teachers and health workers.",
    "Data from the national statistics office were used where they were available.",
    "The indicators in Table {n} will be reviewed at the mid-term evaluation.",
]
PLACES = ["the north", "the capital", "coastal districts", "the eastern region", "island provinces",
          "border towns", "the highlands", "the south", "river districts", "the western province"]
BODIES = ["Ministry of Justice", "national coordinator", "steering committee", "Ministry of Education"]


def plan_lines(pages: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    own = get("own")
    source = [line for name in ("national_plan_kestria.md", "ministry_strategy_norvale.txt")
              for line in own.document(name).read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#") and len(line) > 60]
    lines: list[str] = []
    while len(lines) < pages * LINES_PER_PAGE:
        if len(lines) % 12 == 0:
            lines.append(f"{len(lines) // 12 + 1}. Chapter on {rng.choice(BODIES)} work")
        elif rng.random() < 0.3:  # a commitment, made distinct as a real plan's would be
            line = rng.choice(source).rstrip(".")
            lines.append(f"{line}, starting in {rng.choice(PLACES)} in {rng.randint(2025, 2030)} "
                         f"with {rng.randint(2, 900)} staff.")
        else:
            lines.append(rng.choice(PROSE).format(body=rng.choice(BODIES), n=rng.randint(1, 30),
                                                  year=rng.randint(2025, 2030)))
    return lines


def _escaped(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A valid PDF with a text layer: ``LINES_PER_PAGE`` lines a page (Helvetica, 9 pt)."""
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        shown = " ".join(f"({_escaped(line)}) Tj T*" for line in page)
        content = f"BT /F1 9 Tf 36 760 Td 18 TL {shown} ET"
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    return pdf_bytes(objects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the PDF in eval/out/")
    args = parser.parse_args()
    folder = OUT if args.keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"national-plan-{args.pages}-pages.pdf"
    path.write_bytes(make_pdf(plan_lines(args.pages)))
    start = time.perf_counter()
    draft = read_draft(path)
    read = time.perf_counter() - start
    start = time.perf_counter()
    assistant = Assistant(Settings.from_env())
    assistant.assess("Warm-up: the Ministry will report progress.", sector="government")
    load = time.perf_counter() - start
    embedded: list[int] = [0]
    start = time.perf_counter()
    result = assistant.assess(draft.text, sector="government",
                              progress=lambda done, total: embedded.__setitem__(0, total))
    took = time.perf_counter() - start
    lines = len(draft.text.splitlines())
    size = path.stat().st_size / 1e6
    print(f"{args.pages} pages, {lines} lines, {size:.2f} MB: read the PDF in {read:.2f} s; "
          f"model and index loaded in {load:.2f} s; assessed in {took:.2f} s, {embedded[0]} distinct "
          f"sentences embedded ({result.summary}).")
    if not args.keep:
        path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
