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
from assistant.chat.opening import CLAUSE as _CLAUSE
from assistant.chat.opening import FIRST_PERSON as _FIRST_PERSON
from assistant.chat.opening import GREETING as _GREETING
from assistant.chat.opening import OPENING_WORDS, QUOTE, Openings
from assistant.chat.opening import SENTENCE as _SENTENCE
from assistant.chat.vocabulary import ChatVocabulary
from assistant.text.normalise import STOPWORDS, words

_ARTICLES = frozenset(["a", "an", "the"])
# where an organisation's own name ends and what it does or whom it serves begins
_LEAD = re.compile(r"[,;:(]|\s(?:that|which|who|whose|for|with|to|in|from|by|like|such|serving|working"
                   r"|doing)\s", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\bour\s+", re.IGNORECASE)  # "my local ministry" is often a citizen's
# a verb after the organisation's name ends it ("we at the police unit want to know ...")
_VERB = re.compile(r"\s(?:want|wants|wanted|would|need|needs|are|were|will|have|has|hope|hopes|plan|plans"
                   r"|intend|intends|can|could|should|must)\b", re.IGNORECASE)
_RELATIVE = frozenset(["that", "which", "who", "whose"])
LIKE_US = re.compile(r"\blike\s+(?:ours|us|mine|me)\b", re.IGNORECASE)
_NOT_MADE = frozenset(["sure", "certain", "use", "progress", "it", "them", "us", "this", "that"])  # make sure
_SINGULAR = (["i"], ["i'm"], ["im"])  # "I run X for a trust": the employer; "we run X for": the clients
_WORKPLACE = frozenset(["at", "for", "with", "within"])  # "in compliance at a bank": where one works
_BE = frozenset(["am", "are", "is", "i'm", "im", "we're", "were", "r", "m", "re"])  # "I'm looking at": a verb
# what the organisation is not ("the communications authority, not the ISP"): no part of its name
CONTRAST = re.compile(r",\s*(?:and\s+|but\s+)?not\s+|\s+(?:not|rather\s+than|instead\s+of)\s+"
                       r"(?=(?:a|an|the|our|my|just|only|some)\b)", re.IGNORECASE)
_PRONOUNS = frozenset(["us", "me", "you", "we", "our", "ours", "my", "them", "it", "this", "that"])


@dataclass(frozen=True)
class Profile:
    text: str  # the user's words describing the organisation
    sector: str  # government | private_sector | civil_society

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "sector": self.sector}


