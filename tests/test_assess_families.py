"""Pledges named in the general words of their families (issue 15), in phrasings of our own: a
payments team's alerts, a safeguarding lead at the design stage, a person checking a model's
alerts, help for people worried about their own thoughts before they offend, data given to
research; and a protection ("excluded from search") is no refusal."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.assess.calibration import AssessCalibration
from assistant.assess.document import split_document
from assistant.assess.judge import COVERED, MISSING, PARTIAL, judge, owned, read_units, rivals
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


def _statuses(vocabulary: AssessVocabulary, text: str, pledges: list[str]) -> dict[str, str]:
    readings = read_units(split_document(text).units, vocabulary)
    matrix = np.full((len(readings), len(pledges)), 0.5, dtype=np.float32)
    concepts = [vocabulary.concepts[p] for p in pledges]
    best, own = rivals(readings, matrix, concepts), owned(readings, concepts)
    return {p: judge(readings, matrix[:, n].tolist(), concepts[n], vocabulary.terms[p], AssessCalibration(),
                     best[:, n].tolist(), None, own[:, n].tolist()).status for n, p in enumerate(pledges)}


@pytest.mark.parametrize("refusal", [
    "The Ministry looked at joining the Council of Europe Convention on the Protection of Children against "
    "Sexual Exploitation and has decided against it for now.",
    "Signing the Council of Europe Convention on the Protection of Children against Sexual Exploitation "
    "has been postponed until after the election.",
    "Ratifying the Lanzarote Convention on the protection of children has been deferred to the next plan.",
])
def test_a_refusal_naming_an_instrument_refuses_only_its_pledge(vocabulary: AssessVocabulary,
                                                                 refusal: str) -> None:
    text = (f"# National plan for children\n\n## International\n{refusal}\n"
            "We will lead a regional network of ministries to share what works worldwide.\n\n## Voices\n"
            "A children's council will advise the Ministry on every new policy in this plan.\n")
    statuses = _statuses(vocabulary, text, ["cta.government.1.b", "cta.overarching.1", "cta.government.5.b"])
    assert statuses["cta.government.1.b"] == MISSING
    assert statuses["cta.overarching.1"] != MISSING and statuses["cta.government.5.b"] != MISSING


@pytest.mark.parametrize(("text", "pledge", "status"), [
    ("A survivors' advisory group planned for this year has been postponed.\n"
     "We will explore a youth panel to comment on our policies.\n", "cta.overarching.5", PARTIAL),
    ("We have decided not to involve adult survivors in designing our services.\n"
     "Children on our youth council review every campaign we run.\n", "cta.overarching.5", PARTIAL),
    ("The bank does not intend to consult survivors on its products.\n"
     "We fund a charity's helpline for victims and work with it.\n", "cta.private_sector.1.a", MISSING),
    ("The Regulators' Council brings together regulators, platforms and app stores.\n\n## Removal\n"
     "Deadlines for platforms to remove abuse material were discussed.\n"
     "They have been postponed to the next review.\n", "cta.government.3.e", MISSING),
])
def test_a_refusal_of_one_part_beside_another_part_is_partial(vocabulary: AssessVocabulary, text: str,
                                                               pledge: str, status: str) -> None:
    assert _statuses(vocabulary, f"# Our plan for children\n\n## Work\n{text}", [pledge])[pledge] == status


@pytest.mark.parametrize(("text", "pledge", "status"), [
    ("We do not involve anyone under 18 in testing our products.\n"
     "Teen accounts are private by default and hidden from search.\n", "cta.private_sector.1.b", COVERED),
    ("We will not launch any product for people under 18.\n", "cta.private_sector.1.b", MISSING),
    ("Children will not be asked to take part in shaping our policies.\n"
     "The Ministry will learn from survivors when it reviews each policy.\n", "cta.overarching.5", PARTIAL),
])
def test_a_refusal_of_children_taking_part_is_not_one_of_products_for_them(
        vocabulary: AssessVocabulary, text: str, pledge: str, status: str) -> None:
    pledges = [pledge, "cta.private_sector.1.e", "cta.government.5.c"]
    assert _statuses(vocabulary, f"# Our plan for children\n\n## Work\n{text}", pledges)[pledge] == status


@pytest.mark.parametrize("sentence", [
    "As a member of the WeProtect Global Alliance, we will report our progress every two years.",
    "Our membership of the Alliance means we send it an update on our commitments each second year.",
    "We are a member of the WeProtect Global Alliance and of the national child safety partnership.",
])
def test_membership_alone_is_no_global_response(vocabulary: AssessVocabulary, sentence: str) -> None:
    assert _status(vocabulary, sentence, "cta.overarching.1") == MISSING


@pytest.mark.parametrize(("sentence", "pledge"), [
    ("Our new rules are written in terms of outcomes, not specific tools, so the law works whatever "
     "devices children use.", "cta.government.3.d"),
    ("Each quarter the regulator's staff will hold briefings with the biggest platforms on the new "
     "methods offenders use against children.", "cta.government.7.b"),
    ("The Ministry will work with other national bodies on a joined-up response to abuse of children.",
     "cta.government.7.a"),
    ("Religious leaders and elders will join community sessions with young people on keeping children safe.",
     "cta.government.7.c"),
    ("Our public communications will explain how common sexual exploitation of children online is.",
     "cta.government.2.a"),
    ("The Ministry will help improve the wider child protection system, from social work to the courts.",
     "cta.government.6.a"),
    ("A review of how the child protection system handles online abuse will start next year.",
     "cta.government.6.a"),
])
def test_government_pledges_in_their_families_words(vocabulary: AssessVocabulary, sentence: str,
                                                     pledge: str) -> None:
    assert _status(vocabulary, sentence, pledge) != MISSING
