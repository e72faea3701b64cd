"""Every data file of corpus/ is read whole and explained: a key that no loader reads fails
here, by name, and so does a header comment that leaves a top-level section unexplained."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.applicable.profile import ProfileVocabulary
from assistant.check.contradiction_cues import ContradictionCues
from assistant.config import Settings
from assistant.core import Assistant
from assistant.corpus.files import (
    CONTRADICTIONS_FILE,
    DATA_FILES,
    PROFILES_FILE,
    READS,
    check_layout,
    key_paths,
    read_toml,
)
from assistant.errors import CorpusError
from assistant.search.query import Vocabulary
from assistant.store.protocol import MemoryStore
from tests.conftest import CORPUS
from tests.test_safety_semantic import CalibratedFake  # the fake under the calibrated model's name


def _build_every_stage(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "index", embedder="hashing")
    assistant = Assistant(settings, embedder=CalibratedFake(), store=MemoryStore())
    assistant.index()
    for stage in ("corpus", "vocabulary", "guard", "answerer", "neighbours", "crosswalk",
                  "applicability", "planner", "checker", "assessor", "conversation"):
        assert getattr(assistant, stage) is not None, stage


def test_every_key_of_every_data_file_is_read(tmp_path: Path) -> None:
    READS.clear()
    _build_every_stage(tmp_path)
    unread = []
    for name in DATA_FILES:
        keys = key_paths(read_toml(CORPUS / name))
        read = READS.get(name.as_posix(), set())
        unread += [f"{name.as_posix()}: {key}" for key in sorted(keys - read)]
    assert not unread, "keys no loader reads (use them or remove them):\n" + "\n".join(unread)


def _header(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", DATA_FILES, ids=lambda n: n.name)
def test_every_data_file_has_a_header_for_each_section(name: Path) -> None:
    header = _header(CORPUS / name)
    assert re.search(r"\b(?:read|reads) by\b|\bloader\b", header), f"{name}: say which stage reads it"
    missing = [key for key in read_toml(CORPUS / name)
               if not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", header)]
    assert not missing, f"{name}: the header does not say what {missing} are for"


def test_the_old_layout_says_what_to_move(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "safety.toml").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"old layout: move data/frameworks\.toml .* into frameworks/"):
        check_layout(tmp_path)


def test_sector_tables_left_in_profiles_say_where_they_go(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(CORPUS, tmp_path / "corpus", ignore=shutil.ignore_patterns("documents")))
    profiles = corpus / PROFILES_FILE
    profiles.write_text('[government]\ncues = ["central bank"]\n' + profiles.read_text(encoding="utf-8"),
                        encoding="utf-8")
    with pytest.raises(CorpusError, match=r"has sector tables; move them into sectors\.toml"):
        ProfileVocabulary.load(corpus, Vocabulary.load(corpus))


def test_actors_left_in_the_cue_file_say_where_they_go(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(CORPUS, tmp_path / "corpus", ignore=shutil.ignore_patterns("documents")))
    cues = corpus / CONTRADICTIONS_FILE
    text = cues.read_text(encoding="utf-8").replace("[actors]\n", '[actors]\nshared = ["members"]\n')
    cues.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"lists actors by sector; move them into sectors\.toml"):
        ContradictionCues.load(corpus)
