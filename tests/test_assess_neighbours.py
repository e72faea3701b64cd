"""The assessor's meaning-level tests between pledges (issue 15): a sentence is evidence for the
pledge it fits best among those whose concepts it carries, a refusal refuses the pledge it fits
best, a participation pledge needs the taking part, a limit is no refusal, and a document about
other things lends its words to no pledge outside its child-protection sections."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import split_document
from assistant.assess.judge import COVERED, MISSING, PARTIAL, judge, read_units, rivals
from assistant.assess.vocabulary import AssessVocabulary
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def vocabulary() -> AssessVocabulary:
    return AssessVocabulary.load(CORPUS)


def _judge_all(vocabulary: AssessVocabulary, text: str, similarity: dict[str, float],
               title: str = "", domain_sections: float = 0.0) -> dict[str, str]:
    """Each named pledge's status, every sentence given the pledge's similarity."""
    document = split_document(text)
    readings = read_units(document.units, vocabulary, title or document.title, domain_sections)
    pledges = list(similarity)
    matrix = np.array([[similarity[p] for p in pledges] for _ in readings], dtype=np.float32)
    concepts = [vocabulary.concepts[p] for p in pledges]
    best_other = rivals(readings, matrix, concepts)
    return {p: judge(readings, matrix[:, n].tolist(), concepts[n], vocabulary.terms[p],
                     AssessCalibration(), best_other[:, n].tolist()).status
            for n, p in enumerate(pledges)}


REPORTING = "# Our strategy for children\n\n## Reporting\nWe will report our progress to the " \
            "WeProtect Global Alliance and to researchers every two years.\n"


def test_a_sentence_is_evidence_for_the_pledge_it_fits_best(vocabulary: AssessVocabulary) -> None:
    near = _judge_all(vocabulary, REPORTING, {"cta.overarching.4": 0.7, "cta.overarching.3": 0.68})
    assert near["cta.overarching.4"] == COVERED and near["cta.overarching.3"] != MISSING  # close: both
    far = _judge_all(vocabulary, REPORTING, {"cta.overarching.4": 0.7, "cta.overarching.3": 0.4})
    assert far == {"cta.overarching.4": COVERED, "cta.overarching.3": MISSING}


def test_a_refusal_refuses_the_pledge_it_fits_best(vocabulary: AssessVocabulary) -> None:
    text = ("# Plan\n\n## International\nIn 2024 the Cabinet considered accession to the Council of "
            "Europe Lanzarote Convention and decided not to pursue accession at this time.\n"
            "The police will cooperate with the police of neighbouring states on crimes against children.\n")
    statuses = _judge_all(vocabulary, text, {"cta.government.1.b": 0.5, "cta.government.1.a": 0.15})
    assert statuses["cta.government.1.b"] == MISSING
    assert statuses["cta.government.1.a"] != MISSING  # not refused by its neighbour's refusal


def test_a_limit_is_no_refusal(vocabulary: AssessVocabulary) -> None:
    text = ("# Plan\n\n## Services\nThe Ministry of Health will fund trauma therapy for child victims "
            "in every province.\nWaiting times for a first therapy appointment will not exceed four weeks.\n")
    assert _judge_all(vocabulary, text, {"cta.government.6.b": 0.5})["cta.government.6.b"] == COVERED


def test_participation_needs_the_taking_part(vocabulary: AssessVocabulary) -> None:
    about = "# Policy\n\n## Principles\nWe do not tolerate the use of our services to exploit children.\n"
    assert _judge_all(vocabulary, about, {"cta.overarching.5": 0.5})["cta.overarching.5"] == MISSING
    taking_part = ("# Policy\n\n## Voices\nA youth panel of children is consulted on every new "
                   "policy before it is adopted.\n")
    assert _judge_all(vocabulary, taking_part, {"cta.overarching.5": 0.5})["cta.overarching.5"] == PARTIAL
    both = ("# Policy\n\n## Voices\nA youth panel of children and a survivors' reference group are "
            "consulted on every new policy before it is adopted.\n")  # the pledge asks for both
    assert _judge_all(vocabulary, both, {"cta.overarching.5": 0.5})["cta.overarching.5"] == COVERED


DIGITAL = """# Digital Nation 2030

