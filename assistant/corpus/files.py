"""The corpus layout, and the one way to read its data files.

``corpus/`` (``Settings.corpus_dir``, ``ASSISTANT_CORPUS_DIR``) holds what is cited apart
from how the assistant behaves:

- ``source/``: the verbatim Call to Action (cited);
- ``frameworks/``: the framework entries and the cross-walk (cited, shown to users);
- ``documents/``: users' documents (cited);
- ``behaviour/``: vocabulary, sectors, intents, scope, profiles, safety, safety examples and
  the safety guard's learned weights,
  plan templates, contradiction cues, claim parts, list questions, silence, assess and the chat (how the
  assistant behaves; never cited).

Each data file is read by exactly one loader, through ``read_data``, which notes the keys
that loader reads (``READS``) so that tests/test_data_files.py can name any key never read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from assistant.errors import CorpusError

SOURCE_DIR = Path("source")
FRAMEWORKS_DIR = Path("frameworks")
BEHAVIOUR_DIR = Path("behaviour")
DOCUMENTS_DIR = Path("documents")

CTA_FILE = SOURCE_DIR / "weprotect-2024-call-to-action.txt"
FRAMEWORKS_FILE = FRAMEWORKS_DIR / "frameworks.toml"
CROSSWALK_FILE = FRAMEWORKS_DIR / "crosswalk.toml"
SYNONYMS_FILE = BEHAVIOUR_DIR / "synonyms.toml"
SECTORS_FILE = BEHAVIOUR_DIR / "sectors.toml"
INTENTS_FILE = BEHAVIOUR_DIR / "intents.toml"
SCOPE_FILE = BEHAVIOUR_DIR / "scope.toml"
PROFILES_FILE = BEHAVIOUR_DIR / "profiles.toml"
SAFETY_FILE = BEHAVIOUR_DIR / "safety.toml"
SAFETY_EXAMPLES_FILE = BEHAVIOUR_DIR / "safety_examples.toml"
SAFETY_LEARNED_FILE = BEHAVIOUR_DIR / "safety_learned.toml"
PLAN_TEMPLATES_FILE = BEHAVIOUR_DIR / "plan_templates.toml"
CONTRADICTIONS_FILE = BEHAVIOUR_DIR / "contradictions.toml"
CLAIMS_FILE = BEHAVIOUR_DIR / "claims.toml"
LISTS_FILE = BEHAVIOUR_DIR / "lists.toml"
SILENCE_FILE = BEHAVIOUR_DIR / "silence.toml"
ASSESS_FILE = BEHAVIOUR_DIR / "assess.toml"
CHAT_FILE = BEHAVIOUR_DIR / "chat.toml"
CHAT_MEANING_FILE = BEHAVIOUR_DIR / "chat_meaning.toml"

DATA_FILES: tuple[Path, ...] = (
    FRAMEWORKS_FILE, CROSSWALK_FILE, SYNONYMS_FILE, SECTORS_FILE, INTENTS_FILE, SCOPE_FILE,
    PROFILES_FILE, SAFETY_FILE, SAFETY_EXAMPLES_FILE, SAFETY_LEARNED_FILE, PLAN_TEMPLATES_FILE,
    CONTRADICTIONS_FILE, CLAIMS_FILE,
    LISTS_FILE,
    SILENCE_FILE,
    ASSESS_FILE,
    CHAT_FILE,
    CHAT_MEANING_FILE,
)
OLD_DATA_DIR = Path("data")  # the layout before issue 12: every data file in corpus/data/

# Keys read so far, by data file (its path relative to the corpus dir, with "/"): a nested
# key is "table.key", a key of an array of tables "array[].key".
READS: dict[str, set[str]] = {}


def check_layout(corpus_dir: Path) -> None:
    """A CorpusError if ``corpus_dir`` still has the old ``data/`` layout (no silent fallback)."""
    old = corpus_dir / OLD_DATA_DIR
    if old.is_dir() and any(old.glob("*.toml")):
        raise CorpusError(
            f"{corpus_dir} has the old layout: move data/frameworks.toml and data/crosswalk.toml "
            "into frameworks/, every other data/*.toml into behaviour/, the sector tables of "
            "profiles.toml into behaviour/sectors.toml, and remove data/ (README, 'Corpus layout').")


def read_toml(path: Path, missing: str = "") -> dict[str, Any]:
    """A TOML file, parsed; a missing or invalid file is a CorpusError that says what to do."""
    if not path.is_file():
        raise CorpusError(missing or f"The data file {path} is missing; restore it from git.")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path} is not valid ({exc}); fix the file.") from exc


T = TypeVar("T")
# what a loader meets in a file of the wrong shape: a key missing, a value of the wrong type
SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def load_data(corpus_dir: Path, name: Path, what: str, parse: Callable[[Table], T], fix: str = "") -> T:
    """One data file read and parsed by its one loader (``parse``): a missing file, or one whose
    shape ``parse`` does not find, is a CorpusError that names the file (the ``what``: "the
    plan templates") and says what to do (``fix``, else fix the file; restore it from git)."""
    path = corpus_dir / name
    data = read_data(corpus_dir, name, f"{what[:1].upper()}{what[1:]} {path} is missing; restore it "
                                       f"from git{' or ' + fix if fix else ''}.")
    try:
        return parse(data)
    except SHAPE_ERRORS as exc:
        raise CorpusError(f"{path} is not valid ({exc}); {fix or 'fix the file'}.") from exc


def read_data(corpus_dir: Path, name: Path, missing: str = "") -> Table:
    """One data file of the corpus (``name`` is one of DATA_FILES), as a Table that notes its reads."""
    check_layout(corpus_dir)
    path = corpus_dir / name
    data = read_toml(path, missing or f"The data file {path} is missing; restore it from git.")
    return Table(data, READS.setdefault(name.as_posix(), set()))


class Table(dict[str, Any]):
    """A parsed TOML table that notes every key read (into a set shared by its file).

    Iterating a table (``items``, ``keys``, ``values``, ``for``, ``**``) reads all its keys.
    """

    def __init__(self, data: dict[str, Any], reads: set[str], prefix: str = "") -> None:
        super().__init__({k: _wrap(v, reads, f"{prefix}{k}") for k, v in data.items()})
        self._reads = reads
        self._prefix = prefix

    def _read(self, key: str) -> None:
        self._reads.add(f"{self._prefix}{key}")

    def _read_all(self) -> None:
        self._reads.update(f"{self._prefix}{key}" for key in dict.__iter__(self))

    def __getitem__(self, key: str) -> Any:
        self._read(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._read(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._read_all()
        return super().__iter__()

    def keys(self) -> Any:
        self._read_all()
        return super().keys()

    def items(self) -> Any:
        self._read_all()
        return super().items()

    def values(self) -> Any:
        self._read_all()
        return super().values()


def _wrap(value: Any, reads: set[str], path: str) -> Any:
    if isinstance(value, dict):
        return Table(value, reads, f"{path}.")
    if isinstance(value, list):
        return [Table(v, reads, f"{path}[].") if isinstance(v, dict) else v for v in value]
    return value


def key_paths(data: dict[str, Any], depth: int = 3, prefix: str = "") -> set[str]:
    """Every key of a parsed file, written as READS writes them, to ``depth`` levels."""
    out: set[str] = set()
    for key, value in dict.items(data):
        path = f"{prefix}{key}"
        out.add(path)
        if depth <= 1:
            continue
        if isinstance(value, dict):
            out |= key_paths(value, depth - 1, f"{path}.")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    out |= key_paths(item, depth - 1, f"{path}[].")
    return out
