"""The eval sets' registry: every folder of eval/sets/ is a described set, and nothing else finds them."""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_DIR
from eval.registry import KINDS, ROLES, get, sets


def test_every_set_folder_is_registered_with_a_role_and_an_author() -> None:
    folders = sorted(p.name for p in (PROJECT_DIR / "eval" / "sets").iterdir() if p.is_dir())
    assert sorted(s.name for s in sets()) == folders
    for one in sets():
        assert one.role in ROLES and one.author and one.measured_on and one.kinds
        for kind in one.kinds:
            assert one.cases(kind) if KINDS[kind].endswith(".jsonl") else one.lines(kind)


def test_sets_are_chosen_by_kind_role_and_expectation() -> None:
    assert [s.name for s in sets(role="tuning")] == ["own"]
    assert all(s.has("everyday") for s in sets(kind="everyday"))
    assert {s.name for s in sets(kind="harmful", expect="refused")} >= {"own", "holdout", "blind"}
    assert get("fresh10").role == "holdout" and get("fresh10").first_run["harmful_refused"] == "38/60"
    with pytest.raises(KeyError, match="No eval set 'nope'"):
        get("nope")
    with pytest.raises(ValueError, match="Unknown kind"):
        get("own").lines("poems")


def test_no_eval_script_edits_sys_path() -> None:
    scripts = (PROJECT_DIR / "eval").rglob("*.py")
    assert not [p.name for p in scripts if "sys.path" in p.read_text(encoding="utf-8")]
