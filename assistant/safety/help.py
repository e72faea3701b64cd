"""Help first for someone whose child is being harmed now.

A parent, carer or teacher who says that a child they protect is being threatened, blackmailed,
groomed or abused, or that an image of the child is being shared, needs where to get help
before any policy text: the answer keeps its first paragraph (what the corpus says, or that it
does not cover the question, as the contract wants) and the help follows it at once. The kinds
of statement are `patterns` in safety.toml's `[help]` section, over lower-cased text; a request
the guard refuses gets its refusal, which already names the reporting channels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.safety.categories import splice


@dataclass(frozen=True)
class HelpNotice:
    text: str  # where to get help, shown right after the answer's first paragraph
    patterns: tuple[re.Pattern[str], ...]  # a child the asker protects, harmed or threatened now

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> HelpNotice:
        """``patterns`` may name ``{child}``: any of ``children`` after "my" or "our"."""
        kinds = [re.escape(str(c)) for c in data["children"]] + [r"\d{1,2}[\s-]*(?:years?[\s-]*old|yo)"]
        child = r"(?:my|our)\s+(?:\w+\s+)?(?:" + "|".join(kinds) + r")\b"
        return cls(str(data["text"]).strip(),
                   tuple(re.compile(splice(str(p), {"child": child})) for p in data["patterns"]))

    def applies(self, request: str) -> bool:
        folded = " ".join(request.lower().split())
        return any(p.search(folded) for p in self.patterns)

    def placed(self, answer: str) -> str:
        """``answer`` with the help right after its first paragraph."""
        first, _, rest = answer.partition("\n\n")
        return "\n\n".join(part for part in (first, self.text, rest) if part)
