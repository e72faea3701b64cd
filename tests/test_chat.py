"""The chat (assistant/chat): routing, the organisation, follow-ups, turns; its command and its UI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.chat.followup import FollowUps
from assistant.chat.meaning import Meaning, MeaningExamples
from assistant.chat.profile import ProfileReader
from assistant.chat.router import Router
from assistant.chat.vocabulary import ChatVocabulary
from assistant.cli import cli
from assistant.config import Settings
from assistant.core import Assistant
from assistant.embed.protocol import HashingEmbedder
from assistant.errors import BadInput
from assistant.search.query import Vocabulary
from assistant.store.protocol import MemoryStore
from assistant.ui import chat_view

from .conftest import CORPUS

VOCABULARY = ChatVocabulary.load(CORPUS)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The hashing embedder over a memory store, built once for this module."""
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("chat") / "index",
                        embedder="hashing")
    built = Assistant(settings, embedder=HashingEmbedder(), store=MemoryStore())
    built.index()
    return built


# --- router ------------------------------------------------------------------------------

@pytest.mark.parametrize(("message", "job", "text"), [
    ("We are a video-sharing app popular with teens. Which pledges apply to us?", "applicable", None),
    ("Which pledges apply to a cloud storage provider?", "applicable", None),
    ("draft us a plan", "plan", None),
    ("can u make an action plan for our ngo", "plan", None),
    ("is this citation right: Companies must verify the age of every user (PS 1(b))", "check",
     "Companies must verify the age of every user (PS 1(b))"),
    ("Governments pledge to criminalise AI-generated abuse (Gov 3b).", "check", None),
    ("We will report every case. Governments pledge to criminalise sextortion (Gov 3b).", "check", None),
    ("show me Gov 3b", "show", "cta.government.3.b"),
    ("PS 1(b)?", "show", "cta.private_sector.1.b"),
    ("what does Gov 3b say?", "show", "cta.government.3.b"),
    ("what does Gov 3b say about sextortion?", "ask", None),
    ("How does our policy measure up against the pledges?", "assess", None),
    ("and what about end-to-end encryption?", "ask", None),
    ("What must payment providers do?", "ask", None),
    ("what should we be doing?", "applicable", None),  # of one's own organisation, any tense
    ("ok so what are we supposed to do now", "applicable", None),
    ("what should we be doing about sextortion?", "ask", None),  # a subject of its own
    ("what can i do to protect my kid", "ask", None),
])
def test_the_router_reads_the_job_a_message_asks_for(message: str, job: str, text: str | None) -> None:
    route = Router(VOCABULARY).route(message)
    assert route.job == job, route.reason
    if text is not None:
        assert route.text == text


def test_the_router_uses_the_nearest_examples_only_above_its_threshold() -> None:
    meaning = Meaning(MeaningExamples.load(CORPUS), HashingEmbedder().embed)
    examples = [e for job, e in meaning.examples.jobs if job == "plan" and len(e.split()) > 3]
    router = Router(VOCABULARY, meaning)
    assert router.route(examples[1]).job == "plan"  # an example is nearest to itself
    assert router.route("grooming on social media in schools").job == "ask"


# --- follow-ups --------------------------------------------------------------------------

def _followups() -> FollowUps:
    return FollowUps(VOCABULARY, Vocabulary.load(CORPUS).sector_cues)


def test_a_follow_up_keeps_the_subject_it_brings() -> None:
    question = _followups().resolve("and what about end-to-end encryption?", "Which pledges apply to us?")
    assert question.text == "What does the Call to Action say about end-to-end encryption?"
    assert not question.inherited


def test_a_follow_up_without_a_subject_inherits_the_earlier_one() -> None:
    earlier = "What does the Call to Action say about sextortion?"
    followups = _followups()
    question = followups.resolve("and for companies?", earlier)
    assert (question.text, question.subject, question.inherited) == (f"{earlier} companies?", earlier, True)
    assert followups.sector(question.rest) == "private_sector"
    assert followups.resolve("tell me more", earlier).subject == earlier


def test_a_new_question_starts_afresh() -> None:
    question = _followups().resolve("What do NGOs pledge on research?", "What about encryption?")
    assert (question.text, question.inherited) == ("What do NGOs pledge on research?", False)


# --- the organisation --------------------------------------------------------------------

