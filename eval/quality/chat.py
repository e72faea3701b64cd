"""Chat benchmark: each turn of each conversation, as `assistant chat` answers it.

    python -m eval.quality.chat [--set own] [--misses]

Each line of the set is {"id", "turns": [{"user", "job", "sector", "clauses"}]}. Every turn
is answered from the earlier user messages alone (the chat keeps no state). A turn is right
when its job is the expected one, the sector of the conversation's organisation is the
expected one (null: no organisation described yet), and every expected clause is among its
citations. Prints each turn (✓ or what was wrong), then routing accuracy (jobs), sector
accuracy, clause recall and turns right. These figures calibrate ChatCalibration
(assistant/chat/calibration.py).
"""

from __future__ import annotations

import argparse
from typing import Any

from assistant.chat.conversation import Turn
from assistant.config import Settings
from assistant.core import Assistant
from eval.registry import add_set_argument


def judge(turn: Turn, expected: dict[str, Any]) -> list[str]:
    """What is wrong with a turn (empty when it is right)."""
    wrong = []
    if turn.job != expected["job"]:
        wrong.append(f"job {turn.job} (expected {expected['job']})")
    sector = turn.profile.sector if turn.profile else None
    if sector != expected["sector"]:
        wrong.append(f"sector {sector} (expected {expected['sector']})")
    missing = [c for c in expected["clauses"] if c not in turn.citations]
    if missing:
        wrong.append(f"missing {missing} (cited {list(turn.citations)[:8]})")
    return wrong


def evaluate(assistant: Assistant, conversations: list[dict[str, Any]],
             show: bool = True) -> dict[str, float]:
    turns = jobs = sectors = right = found = wanted = 0
    for conversation in conversations:
        history: list[str] = []
        if show:
            print(f"\n{conversation['id']}")
        for expected in conversation["turns"]:
            turn = assistant.chat(expected["user"], history)
            history.append(expected["user"])
            wrong = judge(turn, expected)
            turns += 1
            jobs += turn.job == expected["job"]
            sectors += (turn.profile.sector if turn.profile else None) == expected["sector"]
            wanted += len(expected["clauses"])
            found += sum(1 for c in expected["clauses"] if c in turn.citations)
            right += not wrong
            if show:
                mark = "✓" if not wrong else "✗ " + "; ".join(wrong)
                print(f"  {turn.turn}. [{turn.job}] {expected['user'][:70]!r}  {mark}")
    return {"conversations": len(conversations), "turns": turns, "routing accuracy": jobs / max(turns, 1),
            "sector accuracy": sectors / max(turns, 1), "clause recall": found / max(wanted, 1),
            "turns right": right / max(turns, 1), "right": right}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_set_argument(parser, "conversations")
    parser.add_argument("--quiet", action="store_true", help="Print only the summary.")
    args = parser.parse_args()
    cases = args.set.cases("conversations")
    m = evaluate(Assistant(Settings.from_env()), cases, not args.quiet)
    print(f"\n{m['conversations']} conversations, {m['turns']} turns from "
          f"{args.set.path('conversations').name}\n")
    print("| routing accuracy | sector accuracy | clause recall | turns right |\n|---|---|---|---|")
    print(f"| {m['routing accuracy']:.3f} | {m['sector accuracy']:.3f} | {m['clause recall']:.3f} | "
          f"{m['turns right']:.3f} ({m['right']}/{m['turns']}) |")


if __name__ == "__main__":
    main()
