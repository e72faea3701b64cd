from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.text.spelling import Speller, deletes, edit_distance

KNOWN = ["sextortion", "legislation", "government", "weather", "whether", "helpline", "hotline",
         "platform", "platforms", "child", "abuse"]


@pytest.fixture
def speller() -> Speller:
    return Speller(KNOWN)


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("sextorsion", "sextortion"),  # one substitution
        ("legislaton", "legislation"),  # one deletion
        ("goverment", "government"),  # one deletion, long word
        ("govenrmnet", "government"),  # two swaps: long words may be two edits away
        ("hepline", "helpline"),
        ("hotlnie", "hotline"),  # a swap of neighbours is one edit
        ("platfrom", "platform"),
    ],
)
def test_typos_are_corrected(speller: Speller, typo: str, expected: str) -> None:
    assert speller.correct(typo) == expected


@pytest.mark.parametrize("word", ["banana", "hotlinexxx", "sexting", "legal"])
def test_words_out_of_reach_are_left_alone(speller: Speller, word: str) -> None:
    assert speller.correct(word) is None


def test_short_words_are_not_offered(speller: Speller) -> None:
    assert Speller(["abc", "abcd"]).correct("abce") == "abcd"
    assert Speller(["abc"]).correct("abd") is None


def test_short_words_get_one_edit_only() -> None:
    assert Speller(["helper"]).correct("hlepr") is None  # two edits from a six-letter word


def test_cache_is_bounded_and_keeps_answers() -> None:
    speller = Speller(KNOWN, cache_size=2)
    assert [speller.correct(w) for w in ("sextorsion", "hepline", "hotlnie")] == [
        "sextortion", "helpline", "hotline"]
    assert list(speller._cache) == ["hepline", "hotlnie"]
    assert speller.correct("sextorsion") == "sextortion"


def test_the_index_is_built_only_when_a_word_needs_correcting(speller: Speller) -> None:
    assert speller._index is None
    speller.correct("hepline")
    assert speller._index is not None


def test_edit_distance_counts_swaps_as_one_edit() -> None:
    assert edit_distance("hotline", "hotline") == 0
    assert edit_distance("hotlnie", "hotline") == 1
    assert edit_distance("abc", "") == 3
    assert edit_distance("kitten", "sitting") == 3


def test_deletes_lists_every_shorter_form() -> None:
    assert deletes("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert deletes("abc", 2) == {"abc", "bc", "ac", "ab", "a", "b", "c"}


def test_many_threads_share_one_speller() -> None:
    speller = Speller(KNOWN, cache_size=8)
    typos = [f"hepline{'x' * (i % 3)}" for i in range(200)] + ["sextorsion"] * 50
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(speller.correct, typos))
    assert results.count("sextortion") == 50 and len(speller._cache) <= 8


def test_a_very_long_word_is_left_alone_quickly(speller: Speller) -> None:
    assert speller.correct("x" * 4000) is None
    assert speller._index is None  # not even the index was needed
