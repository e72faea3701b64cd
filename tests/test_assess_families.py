"""Pledges named in the general words of their families (issue 15), in phrasings of our own: a
payments team's alerts, a safeguarding lead at the design stage, a person checking a model's
alerts, help for people worried about their own thoughts before they offend, data given to
research; and a protection ("excluded from search") is no refusal."""

from __future__ import annotations

import pytest

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import split_document
from assistant.assess.judge import MISSING, judge, read_units
from assistant.assess.vocabulary import AssessVocabulary
from assistant.text.normalise import fold
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def vocabulary() -> AssessVocabulary:
    return AssessVocabulary.load(CORPUS)


def _status(vocabulary: AssessVocabulary, sentence: str, pledge: str) -> str:
    readings = read_units(split_document(f"# Our child safety policy\n\n## Commitments\n{sentence}\n").units,
                          vocabulary)
    return judge(readings, [0.5] * len(readings), vocabulary.concepts[pledge], vocabulary.terms[pledge],
                 AssessCalibration()).status


@pytest.mark.parametrize(("sentence", "pledge"), [
    ("Our payments team raises alerts on card transfers that look like sextortion demands.",
     "cta.private_sector.2.c"),
    ("Before any new feature is designed, our safeguarding lead checks how it could be misused "
     "against children.", "cta.private_sector.1.c"),
    ("Every model alert about possible grooming goes to a human analyst before an account is closed.",
     "cta.private_sector.4.b"),
    ("The Ministry will fund a confidential line for adults worried about their own sexual thoughts "
     "about children, before they offend.", "cta.government.2.c"),
    ("We will contribute anonymised figures on our cases to research led by universities abroad.",
     "cta.overarching.3"),
])
def test_a_pledge_in_its_family_s_words(vocabulary: AssessVocabulary, sentence: str, pledge: str) -> None:
    assert _status(vocabulary, sentence, pledge) != MISSING


def test_a_protection_is_no_refusal(vocabulary: AssessVocabulary) -> None:
    for sentence in ("Accounts of users under 16 are excluded from public search results.",
                     "No new game may launch until the child safety review has signed it off."):
        assert not vocabulary.refusal_in(fold(sentence)), sentence
    assert vocabulary.refusal_in(fold("Age assurance is excluded from the scope of this policy."))
    assert not vocabulary.tentative_in(fold("No new game may proceed past the concept stage without review."))
