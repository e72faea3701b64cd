"""Messages that point back at the clauses a conversation showed or answered with: "show me that
clause" after an answer shows the clause it named first; "what's the difference between the two?"
after two clauses were shown is asked of both."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.chat.followup import FollowUps
from assistant.chat.reading import Reading
from assistant.chat.router import Route
from assistant.chat.vocabulary import ChatVocabulary
from assistant.domain.clauses import Clause
from assistant.domain.references import find_references
from assistant.text.normalise import fold, words

POINTED = "the clause the earlier answer named first"
SHOWN_KEPT = 2  # the clauses shown last, that "the two" or "both" point at


class Pointing:
    def __init__(self, vocabulary: ChatVocabulary, followups: FollowUps) -> None:
        self.vocabulary, self.followups = vocabulary, followups

    def show_earlier(self, message: str, before: Reading) -> Route | None:
        """A request for the text of what the earlier answer named ("show me that clause", "can I
        see it in full?", "quote that one"), after a question: that question, whose first cited
        clause is shown (``Requests.resolved``)."""
        folded = fold(message)
        if before.job != "ask" or before.subject is None or find_references(message) \
                or not (self.vocabulary.show.search(folded) or self.vocabulary.exact.search(folded)) \
                or not set(words(folded)) & self.vocabulary.deictic:
            return None
        rest = self.vocabulary.exact.sub(" ", self.vocabulary.show.sub(" ", folded))
        return None if self.followups.own_words(rest) else Route("show", before.subject, POINTED)

    def of_shown(self, question: str, before: Reading, clauses: Mapping[str, Clause]) -> str:
        """A question about the clauses just shown together ("what's the difference between the
        two?", "do both apply to us?"), asked with their references."""
        shown = [c for c in before.shown if c in clauses]  # kept only while the turns are about them
        if len(shown) < SHOWN_KEPT or find_references(question) \
                or not self.vocabulary.plural.search(fold(question)):
            return question
        return f"{question} ({' and '.join(clauses[c].label for c in shown[-SHOWN_KEPT:])})"

    @staticmethod
    def shown(before: Reading, route: Route, clauses: Mapping[str, Clause],
              asked_of: bool) -> tuple[str, ...]:
        """The clauses shown last (at most ``SHOWN_KEPT``), after this turn: kept while the turns
        show clauses or ask of them together (``asked_of``), forgotten at any other turn."""
        if route.job == "show" and route.text in clauses:
            return (*before.shown, route.text)[-SHOWN_KEPT:]
        return before.shown if asked_of else ()
