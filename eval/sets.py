"""Reading evaluation sets: one request per line (``#`` comments) or one JSON case per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def lines(path: Path, optional: bool = False) -> list[str]:
    """The non-blank, non-comment lines of a .txt set; [] for a missing ``optional`` file."""
    if optional and not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def jsonl(path: Path, optional: bool = False) -> list[dict[str, Any]]:
    """The cases of a .jsonl set; [] for a missing ``optional`` file."""
    if optional and not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
