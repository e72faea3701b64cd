"""Splitting a draft into sentences, each with the 1-based line it starts on.

Drafts are Markdown or plain text: blank lines, list items, headings and table
rows start new blocks; inside a block, sentences end at . ! ? unless the word
before is an abbreviation ("Gov. 3b", "e.g."). Footnote markers ("…sextortion.¹",
"[1]", "[^1]") stay with their sentence, and footnote lines ("¹ Gov 3b",
"[1] Call to Action, PS 2c") are returned separately so that their references
can be attached to the sentences that carry the marker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

ABBREVIATIONS = frozenset({
    "gov", "govt", "no", "nos", "para", "paras", "e.g", "i.e", "eg", "ie", "cf", "etc", "art", "arts",
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "v", "approx", "incl", "p", "pp", "fig", "al", "inc",
    "ltd", "co", "dept", "sec", "ch", "vol", "ed", "eds", "u.s", "u.k", "u.n", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "cap", "cl", "ref", "refs", "ps", "cs",
})
TITLE_CHARS, TITLE_WORDS = 50, 7  # a line this short, without final punctuation, is a heading
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUP = str.maketrans(_SUP, "0123456789")

_LIST_MARKER = re.compile(r"^(?:[-*+•▪◦]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+|#{1,6}\s+|>\s?)+")
_TABLE_RULE = re.compile(r"^\s*+(?:\|\s*+)?:?-{2,}")
_NOTE = re.compile(
    rf"^(?:\[\^?(?P<m1>\d{{1,3}})\]:?|\^(?P<m2>\d{{1,3}})|(?P<m3>[{_SUP}]+)|(?P<m4>\d{{1,3}})[.):]?)"
    r"\s*(?P<body>\S.*)$", re.DOTALL,
)
# Markers in running text: superscripts, [1], [^1], ^1, and "word.1 " as PDFs flatten them.
_MARKER = re.compile(
    rf"(?P<s>[{_SUP}]+)|\[\^?(?P<b>\d{{1,3}})\](?!\()|(?<=\w)\^(?P<c>\d{{1,3}})"
    r"|(?<=[a-z)\]][.,;:])(?P<d>\d{1,2})(?=\s|$)"
)
# Possessive quantifiers and "at the start of a run" keep it linear on runs of dots or spaces.
_END = re.compile(
    rf"(?<![.!?])[.!?]++[\"'”’)\]]*+(?:[{_SUP}]++|\[\^?\d{{1,3}}\]|\d{{1,2}}(?=\s))?"
    r"(?=\s++[\"'“‘(\[]?[A-Z0-9])"
)
# The word before a full stop ("e.g", "Gov"), matched on the reversed text that ends at the stop,
# at most _WORD_REACH characters back: abbreviations are short.
_WORD_BEFORE = re.compile(r"\.([A-Za-z]+(?:\.[A-Za-z]+)*)")
_WORD_REACH = 32


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, whitespace collapsed, list markers removed
    line: int  # 1-based line of the input on which it starts
    markers: tuple[str, ...] = ()  # footnote markers it carries, as digits
    block: int = 0  # which paragraph or list item it belongs to


@dataclass(frozen=True)
class Footnote:
    marker: str  # as digits
    text: str  # the footnote's body
    line: int


@dataclass(frozen=True)
class Split:
    sentences: tuple[Sentence, ...]
    footnotes: tuple[Footnote, ...]


def markers_in(text: str) -> tuple[str, ...]:
    found = []
    for match in _MARKER.finditer(text):
        digits = next(g for g in match.group("s", "b", "c", "d") if g)
        found.append(digits.translate(_FROM_SUP))
    return tuple(dict.fromkeys(found))


def strip_markers(text: str) -> str:
    return _MARKER.sub(" ", text)


def split_sentences(text: str, is_bare: Callable[[str], bool] = lambda _: False,
                    paragraph_lines: bool = False) -> Split:
    """Sentences and footnote lines of ``text``, with 1-based line numbers of the input.

    ``is_bare`` says whether a text holds nothing but references: a line such as
    "3 Gov 3b" is then a footnote, while "3. Governments will…" is a list item.
    With ``paragraph_lines`` every line is its own paragraph (text read from .docx).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    sentences: list[Sentence] = []
    footnotes: list[Footnote] = []
    for number, (start, end) in enumerate(_blocks(text, line_starts, is_bare, paragraph_lines)):
        block = text[start:end]
        line = bisect.bisect_right(line_starts, start)
        note = _NOTE.match(block)
        if note and (not note.group("m4") or is_bare(note.group("body"))):
            marker = next(g for g in note.group("m1", "m2", "m3", "m4") if g)
            footnotes.append(Footnote(marker.translate(_FROM_SUP), " ".join(note.group("body").split()),
                                      line))
            continue
        lead = _LIST_MARKER.match(block)
        skip = lead.end() if lead else 0
        for s, e in _sentence_spans(block[skip:]):
            s, e = s + skip, e + skip
            raw = block[s:e]
            if block.startswith("|"):
                raw = " ; ".join(c.strip() for c in raw.strip().strip("|").split("|") if c.strip())
            clean = " ".join(raw.split())
            if re.search(r"\w", clean):
                line = bisect.bisect_right(line_starts, start + s)
                sentences.append(Sentence(clean, line, markers_in(clean), number))
    return Split(tuple(sentences), tuple(footnotes))


