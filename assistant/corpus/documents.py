"""Users' own documents (Markdown or plain text) split into citable sections.

A file ``corpus/documents/national-plan.md`` with a heading "## 2. Prevention"
becomes the clause ``doc.national-plan.2-prevention``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.readers import read_text
from assistant.domain.clauses import Clause, document_label
from assistant.errors import BadInput

SUFFIXES = (".md", ".markdown", ".txt")
MAX_BYTES = 2_000_000
MAX_SECTION_CHARS = 1500
MAX_SECTIONS = 500  # an added document is a plan or a policy, not a data dump (500 embed in ~6 s)
MAX_HEADING_CHARS = 200


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
    """Read a user's text file (a regular file, at most 2 MB), refusing binaries in words."""
    return read_text(path, "a Markdown or plain-text file", MAX_BYTES)


def document_stem(filename: str) -> str:
    """The part of a document's ids that names the file: "My Plan.md" → "my-plan"."""
    return slug(Path(filename).stem)


def parse_document(filename: str, text: str) -> list[Clause]:
    """Sections of a document: Markdown headings, else blank-line paragraphs.

    A section is labelled with the file's name and its heading as written ("plan.md,
    “3. Hotline”"), never with the document's title alone: a document whose heading reads
    "Government 3(b)" must not pass for the Call to Action's clause.
    """
    stem = document_stem(filename)
    sections: list[tuple[str, list[str]]] = []
    title = ""
    for line in text.splitlines():
        found = _heading(line)
        if found:
            level, heading = found
            if level == 1 and not sections and not title:
                title = heading
            sections.append((heading, []))
        else:
            if not sections:
                sections.append(("", []))
            sections[-1][1].append(line)
    if len(sections) > MAX_SECTIONS:
        raise BadInput(f"{filename} has {len(sections):,} sections, more than the {MAX_SECTIONS:,} "
                       "a document may have; split it into smaller files.")
    clauses: list[Clause] = []
    used: dict[str, int] = {}
    for heading, lines in sections:
        body = "\n".join(lines).strip()
        if not body:
            continue
        for n, chunk in enumerate(_chunks(body)):
            base = slug(heading) if heading else f"p{len(clauses) + 1}"
            sid = base if n == 0 else f"{base}-{n + 1}"
            if sid in used:  # the same heading again: number it
                count = used[sid]
                while f"{sid}-{count + 1}" in used:
                    count += 1
                used[sid] = count + 1
                sid = f"{sid}-{count + 1}"
            used.setdefault(sid, 1)
            label = document_label(filename, heading, len(clauses) + 1)
            context = f"{title} — {heading}" if title and heading and title != heading else heading or title
            clauses.append(Clause(id=f"doc.{stem}.{sid}", label=label, text=chunk, source=filename,
                                  kind="document", context=context))
    return clauses


def _heading(line: str) -> tuple[int, str] | None:
    """A Markdown heading's level and text ("## 3. Hotline ##" → 2, "3. Hotline"), read without
    a pattern so that a long line costs one pass."""
    stripped = line.strip()
    level = len(stripped) - len(stripped.lstrip("#"))
    if not 1 <= level <= 6 or len(stripped) == level or not stripped[level].isspace():
        return None
    text = stripped[level:].strip()
    text = text.rstrip("#").rstrip() or text
    text = " ".join(text.split()[:60])[:MAX_HEADING_CHARS]
    return (level, text) if text else None


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


@dataclass(frozen=True)
class Added:
    """A document copied into corpus/documents/, and how to take the copy back."""

    target: Path
    previous: bytes | None  # what the target held before (a re-added file), else None

    def undo(self) -> None:
        if self.previous is None:
            self.target.unlink(missing_ok=True)
        else:
            self.target.write_bytes(self.previous)


def add_document(source: Path, corpus_dir: Path) -> Added:
    """Copy a user's document into corpus/documents/ so that it is indexed from now on.

    Refused, with nothing written, when it is not a readable text file, has nothing to
    index, or would share its ids with another document ("My Plan.md" and "my-plan.md")."""
    if source.suffix.lower() not in SUFFIXES:
        raise BadInput(f"{source.name} is not a Markdown or text file (.md or .txt).")
    text = read_text_file(source)
    if not parse_document(source.name, text):
        raise BadInput(f"{source.name} has no text to index.")
    target_dir = corpus_dir / "documents"
    stem = document_stem(source.name)
    if target_dir.is_dir():
        for other in sorted(target_dir.iterdir()):
            if (other.name != source.name and other.suffix.lower() in SUFFIXES
                    and document_stem(other.name) == stem):
                raise BadInput(f"{source.name} would share its clause ids (doc.{stem}.…) with the "
                               f"document {other.name} already added; rename the file.")
    target = target_dir / source.name
    previous = target.read_bytes() if target.is_file() else None
    if target.exists() and previous is None:
        raise BadInput(f"{target} exists and is not a file; move it away first.")
    if previous is not None and target.resolve() == source.resolve():
        return Added(target, previous)
    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target_dir / f".{source.name}.{os.getpid()}.tmp"
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Added(target, previous)
