"""Proper names in a question that the corpus may never name: two or more capitalised words in a
row (the sentence's first word not counted, "of", "the", "for", "on", "&" between them), at
least one of them no English word ("Ofcom", "eSafety"), in capitals ("UK") or the name of a kind
of instrument or body (``name_heads`` in silence.toml: "Act", "Regulation", "Commissioner").
So "the UK Online Safety Act", "the Digital Services Act", "Australia's eSafety Commissioner";
not "Civil Society Organisations" nor "Global South", read as any other subject. A name is
asked about by its own name: the corpus's topic words inside it count, and a clause carries it
only with all its words. A word that frames the question ("Does", "Say") ends a name, a
question in Title Case has none, and the corpus's own names ("the Abu Dhabi Call to Action")
are no name to look for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.text.normalise import fold
from assistant.text.spelling import is_english

_SEGMENT = re.compile(r"[,:;?!.()/\"“”‘]|\s[-–—]+\s")  # a name never runs across these
_SENTENCE = re.compile(r"(?:^|[.?!:]\s+|\s[-–—]+\s)(\w)")  # a sentence's first letter
_LINKS = frozenset({"of", "the", "for", "on", "&", "de"})  # inside a name, in lower case
_CAPITALS = 2  # capitalised words a name has at least
_TITLE_CASE = 0.7  # a question with this share of its words capitalised is written in Title Case


def _capital(token: str) -> bool:
    """Capitalised ("Online"), in capitals ("UK") or with a capital inside ("eSafety")."""
    return any(ch.isupper() for ch in token) and token[:1].isalnum()


def _marked(token: str, heads: frozenset[str]) -> bool:
    """A word that makes capitalised words a name: a head, an acronym or no English word."""
    folded = fold(token)
    return folded in heads or (len(token) > 1 and token.isupper()) or not is_english(folded)


def proper_names(question: str, frame: frozenset[str], corpus: re.Pattern[str],
                 heads: frozenset[str]) -> Iterator[str]:
    """The names in ``question`` (as written) that are not the corpus's own; ``frame`` are the
    words that frame a question, ``corpus`` matches the corpus's names, ``heads`` the kinds of
    instrument or body a name ends with (all folded)."""
    tokens = re.findall(r"[^\W\d_][\w'’&-]*", question)
    if len(fold(question)) != len(question) or not tokens or \
            sum(map(_capital, tokens)) >= _TITLE_CASE * len(tokens):
        return
    text = list(question)
    for m in [*corpus.finditer(fold(question)), *_SENTENCE.finditer(question)]:
        start, end = m.span(m.lastindex or 0)
        text[start:end] = "," * (end - start) if m.re is corpus else text[start].lower()
    for segment in _SEGMENT.split("".join(text)):
        run: list[str] = []
        for token in [*segment.split(), ""]:
            bare = re.sub(r"['’]s$", "", token.strip("'’"))
            if (bare and _capital(bare) and fold(bare) not in frame) or (run and bare in _LINKS):
                run.append(bare)
                continue
            while run and run[-1] in _LINKS:
                run.pop()
            if sum(map(_capital, run)) >= _CAPITALS and any(_marked(t, heads) for t in run if _capital(t)):
                yield " ".join(run)
            run = []
