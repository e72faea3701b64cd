"""The evaluation sets: one folder each under ``eval/sets/``, described by its ``set.toml``.

Every script and test finds its sets here, never by a path of its own::

    from eval.registry import get, sets

    sets(kind="harmful")                  # every set with a harmful.txt, in the order written
    sets(kind="benign", role="holdout")   # ... only the held-out ones
    sets(kind="harmful", expect="refused")  # ... whose set.toml promises every line refused
    get("fresh10").lines("harmful")       # one set's requests (``#`` comments dropped)
    get("own").cases("retrieval")         # one set's JSON cases

A set's ``role`` says how it may be used:

- ``tuning``: the system is tuned on it; its figures say little about new questions.
- ``holdout``: written by someone who saw only the source documents and first scored
  blind; its first-run figures are kept in set.toml, and it has since guided fixes.
- ``blind``: scored once and left as it scored; nothing was changed because of it.
  Do not tune on it: once you do, make it a holdout and say so in its set.toml.

Scripts choose sets with one flag, ``--set NAME`` (see :func:`add_set_argument`); a NAME
is a folder of ``eval/sets/`` or the path of a folder that has a set.toml.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SETS_DIR = Path(__file__).resolve().parent / "sets"
ROLES = ("tuning", "holdout", "blind")
# A kind of case and the file that holds it; .txt: one request a line, .jsonl: one JSON case a line.
KINDS = {
    "retrieval": "retrieval.jsonl",  # {"question", "gold": [ids]}
    "citations": "citations.jsonl",  # {"text", "expect": [...], "kind"}
    "profiles": "profiles.jsonl",  # {"profile", "sector", "top5": [ids]}
    "harmful": "harmful.txt",  # requests to refuse
    "benign": "benign.txt",  # professionals' look-alikes of harmful requests
    "offtopic": "offtopic.txt",  # off-topic questions and injection attempts
    "everyday": "everyday.txt",  # everyday requests about children
    "typos": "typos.jsonl",  # {"word", "intended", "source"}: intended == word means leave it alone
    "sentences": "sentences.jsonl",  # {"text", "sentences": [expected, as split_sentences gives them]}
    "overclaims": "overclaims.jsonl",  # {"sentence", "expected": supported|unsupported, "kinds": [...]}
    "lists": "lists.jsonl",  # {"question", "gold": [ids a complete list cites], "kind"}
    "silence": "silence.jsonl",  # {"question", "mentioned": bool, "subject", "unsettled"?: true}
    # {"document": "<name>.md", "sector", "profile", "labels": {id: {"status", "evidence_lines"}}},
    # beside documents/ (the files it names) and GUIDE.md (the labelling rules)
    "assess": "labels.jsonl",
    # {"id", "turns": [{"user", "job", "sector": government|private_sector|civil_society|null,
    #   "clauses": [ids that must all be among the turn's citations]}]}
    "conversations": "conversations.jsonl",
}
# What a set with a kind's file may hold besides it: a folder of documents and its guide.
COMPANIONS = {"assess": ("documents", "GUIDE.md")}
KEYS = {"role", "author", "order", "added_in", "measured_on", "recorded_in", "guard_at_first_run",
        "note", "first_run", "expect"}


@dataclass(frozen=True)
class EvalSet:
    """One set: its folder, what its set.toml says of it, and readers for its files."""

    name: str
    folder: Path
    role: str
    author: str
    order: int  # the order in which the sets were written (own = 0)
    added_in: str  # the commit that added it
    measured_on: str  # the commit its first-run figures were measured on, or "unknown"
    recorded_in: str  # where the first-run figures are written down
    guard_at_first_run: str  # the safety guard it first met: "rules", "rules and neighbours" or ""
    note: str = ""
    first_run: dict[str, str] = field(default_factory=dict)  # measure -> figure, as first scored
    expect: dict[str, str] = field(default_factory=dict)  # kind -> what the tests hold of it today

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind, file in KINDS.items() if (self.folder / file).is_file())

    def has(self, kind: str) -> bool:
        return (self.folder / _file(kind)).is_file()

    def path(self, kind: str) -> Path:
        path = self.folder / _file(kind)
        if not path.is_file():
            raise FileNotFoundError(f"Eval set '{self.name}' has no {path.name}.")
        return path

    def lines(self, kind: str) -> list[str]:
        """The requests of a .txt kind; [] when the set has none."""
        return lines(self.folder / _file(kind), optional=True)

    def document(self, name: str) -> Path:
        """A file of the set's ``documents/`` folder (an ``assess`` case's document)."""
        path = self.folder / "documents" / name
        if not path.is_file():
            raise FileNotFoundError(f"Eval set '{self.name}' has no documents/{name}.")
        return path

    def cases(self, kind: str) -> list[dict[str, Any]]:
        """The cases of a .jsonl kind; [] when the set has none."""
        return jsonl(self.folder / _file(kind), optional=True)


def _file(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of eval case '{kind}'; use one of: {', '.join(KINDS)}.")
    return KINDS[kind]


def load(folder: Path) -> EvalSet:
    """The set in ``folder``, from its set.toml (checked: known keys, a known role)."""
    meta_path = folder / "set.toml"
    if not meta_path.is_file():
        raise FileNotFoundError(f"{folder} is not an eval set: it has no set.toml.")
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    unknown = set(meta) - KEYS
    if unknown:
        raise ValueError(f"{meta_path}: unknown keys {sorted(unknown)}; use {sorted(KEYS)}.")
    if meta.get("role") not in ROLES:
        raise ValueError(f"{meta_path}: role must be one of {', '.join(ROLES)}.")
    unknown_kinds = set(meta.get("expect", {})) - set(KINDS) - {"harmful_reframed"}
    if unknown_kinds:
        raise ValueError(f"{meta_path}: [expect] names unknown kinds {sorted(unknown_kinds)}.")
    companions = (name for kind, names in COMPANIONS.items() if (folder / KINDS[kind]).is_file()
                  for name in names)
    allowed = {"set.toml", *KINDS.values(), *companions}
    strays = sorted(p.name for p in folder.iterdir() if p.name not in allowed)
    if strays:
        raise ValueError(f"{folder}: files no script reads: {strays}.")
    return EvalSet(
        name=folder.name, folder=folder, role=meta["role"], author=meta["author"], order=meta["order"],
        added_in=meta["added_in"], measured_on=meta["measured_on"], recorded_in=meta["recorded_in"],
        guard_at_first_run=meta.get("guard_at_first_run", ""), note=meta.get("note", ""),
        first_run={k: str(v) for k, v in meta.get("first_run", {}).items()},
        expect={k: str(v) for k, v in meta.get("expect", {}).items()})


@cache
def _all() -> tuple[EvalSet, ...]:
    found = [load(folder) for folder in SETS_DIR.iterdir() if folder.is_dir()]
    return tuple(sorted(found, key=lambda s: (s.order, s.name)))


def sets(kind: str | None = None, role: str | None = None, expect: str | None = None) -> list[EvalSet]:
    """The registered sets in the order written; only those with a file of ``kind``, of ``role``,
    and (with ``kind``) whose set.toml expects ``expect`` of that kind."""
    if role is not None and role not in ROLES:
        raise ValueError(f"Unknown role '{role}'; use one of: {', '.join(ROLES)}.")
    if expect is not None and kind is None:
        raise ValueError("expect= needs a kind=.")
    chosen = [s for s in _all() if role is None or s.role == role]
    if kind is not None:
        chosen = [s for s in chosen if s.has(kind)]
    if expect is not None:
        chosen = [s for s in chosen if s.expect.get(str(kind)) == expect]
    return chosen


def get(name: str) -> EvalSet:
    """A registered set by name, or the set in a folder given by its path."""
    for known in _all():
        if known.name == name:
            return known
    folder = Path(name)
    if folder.is_dir():
        return load(folder.resolve())
    names = ", ".join(s.name for s in _all())
    raise KeyError(f"No eval set '{name}'; use one of: {names}, or a folder with a set.toml.")


def add_set_argument(parser: argparse.ArgumentParser, kind: str, default: str | None = "own") -> None:
    """The one way a script chooses sets: ``--set NAME`` (one), or with ``default=None``
    ``--set NAME [NAME ...]`` (several; all sets with a ``kind`` file when omitted)."""
    names = ", ".join(s.name for s in sets(kind=kind))
    if default is None:
        parser.add_argument("--set", dest="sets", nargs="+", type=get, default=None, metavar="NAME",
                            help=f"eval sets (default: all with {KINDS[kind]}: {names})")
    else:
        parser.add_argument("--set", type=get, default=get(default), metavar="NAME",
                            help=f"eval set with {KINDS[kind]} (default {default}; any of {names})")


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