def test_the_profile_is_read_from_what_the_user_says(assistant: Assistant) -> None:
    reader = ProfileReader(VOCABULARY, assistant.applicability.classifier.classify)
    assert reader.described("Hi! We're a helpline charity in Kenya. What should we do?") == \
        "a helpline charity in Kenya"
    assert reader.described("As a ministry of education, what should we do?") == "a ministry of education"
    assert reader.described("Which pledges apply to a cloud storage provider?", "applicable") == \
        "a cloud storage provider"
    assert reader.described("Which pledges apply to us?", "applicable") is None
    assert reader.described("what pledges apply to my company?", "applicable") is None
    assert reader.about_something_else("Which pledges apply to livestreaming?")
    assert reader.described("we are worried about grooming") is None
    assert reader.described("We are worried about what companies do with our kids' data") is None
    assert reader.described("I'm writing a report on what governments pledged") is None
    assert reader.described("our org is a youth sports charity") == "a youth sports charity"
    assert reader.described("no, sorry, I meant the ministry of the interior") == \
        "the ministry of the interior"
    # where the user works, after their function, a role or in the organisation's own name
    assert reader.described("hi, I'm in compliance at a mid-size payments firm in Lisbon. which bits are "
                            "relevant for us?", "applicable") == "a mid-size payments firm in Lisbon"
    assert reader.described("I run safeguarding for a charity of 40 schools. What does it say on teaching?") \
        == "a charity of 40 schools"
    assert reader.described("Analyst in a police cybercrime unit (UK). Is there anything on hashing?") == \
        "a police cybercrime unit (UK)"
    assert reader.described("Ministry of Gender and Social Protection, Ghana. Which pledges are about "
                            "services?") == "Ministry of Gender and Social Protection"
    assert reader.described("small VR social app startup, Helsinki, ~20 staff. which pledges matter for us",
                            "applicable") == "small VR social app startup"
    assert reader.described("actually we're the national communications authority, not an ISP.") == \
        "the national communications authority"
    assert reader.described("we're a charity rather than a company") == "a charity"
    assert reader.described("we're a not for profit helpline") == "a not for profit helpline"
    assert reader.described("We're looking at what the ministry does") is None
    assert reader.described("I'm calling for governments to act") is None
    assert reader.described("we host websites for small businesses") == "websites for small businesses"
    assert reader.latest([("we're a helpline charity in Kenya", "applicable"),
                          ("what about research?", "ask"),
                          ("actually we're the ministry", "applicable")]) == "the ministry"


# --- turns -------------------------------------------------------------------------------

ISSUE = ["We are a video-sharing app popular with teens. Which pledges apply to us?",
         "and what about end-to-end encryption?", "draft us a plan",
         "is this citation right: Companies must verify the age of every user (PS 1(b))"]


def test_the_issues_conversation(assistant: Assistant) -> None:
    turns = [assistant.chat(message, ISSUE[:n]) for n, message in enumerate(ISSUE)]
    assert [t.job for t in turns] == ["applicable", "ask", "plan", "check"]
    assert [t.turn for t in turns] == [1, 2, 3, 4]
    profile = {"text": "a video-sharing app popular with teens", "sector": "private_sector"}
    assert all(t.to_json()["profile"] == profile for t in turns)
    assert turns[0].result is not None and turns[0].result["sector"] == "private_sector"
    assert turns[2].result is not None and turns[2].result["title"]
    assert turns[3].result is not None
    assert [r["status"] for r in turns[3].result["results"]] == ["unsupported"]
    assert "cta.private_sector.1.b" in turns[3].citations


def test_a_plan_without_an_organisation_asks_for_one(assistant: Assistant) -> None:
    turn = assistant.chat("draft us a plan")
    assert (turn.job, turn.status, turn.profile, turn.result) == ("plan", "abstained", None, None)
    assert "one sentence" in turn.answer


def test_a_correction_replaces_the_organisation(assistant: Assistant) -> None:
    history = ["we're a helpline charity in Kenya", "what should we do about research?"]
    turn = assistant.chat("actually we're the ministry", history)
    assert turn.profile is not None
    assert (turn.profile.text, turn.profile.sector) == ("the ministry", "government")
    assert assistant.chat("which pledges apply?", [*history, "actually we're the ministry"]).result == \
        assistant.applicability.assess("the ministry").to_json()
    # what it is not is no part of it, nor a sector the question names
    contrasted = "sorry, we're the communications authority, not the ISP. what does it ask governments to do?"
    understood = assistant.conversation.prepare(contrasted, ["ISP here. which pledges apply?"]).understood
    assert (understood.reading.profile, understood.sector_named) == \
        ("the communications authority", "government")
    corrected = assistant.chat("we're a nonprofit, not a company. does that change it?", history)
    assert corrected.job == "applicable"


