"""Silence benchmark: does `ask` say plainly what the corpus does not mention or settle?

    python -m eval.quality.silence [--set own] [--misses] [--calibrate]

Prints, per kind of question (mentioned / not mentioned / does-not-settle), how many are
right: a mentioned subject gets ``direct`` true and a first sentence that does not deny it;
an unmentioned one ``direct`` false and a first sentence saying the text does not mention
(or cover) it; a question the text does not settle ``direct`` false and a first sentence
"The Call to Action does not say …". Also how many of the retrieval questions (all on
subjects the corpus addresses) lose ``direct``. --calibrate prints the subject phrase's best
similarity to a clause for each kind, from which AnswerCalibration.subject_similarity
(assistant/ask/calibration.py) is chosen.
"""

from __future__ import annotations

import argparse
import re

from assistant.ask.answering import Answer
from assistant.config import Settings
from assistant.core import Assistant
from eval.registry import add_set_argument

_DENIES = re.compile(r"\bdo(?:es)? not (?:mention|cover|say)\b")
_FIRST = re.compile(r"^.*?(?:[.!?](?=\s|$)|\n|$)", re.DOTALL)


def first_sentence(text: str) -> str:
    match = _FIRST.match(text.strip())
    return match.group(0).strip() if match else text


def kind_of(case: dict[str, object]) -> str:
    if case.get("unsettled"):
        return "does-not-settle"
    return "mentioned" if case["mentioned"] else "not mentioned"


def right(kind: str, answer: Answer) -> bool:
    first = first_sentence(answer.text)
    if kind == "mentioned":
        return answer.direct and answer.status == "answered" and (
            not _DENIES.search(first) or "itself does not mention" in first)
    if kind == "not mentioned":
        return not answer.direct and bool(_DENIES.search(first))
    return not answer.direct and first.startswith("The Call to Action does not say")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    add_set_argument(parser, "silence")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env())
    cases = args.set.cases("silence")
    kinds = ("mentioned", "not mentioned", "does-not-settle")
    total = dict.fromkeys(kinds, 0)
    good = dict.fromkeys(kinds, 0)
    for case in cases:
        kind = kind_of(case)
        answer = assistant.ask(str(case["question"]))
        total[kind] += 1
        ok = right(kind, answer)
        good[kind] += ok
        if args.misses and not ok:
            print(f"  miss ({kind}): {case['question']!r} direct={answer.direct} "
                  f"status={answer.status}: {first_sentence(answer.text)[:160]!r}")
    retrieval = args.set.cases("retrieval")
    lost = [c["question"] for c in retrieval if not assistant.ask(c["question"]).direct]
    print(f"backend: {assistant.settings.llm}\n")
    print("| kind | right | of |\n|---|---|---|")
    for kind in kinds:
        print(f"| {kind} | {good[kind]} | {total[kind]} |")
    print(f"| all | {sum(good.values())} | {len(cases)} |")
    print(f"| retrieval questions not direct | {len(lost)} | {len(retrieval)} |")
    if args.misses:
        for question in lost:
            print(f"  not direct: {question!r}")
    if args.calibrate:
        answerer = assistant.answerer
        assert answerer.silence is not None
        retriever = assistant.retriever()
        for case in cases:
            subject = answerer.silence.subject(str(case["question"]))
            sims = retriever.similarities(subject.phrase) if subject.phrase else {}
            best = max(sims.items(), key=lambda kv: kv[1]) if sims else ("-", 0.0)
            print(f"  {kind_of(case):16} {best[1]:.3f} {best[0]:28} {subject.phrase!r}")


if __name__ == "__main__":
    main()
