"""The chat by meaning (assistant/chat/meaning.py): the nearest examples decide a job or a sector
only when close enough and ahead of the rest; tested with the hashing fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat.calibration import ChatCalibration
from assistant.chat.meaning import Meaning, MeaningExamples
from assistant.chat.profile import ProfileReader
from assistant.chat.vocabulary import ChatVocabulary
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import CorpusError

from .conftest import CORPUS

EXAMPLES = MeaningExamples(
    jobs=(("ask", "what does it say about grooming"), ("ask", "is encryption mentioned"),
          ("applicable", "which pledges apply to us"), ("applicable", "what is expected of us"),
          ("plan", "draft us a roadmap"), ("plan", "make an action plan")),
    organisations=(("private_sector", "web hosting company"), ("private_sector", "payments startup"),
                   ("government", "ministry of justice"), ("government", "police unit"),
                   ("civil_society", "helpline charity"), ("civil_society", "survivor network")))


def _meaning(**changes: float) -> Meaning:
    return Meaning(EXAMPLES, HashingEmbedder().embed, ChatCalibration(**changes))  # type: ignore[arg-type]


def test_the_data_file_has_examples_for_each_job_and_sector() -> None:
    examples = MeaningExamples.load(CORPUS)
    assert {job for job, _ in examples.jobs} == {"ask", "applicable", "plan"}
    assert {s for s, _ in examples.organisations} == {"government", "private_sector", "civil_society"}


def test_an_example_is_nearest_to_its_own_job_and_sector() -> None:
    meaning = _meaning()
    assert meaning.job("draft us a roadmap") == "plan"
    assert meaning.job("which pledges apply to us") == "applicable"
    assert meaning.sector("web hosting company") == "private_sector"
    assert meaning.sector("helpline charity") == "civil_society"


def test_nothing_is_decided_below_the_threshold_or_the_margin() -> None:
    assert _meaning().job("zebra quantum lattice") is None
    assert _meaning().sector("zebra quantum lattice") is None
    assert _meaning(job_similarity=1.01).job("draft us a roadmap") is None
    assert _meaning(sector_margin=2.0).sector("police unit") is None


def test_a_profile_the_cues_cannot_place_gets_its_sector_by_meaning() -> None:
    from assistant.applicable.profile import SectorGuess

    def no_cues(text: str) -> SectorGuess:
        return SectorGuess(None, {})

    vocabulary = ChatVocabulary.load(CORPUS)
    reader = ProfileReader(vocabulary, no_cues, _meaning().sector)
    assert reader.by_meaning("web hosting company") == "private_sector"
    assert reader.described("we're a web hosting company. what do we have to do?") == "a web hosting company"
    assert reader.described("we're worried about grooming") is None  # no kind of organisation
    assert ProfileReader(vocabulary, no_cues).by_meaning("web hosting company") is None  # no embedder


def test_a_malformed_examples_file_says_what_to_fix(tmp_path: Path) -> None:
    from assistant.corpus.files import CHAT_MEANING_FILE

    path = tmp_path / CHAT_MEANING_FILE
    path.parent.mkdir(parents=True)
    path.write_text('[jobs]\nsummon = ["x"]\n[organisations]\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown jobs or sectors"):
        MeaningExamples.load(tmp_path)
