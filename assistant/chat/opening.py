"""An organisation named at the very start of a message, as people introduce themselves
("game studio here.", "Telco operator, 3 countries. which pledges?", "Foreign affairs ministry.
Which pledge ...?", "trust and safety manager at a social platform. ..."): a statement, not a
question, that is the user's own (first person, "here", a role, a sentence that is nothing but
the organisation's name, or a request for the pledges or a plan)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.applicable.profile import SectorGuess, aligned
from assistant.chat.vocabulary import ChatVocabulary
from assistant.domain.references import find_references
from assistant.domain.sectors import normalise_sector
from assistant.text.normalise import STOPWORDS, fold, words

SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
CLAUSE = re.compile(r"[,;:–—]\s*|\s+-\s+|\s+(?:and|but|so)\s+")
GREETING = re.compile(r"^(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening)|dear \w+)"
                      r"(?:\s+(?:there|all|team))?[\s,!.:-]+", re.IGNORECASE)
FIRST_PERSON = frozenset(["here", "we", "our", "us", "i", "my", "im", "ours", "weve", "were"])
OPENING_WORDS = 3  # an organisation named within this many words of a message's start opens it
DESCRIBING_WORDS = 5  # words that may describe an opening's organisation ("small VR social app startup")
_ARTICLES = frozenset(["a", "an", "the"])
_OPENS = _ARTICLES | FIRST_PERSON | {"re", "m", "am", "is", "are"}  # may come before an opening's name
_FROM = re.compile(r"^(?:from|this\s+is)\s+(?=(?:the|a|an|our)\s)", re.IGNORECASE)  # "(Hi) from the ..."
_NAME_END = re.compile(r"[,;:(–—]|\s-\s")  # where an opening's proper name ends ("Ministry of X, Ghana")
_ROLE_AT = re.compile(r"^\s*((?:[\w&/.'-]+\s+)?[\w&/.'-]+)\s+(?:in|at|with|from|for|within)\s+"
                      r"(?=(?:a|an|the)\s)", re.IGNORECASE)
_ROLE_JOINS = frozenset(["and", "of", "s", "t"])  # inside a role's own name ("trust and safety manager")
QUOTE = re.compile(r"(?:^|(?<=\s))['\"‘“]")  # a quoted passage opens
_HERE = re.compile(r"\s+here$", re.IGNORECASE)


class Openings:
    def __init__(self, vocabulary: ChatVocabulary, classify: Callable[[str], SectorGuess],
                 named: Callable[..., str | None]) -> None:
        self.vocabulary, self.classify, self.named = vocabulary, classify, named

    def read(self, message: str, job: str) -> str | None:
        """The organisation the message opens with, if it opens with the user's own."""
        first = SENTENCE.split(GREETING.sub("", message.strip(), count=1), maxsplit=1)[0]
        first = QUOTE.split(first, maxsplit=1)[0]  # "our comms team wrote '...'": no quoted draft in a name
        first = _FROM.sub("", first.strip(), count=1)
        segment = CLAUSE.split(first, maxsplit=1)[0].strip()
        said = words(first)
        if not segment or not said or said[0] in self.vocabulary.starts:
            return None
        asks = self._named_role(first) if first.rstrip().endswith("?") else None
        if first.rstrip().endswith("?") and asks is None:  # a question, unless a role opens it
            return None  # ("Policy lead at a regulator - which pledges are ours?")
        segment, role = asks or self.after_role(first, segment)
        title = _NAME_END.split(first, maxsplit=1)[0].strip(" .!")
        capitals = [w for w in title.split() if w.lower() not in STOPWORDS]
        if not role and len(capitals) >= 2 and all(w[:1].isupper() for w in capitals):
            segment, role = title, True  # "Ministry of Gender and Social Protection, Ghana.": its own name
        bare = "?" not in message and len(words(message)) <= self.vocabulary.max_words \
            and not any(r.strong for r in find_references(message))  # "fintech, 30 staff", not a claim
        guess = self.classify(segment)
        own = role or job in ("applicable", "plan") or bool(set(words(message)) & FIRST_PERSON) or bare \
            or self._alone(first, segment, message, guess)
        if not own:
            return None
        if guess.sector is None or guess.head is None:  # "webhost, ~20k customers": a short name alone
            short = len(words(segment)) <= OPENING_WORDS and not set(words(segment)) & (STOPWORDS - _OPENS)
            named = self.named(segment, meaning=True) if short else None
            return _HERE.sub("", named) if named else None
        before = words(aligned(segment)[0][:guess.head.start])
        if len(before) > DESCRIBING_WORDS or set(before) & (STOPWORDS - _OPENS):
            return None  # the organisation is not what the message opens with ("those are government ...")
        named = self.named(segment)
        return _HERE.sub("", named) if named else None  # "game studio here"

    @staticmethod
    def _alone(first: str, segment: str, message: str, guess: SectorGuess) -> bool:
        """A first sentence that is nothing but one organisation's name, of two words or more
        ("Foreign affairs ministry. Which pledge ...?"): a statement of who is asking; not a
        sector's name or a plural ("Private sector.", "Tech companies." are a subject)."""
        name = segment.strip(" .!")
        plain = re.sub(r"^(?:the|a|an)\s+", "", fold(name))  # "the national child helpline!"
        if guess.head is None or name != first.strip(" .!") or fold(guess.phrase) not in (fold(name), plain) \
                or len(message.strip()) <= len(first.strip()) or not first.rstrip().endswith((".", "!")):
            return False
        said = words(name)
        return len(said) >= 2 and normalise_sector(name) is None and normalise_sector(plain) is None \
            and not (said[-1].endswith("s") and not said[-1].endswith("ss"))

    def after_role(self, first: str, segment: str) -> tuple[str, bool]:
        """Where an opening names the organisation after the user's role ("Detective inspector,
        national crime agency", "t&s lead at a social platform here", "trust and safety manager at
        a social platform"), that organisation, and whether a role opened it (a person introducing
        themself)."""
        named = self._named_role(first)
        if named is not None:
            return named
        said = words(segment)
        if said and said[-1] in self.vocabulary.roles and len(said) <= OPENING_WORDS:
            parts = CLAUSE.split(first, maxsplit=2)
            if len(parts) > 1 and parts[1].strip() and words(parts[1])[:1] \
                    and words(parts[1])[0] not in self.vocabulary.starts:
                return parts[1].strip(), True
        for i, word in enumerate(said[:OPENING_WORDS]):
            if word in self.vocabulary.roles and said[i + 1:i + 2] and said[i + 1] in self.vocabulary.at_work:
                found = re.search(rf"\b{re.escape(word)}\W+{re.escape(said[i + 1])}\b", segment,
                                  re.IGNORECASE)
                if found is not None:
                    return segment[found.end():].strip(), True
        opened = _ROLE_AT.match(segment)  # "DS in a police online child abuse team (UK)": a role, then where
        if opened is not None and not any(w in STOPWORDS or w in self.vocabulary.starts or w.endswith("ing")
                                          for w in words(opened.group(1))):
            rest = segment[opened.end():].strip()
            if self.classify(rest).head is not None:
                return rest, True
        return segment, False

    def _named_role(self, first: str) -> tuple[str, bool] | None:
        """A role of several words, "and" or "of" inside it ("trust and safety manager at a
        social platform", "head of policy and advocacy at an NGO"), then where the user works."""
        said = words(first)
        places = self.vocabulary.at_work - {"of"}
        at = next((i for i, w in enumerate(said[:DESCRIBING_WORDS + 2]) if w in places), None)
        if at is None or not set(said[:at]) & self.vocabulary.roles \
                or set(said[:at]) & ((STOPWORDS | self.vocabulary.starts) - _ROLE_JOINS - _ARTICLES):
            return None
        found = list(re.finditer(rf"\b{re.escape(said[at])}\b", first, re.IGNORECASE))
        rest = CLAUSE.split(first[found[0].end():].strip(), maxsplit=1)[0].strip() if found else ""
        return (rest, True) if rest and self.classify(rest).head is not None else None
