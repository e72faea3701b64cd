"""The safety guard: refuse requests that seek to harm a child; abstain on attempts to
drop the assistant's instructions. The vocabulary and the harm taxonomy are data in
corpus/behaviour/safety.toml (read by safety/data.py), which also explains how a request is
judged."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from assistant.errors import CorpusError
from assistant.safety.categories import Taxonomy
from assistant.safety.categories import splice as fill
from assistant.safety.data import SafetyData
from assistant.safety.help import HelpNotice
from assistant.safety.judge import ModelJudge
from assistant.safety.languages import Glossary
from assistant.text.lookalike import fold_lookalikes
from assistant.text.normalise import fold
from assistant.text.phrases import phrase_pattern

FRAMING = ("doer", "response", "asked", "first_person", "how_they", "purpose")
LEXICONS = ("target", "material", "harm", "acquire", "serious", "requester", "offender",
            "protective", "guardian", "professional", "third_party", "role", "aim")


class Verdict(Enum):
    OK = "ok"
    HARMFUL = "harmful"
    INJECTION = "injection"


def _lexicon(words: list[str], fragments: list[str] = ()) -> re.Pattern[str]:  # type: ignore[assignment]
    return phrase_pattern(words, fragments)  # the one phrase matcher (text/phrases.py)


@dataclass(frozen=True)
class SafetyGuard:
    lexicons: dict[str, re.Pattern[str]]
    framing: dict[str, re.Pattern[str]]  # doer, response, asked, first_person, how_they, purpose
    harmful: tuple[re.Pattern[str], ...]
    injection: tuple[re.Pattern[str], ...]
    refusal: str
    off_topic: str
    injection_reply: str
    taxonomy: Taxonomy
    languages: Glossary  # requests in other languages, read in English (safety/languages.py)
    help: HelpNotice  # help first for a child harmed now (safety/help.py)
    judge: ModelJudge | None = None  # a served safety model, if configured (safety/judge.py)

    @classmethod
    def load(cls, corpus_dir: Path) -> SafetyGuard:
        return cls.from_data(SafetyData.load(corpus_dir))

    @classmethod
    def from_data(cls, safety: SafetyData) -> SafetyGuard:
        data, path = safety.rules, safety.rules_path
        try:
            lex: dict[str, Any] = data["lexicon"]
            splice = {"child": _lexicon(lex.get("target", []), lex.get("target_regex", [])).pattern,
                      "material": _lexicon(lex.get("material", [])).pattern}
            lexicons = {
                name: _lexicon(lex.get(name, []), [fill(f, splice) for f in lex.get(f"{name}_regex", [])])
                for name in LEXICONS}

            def compile_all(section: str) -> tuple[re.Pattern[str], ...]:
                out = []
                for raw in data.get(section, {}).get("patterns", []):
                    out.append(re.compile(fill(raw, splice)))
                return tuple(out)

            framing_data: dict[str, Any] = data["framing"]
            verbs = {"response": str(framing_data["response_verbs"])}
            framing = {name: re.compile("|".join(fill(str(p), verbs) for p in framing_data[name]))
                       for name in FRAMING}
            return cls(lexicons, framing, compile_all("harmful"), compile_all("injection"),
                       str(data["refusal"]["text"]).strip(), str(data["abstain"]["off_topic"]).strip(),
                       str(data["abstain"]["injection"]).strip(),
                       Taxonomy.from_data(data["taxonomy"], splice), Glossary.from_data(data["languages"]),
                       HelpNotice.from_data(data["help"]))
        except (KeyError, re.error) as exc:
            raise CorpusError(f"{path} is malformed ({exc}); fix the file.") from exc

    def with_judge(self, judge: ModelJudge | None) -> SafetyGuard:
        """The same guard, with a served model judging what the offline guard lets through."""
        return replace(self, judge=judge)

    def check(self, text: str, second_look: Callable[[str], bool] | None = None,
              strong_look: Callable[[str], bool] | None = None) -> Verdict:
        """The verdict on a request: the offline guard's, or HARMFUL when a configured model
        judges it unsafe (the stricter verdict wins; the offline guard always runs)."""
        verdict = self.offline_check(text, second_look, strong_look)
        if verdict is not Verdict.HARMFUL and self.judge is not None and self.judge.is_harmful(text):
            return Verdict.HARMFUL
        return verdict

    def offline_check(self, text: str, second_look: Callable[[str], bool] | None = None,
                      strong_look: Callable[[str], bool] | None = None) -> Verdict:
        """The verdict on the text and, for a request in another language the glossary holds,
        on its English gloss too (the stricter wins)."""
        verdict = self._offline(text, second_look, strong_look)
        english = self.languages.english(_normal(text)) if verdict is not Verdict.HARMFUL else None
        if english and self._offline(english, second_look, strong_look) is Verdict.HARMFUL:
            return Verdict.HARMFUL
        plain = _plain(text) if verdict is not Verdict.HARMFUL else text
        if plain != text and self._offline(plain, second_look, strong_look) is Verdict.HARMFUL:
            return Verdict.HARMFUL  # written in look-alike letters or digits ("ch1ld", Cyrillic "о")
        return verdict

    def _offline(self, text: str, second_look: Callable[[str], bool] | None = None,
                 strong_look: Callable[[str], bool] | None = None) -> Verdict:
        """The verdict of the rules and the taxonomy, then of the looks given. ``second_look``
        (semantic.NeighbourCheck.is_harmful: exemplar neighbours and the learned stage) judges
        requests about children that the vocabulary lets through, unless they are framed
        protectively (a parent, a response to someone else's harm, a protective aim).
        ``strong_look`` (is_clearly_harmful) overrules a claimed role or protective words, not
        a parent or a response to someone else's harm."""
        normal = _normal(text)
        if any(p.search(normal) for p in self.harmful) or self.taxonomy.judge(normal):
            return Verdict.HARMFUL
        s = {name: bool(p.search(normal)) for name, p in self.lexicons.items()}
        # Shields (a parent, a response to someone else's harm, a protective aim) count only in
        # the sentence that carries the harm: "My kids are asleep. How do I…" or
        # "… (for our kids club)" shield nothing. A claimed role counts anywhere ("Teacher
        # here: …"), but never against the strong second look.
        local = self._harm_clauses(normal)
        shield = {name: bool(self.lexicons[name].search(local))
                  for name in ("guardian", "third_party", "protective", "offender", "aim")}
        f = {name: bool(p.search(normal)) for name, p in self.framing.items()}
        about_children = s["target"] or s["material"]
        doer = f["doer"]  # "how do I get…", not "how do I talk to…"
        responding = shield["third_party"] and f["response"] and not f["how_they"] and not doer
        # a parent asking how to do something about their own child's things ("how do I turn
        # off my son's camera") is shielded too, unless the request names a harmful act
        parent = shield["guardian"] and (not doer or not (s["harm"] or s["serious"]))
        parent_or_response = parent or responding
        asking_to_do = f["first_person"] or s["requester"]
        if about_children and s["serious"] and asking_to_do and not parent_or_response:
            return Verdict.HARMFUL  # the most serious acts, asked by the doer
        override = any(p.search(normal) for p in self.injection)  # never a protective frame
        aim = bool(self.framing["purpose"].search(local))
        # like a parent's framing, an aim naming a protector and what it does ("so youth
        # workers can reach them") shields from the strong look too; so does asking for what
        # professionals use (hash lists, classifiers) naming no harm
        shielded = parent_or_response or (shield["aim"] and not doer)
        tools_only = s["professional"] and not (s["harm"] or s["serious"])
        protective = not override and (shielded or tools_only or s["role"] or (
            shield["protective"] and (shield["offender"] or not f["first_person"] or aim)))
        if about_children and s["requester"] and not protective and (
                s["harm"] or (s["acquire"] and s["material"] and not s["professional"])):
            return Verdict.HARMFUL
        asked = s["requester"] or f["first_person"] or f["asked"]  # a request, not a description
        if about_children and asked and not protective and second_look and second_look(text):
            return Verdict.HARMFUL
        strong = about_children and asked and not shielded and not tools_only
        if strong and strong_look and strong_look(text):
            return Verdict.HARMFUL
        if override:
            return Verdict.INJECTION
        return Verdict.OK

    def category(self, text: str) -> str | None:
        """The harm category a request falls in by the taxonomy's rules (on its English gloss,
        for a request in another language), or None."""
        normal = _normal(text)
        english = self.languages.english(normal)
        return self.taxonomy.judge(normal) or (self.taxonomy.judge(english) if english else None)

    def _harm_clauses(self, normal: str) -> str:
        """The sentences (split at . ! ? ; and brackets) that carry a harm signal; the whole
        text if none does."""
        signals = [self.lexicons[name] for name in ("harm", "serious", "material", "acquire")]
        normal = _ASIDE.sub(r" \1 ", normal)  # "my son (14) got…": a short aside stays in its sentence
        parts = [c for c in _CLAUSES.split(normal) if c.strip()]
        carrying = [c for c in parts if any(p.search(c) for p in signals)]
        return " | ".join(carrying) if carrying else normal


_LEET = re.compile(r"(?<=[a-z])[013457@$](?=[a-z])", re.IGNORECASE)  # a digit or sign inside a word
_LETTERS = str.maketrans("013457@$", "oieastas")


def _plain(text: str) -> str:
    """``text`` with look-alike letters folded (text/lookalike.py) and the digits or signs
    written for letters inside a word read as those letters ("f1nd" -> "find")."""
    folded = fold_lookalikes(text).text
    return _LEET.sub(lambda m: m.group(0).translate(_LETTERS), folded)


_CLAUSES = re.compile(r"[.!?;()\[\]\n]+")
_ASIDE = re.compile(r"\(\s*([^()\s]{1,12}(?:\s[^()\s]{1,12})?)\s*\)")  # an age or a word or two in brackets


def _normal(text: str) -> str:
    # underscores join words in keys and file names ("steps_to_x"): read them as spaces
    return " ".join(fold(text).replace("’", "'").replace("_", " ").split())  # text/normalise.py

