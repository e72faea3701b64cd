"""The organisation a user names as they introduce themselves (assistant/chat/opening.py) or
that is no organisation at all (a person in a private capacity)."""

from __future__ import annotations

import pytest

from assistant.chat.profile import ProfileReader
from assistant.chat.vocabulary import ChatVocabulary
from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder
from assistant.store.protocol import MemoryStore

from .conftest import CORPUS

VOCABULARY = ChatVocabulary.load(CORPUS)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> ProfileReader:
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("openings") / "index",
                        embedder="hashing")
    built = Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore())
    return ProfileReader(VOCABULARY, built.applicability.classifier.classify)


def test_a_role_of_several_words_names_where_the_user_works(reader: ProfileReader) -> None:
    assert reader.described("safeguarding and compliance officer at a fintech startup. which pledge is "
                            "about payments?") == "a fintech startup"
    assert reader.described("Head of policy and partnerships at a children's charity. what do we pledge "
                            "on research?") == "a children's charity"
    assert reader.described("Policy & advocacy lead at a telecoms regulator - which pledges are ours?") == \
        "a telecoms regulator"  # the question in the same sentence


def test_a_first_sentence_that_is_only_a_name_introduces_the_user(reader: ProfileReader) -> None:
    assert reader.described("National police agency. Anything on image databases?") == \
        "National police agency"
    assert reader.described("Data protection authority! which pledge covers data?") == \
        "Data protection authority"
    assert reader.described("Tech companies. what must they do?") is None  # a sector's members: a subject
    assert reader.described("Encryption. what does it say?") is None


def test_an_adverb_may_come_between_the_user_and_the_verb(reader: ProfileReader) -> None:
    assert reader.described("I also advise a telecom operator. what applies to them?", "applicable") == \
        "a telecom operator"
    assert reader.described("We currently run a helpline for children. which pledges apply?",
                            "applicable") == "a helpline for children"


def test_a_person_in_a_private_capacity_is_no_organisation(reader: ProfileReader) -> None:
    assert reader.described("I'm just a parent, not an organisation. anything on parental controls?") is None
    assert reader.described("I'm a worried grandmother. what does it say about grooming?") is None
    assert reader.described("we're a parents' association. which pledges apply?", "applicable") == \
        "a parents' association"


def test_no_organisation_from_a_quoted_draft_a_role_alone_or_a_bare_name(reader: ProfileReader) -> None:
    assert reader.described("our comms team wrote 'Governments must ban encryption (Gov 3b)'. is that "
                            "legit?") is None
    assert reader.described("I'm a paralegal. what does it say about access to justice?") is None
    assert reader.described("what would a roadmap look like for our org?", "plan", "a bank") is None
    assert reader.described("actually we're the ministry", "ask", "a bank") == "the ministry"


def test_the_name_ends_where_the_user_goes_on_to_say_what_they_want(reader: ProfileReader) -> None:
    assert reader.described("me and my colleagues at the national police unit want to know what applies",
                            "applicable") == "the national police unit"
    assert reader.described("we at the data protection authority want a plan", "plan") == \
        "the data protection authority"
    assert reader.described("we are a bank that has branches in Kenya. which pledges apply?",
                            "applicable") == "a bank that has branches in Kenya"


def test_a_greeting_from_the_organisation_names_it(reader: ProfileReader) -> None:
    assert reader.described("Greetings from the Ministry of Women and Child Affairs, Malawi. Which pledges "
                            "are relevant to us?", "applicable") == "the Ministry of Women and Child Affairs"
    assert reader.described("Hello from the national child helpline! what does it say about helplines?") == \
        "the national child helpline"
    assert reader.described("The private sector. what do they do?") is None
    assert reader.described("from what I read, governments must legislate. which pledge says that?") is None
    assert reader.described("just curious, I'm a journalist. does it mention livestreaming?") is None
