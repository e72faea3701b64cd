"""Property tests: arbitrary text never crashes the parser, the classifier, the guard or the CLI.

tests/test_references_props.py already checks that the reference parser accepts any text and
returns well-formed ids; here are the properties it does not check, and the other entry points.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli import cli
from assistant.core import Assistant
from assistant.domain.references import find_references, referenced_ids
from assistant.errors import BadInput
from assistant.safety.guard import Verdict

from .test_references_props import NUMBERED, REF_ALPHABET

WITH_FIXTURE = settings(max_examples=100, deadline=None, database=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])
PLAIN = settings(max_examples=200, deadline=None, database=None)

# Control and format characters (bidi overrides, zero-width), right-to-left and CJK scripts, emoji.
ODD = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Lo", "So"])
SCRIPTS = "Gov 3b PS 2(c) MNR 12 payment hotline sextortion ماذا تتوقع עברית 中文内容 🛡️👧💳 \u202e\u200b\n\t."
TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=ODD, max_size=120),
    st.text(alphabet=SCRIPTS, max_size=300),
    st.integers(1990, 4100).map(lambda n: ("a payment provider in Kenya " * 160)[:n]),  # around the limits
)
SURROGATES = st.text(alphabet=st.characters(categories=["Cs", "Ll", "Zs", "Nd"]), max_size=120)
LONE_SURROGATE = "Caf\udce9 hotlines (Gov 3b)."  # what Python makes of the argv bytes b"Caf\xe9 ..."


# --- the reference parser: properties tests/test_references_props.py does not cover


@PLAIN
@given(st.text(max_size=200) | st.text(alphabet=REF_ALPHABET, max_size=200) | SURROGATES)
def test_references_come_in_reading_order_and_reparse_to_the_same_id(text: str) -> None:
    refs = find_references(text)
    assert [r.start for r in refs] == sorted(r.start for r in refs)
    for ref in refs:
        assert ref.clause_id in referenced_ids(ref.text)


@PLAIN
@given(st.sampled_from(NUMBERED), st.text(" \t\n(", max_size=5), st.text(" \t\n.;:!?)", max_size=5))
def test_a_label_between_spaces_and_punctuation_still_resolves(clause: Any, before: str, after: str) -> None:
    assert referenced_ids(f"{before}{clause.label}{after}") == [clause.id]


# --- the profile classifier and the safety guard


@WITH_FIXTURE
@given(TEXTS)
def test_the_profile_classifier_raises_only_bad_input(fake_assistant: Assistant, text: str) -> None:
    try:
        result = fake_assistant.applicability.assess(text)
    except BadInput as exc:
        assert str(exc).endswith(".") and "\n" not in str(exc)
        return
    assert result.sector in ("government", "private_sector", "civil_society")
    json.dumps(result.to_json())


@WITH_FIXTURE
@given(st.one_of(TEXTS, SURROGATES))
def test_the_safety_guard_never_raises(fake_assistant: Assistant, text: str) -> None:
    assert isinstance(fake_assistant.guard.check(text), Verdict)


# --- the command line, in process, on the fake assistant


def invoke(assistant: Assistant, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=assistant)
    return result.exit_code, result.stdout, result.stderr


def assert_contract(code: int, out: str, err: str, ok_json: bool = True) -> None:
    assert "Traceback" not in out + err
    if code == 0:
        assert err == ""
        if ok_json:
            json.loads(out)
            assert out.count("\n") == 1
    else:
        assert code == 2, err
        assert out == "" and err.startswith("Error: ") and err.count("\n") == 1 and err.endswith("\n")


@WITH_FIXTURE
@given(TEXTS)
def test_check_answers_json_or_one_error_line(fake_assistant: Assistant, text: str) -> None:
    assert_contract(*invoke(fake_assistant, "check", "--json", "--", text))


@WITH_FIXTURE
@given(TEXTS)
def test_search_never_crashes(fake_assistant: Assistant, text: str) -> None:
    assert_contract(*invoke(fake_assistant, "search", "-k", "3", "--json", "--", text))


@WITH_FIXTURE
@given(TEXTS)
def test_ask_never_crashes(fake_assistant: Assistant, text: str) -> None:
    code, out, err = invoke(fake_assistant, "ask", "--json", "--", text)
    assert_contract(code, out, err)
    if code == 0:
        known = fake_assistant.corpus.by_id()
        assert all(cid in known for cid in json.loads(out)["citations"])


@pytest.mark.parametrize("command", ["search", "check", "applicable"])
def test_undecodable_argv_is_bad_input(fake_assistant: Assistant, command: str) -> None:
    assert_contract(*invoke(fake_assistant, command, "--json", "--", LONE_SURROGATE))
