"""Users' own documents (Markdown or plain text) split into citable sections.

A file ``corpus/documents/national-plan.md`` with a heading "## 2. Prevention"
becomes the clause ``doc.national-plan.2-prevention``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .clauses import Clause
from .errors import BadInput

SUFFIXES = (".md", ".markdown", ".txt")
MAX_BYTES = 2_000_000
MAX_SECTION_CHARS = 1500
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def slug(text: str, limit: int = 48) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:limit].strip("-") or "section"


def load_documents(directory: Path) -> list[Clause]:
    if not directory.is_dir():
        return []
    clauses: list[Clause] = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            clauses += parse_document(path.name, read_text_file(path))
    return clauses


def read_text_file(path: Path) -> str:
    """Read a user's text file, refusing binaries and oversize files in words."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"The file {path} does not exist; check the path.") from None
    except OSError as exc:
        raise BadInput(f"The file {path} cannot be read ({exc.strerror}).") from None
    if len(data) > MAX_BYTES:
        raise BadInput(f"The file {path} is larger than {MAX_BYTES // 1_000_000} MB; split it.")
    if b"\x00" in data:
        raise BadInput(f"The file {path} looks binary; give a Markdown or plain-text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"The file {path} is not UTF-8 text; re-save it as UTF-8.") from None


def parse_document(filename: str, text: str) -> list[Clause]:
    """Sections of a document: Markdown headings, else blank-line paragraphs."""
    stem = slug(Path(filename).stem)
    title = Path(filename).stem.replace("-", " ").replace("_", " ").strip() or filename
    sections: list[tuple[str, list[str]]] = []
    heading = ""
    for line in text.splitlines():
        match = _HEADING.match(line.strip())
        if match:
            if len(match.group(1)) == 1 and not sections and not heading:
                title = match.group(2)
            heading = match.group(2)
            sections.append((heading, []))
        else:
            if not sections:
                sections.append(("", []))
            sections[-1][1].append(line)
    clauses: list[Clause] = []
    used: set[str] = set()
    for heading, lines in sections:
        body = "\n".join(lines).strip()
        if not body:
            continue
        for n, chunk in enumerate(_chunks(body)):
            base = slug(heading) if heading else f"p{len(clauses) + 1}"
            sid = base if n == 0 else f"{base}-{n + 1}"
            while sid in used:
                sid += "-x"
            used.add(sid)
            label = f"{title}: {heading}" if heading else f"{title}, part {len(clauses) + 1}"
            clauses.append(Clause(
                id=f"doc.{stem}.{sid}", label=label, text=chunk, source=filename,
                kind="document", context=heading,
            ))
    return clauses


def _chunks(body: str) -> list[str]:
    """Keep sections whole when short; split long ones at paragraph breaks."""
    if len(body) <= MAX_SECTION_CHARS:
        return [body]
    chunks: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", body):
        para = para.strip()
        if current and len(current) + len(para) > MAX_SECTION_CHARS:
            chunks.append(current)
            current = ""
        current = f"{current}\n\n{para}".strip()
    if current:
        chunks.append(current)
    return chunks


def add_document(source: Path, corpus_dir: Path) -> Path:
    """Copy a user's document into corpus/documents/ so that it is indexed from now on."""
    if source.suffix.lower() not in SUFFIXES:
        raise BadInput(f"{source.name} is not a Markdown or text file (.md or .txt).")
    text = read_text_file(source)
    if not parse_document(source.name, text):
        raise BadInput(f"{source.name} has no text to index.")
    target_dir = corpus_dir / "documents"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / source.name
    if target.resolve() != source.resolve():
        shutil.copyfile(source, target)
    return target
