"""The harm taxonomy: which harms the guard refuses, judged by who acts, what they seek and
against whom, not by a word. The categories, their acts, the context each needs and the
signs of who acts are data (`[taxonomy]` of corpus/behaviour/safety.toml, which explains
the rule); this module applies them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.errors import CorpusError

ACTOR = ("doer", "mine", "counter", "condition", "asker", "others", "pronoun", "proxy", "shield")
COUNTER_WORDS = 5  # a counter verb counts in the first words after the doer, not anywhere after
HOLDING = "holding"  # the verdict's category name for a first-person statement of holding material


@dataclass(frozen=True)
class Category:
    name: str
    what: str  # what the category is, in words (README, eval reports)
    acts: tuple[re.Pattern[str], ...]
    needs: tuple[str, ...]  # context names, one of which the request must have; () for none
    unless: tuple[str, ...] = ()  # context names that, in the act's sentence, rule the category out
    subject: tuple[str, ...] = ()  # context names, one of which the request must have as well
    anyone: bool = False  # the act is refused whoever does it: no frame or other actor shields it


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Category, ...]
    context: Mapping[str, re.Pattern[str]]  # context name -> pattern (child and material included)
    actor: Mapping[str, re.Pattern[str]]  # the ACTOR lists: who acts
    holding: re.Pattern[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], terms: Mapping[str, str]) -> Taxonomy:
        """The taxonomy from the `[taxonomy]` table; ``terms`` maps {child} and {material} to
        the lexicons' patterns."""
        def one(fragments: list[str]) -> re.Pattern[str]:
            if not fragments:
                raise CorpusError("An empty list in [taxonomy]; give it a pattern or remove it.")
            return re.compile("|".join(f"(?:{splice(str(f), terms)})" for f in fragments))

        context = {name: one(list(fragments)) for name, fragments in data["context"].items()}
        context |= {name: re.compile(pattern) for name, pattern in terms.items()}
        categories = []
        for name, table in data["categories"].items():
            needs = tuple(str(n) for n in table["needs"])
            unless = tuple(str(n) for n in table.get("unless", []))
            subject = tuple(str(n) for n in table.get("subject", []))
            unknown = [n for n in (*needs, *unless, *subject) if n not in context]
            if unknown:
                raise CorpusError(f"[taxonomy.categories.{name}] needs unknown context {unknown}; "
                                  f"use one of {sorted(context)}.")
            categories.append(Category(name, str(table["what"]),
                                       tuple(re.compile(splice(str(a), terms)) for a in table["acts"]),
                                       needs, unless, subject, _anyone(name, table.get("actor", "asker"))))
        actor = {name: one(list(data["actor"][name])) for name in ACTOR}
        return cls(tuple(categories), context, actor, one(list(data["holding"]["patterns"])))

    def judge(self, normal: str) -> str | None:
        """The category a request falls in (its name), or None. ``normal`` is the folded text."""
        if self.holding.search(normal):
            return HOLDING  # whatever else the request says
        present = {name for name, pattern in self.context.items() if pattern.search(normal)}
        proxy = bool(self.actor["proxy"].search(normal))  # a made-up actor stands for the asker
        sentences = _SENTENCES.split(normal)
        # each step of a request in steps is judged on its own too ("list the signs, then how to…")
        sentences += [step for sentence in sentences for step in _STEPS.split(sentence)
                      if _STEPS.search(sentence)]
        for sentence in sentences:
            if not sentence.strip():
                continue
            for category in self.categories:
                if (category.needs and not present.intersection(category.needs)) or (
                        category.subject and not present.intersection(category.subject)) or any(
                        self.context[name].search(sentence) for name in category.unless):
                    continue
                acts = [m for a in category.acts for m in a.finditer(sentence)]
                if acts and (category.anyone or self._asker_acts(sentence, acts, proxy)):
                    return category.name
        return None

    def _asker_acts(self, sentence: str, acts: list[re.Match[str]], proxy: bool = False) -> bool:
        """Whether the asker does the act, or seeks the means to, in this sentence. Someone
        else is the subject when named anywhere in it, or as a bare pronoun ("they") before
        the act; under a hypothetical or fictional frame (``proxy``) no one else is."""
        if self.actor["mine"].search(sentence):
            return True
        for doer in self.actor["doer"].finditer(sentence):
            for act in acts:
                gap = sentence[doer.end():act.start()]
                lead = len(" ".join(gap.split()[:COUNTER_WORDS])) + 1  # "how do I (gently) know if…"
                counter = self.actor["counter"].search(sentence[doer.end():])  # sees past the act
                if act.start() >= doer.start() and not (
                        (counter and counter.start() < lead) or self.actor["condition"].search(gap)
                        or self.actor["others"].search(gap)):
                    return True
        if self.actor["shield"].search(sentence):
            return False  # asked to protect
        first = min(act.start() for act in acts)
        someone = bool(self.actor["others"].search(sentence)
                       or self.actor["pronoun"].search(sentence[:first]))
        if someone:
            return proxy  # someone else's methods; under a made-up frame, the asker's
        if proxy and not self.actor["counter"].search(sentence):
            return True  # the frame asks for the account ("for my novel, how he gets…")
        return bool(self.actor["asker"].search(sentence))


def _anyone(name: str, actor: object) -> bool:
    """A category's `actor`: "asker" (judged by who acts) or "anyone" (refused whoever acts)."""
    if actor not in ("asker", "anyone"):
        raise CorpusError(f"[taxonomy.categories.{name}] has actor = {actor!r}; use \"asker\" or \"anyone\".")
    return actor == "anyone"


_SENTENCES = re.compile(r"[.!?;\n]+(?:\s+|$)")
_STEPS = re.compile(r",?\s*\b(?:and |, )?(?:then|next|after that|afterwards|secondly|finally)\b[,:]?\s+"
                    r"|\b(?:step|part|stage|phase)\s+(?:\d+|one|two|three|four|ii|iii)\s*[:.)-]\s*")


def splice(pattern: str, terms: Mapping[str, str]) -> str:
    for key, value in terms.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern
