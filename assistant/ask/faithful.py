"""Sentences of a model's answer that their citation does not support are taken out.

The judgement is the citation checker's (``check/faithful.py``), passed in by the wiring as
``claim_check``: ask does not import check (they are siblings).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.domain.clauses import Clause


class Finding(Protocol):
    @property
    def sentence(self) -> str: ...  # as written in the answer

    @property
    def reason(self) -> str: ...  # one sentence: why its citation does not support it


ClaimCheck = Callable[[str], Sequence[Finding]]


@dataclass(frozen=True)
class Kept:
    text: str
    citations: tuple[str, ...]
    notices: tuple[str, ...]


def drop_unfaithful(text: str, citations: Sequence[str], retrieved: Mapping[str, Clause],
                    claim_check: ClaimCheck) -> Kept:
    """``text`` without the sentences ``claim_check`` finds unsupported, those of ``citations``
    still shown (by label, as the citation guard writes them) in what is left, and a notice for
    each sentence taken out."""
    notices: list[str] = []
    for finding in claim_check(text):
        if finding.sentence and finding.sentence in text:
            text = text.replace(finding.sentence, "", 1)
            notices.append(f"Removed a sentence its citation does not support (“{finding.sentence}”): "
                           f"{finding.reason}")
    if not notices:
        return Kept(text, tuple(citations), ())
    text = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]{2,}", " ", text)).strip()
    cited = tuple(c for c in citations if c in retrieved and (retrieved[c].label in text or c in text))
    return Kept(text, cited, tuple(notices))
