"""What the assistant covers: the topic words, the instruments it does not hold and the
requests that are not questions about them at all (corpus/behaviour/scope.toml, read here
and nowhere else; the frameworks it does hold are read from corpus/frameworks/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.files import SCOPE_FILE, Table, read_data
from assistant.corpus.loader import load_frameworks
from assistant.errors import CorpusError
from assistant.text.normalise import fold
from assistant.text.phrases import phrase_pattern

_NAME = r"[A-Z][\w'’-]*"  # a capitalised word, as written: a proper name's part
_JOIN = r"(?:of|on|the|and|against|for|in|to|all|forms)"  # small words inside a name


@dataclass(frozen=True)
class Scope:
    topics: re.Pattern[str]  # `anchors`, plurals included: a middling match must name one
    elsewhere: re.Pattern[str]  # laws and frameworks the corpus does not hold
    own: re.Pattern[str]  # the corpus's own instruments
    instruments: re.Pattern[str] | None = None  # a proper name and an instrument noun, as written
    not_names: frozenset[str] = frozenset()  # capitalised words that are no part of a name
    held: tuple[str, ...] = ()  # the held frameworks' names, folded
    reply: str = "{instrument} is not among the texts I hold."  # `not_held`, filled in
    artefacts: re.Pattern[str] | None = None  # things to produce outside the domain
    dismissals: re.Pattern[str] | None = None  # the topic itself dismissed
    asks_about: re.Pattern[str] | None = None  # asking what an instrument says or requires

    @classmethod
    def load(cls, corpus_dir: Path) -> Scope:
        path = corpus_dir / SCOPE_FILE
        data = read_data(corpus_dir, SCOPE_FILE, f"The scope file {path} is missing; restore it from git.")
        elsewhere, own, anchors, nouns, not_names, artefacts = (_terms(data, key, path) for key in (
            "elsewhere", "own", "anchors", "instrument_nouns", "not_names", "artefacts"))
        overviews = [c for c in load_frameworks(corpus_dir) if c.kind == "overview"]
        held = tuple(fold(n) for c in overviews for n in (c.label, c.context) if n.strip())
        names = ", ".join(dict.fromkeys(c.label.split(",")[0] for c in overviews))
        noun = "|".join(re.escape(n) for n in nouns)
        instruments = re.compile(
            rf"\b(?P<pre>(?:{_NAME}\s+(?:{_JOIN}\s+(?=[A-Z]))?){{0,5}})(?P<noun>{noun})\b(?P<tail>\s+(?:on|of|for|against)\s+"
            rf"(?:the\s+)?{_NAME}(?:\s+(?:{_JOIN}\s+)*{_NAME})*)?")
        try:
            reply = str(data["not_held"]).strip().replace("{frameworks}", names)
            dismissals = re.compile("|".join(str(p) for p in data["dismissals"]))
            asks_about = re.compile("|".join(str(p) for p in data["asks_about"]))
            asked = "|".join(str(p) for p in data["artefact_requests"])
            code = [str(p) for p in data.get("artefacts_regex", [])]
            named = phrase_pattern(artefacts).pattern
            produce = re.compile("|".join([rf"(?:{asked}).{{0,40}}{named}", *code]))
        except (KeyError, re.error) as exc:
            raise CorpusError(f"The scope file {path} is malformed ({exc}); fix the file.") from exc
        return cls(phrase_pattern([*anchors, *(f"{a}s" for a in anchors)]),
                   phrase_pattern(elsewhere), phrase_pattern(own), instruments,
                   frozenset(not_names), held, reply, produce, dismissals, asks_about)

    def about_elsewhere(self, text: str) -> bool:
        """Whether a question is about a law the corpus does not hold (`elsewhere`, or a named
        instrument that is none of the held frameworks) without naming any of the corpus's own
        instruments (`own`)."""
        return self.instrument(text) is not None

    def instrument(self, text: str) -> str | None:
        """The instrument the corpus does not hold that a question asks about, as written
        ("the Istanbul Convention", "GDPR"), or None (none named, or the question names one
        of the corpus's own instruments too: "Does the Call to Action mention …?")."""
        folded = fold(text)
        if self.own.search(folded):
            return None
        known = self.elsewhere.search(folded)
        if known:
            same = len(folded) == len(text)
            return text[known.start():known.end()] if same else known.group(0)
        asked = self.instruments is not None and (self.asks_about is None or self.asks_about.search(folded))
        for found in self.instruments.finditer(text) if asked and self.instruments else ():
            words = found.group("pre").split()
            while words and (words[0] in self.not_names or words[0].islower()):
                words = words[1:]  # "What", "Under", "The": no part of the name
            if not words and not found.group("tail"):
                continue  # a bare "Act" or "the Convention"
            name = " ".join([*words, found.group("noun"), *(found.group("tail") or "").split()])
            key = fold(name)
            if not any(key in h or h in key for h in self.held):
                return name
        return None

    def decline(self, text: str) -> str | None:
        """Why a question is declined before any search: the sentence naming an instrument the
        corpus does not hold, "" for a request outside the domain (an artefact to produce, or
        the topic dismissed and nothing of it left), or None to go on."""
        name = self.instrument(text)
        if name is not None:
            return self.reply.replace("{instrument}", _capital(name))
        folded = fold(text)
        if self.artefacts is not None and self.artefacts.search(folded):
            return ""
        dismissed = self.dismissals.search(folded) if self.dismissals is not None else None
        if dismissed is not None and not self.topics.search(folded[dismissed.end():]):
            return ""
        return None


def _capital(name: str) -> str:
    """The name to start a sentence with: "GDPR", "The Istanbul Convention", "Ireland's … Act"."""
    if name.islower():  # typed in lower case: an acronym, or a name's words
        name = name.upper() if " " not in name else name.title()
    # "Ireland's Online Safety Act", "Section 230": no "The"
    owner = re.match(r"[\w-]+['’]s\s|(?:section|article|title|part|chapter)\s+\d", name, re.IGNORECASE)
    return f"The {name}" if " " in name and not owner and not name.lower().startswith("the ") else name


def _terms(data: Table, key: str, path: Path) -> list[str]:
    try:
        terms = [str(t) for t in data[key] if str(t).strip()]
    except KeyError as exc:
        raise CorpusError(f"The scope file {path} has no {exc} list; fix the file.") from exc
    if not terms:
        raise CorpusError(f"The scope file {path} has an empty '{key}' list; fix the file.")
    return terms
