"""Assess benchmark: organisations' documents judged pledge by pledge against their labels.

    python -m eval.quality.assess [--set own] [--misses] [--sweep] [--sweep-meaning]

A set holds ``documents/`` and ``labels.jsonl`` (one line per document: its sector, profile
and each applicable pledge's status and evidence lines; the rules in the set's GUIDE.md).
Prints the precision and recall of ``missing``, three-way accuracy, and how often the
first evidence line of a pledge labelled and found covered or partial is a labelled line.
``--set`` also takes a folder with that layout and no set.toml (a blind writer's folder).
``--sweep`` varies AssessCalibration's similarities and margins (assistant/assess/calibration.py);
``--sweep-meaning`` only ``picked_similarity`` (a sentence read as a question, 1.0: never).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
from pathlib import Path
from typing import Any

from assistant.assess.assessor import Assessment, Prepared
from assistant.assess.calibration import AssessCalibration
from assistant.config import Settings
from assistant.core import Assistant
from assistant.corpus.readers import read_draft
from assistant.errors import BadInput
from eval.registry import get


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    sector: str
    profile: str
    labels: dict[str, dict[str, Any]]
    path: Path


def load_cases(name: str) -> tuple[str, list[Case]]:
    """The cases of a registered set, or of a folder with documents/ and labels.jsonl."""
    folder = Path(name)
    if folder.is_dir() and not (folder / "set.toml").is_file():
        lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
        raw = [json.loads(line) for line in lines if line.strip()]
        documents = folder / "documents"
        title = folder.name
    else:
        chosen = get(name)
        raw, documents, title = chosen.cases("assess"), chosen.folder / "documents", chosen.name
    return title, [Case(r["document"], r["sector"], r.get("profile", ""), r["labels"],
                        documents / r["document"]) for r in raw]


def score(cases: list[Case], results: list[Assessment], misses: bool = False,
          refused: tuple[Case, ...] = ()) -> dict[str, float]:
    tp = fp = fn = right = total = hit = evidenced = 0
    for case in refused:  # a refused document: every pledge judged wrong, none found missing
        total += len(case.labels)
        fn += sum(label["status"] == "missing" for label in case.labels.values())
    for case, result in zip(cases, results, strict=True):
        for pledge in result.pledges:
            label = case.labels.get(pledge.clause.id)
            if label is None:
                continue
            gold, got = label["status"], pledge.judgement.status
            total += 1
            right += gold == got
            tp += gold == got == "missing"
            fp += got == "missing" != gold
            fn += gold == "missing" != got
            if gold != "missing" and got != "missing" and pledge.evidence:
                evidenced += 1
                hit += pledge.evidence[0].line in label["evidence_lines"]
            if misses and gold != got:
                print(f"  {case.name}: {pledge.clause.id} labelled {gold} {label['evidence_lines']}, "
                      f"got {got} {[e.line for e in pledge.evidence]}: {pledge.judgement.reason[:120]}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"missing_precision": precision, "missing_recall": recall, "accuracy": right / max(1, total),
            "evidence_in_labelled": hit / max(1, evidenced), "pledges": total, "evidenced": evidenced}


def prepare(assistant: Assistant, cases: list[Case]) -> tuple[list[Case], list[Prepared]]:
    """Each case's document prepared; a document the assessor refuses is reported and left out
    of the figures (its pledges count as judged wrong: see ``score``'s ``refused``)."""
    kept, prepared = [], []
    for case in cases:
        try:
            draft = read_draft(case.path)
            prepared.append(assistant.assessor.prepare(
                draft.text, profile=case.profile or None, sector=case.sector,
                paragraph_lines=draft.paragraph_lines))
            kept.append(case)
        except BadInput as exc:
            print(f"  {case.name}: refused ({exc}); its {len(case.labels)} pledges count as wrong")
    return kept, prepared


def sweep(assistant: Assistant, cases: list[Case], prepared: list[Prepared]) -> None:
    grid = {"full_similarity": (0.0, 0.1, 0.2), "part_similarity": (0.3, 1.0),
            "meaning_similarity": (0.65, 1.0), "neighbour_margin": (0.0, 0.05, 0.1, 1.0),
            "refusal_margin": (0.1, 0.2, 1.0)}
    rows = []
    for values in itertools.product(*grid.values()):
        calibration = AssessCalibration(**dict(zip(grid, values)))
        figures = score(cases, [assistant.assessor.judge_all(p, calibration) for p in prepared])
        rows.append((figures["accuracy"], figures["missing_precision"], figures["missing_recall"], values))
    for row in sorted(rows, reverse=True)[:10]:
        print(f"accuracy {row[0]:.3f}  missing P {row[1]:.3f} R {row[2]:.3f}  {dict(zip(grid, row[3]))}")


def sweep_meaning(assistant: Assistant, cases: list[Case], prepared: list[Prepared]) -> None:
    for picked in (0.0, 0.1, 0.2, 0.25, 0.3, 0.4, 1.0):
        calibration = dataclasses.replace(assistant.assessor.calibration, picked_similarity=picked)
        f = score(cases, [assistant.assessor.judge_all(p, calibration) for p in prepared])
        print(f"picked_similarity {picked:.2f}: accuracy {f['accuracy']:.3f}  missing P "
              f"{f['missing_precision']:.3f} R {f['missing_recall']:.3f}  "
              f"evidence {f['evidence_in_labelled']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="own", metavar="NAME",
                        help="an eval set with labels.jsonl (default own), or such a folder")
    parser.add_argument("--misses", action="store_true", help="print every pledge judged wrong")
    parser.add_argument("--sweep", action="store_true", help="vary the calibrated similarities")
    parser.add_argument("--sweep-meaning", action="store_true",
                        help="vary only picked_similarity (a sentence read as a question)")
    args = parser.parse_args()
    title, cases = load_cases(args.set)
    assistant = Assistant(Settings.from_env())
    kept, prepared = prepare(assistant, cases)
    refused = tuple(c for c in cases if c not in kept)
    if args.sweep or args.sweep_meaning:
        (sweep if args.sweep else sweep_meaning)(assistant, kept, prepared)
        return
    figures = score(kept, [assistant.assessor.judge_all(p) for p in prepared], args.misses, refused)
    print(f"assess on '{title}': {len(cases)} documents ({len(refused)} refused), "
          f"{figures['pledges']:.0f} pledges")
    print(f"  missing: precision {figures['missing_precision']:.3f}, recall {figures['missing_recall']:.3f}")
    print(f"  three-way accuracy: {figures['accuracy']:.3f}")
    print(f"  evidence in the labelled lines: {figures['evidence_in_labelled']:.3f} "
          f"(of {figures['evidenced']:.0f} pledges labelled and found covered or partial)")


if __name__ == "__main__":
    main()