def _blocks(text: str, line_starts: list[int], is_bare: Callable[[str], bool],
            paragraph_lines: bool) -> list[tuple[int, int]]:
    """(start, end) of paragraphs, list items, headings, table rows and footnote lines."""
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    single = False  # whether ``current`` is one line (only then can it be a title)
    lengths = sorted(len(line.strip()) for line in text.split("\n") if line.strip())
    titles = bool(lengths) and lengths[len(lengths) // 2] > TITLE_CHARS  # not narrow columns
    for i, start in enumerate(line_starts):
        end = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(text)
        line = text[start:end]
        stripped = line.strip()
        if not stripped or _TABLE_RULE.match(line):
            if current:
                blocks.append(current)
            current = None
            continue
        begin = start + len(line) - len(line.lstrip())
        note = _NOTE.match(stripped)
        new = (paragraph_lines or current is None or bool(_LIST_MARKER.match(stripped))
               or stripped.startswith("|")
               or bool(note and (not note.group("m4") or is_bare(note.group("body"))))
               or text.startswith(("#", "|"), current[0])
               or (titles and single and stripped[:1].isupper()
                   and _is_title(text[current[0]:current[1]])))
        if new:
            if current:
                blocks.append(current)
            current, single = (begin, end), True
        elif current is not None:
            current, single = (current[0], end), False
    if current:
        blocks.append(current)
    return blocks


def _is_title(block: str) -> bool:
    """A short line without final punctuation ("National plan"), as PDFs and plain text give
    headings: the next capitalised line starts a new paragraph (unless all lines are short,
    as in narrow columns)."""
    last = block.rsplit("\n", 1)[-1].strip()
    if "\n" in block or len(last) > TITLE_CHARS or len(last.split()) > TITLE_WORDS:
        return False
    return (last[:1].isupper() or last[:1].isdigit()) and not re.search(
        r"([.,;:!?\-–—(/&]|\b(?:to|the|and|of|a|an|in|for|with|by|on|or|as|at|from|that|such))$",
        last, re.IGNORECASE)


def _sentence_spans(block: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for match in _END.finditer(block):
        head = block[max(begin, match.start() - _WORD_REACH):match.start() + 1]
        word = _WORD_BEFORE.match(head[::-1])
        before = word.group(1)[::-1] if word else ""
        if before and block[match.start()] == "." and (
                before.lower() in ABBREVIATIONS or (len(before) == 1 and before.isupper())):  # "J. Smith"
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, len(block)))
    return [(s + len(block[s:e]) - len(block[s:e].lstrip()), e) for s, e in spans if block[s:e].strip()]
