"""The safety guard: refuse requests that seek to harm a child; abstain on attempts to
drop the assistant's instructions. Patterns are data in corpus/data/safety.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .errors import CorpusError

SAFETY_FILE = Path("data") / "safety.toml"


class Verdict(Enum):
    OK = "ok"
    HARMFUL = "harmful"
    INJECTION = "injection"


@dataclass(frozen=True)
class SafetyGuard:
    harmful: tuple[re.Pattern[str], ...]
    injection: tuple[re.Pattern[str], ...]
    refusal: str
    off_topic: str
    injection_reply: str

    @classmethod
    def load(cls, corpus_dir: Path) -> SafetyGuard:
        path = corpus_dir / SAFETY_FILE
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CorpusError(f"The safety file {path} is missing; restore it from git.") from None
        except tomllib.TOMLDecodeError as exc:
            raise CorpusError(f"{path} is not valid TOML ({exc}); fix the file.") from exc
        terms = {k: str(v) for k, v in data.get("terms", {}).items()}
        for _ in range(3):  # terms may refer to each other ({material} uses {child})
            terms = {k: _splice(v, terms) for k, v in terms.items()}

        def compile_all(section: str) -> tuple[re.Pattern[str], ...]:
            try:
                return tuple(re.compile(_splice(p, terms)) for p in data.get(section, {}).get("patterns", []))
            except re.error as exc:
                raise CorpusError(f"A {section} pattern in {path} is not a valid regex ({exc}).") from exc

        return cls(
            harmful=compile_all("harmful"),
            injection=compile_all("injection"),
            refusal=str(data["refusal"]["text"]).strip(),
            off_topic=str(data["abstain"]["off_topic"]).strip(),
            injection_reply=str(data["abstain"]["injection"]).strip(),
        )

    def check(self, text: str) -> Verdict:
        normal = " ".join(text.lower().split())
        if any(p.search(normal) for p in self.harmful):
            return Verdict.HARMFUL
        if any(p.search(normal) for p in self.injection):
            return Verdict.INJECTION
        return Verdict.OK


def _splice(pattern: str, terms: dict[str, str]) -> str:
    for key, value in terms.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


def load_scope(corpus_dir: Path) -> re.Pattern[str]:
    """Topic words of corpus/data/scope.toml as one pattern (plurals included)."""
    from .query import phrase_pattern

    path = corpus_dir / "data" / "scope.toml"
    try:
        anchors = tomllib.loads(path.read_text(encoding="utf-8"))["anchors"]
    except (FileNotFoundError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"The scope file {path} is missing or malformed ({exc}); restore it.") from exc
    return phrase_pattern([*anchors, *(f"{a}s" for a in anchors)])
