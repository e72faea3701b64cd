"""Silence (issue 13): whether a clause addresses the question's own subject, and the first
sentence that says so when none does, or when the text does not settle the question."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import BaseMessage

from assistant.ask.backends.langchain_chat import LangChainBackend
from assistant.ask.silence import Silence
from assistant.core import Assistant
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def silence() -> Silence:
    return Silence.load(CORPUS)


def first_sentence(text: str) -> str:
    return text.split("\n", 1)[0]


@pytest.mark.parametrize(("question", "phrase"), [
    ("Does the Call to Action say anything about end-to-end encryption?", "end-to-end encryption"),
    ("does it mention helplines", "helplines"),
    ("wat does the cta say abt age verification for kids", "age verification"),
    ("what does Gov 3b say?", ""),
    ("does it say anything about grooming done with their own phones", "grooming"),
    ("what about chatbots made with open-source models?", "chatbots"),
])
def test_the_subject_is_the_phrase_after_its_cue(silence: Silence, question: str, phrase: str) -> None:
    assert silence.subject(question).phrase == phrase


def test_one_shared_modifier_does_not_address_a_concept(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("Does the Call to Action say anything about end-to-end encryption?")
    assert answer.status == "answered"
    assert answer.direct is False
    assert first_sentence(answer.text).startswith(
        "The Call to Action does not mention end-to-end encryption, and neither do the frameworks "
        "it refers to (Model National Response, Global Strategic Response, INSPIRE,")
    assert "The closest" in answer.text
    assert answer.to_json()["direct"] is False


def test_a_framework_entry_alone_is_named_after_the_call_to_action(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("Does the Call to Action mention helplines?")
    assert first_sentence(answer.text) == (
        "The Call to Action itself does not mention helplines; *MNR capability 11 (Child Helpline)* does.")
    assert answer.direct is True
    assert answer.citations[0] == "mnr.11"


def test_what_the_text_does_not_settle_is_said_first(real_assistant: Assistant) -> None:
    answer = real_assistant.ask("Is the Call to Action legally binding?")
    assert first_sentence(answer.text) == (
        "The Call to Action does not say whether it is legally binding. What it does say:")
    assert answer.direct is False and answer.status == "answered" and answer.citations


def test_a_mentioned_subject_is_answered_directly(real_assistant: Assistant) -> None:
    answer = real_assistant.ask("what does it say about sextortion")
    assert answer.direct is True
    assert "does not" not in first_sentence(answer.text)
    assert "sextortion" in first_sentence(answer.text)


def test_abstained_and_refused_answers_are_not_direct(fake_assistant: Assistant) -> None:
    assert fake_assistant.ask("what is the best pizza topping in Naples?").direct is False


def test_an_abstention_names_a_subject_asked_about_first(real_assistant: Assistant) -> None:
    answer = real_assistant.ask("is there something about VPNs in it?")
    assert (answer.status, answer.direct, answer.citations) == ("abstained", False, ())
    assert answer.text.startswith("The Call to Action does not mention VPNs, and neither do the "
                                  "frameworks it refers to.\n\nThe Call to Action and the indexed "
                                  "frameworks do not cover")
    plain = real_assistant.ask("what's the capital of France?")  # no subject asked about: as before
    assert plain.text.startswith("The Call to Action and the indexed frameworks do not cover that question")


class Recording(LangChainBackend):
    """A fake model that keeps the messages it was given."""

    def __init__(self, reply: str) -> None:
        super().__init__(FakeListChatModel(responses=[reply]), "fake")
        self.seen: list[str] = []

    def generate(self, messages: Sequence[BaseMessage]) -> str:
        self.seen = [str(m.content) for m in messages]
        return super().generate(messages)


def test_a_model_is_told_before_it_writes_and_the_lead_comes_first(fake_assistant: Assistant) -> None:
    question = "Does the Call to Action say anything about end-to-end encryption?"
    nearest = fake_assistant.ask(question).citations[0]
    backend = Recording(f"The closest is this [{nearest}].")
    assistant = Assistant(fake_assistant.settings, embedder=fake_assistant.embedder,
                          store=fake_assistant.store, backend=backend)
    answer = assistant.ask(question)
    lead = "The Call to Action does not mention end-to-end encryption, and neither do the frameworks"
    assert lead in backend.seen[-1]
    assert answer.direct is False and answer.backend == "fake"
    assert first_sentence(answer.text).startswith(lead)


def test_a_subject_without_a_cue_needs_its_terms_of_art_and_no_false_typo(silence: Silence) -> None:
    from assistant.ask.silence import clause_stems, covers
    from assistant.domain.clauses import Clause
    from assistant.text.spelling import is_english

    assert is_english("bans") and not is_english("vpn")
    inspire = Clause(id="inspire.1", label="INSPIRE strategy 1", text="Laws banning violent punishment",
                     source="INSPIRE")
    payment = Clause(id="cta.private_sector.2.c", label="Private Sector 2(c)",
                     text="payment platforms and banking tech", source="Call to Action")
    vpn = silence.subject("VPN bans for minors?")
    assert not vpn.named
    for clause in (inspire, payment):  # "bans" is a word, not a typo of "banks"; VPNs are named by neither
        assert not covers(vpn, clause_stems(clause), lambda w: "banks" if w == "bans" else None)
    dialogue = silence.subject("intergenerational dialogue")
    talks = Clause(id="cta.government.7.c", label="Government 7(c)", text="dialogue across generations",
                   source="Call to Action")
    assert covers(dialogue, clause_stems(talks), lambda w: None)


@pytest.mark.parametrize(("question", "phrase"), [
    ("is sharenting covered at all? parents posting pics of their kids", "sharenting"),
    ("Are smart speakers mentioned anywhere?", "smart speakers"),
    ("How often are members supposed to tell the Alliance what progress they've made?", "progress"),
])
def test_a_passive_question_asks_about_its_grammatical_subject(silence: Silence, question: str,
                                                                phrase: str) -> None:
    subject = silence.subject(question)
    assert subject.phrase == phrase
    assert subject.named is (phrase != "progress")  # a contraction's remnant ("ve") is no subject


@pytest.mark.parametrize(("question", "phrase"), [
    ("Does it say platforms should switch off recommendation feeds?", "recommendation feeds"),
    ("does it say companies must cooperate with law enforcement?", "law enforcement"),
    ("Does it say anything about how a team should be set up?", "team should be set"),  # the cue first
    ("do we as a social media company have to scan private messages?", "private messages"),  # the asker
    ("Do we, as a bank, need to freeze accounts?", "accounts"),
])
def test_a_duty_asked_about_has_its_object_for_subject(silence: Silence, question: str, phrase: str) -> None:
    subject = silence.subject(question)
    assert (subject.phrase, subject.named) == (phrase, True)


def test_a_quoted_name_no_clause_carries_is_not_mentioned(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("Should platforms stop their 'people you may know' suggestions for children?")
    assert answer.direct is False
    assert first_sentence(answer.text).startswith("The Call to Action does not mention “people you may know”")


def test_a_description_needs_the_term_it_opens_with(silence: Silence) -> None:
    from assistant.ask.silence import clause_stems, covers
    from assistant.domain.clauses import Clause

    subject = silence.subject("Is facial recognition technology for identifying victims in images mentioned?")
    assert subject.opening == ("facial", "recognition", "technology")
    images = Clause(id="mnr.7", label="MNR capability 7",
                    text="technology to identify victims in abuse images held in a database", source="MNR")
    assert not covers(subject, clause_stems(images), lambda w: None)


def test_the_corpus_topic_does_not_hide_another_name_of_a_concept(silence: Silence) -> None:
    readings = silence.readings(silence.subject("anything about blackmailing teenagers for money?"))
    assert "sextortion" in {r.phrase for r in readings}


@pytest.mark.parametrize(("question", "phrase"), [
    ("VPNs - does the text say anything about blocking them?", "blocking vpns"),
    ("loot boxes in games: any pledge to regulate them?", "loot boxes in games"),
    ("Encryption: does it say platforms should break it?", "Encryption"),
])
def test_a_pronoun_points_back_at_the_topic_the_question_opened_on(silence: Silence, question: str,
                                                                    phrase: str) -> None:
    assert silence.subject(question).phrase == phrase
    launched = silence.subject("MNR six domains overview - what's it for and when was it launched")
    assert not launched.named  # "it" the subject of a verb: no pointer back


@pytest.mark.parametrize(("question", "phrase"), [
    ("are phone bans among the prevention steps governments agree to?", "phone bans"),
    ("is age-rating of apps one of the things companies pledge?", "age-rating of apps"),
    ("how do the pledges relate to screen time?", "screen time"),
    ("do compnaies have to scan for grooming in encrypted chats?", "grooming in encrypted chats"),
])
def test_membership_relation_and_duty_questions_name_their_subject(silence: Silence, question: str,
                                                                    phrase: str) -> None:
    assert silence.subject(question).phrase.lower() == phrase.lower()


@pytest.mark.parametrize(("question", "names"), [
    ("is the CTA consistent with the Kids Online Safety Act in the US?", ["“Kids Online Safety Act”"]),
    ("how does it compare with Australia's eSafety Commissioner?", ["“Australia eSafety Commissioner”"]),
    ("What Does The CTA Say About Age Verification?", []),  # Title Case: no names
    ("Does the Abu Dhabi Call to Action mention the Global South?", []),  # the corpus's own; no marker
    ("Does it mention the Council of Europe?", ["“Council of Europe”"]),
])
def test_proper_names_are_asked_about_whole(silence: Silence, question: str, names: list[str]) -> None:
    assert [q.phrase for q in silence.quoted(question)] == names


def test_a_name_needs_all_its_words_and_a_mistyped_frame_word_is_no_subject(silence: Silence) -> None:
    from assistant.ask.silence import clause_stems, covers
    from assistant.domain.clauses import Clause

    (act,) = silence.quoted("is it in line with the Children's Online Privacy Protection Act?")
    clause = Clause(id="cta.government.1.a", label="Government 1(a)", source="Call to Action",
                    text="Strengthen child protection systems for children online, with privacy in mind")
    assert not covers(act, clause_stems(clause), lambda w: None)  # four of five words are not the name
    assert silence.subject("do goverments pledge anything on loot boxes?").words == ("loot", "boxes")
    readings = silence.readings(silence.subject("who is studying how widespread grooming is?"))
    assert "research prevalence grooming" in {r.phrase for r in readings}


def test_a_term_no_dictionary_knows_is_not_found_by_similarity_alone(silence: Silence) -> None:
    from assistant.ask.judging import judge
    from assistant.domain.clauses import Clause, Hit

    clause = Clause(id="mnr.2", label="MNR capability 2", text="research, analysis and monitoring",
                    source="MNR")
    for question, direct in (("How does the CTA compare with the COPPA?", False),
                             ("How does the CTA compare with research funding rules?", True)):
        verdict = judge(silence, question, [Hit(clause, 0.5)], [clause], {"mnr.2": 0.9}, 0.42,
                        lambda w: None, lambda cid: None)
        assert verdict.direct is direct


def test_an_abbreviation_is_read_as_its_full_name(silence: Silence) -> None:
    (name,) = silence.quoted("Does it talk about the UN General Assembly?")
    assert "“united nations general assembly”" in {r.phrase for r in silence.readings(name)}


@pytest.mark.parametrize(("question", "phrase"), [
    ("How can I keep my daughter safe from sextortion?", "sextortion"),
    ("what should a school do to protect its pupils from being groomed?", "groomed"),
    ("how do we stop teens getting scammed by crypto fraudsters", "scammed by crypto fraudsters"),
    ("Must platforms verify every user's age?", "verify every user's age"),
    ("are app stores required to check ages?", "check ages"),
])
def test_the_harm_kept_from_and_the_duty_opened_on_are_the_subject(
        silence: Silence, question: str, phrase: str) -> None:
    assert silence.subject(question).phrase == phrase


def test_examples_given_of_a_subject_are_readings_of_it(silence: Silence) -> None:
    examples = silence.examples("anything on giving poor families money, like cash transfers or savings "
                                "groups?")
    assert [e.phrase for e in examples] == ["cash transfers", "savings groups"]
    assert silence.subject("any mention of support for households, e.g. microfinance?").phrase == \
        "support for households"


def test_a_duty_no_clause_carries_is_said_to_be_set_by_none(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("Must platforms scan private messages?")
    assert answer.direct is False
    assert first_sentence(answer.text).startswith("The Call to Action sets no such duty: it does not mention")


@pytest.mark.parametrize(("question", "phrase"), [
    ("Is there anything about kids with special needs?", "disabilities"),
    ("is it expected that governments ban phones in schools?", "ban phones in schools"),
])
def test_a_name_edged_by_a_frame_word_is_read_whole(silence: Silence, question: str, phrase: str) -> None:
    assert silence.subject(question).phrase == phrase


@pytest.mark.parametrize(("question", "phrase", "named"), [
    ("What's the CTA's take on encryption?", "encryption", True),
    ("Must civil society run helplines?", "run helplines", True),
    ("How does the CTA view end-to-end encryption?", "end-to-end encryption", False),
])
def test_a_view_asked_for_a_topic_phrase_and_a_compound_are_read_whole(
        silence: Silence, question: str, phrase: str, named: bool) -> None:
    subject = silence.subject(question)
    assert (subject.phrase, subject.named) == (phrase, named)
    assert subject.head != "end"  # "end-to-end encryption" is about encryption
