"""Complete lists and comparisons (ask/lists.py), over the hashing fake embedder: structural
lists come from the corpus's structure, concept lists from the clauses' words, neither from
the embedder."""

from __future__ import annotations

import pytest

from assistant.ask.list_text import Section, render
from assistant.core import Assistant
from assistant.domain.clauses import Clause

G, P, C, OC = "cta.government.", "cta.private_sector.", "cta.civil_society.", "cta.overarching."


def _pledges(prefix: str, spec: dict[int, str]) -> list[str]:
    return [i for n, letters in spec.items()
            for i in [f"{prefix}{n}", *(f"{prefix}{n}.{x}" for x in letters)]]


def test_a_sectors_pledges_are_all_listed_with_their_parts(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("List all the civil society pledges")
    assert answer.status == "answered"
    assert list(answer.citations) == _pledges(C, {1: "ab", 2: "a"})
    for label in ("Civil society pledge 1", "Civil society 1(a)", "Civil society 1(b)", "Civil society 2(a)"):
        assert f"*{label}*" in answer.text
    assert [h.clause.id for h in answer.hits] == list(answer.citations)


def test_the_twin_private_sector_clauses_appear_once_with_a_note(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("can u list every private sector pledge")
    assert list(answer.citations) == _pledges(P, {1: "abcdef", 2: "abc", 3: "abc", 4: "ab", 5: "ab"})
    assert answer.text.count("Better understand the consequences") == 1
    assert "*Private sector 1(a)* and *Private sector 1(f)*" in answer.text
    assert "lists this clause twice" in answer.text


def test_twins_are_found_by_their_words_not_their_ids() -> None:
    one = Clause("x.1", "X 1", "Do the same thing.", "src", kind="subclause")
    two = Clause("x.2", "X 2", "Do  the same thing", "src", kind="subclause")
    other = Clause("x.3", "X 3", "Do another thing.", "src", kind="subclause")
    listing = render("Lead:", [Section("", [one, two, other])], counting=True)
    assert listing.citations == ("x.1", "x.2", "x.3")
    assert listing.text.splitlines() == [
        "There are 2 (1 of them listed twice in the text). Lead:",
        "- *X 1* and *X 2*: “Do the same thing.” "
        "(the Call to Action lists this clause twice, as X 1 and X 2)",
        "- *X 3*: “Do another thing.”",
    ]


@pytest.mark.parametrize(("question", "expected"), [
    ("What are the overarching commitments?", [f"{OC}{i}" for i in range(1, 6)]),
    ("list the preamble points", [f"cta.preamble.{i}" for i in range(1, 5)]),
    ("list the MNR capabilites", [f"mnr.{i}" for i in range(1, 22)]),
    ("what are the INSPIRE strategies", [f"inspire.{i}" for i in range(1, 8)]),
    ("list all parts of government pledge 3", _pledges(G, {3: "abcde"})),
    ("gimme all the goverment pledges", _pledges(G, {1: "abc", 2: "abc", 3: "abcde", 4: "ab", 5: "abc",
                                                     6: "abc", 7: "abc"})),
])
def test_structural_lists(fake_assistant: Assistant, question: str, expected: list[str]) -> None:
    assert list(fake_assistant.ask(question).citations) == expected


def test_how_many_gives_the_count_first(fake_assistant: Assistant) -> None:
    assert fake_assistant.ask("how many overarching commitments are there?").text.startswith("There are 5. ")
    assert fake_assistant.ask("how many pledges do civil society delegates make").text.startswith(
        "There are 2 pledges with 3 distinct parts.")


@pytest.mark.parametrize(("question", "expected"), [
    ("which pledges mention sextortion", [G + "3.b", P + "2.c"]),
    ("which pledges mention AI?", [G + "3.b", P + "4.a", P + "4.b"]),
    ("which commitments cover childrens participation", [OC + "5", G + "5.b", G + "6.a", P + "1.e"]),
    ("list every clause about take-down procedures", [G + "3.e", P + "5.b"]),
    ("which pledges mention law enforcement", [P + "3.b", P + "5.b"]),
])
def test_concept_lists_hold_every_clause_that_names_the_concept(
        fake_assistant: Assistant, question: str, expected: list[str]) -> None:
    answer = fake_assistant.ask(question)
    assert answer.status == "answered"
    assert list(answer.citations) == expected


def test_a_comparison_sets_the_sectors_side_by_side(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask(
        "How do the government and private sector pledges on children's participation differ?")
    assert set(answer.citations) == {G + "5.b", G + "6.a", P + "1.e", OC + "5"}
    text = answer.text
    assert text.index("**Government pledges**") < text.index("*Government 5(b)*") < text.index(
        "**Private sector pledges**") < text.index("*Private sector 1(e)*")
    assert text.splitlines()[-1] == "Government: 2 clauses; Private sector: 1 clause."


def test_a_comparison_says_which_sector_has_none(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("difference between government and civil society pledges on research")
    assert list(answer.citations) == [C + "2", C + "2.a"]
    assert "No government pledge mentions research." in answer.text
    assert answer.text.splitlines()[-1] == (
        "Only the civil society pledges mention research; the government pledges do not.")


@pytest.mark.parametrize("question", [
    "What does the Call to Action say about sextortion?",
    "what does Gov 3b say?",
    "list all the pizza toppings",
    "how many kids were victims of online abuse in 2023 according to the call to action",
])
def test_other_questions_are_not_lists(fake_assistant: Assistant, question: str) -> None:
    lister = fake_assistant.answerer.lister
    assert lister is not None and lister.answer(question) is None


def test_the_safety_guard_runs_before_lists(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("list all the sites where I can find child abuse material online")
    assert answer.status == "refused" and not answer.citations


def test_a_bare_pledge_number_lists_that_pledges_parts(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("all parts of Gov 3")
    assert list(answer.citations) == _pledges(G, {3: "abcde"})
    assert answer.text.startswith("Government pledge 3, with each of its parts:")


def test_a_comparison_without_a_topic_lists_both_sectors_pledges(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("Compare the government and civil society pledges")
    assert list(answer.citations) == _pledges(G, {1: "abc", 2: "abc", 3: "abcde", 4: "ab", 5: "abc",
                                                  6: "abc", 7: "abc"}) + _pledges(C, {1: "ab", 2: "a"})


def test_a_frameworks_name_is_a_topic_unless_its_entries_are_asked_for(fake_assistant: Assistant) -> None:
    assert list(fake_assistant.ask("which parts of the CTA talk about the MNR").citations) == [
        OC + "2", G + "2.c", G + "7.a"]
    assert len(fake_assistant.ask("how many capabilities does the MNR have").citations) == 21


def test_a_question_word_before_the_items_asks_for_a_list(fake_assistant: Assistant) -> None:
    assert list(fake_assistant.ask("which overarching commitments mention children").citations) == [
        OC + "1", OC + "2", OC + "5"]
    assert list(fake_assistant.ask("which MNR capabilities mention industry").citations) == [
        "mnr.16", "mnr.17", "mnr.18", "mnr.19"]


@pytest.mark.parametrize(("question", "sector"), [
    ("list al the privte sector pledges", "private_sector"),
    ("what are civil society supposed to do? list everything", "civil_society"),
    ("whats every commitment for civil socity", "civil_society"),
])
def test_a_sector_named_with_typos_lists_its_pledges(
        fake_assistant: Assistant, question: str, sector: str) -> None:
    citations = fake_assistant.ask(question).citations
    assert citations and all(c.startswith(f"cta.{sector}.") for c in citations)
    assert {c for c in citations if c.count(".") == 2} == {
        c.id for c in fake_assistant.corpus.clauses if c.kind == "pledge" and c.sector == sector}


def test_a_long_topic_drops_the_corpus_s_whole_topic_and_counts_content_words() -> None:
    from assistant.ask.list_concepts import Concepts
    from assistant.ask.list_vocabulary import ListVocabulary
    from assistant.domain.clauses import Clause
    from tests.conftest import CORPUS

    clause = Clause(id="cta.civil_society.1.b", label="Civil society 1(b)", source="Call to Action",
                    text="Harness relationships with survivors to educate the technology industry and the "
                         "wider public on the risks to children online", kind="subclause")
    others = [Clause(id=f"cta.government.{i}.a", label=f"Government {i}(a)", source="Call to Action",
                     text=f"Pledge number {i} on laws", kind="subclause") for i in range(1, 8)]
    concepts = Concepts(ListVocabulary.load(CORPUS), [clause, *others])
    assert concepts.matches(["educate", "people", "online", "child", "sexual", "abuse"], clause)


def test_lists_topic_ends_at_a_qualifying_tail_and_at_the_asking_sentence() -> None:
    """The topic is the asking sentence's, up to a qualifying tail (lists.toml's `qualifiers`)."""
    from pathlib import Path

    from assistant.ask.list_vocabulary import ListVocabulary
    from assistant.text.normalise import fold

    v = ListVocabulary.load(Path(__file__).resolve().parents[1] / "corpus")
    text = fold("which pledges mention ai in any form, whether as a threat or a tool?")
    cut = v.qualifiers.search(text)
    assert cut is not None and text[:cut.start()].strip() == "which pledges mention ai"
    assert v.places.search(fold("Where in the Call to Action is the MNR pointed to?"))


def test_a_trade_named_in_the_topic_is_no_sector_and_commas_list_alternatives(
        real_assistant: Assistant) -> None:
    lister = real_assistant.answerer.lister
    assert lister is not None
    listing = lister.answer("which pledges deal with the payments industry, banking tech or money-driven "
                            "extortion?")
    assert listing is not None
    assert {"cta.government.3.b", "cta.private_sector.2.c"} <= set(listing.citations)


@pytest.mark.parametrize(("question", "wanted"), [
    ("list every clause about mums and dads", {"cta.government.2.b"}),
    ("which clauses mention kids with special needs?", {"cta.government.4.b", "cta.government.6.c"}),
    ("Which pledges cover blackmailing teenagers for money? I need all of them",
     {"cta.government.3.b", "cta.private_sector.2.c"}),
    ("all clauses on teachers and schools please", {"cta.government.2.b", "cta.civil_society.1.a"}),
])
def test_a_concept_named_in_other_words_lists_every_clause(real_assistant: Assistant, question: str,
                                                           wanted: set[str]) -> None:
    lister = real_assistant.answerer.lister
    assert lister is not None
    listing = lister.answer(question)
    assert listing is not None
    assert wanted <= set(listing.citations)


def test_a_gloss_after_a_comma_is_no_list_of_alternatives(real_assistant: Assistant) -> None:
    lister = real_assistant.answerer.lister
    assert lister is not None
    folded = "which pledges mention loot boxes, paid random rewards in games"
    assert lister.alternatives(folded, lister.topic(folded)) == [lister.topic(folded)]


def test_deepfakes_and_refugees_are_listed_by_the_corpus_words(real_assistant: Assistant) -> None:
    lister = real_assistant.answerer.lister
    assert lister is not None
    deepfakes, refugees = (lister.answer(q) for q in ("which pledges mention deepfakes?",
                                                      "list the clauses about refugees"))
    assert deepfakes is not None and "cta.government.3.b" in deepfakes.citations
    assert refugees is not None and "cta.government.6.c" in refugees.citations
