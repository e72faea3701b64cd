"""The chat by meaning (assistant/chat/meaning.py): the nearest examples decide a job or a sector
only when close enough and ahead of the rest; tested with the hashing fake embedder."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from assistant.ask.answering import Answer
from assistant.chat.calibration import ChatCalibration
from assistant.chat.followup import FollowUps
from assistant.chat.meaning import Meaning, MeaningExamples
from assistant.chat.profile import ProfileReader
from assistant.chat.requests import Requests
from assistant.chat.router import Router
from assistant.chat.vocabulary import ChatVocabulary
from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import CorpusError
from assistant.search.query import Vocabulary
from assistant.store.protocol import MemoryStore

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
    assert reader.described("we make sure children are safe online") is None  # no product
    assert reader.described("we're worried about grooming") is None  # no kind of organisation
    assert ProfileReader(vocabulary, no_cues).by_meaning("web hosting company") is None  # no embedder


def test_a_malformed_examples_file_says_what_to_fix(tmp_path: Path) -> None:
    from assistant.corpus.files import CHAT_MEANING_FILE

    path = tmp_path / CHAT_MEANING_FILE
    path.parent.mkdir(parents=True)
    path.write_text('[jobs]\nsummon = ["x"]\n[organisations]\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown jobs or sectors"):
        MeaningExamples.load(tmp_path)


# --- what a turn asks for, beyond its cues ---------------------------------------------------

@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("meaning") / "index",
                        embedder="hashing")
    built = Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore())
    built.index()
    return built


@pytest.mark.parametrize(("message", "job", "text"), [
    ("wait, whats the difference between PS 1a and 1f", "ask", None),  # a question after "wait"
    ("govt 2b mentions schools right? what's it say", "show", "cta.government.2.b"),
    ("whats the closing line of it", "show", "cta.closing"),
    ("edtech co - we make a learning app. which parts of the call to action apply", "applicable", None),
    ("is this in the call to action?", "ask", None),  # "action" asks for no plan
    ("Our draft says: 'Governments will establish a national hotline (MNR 12).' Does that hold up?", "check",
     "Governments will establish a national hotline (MNR 12)."),
    ("what's in PS 3?", "show", "cta.private_sector.3"),  # a bare pledge number, nothing else asked
    ("Governments pledged to criminalise sextortion (Gov 3a), correct?", "check",
     "Governments pledged to criminalise sextortion (Gov 3a)"),  # a statement with a tag question
    ("can I see the wording of Government 6(b)?", "show", "cta.government.6.b"),
    ("what exactly does the one about payment platforms say?", "show", "payment platforms"),  # by subject
    ("what does the one about schools mean exactly", "ask", None),  # an explanation, not the text
    ("which CTA pledges are really ours as police", "applicable", None),  # the pledges, then "ours"
    ("do the private sector pledges even apply when kids are not on it?", "applicable", None),
    ("which pledges actually matter for a host like us?", "applicable", None),
    ("Which pledge covers grooming?", "ask", None),  # what a pledge is about
    ("which commitments are most important for children?", "ask", None),  # to no one who asks
])
def test_the_router_reads_requests_by_their_last_sentence(message: str, job: str, text: str | None) -> None:
    route = Router(ChatVocabulary.load(CORPUS)).route(message)
    assert route.job == job, route.reason
    if text is not None:
        assert route.text == text


def test_a_question_pointing_back_is_asked_with_the_earlier_subject() -> None:
    followups = FollowUps(ChatVocabulary.load(CORPUS), Vocabulary.load(CORPUS).sector_cues)
    earlier = "how should children be involved in policymaking?"
    question = followups.resolve("is there an MNR capability on that", earlier)
    assert question.inherited and "MNR capability" in question.text and earlier in question.text
    fresh = followups.resolve("is there an MNR capability on victim support?", earlier)
    assert not fresh.inherited


@pytest.mark.parametrize(("history", "message", "job", "sector"), [
    (["we're a helpline charity in Kenya"], "what is expected from civil society?", "applicable",
     "civil_society"),
    (["we're a helpline charity in Kenya"], "what is expected from governments?", "ask", "civil_society"),
    (["we're a payments company. which pledges apply to us?"],
     "oh wait, I should say we're a registered charity, not a company. does that change it?",
     "applicable", "civil_society"),
    ([], "I'm a policy officer in the ministry of communications.", None, "government"),  # a role in it
    ([], "We're a telco. Actually scratch that, I'm at the telecoms ministry.", "applicable",
     "government"),  # corrected within the message
    ([], "Child rights NGO in Peru. Our plan: 'We run school workshops on online risks.'", None,
     "civil_society"),  # the first description in a message wins
    (["we're a helpline charity in Kenya"], "those are government pledges tho, what's there for us",
     None, "civil_society"),  # "those are government pledges" describes no one
    (["I'm with an interfaith council for children's rights.",
      "Which pledges apply to an organisation like ours?"],
     "assess our policy: 'Our team reports to the Chief Operating Officer and reviews reports daily.'",
     "assess", "civil_society"),  # "assess our policy" names no organisation, "like ours" is the one before
    (["I'm with an interfaith council for children's rights."], "draft an outline plan for the council",
     "plan", "civil_society"),  # the organisation named again, not a local council
    (["Good morning. I coordinate a children's helpline in Manila."],
     "What do civil society members commit to under this document?", "applicable", "civil_society"),
])
def test_a_turn_is_read_for_the_organisation(assistant: Assistant, history: list[str], message: str,
                                             job: str | None, sector: str) -> None:
    conversation = assistant.conversation
    understood = conversation.understand(message, conversation.read(history))
    if job is not None:
        assert understood.route.job == job, understood.route.reason
    profile = conversation.profile(understood.reading.profile)
    assert profile is not None and profile.sector == sector


def test_a_bare_short_description_is_the_organisation(assistant: Assistant) -> None:
    conversation = assistant.conversation
    understood = conversation.understand("payments startup, 30 staff, nairobi", conversation.read([]))
    assert understood.route.job == "applicable" and understood.reading.profile == "payments startup"
    claim = conversation.understand("Governments pledge to ratify the Lanzarote Convention (Gov 1(b)).",
                                    conversation.read([]))
    assert claim.route.job == "check" and claim.reading.profile is None  # a claim, not a description


def test_a_bare_clause_number_is_the_organisations_own_sector() -> None:
    from assistant.chat.requests import numbered

    known = {"cta.civil_society.1.b", "cta.government.3.d", "cta.private_sector.1.a"}
    assert numbered("how would we even do 1b, with no tech partners?", "civil_society", known) == \
        "how would we even do Civil society 1(b), with no tech partners?"
    assert numbered("3d printing of toys", "government", known) == "3d printing of toys"  # a word
    assert numbered("PS 1a and its twin", "private_sector", known) == "PS 1a and its twin"  # a reference
    assert numbered("what about 2c?", "civil_society", known) == "what about 2c?"  # no such clause


def test_a_bare_clause_number_follows_the_pledge_named_before(assistant: Assistant) -> None:
    conversation = assistant.conversation
    prepared = conversation.prepare("and 5c", ["Tell me about Gov 5", "what does 5b say?"])
    assert "Government 5(c)" in conversation.ask_args(prepared)[0]


def test_a_question_about_a_clause_just_shown_is_about_that_clause(assistant: Assistant) -> None:
    conversation = assistant.conversation
    prepared = conversation.prepare("what does it mean for a bank like us?", ["PS 2(c)"])
    assert prepared.job == "ask"  # not the pledges that apply: "it" is the clause shown
    assert "PS 2(c)" in conversation.ask_args(prepared)[0]


def test_a_clause_asked_for_by_subject_or_bare_number_is_shown(assistant: Assistant) -> None:
    conversation = assistant.conversation
    history = ["we're the ministry of justice"]
    prepared = conversation.prepare("what does tech-neutral mean there - show me 3d", history)
    assert (prepared.job, prepared.understood.route.text) == ("show", "cta.government.3.d")
    vocabulary = ChatVocabulary.load(CORPUS)
    ids = ("mnr.17", "cta.private_sector.2.c")
    found = SimpleNamespace(hits=[SimpleNamespace(clause=SimpleNamespace(id=i)) for i in ids])
    requests = Requests(vocabulary, conversation.followups, {}, lambda _: None,
                        lambda q, s: cast(Answer, found))
    route = Router(vocabulary).route("what exactly does the one about payment platforms say?")
    assert requests.resolved(route, "", None).text == "cta.private_sector.2.c"  # the first pledge found
    nothing = Requests(vocabulary, conversation.followups, {}, lambda _: None,
                       lambda q, s: cast(Answer, SimpleNamespace(hits=[])))
    assert nothing.resolved(route, "what exactly ...", None).job == "ask"  # none found: a question
