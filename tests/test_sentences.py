from __future__ import annotations

from assistant.text.sentences import Footnote, markers_in, split_sentences


def _texts(text: str) -> list[tuple[int, str]]:
    return [(s.line, s.text) for s in split_sentences(text).sentences]


def test_sentences_keep_the_line_they_start_on() -> None:
    text = ("Governments pledge to criminalise sextortion (Gov. 3b). Companies will share\n"
            "best practice (PS 3a).\n\nCivil society will, e.g. through research, inform policy.\n")
    assert _texts(text) == [
        (1, "Governments pledge to criminalise sextortion (Gov. 3b)."),
        (1, "Companies will share best practice (PS 3a)."),
        (4, "Civil society will, e.g. through research, inform policy."),
    ]


def test_windows_newlines_count_once() -> None:
    assert _texts("First line.\r\nSecond line.\r\n\r\nFourth line.") == [
        (1, "First line."), (2, "Second line."), (4, "Fourth line.")]


def test_list_items_headings_and_tables_are_their_own_blocks() -> None:
    text = ("# Draft plan\n- Involve safety experts early (PS 1c)\n1. Share best practice. Then more.\n"
            "| Action | Ref |\n|---|---|\n| Criminalise sextortion | Gov 3b |\n")
    assert _texts(text) == [
        (1, "Draft plan"),
        (2, "Involve safety experts early (PS 1c)"),
        (3, "Share best practice."),
        (3, "Then more."),
        (4, "Action ; Ref"),
        (6, "Criminalise sextortion ; Gov 3b"),
    ]


def test_numbers_after_a_full_stop_start_a_sentence() -> None:
    assert _texts("In 2023 children were at risk. 300 million is an estimate.") == [
        (1, "In 2023 children were at risk."), (1, "300 million is an estimate.")]


def test_footnote_markers_stay_with_their_sentence_and_footnotes_are_collected() -> None:
    text = ("Payments can help respond to sextortion.¹ Companies will act.[2]\n\n"
            "¹ Gov 3b\n[2] Call to Action, PS 2c\n")
    split = split_sentences(text)
    assert [(s.text, s.markers) for s in split.sentences] == [
        ("Payments can help respond to sextortion.¹", ("1",)),
        ("Companies will act.[2]", ("2",)),
    ]
    assert split.footnotes == (Footnote("1", "Gov 3b", 3), Footnote("2", "Call to Action, PS 2c", 4))


def test_plain_numbered_lines_are_footnotes_only_when_bare() -> None:
    text = "Companies act.1\n\n1 PS 2c\n2. Governments will legislate.\n"
    split = split_sentences(text, is_bare=lambda body: body == "PS 2c")
    assert split.footnotes == (Footnote("1", "PS 2c", 3),)
    assert [s.text for s in split.sentences] == ["Companies act.1", "Governments will legislate."]


def test_markers_in_running_text() -> None:
    assert markers_in("sextortion.¹² and [^3] and x^4 and word.5 next") == ("12", "3", "4", "5")
    assert markers_in("Gov 3.1 and [Gov 3b] and [link](http://x)") == ()


def test_a_short_unpunctuated_line_is_a_heading_unless_all_lines_are_short() -> None:
    long = "Governments pledge to criminalise AI-generated abuse and financially motivated sextortion."
    assert _texts(f"National plan\n{long}") == [(1, "National plan"), (2, long)]
    assert _texts("Governments pledge to criminalise\nAI-generated abuse (Gov 3b).") == [
        (1, "Governments pledge to criminalise AI-generated abuse (Gov 3b).")]
