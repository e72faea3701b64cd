"""The one phrase matcher: any of a list of terms as whole words, in folded text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.normalise import fold


def phrase_pattern(terms: Iterable[str], fragments: Iterable[str] = ()) -> re.Pattern[str]:
    """One pattern matching any of ``terms`` as whole words, in folded text; ``fragments`` are
    regular expressions (over folded text) matched as whole words beside them."""
    parts = sorted({fold(t).strip() for t in terms if t.strip()}, key=len, reverse=True)
    alternation = "|".join([*(r"[\s\-]+".join(map(re.escape, re.split(r"[\s\-]+", p))) for p in parts),
                            *fragments])
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")


def first_words(terms: Iterable[str]) -> frozenset[str] | None:
    """The word each of ``terms`` starts with, folded (None if one starts otherwise): a text
    whose words include none of them cannot match ``phrase_pattern(terms)``."""
    found = set()
    for term in (t for t in terms if t.strip()):
        first = re.match(r"[a-z0-9]+", re.split(r"[\s\-]+", fold(term).strip())[0])
        if first is None:
            return None
        found.add(first.group(0))
    return frozenset(found) or None
