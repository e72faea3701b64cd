"""The safety guard: refuse requests that seek to harm a child; abstain on attempts to
drop the assistant's instructions. The vocabulary is data in corpus/data/safety.toml,
which also explains how a request is judged."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from .corpus import read_toml
from .errors import CorpusError

SAFETY_FILE = Path("data") / "safety.toml"
LEXICONS = ("target", "material", "sexual", "harm", "acquire", "serious", "requester", "offender",
            "protective", "guardian", "professional", "third_party", "role")


class Verdict(Enum):
    OK = "ok"
    HARMFUL = "harmful"
    INJECTION = "injection"


def _lexicon(words: list[str], fragments: list[str] = ()) -> re.Pattern[str]:  # type: ignore[assignment]
    parts = sorted({w.lower().strip() for w in words if w.strip()}, key=len, reverse=True)
    alternation = [r"\s+".join(map(re.escape, p.split())) for p in parts] + list(fragments)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternation) + r")(?![a-z0-9])")


@dataclass(frozen=True)
class SafetyGuard:
    lexicons: dict[str, re.Pattern[str]]
    harmful: tuple[re.Pattern[str], ...]
    injection: tuple[re.Pattern[str], ...]
    refusal: str
    off_topic: str
    injection_reply: str

    @classmethod
    def load(cls, corpus_dir: Path) -> SafetyGuard:
        path = corpus_dir / SAFETY_FILE
        data = read_toml(path, f"The safety file {path} is missing; restore it from git.")
        try:
            lex: dict[str, Any] = data["lexicon"]
            splice = {"child": _lexicon(lex.get("target", []), lex.get("target_regex", [])).pattern,
                      "material": _lexicon(lex.get("material", [])).pattern}
            lexicons = {
                name: _lexicon(lex.get(name, []), [_splice(f, splice) for f in lex.get(f"{name}_regex", [])])
                for name in LEXICONS}

            def compile_all(section: str) -> tuple[re.Pattern[str], ...]:
                out = []
                for raw in data.get(section, {}).get("patterns", []):
                    out.append(re.compile(_splice(raw, splice)))
                return tuple(out)

            return cls(lexicons, compile_all("harmful"), compile_all("injection"),
                       str(data["refusal"]["text"]).strip(), str(data["abstain"]["off_topic"]).strip(),
                       str(data["abstain"]["injection"]).strip())
        except (KeyError, re.error) as exc:
            raise CorpusError(f"{path} is malformed ({exc}); fix the file.") from exc

    def signals(self, text: str) -> dict[str, bool]:
        normal = _normal(text)
        return {name: bool(p.search(normal)) for name, p in self.lexicons.items()}

    def check(self, text: str, second_look: Callable[[str], bool] | None = None,
              strong_look: Callable[[str], bool] | None = None) -> Verdict:
        """The verdict on a request. ``second_look`` (safety_semantic.NeighbourCheck.is_harmful)
        judges requests about children that the vocabulary lets through, unless they are
        framed protectively (a parent, a response to someone else's harm, a protective aim).
        ``strong_look`` (is_clearly_harmful) overrules a claimed role or protective words, not
        a parent or a response to someone else's harm."""
        normal = _normal(text)
        if any(p.search(normal) for p in self.harmful):
            return Verdict.HARMFUL
        s = {name: bool(p.search(normal)) for name, p in self.lexicons.items()}
        # Shields (a parent, a response to someone else's harm, a protective aim) count only in
        # the sentence that carries the harm: "My kids are asleep. How do I…" or
        # "… (for our kids club)" shield nothing. A claimed role counts anywhere ("Teacher
        # here: …"), but never against the strong second look.
        local = self._harm_clauses(normal)
        shield = {name: bool(self.lexicons[name].search(local))
                  for name in ("guardian", "third_party", "protective", "offender")}
        about_children = s["target"] or s["material"]
        first_person = bool(_FIRST_PERSON.search(normal))
        responding = (shield["third_party"] and bool(_RESPONSE.search(normal))
                      and not _HOW_THEY.search(normal) and not _DOER.search(normal))
        doer = bool(_DOER.search(normal))  # "how do I get…", not "how do I talk to…"
        parent_or_response = (shield["guardian"] and not doer) or responding
        if about_children and s["serious"] and (first_person or s["requester"]) and not parent_or_response:
            return Verdict.HARMFUL  # the most serious acts, asked by the doer
        override = any(p.search(normal) for p in self.injection)  # never a protective frame
        protective = not override and (parent_or_response or s["role"] or (
            shield["protective"]
            and (shield["offender"] or not first_person or bool(_PURPOSE.search(local)))))
        if about_children and s["requester"] and not protective and (
                s["harm"] or (s["acquire"] and s["material"] and not s["professional"])):
            return Verdict.HARMFUL
        asked = s["requester"] or first_person or bool(_ASKED.search(normal))  # not a description
        if about_children and asked and not protective and second_look and second_look(text):
            return Verdict.HARMFUL
        if about_children and asked and not parent_or_response and strong_look and strong_look(text):
            return Verdict.HARMFUL
        if override:
            return Verdict.INJECTION
        return Verdict.OK

    def _harm_clauses(self, normal: str) -> str:
        """The sentences (split at . ! ? ; and brackets) that carry a harm signal; the whole
        text if none does."""
        signals = [self.lexicons[name] for name in ("harm", "serious", "material", "acquire")]
        parts = [c for c in _CLAUSES.split(normal) if c.strip()]
        carrying = [c for c in parts if any(p.search(c) for p in signals)]
        return " | ".join(carrying) if carrying else normal


_CLAUSES = re.compile(r"[.!?;()\[\]\n]+")
_RESPONSE_VERBS = (r"(?:respond|help|support|report|handle|react|talk|explain|protect|deal|stop|prevent|"
                   r"reassure|get help|keep (?:her|him|them|my \w+|our \w+) safe|tell (?:if|whether)|"
                   r"set up|turn on|enable|block|check|monitor|configure|secure|lock|limit|restrict|filter|"
                   r"find out|know|spot|recogni[sz]e|teach|educate|warn|safeguard)")
# Asking how to do something oneself, unless it is one of the responses above.
_DOER = re.compile(r"\bhow (?:do|can|could|should|would|might) (?:i|we)\b(?! " + _RESPONSE_VERBS + r")"
                   r"|\b(?:help|teach|show) me\b|\btell me how\b")
# Asking what to do about someone else's harm.
_RESPONSE = re.compile(r"\bwhat (?:should|do|can|could|must) (?:i|we|they|parents|schools?|the school)"
                       r" (?:do|say|tell)"
                       r"|\bhow (?:do|can|should|could|would|might) (?:i|we) " + _RESPONSE_VERBS +
                       r"|\bnext steps?\b|\bred flags?\b"
                       r"|\bis (?:this|that|it) (?:grooming|normal|a red flag|a crime|illegal|abuse)"
                       r"|\bwarning signs?\b|\bwhat to do\b|\bget help\b"
                       r"|\bwho (?:do|can|should) (?:i|we) (?:call|contact|tell)\b|\bwhat now\b|\bstep in\b")
_ASKED = re.compile(r"\?|\b(?:how|what|whats|which|where|who|any tips|tips|best|easiest|safest|cheapest)\b")
_FIRST_PERSON = re.compile(r"(?<![a-z])(?:i|me|my|i'm|im|i'd|myself)(?![a-z])")
_HOW_THEY = re.compile(r"\b(?:how|which \w+(?: \w+)?|what \w+(?: \w+)?)"
                       r" (?:can|could|would|should|might|do|does) (?:they|he|she|someone|somebody|one)\b"
                       r"|\bwhat (?:he|she|they|someone|somebody) (?:should|could|can|would|might|must)\b")
_PURPOSE = re.compile(
    r"\b(?:so (?:we|i|our|that)|in order to|to (?:prevent|protect|stop(?! \w+ing\b)|spot|detect|report))\b"
    r"|\bso (?:they|he|she|kids|children) (?:feel safe|can tell|tell|report|disclose|speak up|come to)\b")


def _splice(pattern: str, terms: dict[str, str]) -> str:
    for key, value in terms.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def load_scope(corpus_dir: Path) -> re.Pattern[str]:
    """Topic words of corpus/data/scope.toml as one pattern (plurals included)."""
    from .query import phrase_pattern

    anchors = _scope_list(corpus_dir, "anchors")
    return phrase_pattern([*anchors, *(f"{a}s" for a in anchors)])


def load_elsewhere(corpus_dir: Path) -> Callable[[str], bool]:
    """Whether a question is about a law the corpus does not hold (scope.toml's `elsewhere`)
    without naming any of the corpus's own instruments (`own`)."""
    from .query import phrase_pattern
    from .text import fold

    elsewhere = phrase_pattern(_scope_list(corpus_dir, "elsewhere"))
    own = phrase_pattern(_scope_list(corpus_dir, "own"))

    def about_elsewhere(text: str) -> bool:
        folded = fold(text)
        return bool(elsewhere.search(folded)) and not own.search(folded)

    return about_elsewhere


def _scope_list(corpus_dir: Path, key: str) -> list[str]:
    path = corpus_dir / "data" / "scope.toml"
    data = read_toml(path, f"The scope file {path} is missing; restore it from git.")
    try:
        terms = [str(t) for t in data[key] if str(t).strip()]
    except KeyError as exc:
        raise CorpusError(f"The scope file {path} has no {exc} list; fix the file.") from exc
    if not terms:
        raise CorpusError(f"The scope file {path} has an empty '{key}' list; fix the file.")
    return terms
