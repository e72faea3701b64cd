"""The assessor's shared word classes (issue 15): a pledge's group that names ``@children``,
``@survivors`` or ``@taking_part`` gets all the class's words, so the children and survivors a
document speaks of in its own words ("teenage users", "adults who experienced abuse as
children") touch every pledge about them; refusals in other words still refuse, and a refusal
that points back ("It has been deferred") refuses what the sentence before it names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import split_document
from assistant.assess.judge import MISSING, PARTIAL, judge, read_units, rivals
from assistant.assess.vocabulary import AssessVocabulary, _expand
from assistant.errors import CorpusError
from assistant.text.normalise import fold
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def vocabulary() -> AssessVocabulary:
    return AssessVocabulary.load(CORPUS)


def _status(vocabulary: AssessVocabulary, text: str, pledge: str) -> str:
    document = split_document(text)
    readings = read_units(document.units, vocabulary, document.title)
    matrix = np.full((len(readings), 1), 0.5, dtype=np.float32)
    concepts = [vocabulary.concepts[pledge]]
    other = rivals(readings, matrix, concepts)
    return judge(readings, matrix[:, 0].tolist(), concepts[0], vocabulary.terms[pledge],
                 AssessCalibration(), other[:, 0].tolist()).status


def test_children_and_survivors_in_other_words_touch_the_pledges(vocabulary: AssessVocabulary) -> None:
    teens = ("# Child safety policy\n\n## Products\nWe may invite teenage users to try out new "
             "features before launch.\n")
    assert _status(vocabulary, teens, "cta.private_sector.1.e") == PARTIAL
    adults = ("# Child safety policy\n\n## Listening\nWe plan to explore ways of hearing from adults "
              "who experienced abuse as children.\n")
    assert _status(vocabulary, adults, "cta.private_sector.1.a") == PARTIAL


def test_content_involving_minors_is_no_taking_part(vocabulary: AssessVocabulary) -> None:
    text = ("# Child safety policy\n\n## Models\nWe block attempts to fine-tune our models on "
            "sexual content involving minors.\n")
    assert _status(vocabulary, text, "cta.private_sector.1.e") == MISSING


def test_refusals_in_other_words(vocabulary: AssessVocabulary) -> None:
    text = ("# Child safety policy\n\n## Products\nThe company does not involve minors in product "
            "research or testing.\n")
    assert _status(vocabulary, text, "cta.private_sector.1.e") == MISSING


def test_an_unknown_class_says_what_to_fix() -> None:
    assert _expand(["a", "@children"], {"children": ["kids", "a"]}, "p") == ["a", "kids"]
    with pytest.raises(CorpusError, match=r"\[classes\] does not define"):
        _expand(["@kids"], {}, "cta.overarching.5")
    assert isinstance(CORPUS, Path)


def test_a_refusal_that_points_back_refuses_what_the_sentence_before_names(
        vocabulary: AssessVocabulary) -> None:
    deferred = ("# National plan\n\n## Prevention\nA prevention programme for people at risk of "
                "offending against children was planned for 2025.\nIt has been deferred to the next "
                "budget cycle.\n")
    assert _status(vocabulary, deferred, "cta.government.2.c") == MISSING
    planned = ("# National plan\n\n## Prevention\nA prevention programme for people at risk of "
               "offending against children will start in 2025.\nThe new school curriculum has been "
               "deferred to the next budget cycle.\n")
    assert _status(vocabulary, planned, "cta.government.2.c") != MISSING


def test_what_a_document_leaves_to_others_is_refused(vocabulary: AssessVocabulary) -> None:
    for sentence in ("This plan does not cover prevention programmes for people at risk of offending.",
                     "Prevention programmes are not covered by the Authority's strategy.",
                     "Our policy does not include campaigns, which sit with government departments.",
                     "Therapy for victims is not within the scope of this strategy."):
        assert vocabulary.refusal_in(fold(sentence)), sentence


def test_a_choice_not_to_act_is_refused(vocabulary: AssessVocabulary) -> None:
    for sentence in ("We have opted not to join the industry coalition this year.",
                     "The company chose not to respond to the regulator's consultation on the draft code.",
                     "We will refrain from sharing hashes with other platforms until the law is clear.",
                     "Our board has elected not to fund helplines in the coming year."):
        assert vocabulary.refusal_in(fold(sentence)), sentence