def test_an_assessment_in_the_chat_judges_the_pasted_policy(assistant: Assistant) -> None:
    history = ["We are the ministry of justice."]
    policy = ("How does our policy measure up?\n\n## Legislation\n"
              "We will introduce new offences for computer-generated sexual images of children.")
    turn = assistant.chat(policy, history)
    assert (turn.job, turn.status) == ("assess", "answered")
    assert turn.result is not None and turn.result["sector"] == "government"
    # the offline fake embedder decides the verdicts: only their shape is asserted
    judged = {p["id"]: p["status"] for p in turn.result["pledges"]}
    assert "cta.government.3.b" in judged and set(judged.values()) <= {"covered", "partial", "missing"}
    assert set(turn.citations) == {i for i, status in judged.items() if status != "missing"}
    assert turn.answer.startswith("**Assessment:**") and "Government 3(b)" in turn.answer


def test_an_excerpt_is_judged_for_the_organisation_whatever_sector_it_names(assistant: Assistant) -> None:
    history = ["We're a survivor-led charity."]
    turn = assistant.chat("assess this: 'Survivors co-deliver training to technology companies on the "
                          "long-term effects of online abuse.'", history)
    assert (turn.job, turn.status) == ("assess", "answered"), turn.answer
    assert turn.result is not None and turn.result["sector"] == "civil_society"


def test_a_bare_capability_is_the_mnrs_and_a_clerk_works_where_they_serve(assistant: Assistant) -> None:
    assert assistant.chat("can you pull up capability 16").citations == ("mnr.16",)
    turn = assistant.chat("I'm clerk to parliament's committee on children. What should we do?")
    assert turn.profile is not None and turn.profile.sector == "government"


def test_a_request_for_pledges_on_a_subject_or_on_what_was_said_is_a_question(assistant: Assistant) -> None:
    for message in ("We're a regulator and we license broadcasters. Which of our commitments fits that?",
                    "We're a survivor-led charity. Is there a commitment that applies to all members about "
                    "involving survivors?"):
        assert assistant.chat(message).job == "ask"
    assert assistant.chat("We're a helpline charity focused on survivors. Which pledges apply to us?").job \
        == "applicable"


def test_what_another_sector_owes_us_is_asked_of_the_organisation(assistant: Assistant) -> None:
    history = ["We're a national police cybercrime unit."]
    prepared = assistant.conversation.prepare("what do tech companies owe us?", history)
    question, sector, _ = assistant.conversation.ask_args(prepared)
    assert sector == "private_sector" and "owe a national police cybercrime unit" in question
    prepared = assistant.conversation.prepare("what should we tell tech companies? let us know", history)
    assert "let us know" in assistant.conversation.ask_args(prepared)[0]


def test_an_assessment_with_no_document_asks_for_it(assistant: Assistant) -> None:
    turn = assistant.chat("How does our policy measure up?")
    assert (turn.job, turn.status, turn.result) == ("assess", "abstained", None)
    assert turn.answer.startswith("Paste the text of your plan or policy")


def test_show_and_an_unknown_clause(assistant: Assistant) -> None:
    shown = assistant.chat("show me Gov 3b")
    assert (shown.job, shown.citations) == ("show", ("cta.government.3.b",))
    assert shown.result == assistant.show("cta.government.3.b").to_json()
    missing = assistant.chat("show me Gov 3z")
    assert (missing.job, missing.status, missing.citations) == ("show", "abstained", ())


def test_a_harmful_request_is_refused_whatever_its_job(assistant: Assistant) -> None:
    turn = assistant.chat("draft us a plan to find child abuse material online")
    assert (turn.job, turn.status) == ("ask", "refused")


def test_an_empty_message_is_bad_input(assistant: Assistant) -> None:
    with pytest.raises(BadInput, match="The message is empty"):
        assistant.chat("   ")


# --- the command -------------------------------------------------------------------------

def _run(assistant: Assistant, stdin: bytes, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["chat", *args], obj=assistant, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_chat_json_one_object_per_turn(assistant: Assistant) -> None:
    code, out, err = _run(assistant, b"Which pledges apply to a cloud storage provider?\n\nshow me PS 1(b)\n",
                          "--json")
    assert (code, err) == (0, "")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(t["turn"], t["job"]) for t in lines] == [(1, "applicable"), (2, "show")]
    assert lines[0]["profile"] == {"text": "a cloud storage provider", "sector": "private_sector"}
    assert lines[0]["result"]["sector"] == "private_sector"
    assert lines[1]["citations"] == ["cta.private_sector.1.b"]
    assert lines[1]["profile"] == lines[0]["profile"]


