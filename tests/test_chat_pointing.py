"""Messages that point back at the clauses a conversation showed or answered with
(assistant/chat/pointing.py), and questions that point back by a verb ("do that")."""

from __future__ import annotations

from assistant.chat.followup import FollowUps
from assistant.chat.pointing import POINTED, Pointing
from assistant.chat.reading import Reading
from assistant.chat.router import Route
from assistant.chat.vocabulary import ChatVocabulary

from .conftest import CORPUS

VOCABULARY = ChatVocabulary.load(CORPUS)
POINTING = Pointing(VOCABULARY, FollowUps(VOCABULARY, {}))
ASKED = Reading(None, "does the CTA say anything about payment providers?", "ask")


def test_a_request_for_the_text_of_what_was_just_named_shows_the_answers_clause() -> None:
    for message in ("show me that clause", "can I see it word for word?", "quote that one",
                    "full text of it pls"):
        route = POINTING.show_earlier(message, ASKED)
        assert route is not None and (route.reason, route.text) == (POINTED, ASKED.subject), message
    assert POINTING.show_earlier("show me the one on grooming", ASKED) is None  # a subject of its own
    assert POINTING.show_earlier("show me that clause", Reading(None, "PS 1e", "show")) is None


class _Clause:  # what the question needs of a clause: its label
    def __init__(self, label: str) -> None:
        self.label = label


def test_a_question_about_the_two_clauses_shown_is_asked_of_both() -> None:
    clauses = {"cta.overarching.3": _Clause("Overarching commitment 3"),
               "cta.overarching.4": _Clause("Overarching commitment 4")}
    shown = Reading(None, "and 4?", "show", ("cta.overarching.3", "cta.overarching.4"))
    assert POINTING.of_shown("how do they differ?", shown, clauses) == \
        "how do they differ? (Overarching commitment 3 and Overarching commitment 4)"
    assert POINTING.of_shown("do both apply to schools?", shown, clauses).endswith("commitment 4)")
    assert POINTING.of_shown("are they the same?", shown, clauses).endswith("commitment 4)")
    assert POINTING.of_shown("which is stricter?", shown, clauses).endswith("commitment 4)")
    assert POINTING.of_shown("what about grooming?", shown, clauses) == "what about grooming?"
    assert Pointing.shown(shown, Route("ask", "what about grooming?", "a question"), clauses, False) == ()
    one = Reading(None, "PS 1e", "show", ("cta.overarching.3",))
    assert POINTING.of_shown("how do they differ?", one, clauses) == "how do they differ?"


def test_a_verb_pointing_back_asks_of_the_earlier_subject() -> None:
    followups = FollowUps(VOCABULARY, {})
    for message in ("how would a game studio do that in practice?", "how do small NGOs implement it?",
                    "what would it take for a bank to comply with that?"):
        assert followups.resolve(message, "PS 1e?").inherited, message


def test_a_follow_up_opening_with_a_subject_word_asks_about_what_follows() -> None:
    followups = FollowUps(VOCABULARY, {})
    assert followups.resolve("and regarding the CRC?", "what about takedown?").text == \
        "What does the Call to Action say about the CRC?"
    assert followups.resolve("and with regards to survivors", None).text == \
        "What does the Call to Action say about survivors?"
