"""An organisation's document as sentences, each with its 1-based line and its section heading.

Headings are Markdown ``#`` lines, and short lines with no final punctuation ("3. Legislation",
"Part B - Commitments"), as plain text, Word and PDF give them; they are never evidence. A line
that carries on a long unfinished line (text wrapped at a fixed width) is never a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalise import fold
from assistant.text.sentences import split_sentences

HEADING_CHARS = 90  # a limit: a longer line is a sentence, not a heading
HEADING_WORDS = 12
_MARK = re.compile(r"^\s*#{1,6}\s*")
_END = re.compile(r"[.,;:!?]['\"”’)]*$")
_ITEM = re.compile(r"^(?:[-*+•▪◦]|\(?[0-9ivx]{1,4}[.)]|[A-Za-z]\d{0,2}[.)])\s")  # an item, a numbered part
_PROSE = re.compile(r"(?:[a-z]{2,}|\d{4})[.!?]\s+[A-Z]")  # a sentence ends inside it: "... in 2019. The"
_OPEN = re.compile(r"\s(?:and|or|of|the|a|an|to|for|with|in|on|by|from|that|which|who|our|its|their)$",
                   re.IGNORECASE)  # it ends on a word that needs more: the line was wrapped
WRAPPED_CHARS = 60  # a limit: an unfinished line this long was wrapped, and the next carries it on


@dataclass(frozen=True)
class Unit:
    """One sentence of the document."""

    text: str
    line: int  # 1-based line of the input on which it starts
    heading: str  # the nearest heading above it ("" before the first)
    folded: str  # text and heading, folded, for the phrase matchers

    @property
    def quote(self) -> str:
        return self.text if len(self.text) <= 240 else self.text[:237].rstrip() + "..."


@dataclass(frozen=True)
class Document:
    units: tuple[Unit, ...]
    headings: dict[int, str]  # line -> heading text
    title: str

    @property
    def head(self) -> str:
        """The title and first sentences: what says what kind of organisation wrote it."""
        parts = [self.title] + [u.text for u in self.units[:6]]
        return " ".join(p for p in parts if p)[:1900]

    @property
    def masthead(self) -> str:
        """The title and first two sentences, where a document names who wrote it: a sector
        read here, not from the background sections after it, can contradict the one given."""
        parts = [self.title] + [u.text for u in self.units[:2]]
        return " ".join(p for p in parts if p)[:600]


def is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("|"):
        return False
    if _MARK.match(stripped):
        return True
    if len(stripped) > HEADING_CHARS or len(stripped.split()) > HEADING_WORDS:
        return False
    return ((stripped[:1].isupper() or stripped[:1].isdigit()) and not _END.search(stripped)
            and not _PROSE.search(stripped) and not _OPEN.search(stripped))


def continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` (text wrapped at a fixed width): the
    previous line is a long one left unfinished (no final punctuation) and ``line`` opens no item of
    its own, or ``line`` is indented under it ("- We will contribute to the WeProtect Global" then
    "  Threat Assessment and ..."), never a heading of its own."""
    before = previous.rstrip()
    if not before.strip() or _END.search(before) or _MARK.match(line.strip()) or _ITEM.match(line.strip()):
        return False
    return line[:1].isspace() or len(before.strip()) >= WRAPPED_CHARS


def heading_text(line: str) -> str:
    return " ".join(_MARK.sub("", line).split())


def split_document(text: str, paragraph_lines: bool = False) -> Document:
    """The sentences of ``text`` under their headings (headings themselves are not units)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    headings: dict[int, str] = {}
    for n, line in enumerate(lines, 1):
        if is_heading(line) and (paragraph_lines or _MARK.match(line) or (
                (n == 1 or (n - 1) in headings or not continues(lines[n - 2], line))
                and not (n < len(lines) and lines[n][:1].islower()))):
            headings[n] = heading_text(line)
    title = next(iter(headings.values()), "")
    units: list[Unit] = []
    ordered = sorted(headings)
    body = "\n".join("" if n in headings else line for n, line in enumerate(lines, 1))
    for sentence in split_sentences(body, paragraph_lines=paragraph_lines).sentences:
        above = [n for n in ordered if n <= sentence.line]
        heading = headings[above[-1]] if above else ""
        units.append(Unit(sentence.text, sentence.line, heading, fold(f"{sentence.text} \n {heading}")))
    return Document(tuple(units), headings, title)