def test_chat_without_json_prints_each_answer(assistant: Assistant) -> None:
    code, out, err = _run(assistant, b"show me PS 1(b)\n")
    assert (code, err) == (0, "")
    assert out == ("**Private sector 1(b)** `cta.private_sector.1.b`\n\nAim to build age-appropriate "
                   "and safe digital services for children.\n\n— "
                   f"{assistant.show('cta.private_sector.1.b').source}\n\n")


def test_chat_errors_are_sentences(assistant: Assistant) -> None:
    assert _run(assistant, b"", "--json") == (
        2, "", "Error: No message came on standard input; give one message per line, "
               "e.g. echo 'Which pledges apply to a payment app?' | assistant chat.\n")
    code, out, err = _run(assistant, b"show me Gov 3b\n\xff\xfe bad bytes\n", "--json")
    assert code == 2 and out.count("\n") == 1
    assert err == ("Error: A message contains bytes that are not valid UTF-8 text; re-type it or "
                   "save the file as UTF-8.\n")


# --- the UI and the endpoint -------------------------------------------------------------

def test_the_endpoint_is_the_commands_turn(assistant: Assistant) -> None:
    history = json.dumps(["We are the ministry of justice."])
    data = chat_view.api_chat(assistant, "what must we do about sextortion?", history)
    assert data == assistant.chat("what must we do about sextortion?",
                                  ["We are the ministry of justice."]).to_json()
    assert data["profile"]["sector"] == "government"
    with pytest.raises(BadInput, match="JSON array of strings"):
        chat_view.api_chat(assistant, "hello", '{"a": 1}')


def test_the_ui_shows_each_jobs_result_in_the_conversation(assistant: Assistant, tmp_path: Path) -> None:
    messages: list[str] = []
    history: list[dict[str, str]] = []
    for message in ISSUE[:3]:
        folder = tmp_path / str(len(messages))
        steps = list(chat_view.respond(assistant, message, history, "", messages, folder))
        history, panel, messages, files = steps[-1]
    assert messages == ISSUE[:3]
    assert [m["role"] for m in history] == ["user", "assistant"] * 3
    assert "pledges apply to a video-sharing app popular with teens" in history[1]["content"]
    assert "(#src-cta-private_sector-" in history[1]["content"]  # the pledges link to their sources
    assert "Action-plan outline" in history[5]["content"]
    assert [Path(f).name for f in files] == ["action-plan.md", "action-plan.docx"]
    assert 'class="source"' in panel


def test_hostile_text_in_the_conversation_is_inert(assistant: Assistant, tmp_path: Path) -> None:
    from .test_ui import HOSTILE, assert_inert

    messages: list[str] = []
    history: list[dict[str, str]] = []
    for message in (f"We are a bank {HOSTILE}. Which pledges apply to us?", "draft us a plan",
                    f"is this citation right: {HOSTILE} (PS 2c)"):
        folder = tmp_path / str(len(messages))
        steps = list(chat_view.respond(assistant, message, history, "", messages, folder))
        history, panel, messages, _files = steps[-1]
        for shown in history:
            assert_inert(shown["content"])
        assert "<img" not in panel and "<a " not in panel


def test_a_quoted_draft_after_a_lead_in_is_a_check(assistant: Assistant) -> None:
    turn = assistant.chat("and this one - 'Companies must verify the age of every user (PS 1(b)).'",
                          ["is this citation right: Governments pledge to criminalise sextortion (Gov 3b)"])
    assert turn.job == "check"
    assert turn.result is not None and turn.result["results"][0]["clause_id"] == "cta.private_sector.1.b"


def test_whether_a_named_clause_applies_is_a_question_about_it(assistant: Assistant) -> None:
    turn = assistant.chat("Does PS 2(c) apply to banks?")
    assert turn.job == "ask"


def test_a_greeting_before_the_organisation_is_no_part_of_it(assistant: Assistant) -> None:
    turn = assistant.chat("hi, game studio here. lots of under 16s on voice chat. which pledges apply to us?")
    assert turn.job == "applicable"
    assert turn.profile is not None and turn.profile.text == "game studio"
    assert turn.profile.sector == "private_sector"


def test_an_applicability_reply_names_and_cites_every_pledge_that_applies(assistant: Assistant) -> None:
    turn = assistant.chat("We are a payments company in Brazil. Which pledges apply to us?")
    assert turn.job == "applicable" and turn.result is not None
    applying = [p["id"] for p in turn.result["pledges"]]
    assert len(applying) > 10 and list(turn.citations) == applying
    assert "more, less specific to you: " in turn.answer
    assert all(assistant.show(i).label in turn.answer for i in applying)
    twin = assistant.show("cta.private_sector.1.f")  # the same text as 1(a): listed once, both labels
    assert turn.answer.count(twin.text) <= 1 and "Private sector 1(f): the same text" in turn.answer