## Connectivity
The Ministry will build broadband in every district.

## Skills
Every adult will be offered a free digital skills course.

## Governance
The Ministry will take part in international telecoms meetings to exchange best practices.

## Child online protection
The police will keep working with the police of neighbouring states on crimes against children.
"""


def test_a_document_about_other_things_lends_no_words(vocabulary: AssessVocabulary) -> None:
    pledge = {"cta.government.1.c": 0.5}
    assert _judge_all(vocabulary, DIGITAL, pledge, domain_sections=0.5)["cta.government.1.c"] == MISSING
    # a child-safety document (its title says so) may speak of its work in plain words
    titled = DIGITAL.replace("# Digital Nation 2030", "# Child Online Protection Plan 2030")
    assert _judge_all(vocabulary, titled, pledge, domain_sections=0.5)["cta.government.1.c"] == COVERED


def test_a_refusal_of_the_neighbour_beside_a_commitment_refuses_only_the_neighbour(
        vocabulary: AssessVocabulary) -> None:
    text = ("# Plan for children\n\n## International reporting\nThe Ministry will submit national data "
            "to each Global Threat Assessment.\nThe Ministry has decided not to submit separate "
            "biennial progress reports to the Alliance or to researchers.\n")
    fits_four = _judge_all(vocabulary, text, {"cta.overarching.3": 0.55, "cta.overarching.4": 0.6})
    assert fits_four["cta.overarching.4"] == MISSING and fits_four["cta.overarching.3"] != MISSING
    fits_three = _judge_all(vocabulary, text, {"cta.overarching.3": 0.6, "cta.overarching.4": 0.55})
    # a refusal fitting it best refuses the part it names (progress reports to researchers); beside a
    # commitment to its other part (data for each Global Threat Assessment) the pledge is partial
    assert fits_three["cta.overarching.3"] == PARTIAL


def test_the_core_alone_is_part_of_a_pledge_when_as_a_question_it_is_the_nearest(
        vocabulary: AssessVocabulary) -> None:
    document = split_document("# Plan for children\n\n## Partners\nTechnology companies sit on the Board.\n")
    readings = read_units(document.units, vocabulary, document.title)
    pledge = "cta.government.7.b"
    concepts, terms = vocabulary.concepts[pledge], vocabulary.terms[pledge]
    assert concepts.found(readings[0].sentence) == (True, 1)  # its core, nothing more

    def status(picked: float) -> str:
        return judge(readings, [-1.0], concepts, terms, AssessCalibration(), [-1.0], [picked]).status

    assert status(-1.0) == MISSING  # another pledge is its nearest, or it was not read so
    assert status(AssessCalibration().picked_similarity + 0.1) == PARTIAL
    assert status(AssessCalibration().picked_similarity - 0.1) == MISSING


def test_a_progress_report_is_no_contribution_to_knowledge_gathering(vocabulary: AssessVocabulary) -> None:
    text = "# Plan for children\n\n## Monitoring\nThe Council will publish an annual progress report.\n"
    assert _judge_all(vocabulary, text, {"cta.overarching.3": 0.5})["cta.overarching.3"] == MISSING


def test_a_descriptive_may_is_no_hedge(vocabulary: AssessVocabulary) -> None:
    assert vocabulary.tentative_in("we show a help-line link when a child may be at risk.") == ""
    assert vocabulary.tentative_in("we may share lessons with other studios.") == "may"


def test_adults_harmed_as_children_are_survivors_not_children(vocabulary: AssessVocabulary) -> None:
    text = ("# Plan for children\n\n## Voices\nA reference group of adults who were harmed as children "
            "advises the Ministry on every new law.\n")
    statuses = _judge_all(vocabulary, text, {"cta.government.5.b": 0.5, "cta.government.5.c": 0.5})
    assert statuses == {"cta.government.5.b": MISSING, "cta.government.5.c": COVERED}


def test_lived_experience_of_another_subject_is_no_survivor(vocabulary: AssessVocabulary) -> None:
    text = ("# Plan for children\n\n## Voices\nOur consumer panel includes people with lived experience "
            "of online fraud, who test our complaints process.\n")
    assert _judge_all(vocabulary, text, {"cta.government.5.c": 0.5})["cta.government.5.c"] == MISSING
