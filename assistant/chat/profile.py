"""The organisation a conversation is about, read from what the user says of it.

A message describes the user's organisation when a sentence of it names the organisation
after a self-description cue ("we're a helpline charity in Kenya", "as a ministry of
education, ...") or, in a request for the pledges or a plan, after a cue that introduces
it ("which pledges apply to a cloud storage provider?"), and the profile machinery of
``applicable/`` reads a sector from those words. A later description replaces an earlier
one, so a correction ("actually we're the ministry") wins; a description with no kind of
organisation in it ("we are worried about grooming") changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.applicable.profile import SectorGuess, aligned
from assistant.chat.vocabulary import ChatVocabulary
from assistant.text.normalise import words

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE = re.compile(r"[,;:–—]\s*|\s+-\s+|\s+(?:and|but|so)\s+")
_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening)|dear \w+)"
                       r"(?:\s+(?:there|all|team))?[\s,!.:-]+", re.IGNORECASE)
_FIRST_PERSON = frozenset(["here", "we", "our", "us", "i", "my", "im", "ours", "weve", "were"])
OPENING_WORDS = 3  # an organisation named within this many words of a message's start opens it
_PRONOUNS = frozenset(["us", "me", "you", "we", "our", "ours", "my", "them", "it", "this", "that"])


@dataclass(frozen=True)
class Profile:
    text: str  # the user's words describing the organisation
    sector: str  # government | private_sector | civil_society

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "sector": self.sector}


class ProfileReader:
    def __init__(self, vocabulary: ChatVocabulary, classify: Callable[[str], SectorGuess]) -> None:
        self.vocabulary, self.classify = vocabulary, classify

    def described(self, message: str, job: str = "ask") -> str | None:
        """The words in which ``message`` describes the organisation, if it does."""
        for sentence in _SENTENCE.split(message.strip()):
            folded, _ = aligned(sentence)
            for match in self.vocabulary.self_named.finditer(folded):
                rest = self.vocabulary.corrections.sub("", sentence[match.end():].lstrip(), count=1) \
                    if self.vocabulary.corrections.match(aligned(sentence[match.end():].lstrip())[0]) \
                    else sentence[match.end():].lstrip()
                if match.group().split()[0] in ("our", "my") and not words(rest):
                    continue  # "apply to my company": no description of it
                candidate = self._named(_kept(match.group()) + rest.lstrip(" ,"))
                if candidate is not None:
                    return candidate
        rest, corrected = message.strip(), False
        while (opening := self.vocabulary.corrections.match(aligned(rest)[0])) is not None and opening.end():
            rest, corrected = rest[opening.end():].lstrip(" ,.!-:"), True
        named = self.names(rest) if corrected else None  # "no, sorry, I meant the ministry of the interior"
        if named is not None:
            return named
        introduced = self._opening(message, job)
        if introduced is not None:
            return introduced
        if job in ("applicable", "plan"):
            folded, _ = aligned(message)
            for match in self.vocabulary.introduce.finditer(folded):
                rest = message[match.end():].strip()
                if words(rest)[:1] and words(rest)[0] in _PRONOUNS:
                    continue
                candidate = self._named(rest)
                if candidate is not None:
                    return candidate
        return None

    def _opening(self, message: str, job: str) -> str | None:
        """An organisation named at the very start of a message, as people introduce themselves
        ("game studio here.", "Telco operator, 3 countries. which pledges?", "edtech co - we
        make ..."): a statement, not a question, that is the user's own (first person, "here", or
        a request for the pledges or a plan)."""
        first = _SENTENCE.split(_GREETING.sub("", message.strip(), count=1), maxsplit=1)[0]
        segment = _CLAUSE.split(first, maxsplit=1)[0].strip()
        said = words(first)
        if not segment or first.rstrip().endswith("?") or not said or said[0] in self.vocabulary.starts:
            return None
        own = job in ("applicable", "plan") or bool(set(said) & _FIRST_PERSON)
        guess = self.classify(segment)
        if not own or guess.sector is None or guess.head is None:
            return None
        if len(words(aligned(segment)[0][:guess.head.start])) > OPENING_WORDS:
            return None  # the organisation is not what the message opens with
        named = self._named(segment)
        return re.sub(r"\s+here$", "", named, flags=re.IGNORECASE) if named else None  # "game studio here"

    def about_something_else(self, message: str) -> bool:
        """A request for the pledges that apply to something that is no organisation
        ("which pledges apply to livestreaming?"): a question about that subject."""
        folded, _ = aligned(message)
        for match in self.vocabulary.introduce.finditer(folded):
            target = words(message[match.end():])
            if target and target[0] not in _PRONOUNS and self._named(message[match.end():].strip()) is None:
                return True
        return False

    def names(self, text: str) -> str | None:
        """The organisation a short follow-up names ("and to civil society?"), if it names one."""
        rest = re.sub(r"^\W*(?:(?:to|for|about|on|of|with)\W+)*", "", text, flags=re.IGNORECASE)
        return self._named(rest) if rest else None

    def latest(self, messages: Sequence[tuple[str, str]]) -> str | None:
        """The latest description in a conversation of (message, job) pairs."""
        found = None
        for message, job in messages:
            found = self.described(message, job) or found
        return found

    def _named(self, text: str) -> str | None:
        """``text`` up to where a question opens, if it names a kind of organisation."""
        cut = len(text)
        for match in _CLAUSE.finditer(text):
            first = words(text[match.end():])[:1]
            if first and first[0] in self.vocabulary.starts:
                cut = match.start()
                break
        candidate = text[:cut].strip(" ?!.,;:")
        if not candidate:
            return None
        guess = self.classify(candidate)
        if guess.sector is None:
            return None
        head = guess.head.start if guess.head is not None else 0
        # whole tokens: "an end-to-end encrypted messaging app" has no "to" before its name
        before = [t.strip(".,;:!?()'\"") for t in aligned(candidate)[0][:head].split()]
        before = [t for t in before if t]
        if len(before) > self.vocabulary.max_before or any(w in self.vocabulary.not_before for w in before) \
                or (before and before[0].endswith("ing")):
            return None  # the name comes after "worried about", "writing a report on": not theirs
        return candidate


def _kept(cue: str) -> str:
    """What of a self-description cue belongs to the name: its closing article ("we are the" ->
    "the "), or the noun after a possessive ("our company" -> "company ")."""
    parts = cue.split()
    if parts and parts[-1] in ("is", "are"):  # "our organisation is a charity": the name follows
        return ""
    if len(parts) > 1 and parts[0] in ("our", "my"):
        return " ".join(parts[1:]) + " "
    return f"{parts[-1]} " if parts and parts[-1] in ("a", "an", "the") else ""
