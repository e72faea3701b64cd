"""Generated answers held to the checker's judgement (issue 13, part 4).

A language model's answer is checked like a user's draft: a sentence whose cited clause does
not carry its claim (a stronger duty, a wider scope, a specific the clause does not name, a
contradiction: the check's ``problems``) is reported with the reason the check report gives.
A sentence that is merely far from its clause in wording is left to the reader: the citation
guard has already made sure it cites a clause retrieved for the question.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.check.checker import Checker
from assistant.check.report import explain


@dataclass(frozen=True)
class Unfaithful:
    sentence: str  # as written in the answer
    reason: str  # one sentence: why its citation does not support it


def unfaithful_sentences(checker: Checker, text: str) -> list[Unfaithful]:
    """The sentences of ``text`` whose cited clause does not support them."""
    found: list[Unfaithful] = []
    for result in checker.check(text).results:
        clause = checker.corpus.get(result.clause_id or "")
        if result.status != "unsupported" or clause is None or not result.problems:
            continue
        found.append(Unfaithful(result.sentence, explain(result.problems, clause)))
    return found
