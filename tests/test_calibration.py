"""Calibrated numbers: one kind of object, one per stage, beside the stage, each naming the
eval command that sets it (assistant/domain/calibration.py)."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util

import pytest

from assistant.config import PROJECT_DIR
from assistant.domain.calibration import Calibration
from eval.registry import get

PACKAGE = PROJECT_DIR / "assistant"
STAGES = {"search", "ask", "check", "safety", "applicable", "assess", "chat"}


def _subclass_definitions() -> dict[str, list[str]]:
    """Module name -> the classes it defines on a base named ``…Calibration``, read from source
    (no import needed, so a subclass anywhere in the package is found)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    isinstance(b, ast.Name) and b.id.endswith("Calibration") for b in node.bases):
                module = ".".join(path.relative_to(PROJECT_DIR).with_suffix("").parts)
                found.setdefault(module, []).append(node.name)
    return found


def _calibrations() -> list[type[Calibration]]:
    classes = []
    for module, names in _subclass_definitions().items():
        loaded = importlib.import_module(module)
        classes += [getattr(loaded, name) for name in names]
    return classes


def test_each_stage_has_exactly_one_calibration_in_its_calibration_module() -> None:
    definitions = _subclass_definitions()
    by_stage: dict[str, list[str]] = {}
    for module, names in definitions.items():
        assert module.endswith(".calibration"), f"{module}: calibrations live in <stage>/calibration.py"
        by_stage.setdefault(module.split(".")[1], []).extend(names)
    assert set(by_stage) == STAGES
    assert all(len(names) == 1 for names in by_stage.values()), by_stage
    assert {c.__name__ for c in Calibration.__subclasses__()} >= {n for v in by_stage.values() for n in v}


@pytest.mark.parametrize("calibration", _calibrations(), ids=lambda c: c.__name__)
def test_a_calibration_names_the_eval_that_sets_it(calibration: type[Calibration]) -> None:
    assert issubclass(calibration, Calibration)
    assert calibration.EVAL.startswith("python -m "), calibration.EVAL
    module = calibration.eval_module()
    assert module.startswith("eval.quality.") and importlib.util.find_spec(module) is not None, module
    for name in calibration.eval_sets():
        assert get(name).role == "tuning", f"{calibration.__name__} is tuned on '{name}', not a tuning set"
    assert calibration.__doc__ and "chosen on" in calibration.__doc__, "say what it was chosen on"


@pytest.mark.parametrize("calibration", _calibrations(), ids=lambda c: c.__name__)
def test_a_calibration_is_a_frozen_dataclass_of_defaults(calibration: type[Calibration]) -> None:
    params = getattr(calibration, "__dataclass_params__", None)
    assert dataclasses.is_dataclass(calibration) and params is not None and params.frozen
    value = calibration()  # every number has its calibrated default
    assert dataclasses.fields(value)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, dataclasses.fields(value)[0].name, 0)


def test_the_eval_command_is_parsed_for_its_module_and_sets() -> None:
    class Example(Calibration):
        EVAL = "python -m eval.quality.safety --set own holdout --sweep"

    assert Example.eval_module() == "eval.quality.safety"
    assert Example.eval_sets() == ("own", "holdout")
