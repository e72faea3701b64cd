"""Follow-ups: a question inherits what it leaves out and keeps what it brings.

"and what about end-to-end encryption?" brings its own subject, so it is asked about
encryption ("What does the Call to Action say about end-to-end encryption?"), never glued
to the question before it. "and for governments?" or "tell me more" bring no subject of
their own (only follow-up words, pronouns, sector names and the chat's generic words), so
they inherit the earlier subject, with the sector they name. A question with a subject of
its own and no follow-up opening starts afresh.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.chat.vocabulary import ChatVocabulary
from assistant.text.normalise import STOPWORDS, fold, words

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Question:
    text: str  # what to ask
    subject: str  # the question whose subject later follow-ups inherit
    inherited: bool  # the subject came from an earlier turn
    rest: str  # the message without its follow-up opening


class FollowUps:
    def __init__(self, vocabulary: ChatVocabulary, sector_cues: Mapping[str, re.Pattern[str]]) -> None:
        self.vocabulary, self.sector_cues = vocabulary, sector_cues

    def opening(self, message: str) -> tuple[bool, str]:
        """Whether the message opens as a follow-up, and the message without that opening."""
        folded = fold(message)
        match = self.vocabulary.leads.match(folded)
        if match is None or len(folded) != len(message):
            return match is not None, message.strip()
        return True, message[match.end():].strip()

    def own_words(self, text: str) -> list[str]:
        """The words that bring a subject: not stop words, sector names or generic words."""
        folded = fold(text)
        for pattern in self.sector_cues.values():
            folded = pattern.sub(" ", folded)
        generic = self.vocabulary.generic
        return [w for w in words(folded) if w not in STOPWORDS and w not in generic and not w.isdigit()]

    def names_sector(self, text: str) -> bool:
        folded = fold(text)
        return any(p.search(folded) for p in self.sector_cues.values())

    def sector(self, text: str) -> str | None:
        """The sector ``text`` names most (None when it names none, or two equally)."""
        folded = fold(text)
        counts = sorted(((len(p.findall(folded)), s) for s, p in self.sector_cues.items()), reverse=True)
        if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return None
        return counts[0][1]

    def points_back(self, text: str) -> bool:
        """Whether ``text`` points back to the earlier subject ("on that", "what does it mean")."""
        return bool(self.vocabulary.refers.search(fold(text)))

    def _named_first(self, text: str) -> bool:
        """Whether what ``text`` points back to is its own earlier sentence ("We also run a mobile
        money wallet. Anything specific for that?"), not the earlier turn's subject."""
        sentences = [s for s in _SENTENCE.split(text) if words(s)]
        pointing = next((i for i, s in enumerate(sentences) if self.points_back(s)), 0)
        return any(self.own_words(s) for s in sentences[:pointing])

    def resolve(self, message: str, earlier: str | None) -> Question:
        """The question to ask for ``message``, given the subject of the earlier turn (if any)."""
        led, rest = self.opening(message)
        if not self.own_words(rest):
            if earlier is not None and (led or self.points_back(rest)
                                        or (len(words(message)) <= 5 and self.sector(message) is None)):
                return Question(f"{earlier} {rest}".strip(), earlier, True, rest)  # its sector words kept
            return Question(message.strip(), message.strip(), False, rest)
        if earlier is not None and self.points_back(rest) and not self._named_first(rest):  # "on that"
            return Question(f"{rest} {earlier}", earlier, True, rest)
        if not led:
            return Question(message.strip(), message.strip(), False, rest)
        first = words(rest)[:1]
        if first and first[0] in self.vocabulary.starts:
            question = rest[0].upper() + rest[1:]
        else:
            opener = self.vocabulary.subject.match(fold(rest)) if len(fold(rest)) == len(rest) else None
            subject = rest[opener.end():] if opener is not None and words(rest[opener.end():]) else rest
            question = self.vocabulary.rewrite.format(subject=subject.strip(" ?!.,;:"))  # "and regarding X?"
        return Question(question, question, False, rest)