class ProfileReader:
    def __init__(self, vocabulary: ChatVocabulary, classify: Callable[[str], SectorGuess],
                 kind: Callable[[str, bool], str | None] | None = None) -> None:
        self.vocabulary, self.classify, self.kind = vocabulary, classify, kind
        self.openings = Openings(vocabulary, classify, self._named)

    def by_meaning(self, text: str) -> str | None:
        """The sector of an organisation the sector cues cannot place ("webhost", "we build
        hash-matching tools"), from the kinds of organisation it is nearest (None if unclear)."""
        if self.kind is None or self.classify(text).sector is not None:
            return None
        return self.kind(text, bool(self.vocabulary.makers.match(aligned(text)[0])))

    def described(self, message: str, job: str = "ask", earlier: str | None = None) -> str | None:
        """The words in which ``message`` describes the organisation, if it does: the first
        description in it ("Child rights NGO in Peru. Our strategy: 'We run school workshops'"
        is an NGO); not the ``earlier`` one named again ("a plan for the council", after "an
        interfaith council for children's rights")."""
        found = self._described(message, job)
        if found is not None and self._person(message, found):  # "I'm a survivor and I volunteer at X"
            found = self._described(message.replace(found, " ", 1), job)
        said = [w for w in words(found or "") if w not in _ARTICLES]
        if found is not None and earlier is not None and (LIKE_US.search(found) or self._bare(found) or (
                words(found)[0] == "the" and said and set(said) <= set(words(earlier)))):
            return None  # "an organisation like ours" is the one described before
        return None if found is not None and self._person(message, found) else found

    def _bare(self, found: str) -> bool:
        """A name of no kind ("our org", "the company"), that names the organisation described before."""
        said = [w for w in words(found) if w not in _ARTICLES]
        return bool(said) and set(said) <= self.vocabulary.bare

    def _person(self, message: str, found: str) -> bool:
        """Whether the user describes themself as a person, no organisation ("I'm just a parent,
        not an organisation", "a worried grandmother", "asking as an individual")."""
        said = next((s for s in _SENTENCE.split(message) if found in s), message)
        alone = self.classify(found).head is None  # "an analyst there": a role, no organisation
        role = [w for w in words(found) if w not in _ARTICLES and w not in ("there", "here")][-1:]
        person = bool(self.vocabulary.individuals.search(aligned(found)[0])) \
            or bool(role and role[0] in self.vocabulary.roles)  # "an analyst there", not "a staffer on X"
        return bool(self.vocabulary.no_organisation.search(aligned(said)[0])) or (alone and person)

    def _described(self, message: str, job: str) -> str | None:
        sentences = _SENTENCE.split(_GREETING.sub("", message.strip(), count=1))  # "Hi!" is no sentence of it
        found = self._self_named(sentences[:1])
        if found is None:
            found = self._corrected(message) or self.openings.read(message, job) \
                or self._self_named(sentences[1:])
        for later in sentences[1:]:  # "We're a telco. Actually scratch that, I'm at the telecoms ministry."
            if found is not None and self.vocabulary.corrections.match(aligned(later)[0]):
                found = self._self_named([later]) or self._corrected(later) or found
        found = found or self._possessed(sentences)
        if found is not None:
            return found
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

    def _self_named(self, sentences: Sequence[str]) -> str | None:
        """An organisation named after a self-description cue ("we're a helpline charity")."""
        for sentence in sentences:
            folded, _ = aligned(sentence)
            for match in self.vocabulary.self_named.finditer(folded):
                rest = self.vocabulary.corrections.sub("", sentence[match.end():].lstrip(), count=1) \
                    if self.vocabulary.corrections.match(aligned(sentence[match.end():].lstrip())[0]) \
                    else sentence[match.end():].lstrip()
                if match.group().split()[0] in ("our", "my") and not words(rest):
                    continue  # "apply to my company": no description of it
                candidate = self._named(_kept(match.group()) + rest.lstrip(" ,"), meaning=True,
                                        cue=match.group())
                if candidate is None and self.vocabulary.makers.fullmatch(match.group()) \
                        and words(rest)[:1] and words(rest)[0] not in _NOT_MADE:  # "we build hash-matching"
                    candidate = self._named(sentence[match.start():], meaning=True)
                if candidate is not None:
                    return candidate
        return None

    def _possessed(self, sentences: Sequence[str]) -> str | None:
        """An organisation the user calls theirs in passing ("a briefing for our child rights NGO in
        the Philippines"): a few words after "our" that end with a kind of organisation
        (not "our government partners", where the kind names someone else)."""
        for sentence in sentences:
            for match in _POSSESSIVE.finditer(sentence):
                rest = QUOTE.split(sentence[match.end():], maxsplit=1)[0]  # not into a quoted draft
                guess = self.classify(rest)
                if guess.sector is None or guess.head is None:
                    continue
                folded = aligned(rest)[0]
                before, after = words(folded[:guess.head.start]), folded[guess.head.end:]
                if len(before) <= OPENING_WORDS and not set(before) & STOPWORDS \
                        and (not words(after) or _LEAD.match(after) or after.lstrip()[:1] in ".?!"):
                    return self._named(rest)
        return None

    def _corrected(self, message: str) -> str | None:
        """The organisation a correction names ("no, sorry, I meant the ministry of the interior")."""
        rest, corrected = message.strip(), False
        while (opening := self.vocabulary.corrections.match(aligned(rest)[0])) is not None and opening.end():
            rest, corrected = rest[opening.end():].lstrip(" ,.!-:"), True
        return self.names(rest) if corrected else None

    def about_something_else(self, message: str) -> bool:
        """A request for the pledges that apply to something that is no organisation
        ("which pledges apply to livestreaming?"): a question about that subject."""
        folded, _ = aligned(message)
        for match in self.vocabulary.introduce.finditer(folded):
            target = words(message[match.end():])
            first = target[0] if target else ""  # "where do we fit in all this": no target
            if first and first not in _PRONOUNS and (first not in STOPWORDS or first in _ARTICLES) \
                    and self._named(message[match.end():].strip()) is None:
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

    def _named(self, text: str, meaning: bool = False, cue: str = "") -> str | None:
        """``text`` up to where a question opens or the user goes on about themself ("and my
        boss"), if it names a kind of organisation (by the sector cues, or with ``meaning`` by the
        kinds of organisation it is nearest); ``cue`` the self-description before it ("I run
        safeguarding for ...", where a first word in -ing is a function, not a verb)."""
        contrast = CONTRAST.search(text)
        cut = contrast.start() if contrast is not None else len(text)
        for match in _CLAUSE.finditer(text[:cut]):
            first = words(text[match.end():])[:1]
            if first and (first[0] in self.vocabulary.starts or first[0] in _FIRST_PERSON - {"here"}):
                cut = match.start()
                break
        candidate = text[:cut].strip(" ?!.,;:")
        if not candidate:
            return None
        guess = self.classify(candidate)
        if guess.sector is None:  # "a confidential prevention line for adults worried about ...": its lead
            lead = _LEAD.split(candidate, maxsplit=1)[0].strip()
            return next((c for c in dict.fromkeys((candidate, lead)) if meaning and self._kind_of(c)), None)
        end = guess.head.end if guess.head is not None else len(candidate)
        verb = _VERB.search(candidate, end)  # "... unit want to know", not "a bank that has ..."
        if verb is not None and not set(words(candidate[end:verb.start()])) & _RELATIVE:
            candidate = candidate[:verb.start()].strip()
        head = guess.head.start if guess.head is not None else 0
        # whole tokens: "an end-to-end encrypted messaging app" has no "to" before its name
        before = [t.strip(".,;:!?()'\"") for t in aligned(candidate)[0][:head].split()]
        before = [t for t in before if t]
        worker = [i for i, w in enumerate(before[:-1]) if w in self.vocabulary.roles
                  and before[i + 1] in self.vocabulary.at_work]  # "a policy officer in the ministry"
        if worker and not any(w in self.vocabulary.not_before for w in before[:worker[0]]):
            before = before[worker[0] + 2:]
        elif self._workplace(before, cue):  # "in compliance at a payments processor"
            found = list(re.finditer(r"\b(?:at|for|with|within)\b", candidate[:head], re.IGNORECASE))
            if found:
                return candidate[found[0].end():].strip()
        if len(before) > self.vocabulary.max_before or any(w in self.vocabulary.not_before for w in before) \
                or (before and before[0].endswith("ing")):
            # the name comes after "worried about", "writing a report on": not theirs; but "a
            # private contractor that does forensics for the police" is a contractor
            lead = _LEAD.split(candidate, maxsplit=1)[0].strip()
            return lead if meaning and lead != candidate and self._kind_of(lead) else None
        return candidate


    def _workplace(self, before: Sequence[str], cue: str) -> bool:
        """Where the words before an organisation's name say the user works there: a function of
        at most three words, then "at", "for", "with" or "within" ("in financial crime at a
        bank", "safeguarding for a trust"), never after a topic ("worried about ...") or a verb
        in -ing after "I'm" ("we're looking at ..."); "for" and "with" only after "I" ("we host
        websites for small businesses" names the clients)."""
        place = next((i for i, w in enumerate(before[:OPENING_WORDS + 1]) if w in _WORKPLACE), None)
        doing = bool(cue) and cue.split()[-1] not in _BE
        if place is not None and before[place] in ("for", "with") and cue.split()[:1] not in _SINGULAR:
            return False
        topic = self.vocabulary.not_before
        return bool(place) and place is not None and not set(before[:place]) & (topic - {"in", "on"}) \
            and not (before[0].endswith("ing") and not doing) \
            and not set(before[place + 1:]) & (topic | _WORKPLACE)

    def _kind_of(self, candidate: str) -> bool:
        """Whether ``candidate`` names an organisation by meaning: short, opening with no word that
        makes it a subject ("worried about ...", "looking at ..."), and near one sector's kinds."""
        said = words(candidate)
        if not said or len(said) > self.vocabulary.max_words or said[0] in self.vocabulary.not_before \
                or said[0].endswith("ing") or said[0] in self.vocabulary.starts:
            return False
        return self.by_meaning(candidate) is not None


def _kept(cue: str) -> str:
    """What of a self-description cue belongs to the name: its closing article ("we are the" ->
    "the "), or the noun after a possessive ("our company" -> "company ")."""
    parts = cue.split()
    if parts and parts[-1] in ("is", "are"):  # "our organisation is a charity": the name follows
        return ""
    if len(parts) > 1 and parts[0] in ("our", "my"):
        return " ".join(parts[1:]) + " "
    return f"{parts[-1]} " if parts and parts[-1] in ("a", "an", "the") else ""
