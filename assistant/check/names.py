"""Names in capitals a draft adds: the treaties and bodies its cited clause does not name."""

from __future__ import annotations

import re
from collections.abc import Set

from assistant.check.claim_terms import ClaimTerms
from assistant.text.normalise import STOPWORDS, fold, stem

# a name in capitals: two or more capitalised words, "of", "the", "on", "for" or "and" between them
_NAME = re.compile(r"\b[A-Z][\w'-]*(?:\s+(?:(?:of|on|for|the|and)\s+)*[A-Z][\w'-]*)+")
_TOKEN = re.compile(r"[^\W_]+")


def unknown_names(text: str, terms: ClaimTerms, known: Set[str], clause: Set[str]) -> list[str]:
    """The international instruments ``text`` names in capitals ("the Budapest Convention") whose
    words the cited clause (its stems ``clause``) does not carry, and the bodies ("the Internet
    Watch Foundation") named in words the corpus (its stems ``known``) never uses."""
    found = []
    for match in _NAME.finditer(text):
        stems = [stem(fold(w)) for w in _TOKEN.findall(match.group(0))]
        last, content = stems[-1], [w for w in stems[:-1] if w not in STOPWORDS and len(w) > 1]
        if not content or set(content) <= clause:
            continue
        if last in terms.instruments or (last in terms.institutions and (
                last not in known or any(w not in known for w in content))):
            found.append(match.group(0))
    return found
