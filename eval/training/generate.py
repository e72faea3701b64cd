"""(question, clause) pairs in every style, from corpus/training/questions.toml and a seed.

A clause's subjects are cut from its own words; each style's templates put them in a
question, and the informal and paraphrase rules turn the corpus's words into users'.
The same data and seed give the same pairs, so training is reproducible.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.domain.clauses import Clause
from assistant.text.normalise import STOPWORDS

QUESTIONS_FILE = Path("training") / "questions.toml"
SEED = 16
_CUTS = re.compile(r"[,;:.()]|\b(?:including|such as|through|to ensure|in order to|so that|and/or|"
                   r"as well as|while|which|whose|that)\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_FRAMEWORK_NAMES = {
    "mnr": "Model National Response", "inspire": "INSPIRE", "gsr": "Global Strategic Response",
    "lanzarote": "Lanzarote Convention", "crc": "UN Convention on the Rights of the Child",
    "opsc": "Optional Protocol on the sale of children", "gc25": "General Comment 25"}


@dataclass(frozen=True)
class Pair:
    question: str
    clause_id: str
    style: str


def load_rules(corpus_dir: Path) -> dict[str, object]:
    with (corpus_dir / QUESTIONS_FILE).open("rb") as handle:
        return tomllib.load(handle)


def subjects(clause: Clause) -> list[str]:
    """Short phrases in the clause's own words that a question about it would name."""
    title = clause.context.split(":", 1)[-1] if clause.kind in ("pledge", "preamble") else ""
    name = clause.label.split("(", 1)[-1].rstrip(")") if clause.kind == "framework" else ""
    if clause.kind == "overview":
        name = clause.label
    pieces = [] if clause.kind == "pledge" else [p for p in _CUTS.split(clause.text) if p]
    out = []
    for piece in [name, title, *pieces]:
        words = _SPACE.sub(" ", piece or "").strip(" -").lower().split()
        while words and words[0] in STOPWORDS:
            words = words[1:]
        while words and words[-1] in STOPWORDS:
            words = words[:-1]
        if len(words) > 14:  # a long piece: its opening and its closing words
            out += [" ".join(words[:9]), " ".join(words[-8:])]
        elif len(words) >= 2 or (len(words) == 1 and clause.kind != "subclause"):
            out.append(" ".join(words))
    return list(dict.fromkeys(out)) or [clause.label.lower()]


class Generator:
    def __init__(self, rules: dict[str, object], seed: int = SEED) -> None:
        self.rules, self.random = rules, random.Random(seed)
        informal: dict[str, object] = rules["informal"]  # type: ignore[assignment]
        self.abbreviations = _replacements(dict(informal["abbreviations"]).items())  # type: ignore[call-overload]
        self.slang = list(informal["slang"])  # type: ignore[call-overload]
        self.typo_rate = float(informal["typo_rate"])  # type: ignore[arg-type]
        pairs = rules["paraphrase"]["pairs"]  # type: ignore[index]
        self.paraphrases = _replacements((p[0], p[1:]) for p in pairs)

    def pairs(self, clauses: Sequence[Clause]) -> list[Pair]:
        out: list[Pair] = []
        styles: dict[str, dict[str, object]] = self.rules["styles"]  # type: ignore[assignment]
        parts = _parts(clauses)
        for clause in clauses:
            found = subjects(clause)
            whole = styles.get("whole")
            if whole and len(parts.get(clause.id, ())) >= 2:
                for _ in range(int(whole["per_clause"])):  # type: ignore[call-overload]
                    out.append(Pair(self._whole(clause, whole, found, parts[clause.id]), clause.id, "multi"))
            for style, spec in styles.items():
                if style == "whole":
                    continue
                if style == "framework" and clause.id.split(".")[0] not in _FRAMEWORK_NAMES:
                    continue
                pool = [s for s in found if re.search(r"\d", s)] if style == "facts" else found
                if not pool or (style == "multi" and len(found) < 2):
                    continue
                for _ in range(int(spec["per_clause"])):  # type: ignore[call-overload]
                    question = self._question(clause, spec, pool, found)
                    if question:
                        out.append(Pair(question, clause.id, style))
        return out

    def _question(self, clause: Clause, spec: dict[str, object], pool: list[str],
                  found: list[str]) -> str:
        pick = self.random.choice
        subject = pick(pool)
        if spec.get("paraphrase"):
            subject, changed = _apply(subject, self.paraphrases, self.random, 1.0)
            if not changed:
                return ""
        sector = clause.sector or "any"
        second = pick([s for s in found if s != subject] or found)
        text = pick(list(spec["templates"])).format(  # type: ignore[call-overload]
            subject=subject, subject2=second,
            persona=pick(self.rules["personas"][sector]),  # type: ignore[index]
            sector=pick(self.rules["sector_names"][sector]),  # type: ignore[index]
            framework=_FRAMEWORK_NAMES.get(clause.id.split(".")[0], "call to action"))
        if spec.get("informal"):
            text = self._informal(text)
        return _SPACE.sub(" ", text).strip()

    def _whole(self, clause: Clause, spec: dict[str, object], found: list[str],
               parts: list[list[str]]) -> str:
        """A question about a pledge as a whole: its heading, or two of its parts together."""
        first, second = self.random.sample(parts, 2)
        heading, _ = _apply(found[0], self.paraphrases, self.random, 0.5)
        text = self.random.choice(list(spec["templates"])).format(  # type: ignore[call-overload]
            heading=heading, subject=self.random.choice(first), subject2=self.random.choice(second),
            sector=self.random.choice(self.rules["sector_names"][clause.sector or "any"]))  # type: ignore[index]
        return _SPACE.sub(" ", text).strip()

    def _informal(self, text: str) -> str:
        text, _ = _apply(text.lower(), self.abbreviations, self.random, 0.7)
        words = []
        for word in text.split():
            if len(word) > 5 and word.isalpha() and self.random.random() < self.typo_rate:
                word = _typo(word, self.random)
            words.append(word)
        if self.random.random() < 0.3:
            words.insert(self.random.randrange(len(words) + 1), self.random.choice(self.slang))
        return " ".join(words).replace("?", self.random.choice(["?", "", "??"]))


def _parts(clauses: Sequence[Clause]) -> dict[str, list[list[str]]]:
    """Each pledge's parts' subjects, by the pledge's id."""
    out: dict[str, list[list[str]]] = {}
    for clause in clauses:
        if clause.kind == "subclause":
            out.setdefault(clause.id.rsplit(".", 1)[0], []).append(subjects(clause))
    return out


def _replacements(items: object) -> list[tuple[re.Pattern[str], list[str]]]:
    rows = sorted(((str(k), [str(v) for v in vs]) for k, vs in items), key=lambda kv: -len(kv[0]))  # type: ignore[attr-defined]
    return [(re.compile(rf"(?<![\w&]){re.escape(k)}(?![\w&])", re.IGNORECASE), vs) for k, vs in rows]


def _apply(text: str, rules: list[tuple[re.Pattern[str], list[str]]], rng: random.Random,
           rate: float) -> tuple[str, bool]:
    """Each rule's matches replaced (at ``rate``) by one of its forms; whether any was."""
    changed = False
    marks: list[str] = []
    for pattern, forms in rules:
        if pattern.search(text) and rng.random() < rate:
            marks.append(rng.choice(forms))
            text = pattern.sub(f"\x00{len(marks) - 1}\x00", text)
            changed = True
    return re.sub(r"\x00(\d+)\x00", lambda m: marks[int(m.group(1))], text), changed


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]
