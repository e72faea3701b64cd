"""How long `assistant check` takes on a 100-page draft, with the real MiniLM model.

    python -m eval.speed.check_speed [--pages 100] [--keep]

Generates a draft of about 30 sentences a page (so ~3,000 sentences for 100 pages)
in a temporary folder (kept in eval/out/ with --keep; never committed): mostly
ordinary prose, with a share of cited sentences and of pledge statements without
a citation, as real national action plans mix them. Prints the time to load the
model and the time to check the draft, through the same code the CLI uses.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from assistant.config import Settings
from assistant.core import Assistant
from assistant.corpus.readers import read_draft
from assistant.text.sentences import split_sentences

OUT = Path(__file__).resolve().parents[1] / "out"  # eval/out/, never committed
SENTENCES_PER_PAGE = 30

PROSE = [
    "The {body} met {n} times during the reporting period to review progress.",
    "Section {n} describes the consultation process and the stakeholders who took part.",
    "Budget figures for {year} are set out in the annex and remain provisional.",
    "The working group agreed its terms of reference and a timetable for the next phase.",
    "Regional workshops gathered views from practitioners, teachers and health workers.",
    "This chapter summarises the situation analysis carried out by the {body}.",
    "Data from the national statistics office were used where they were available.",
    "A steering committee chaired by the {body} oversees the implementation of this plan.",
    "The indicators in Table {n} will be reviewed at the mid-term evaluation.",
    "Further detail is provided in the technical appendix to this document.",
]
CITED = [
    "Governments pledge to criminalise AI-generated abuse and financially motivated sextortion (Gov 3b).",
    "The ministry will ratify the Lanzarote Convention or pass equivalent legislation [Gov 1b].",
    "Companies will involve safety experts at the ideation stage of new products (PS 1(c)).",
    "Payment platforms and banks will address risks such as sextortion (PS 2.c).",
    "Civil society will continue research on the prevalence of online abuse (CS 2a).",
    "Members will report progress to the Alliance every two years (Overarching commitment 4).",
    "A national hotline lets the public report abuse material found online (MNR 12).",
    "Parents and caregivers will be supported through home visits (INSPIRE strategy 4).",
    "Governments will raise public awareness of the prevalence of abuse (Gov 2b).",
    "Industry will use human-led AI responses to match the scale of online threats (PS 4b).",
    "Governments will fund specialist victim services (Gov 8a).",
    "Companies are not expected to comply with new child safety laws (PS 5a).",
]
PLEDGES = [
    "Governments must strengthen child protection systems in every region.",
    "Companies will share best practice with regulators and civil society.",
    "Civil society organisations will educate the public about online risks.",
    "The Call to Action asks members to involve survivors in policy development.",
]


REGIONS = ["the capital region", "the northern provinces", "coastal districts", "rural areas",
           "border towns", "the eastern region", "island communities", "urban centres"]
LEADS = ["In {region}, ", "From {year}, ", "Under this plan, ", "As a priority, ", "By the end of {year}, ",
         "Working with local partners in {region}, ", "", "", ""]


def _vary(sentence: str, rng: random.Random) -> str:
    """Every generated sentence differs, so the model really embeds ~3,000 of them."""
    lead = rng.choice(LEADS).format(region=rng.choice(REGIONS), year=rng.randint(2025, 2030))
    if lead:
        sentence = lead + sentence[0].lower() + sentence[1:]
    return sentence.replace(" will ", f" will{rng.choice(['', ' also', ' progressively', ' jointly'])} ", 1)


def generate(pages: int, seed: int = 2024) -> str:
    rng = random.Random(seed)
    paragraphs: list[str] = []
    for page in range(1, pages + 1):
        paragraphs.append(f"## Page {page}")
        sentences: list[str] = []
        for _ in range(SENTENCES_PER_PAGE):
            roll = rng.random()
            if roll < 0.25:
                sentences.append(_vary(rng.choice(CITED), rng))
            elif roll < 0.32:
                sentences.append(_vary(rng.choice(PLEDGES), rng))
            else:
                sentences.append(rng.choice(PROSE).format(
                    body=rng.choice(["ministry", "task force", "national council"]),
                    n=rng.randint(2, 12), year=rng.choice([2025, 2026, 2027])))
        for start in range(0, len(sentences), 5):
            paragraphs.append(" ".join(sentences[start:start + 5]))
    return "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="Keep the draft in eval/out/.")
    args = parser.parse_args()
    folder = OUT if args.keep else Path(tempfile.mkdtemp(prefix="check-speed-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"draft-{args.pages}-pages.md"
    path.write_text(generate(args.pages), encoding="utf-8")

    assistant = Assistant(Settings.from_env())
    started = time.perf_counter()
    assistant.embedder.embed(["warm-up"])
    checker = assistant.checker
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    draft = read_draft(path)
    report = checker.check(draft.text, draft.paragraph_lines)
    elapsed = time.perf_counter() - started

    sentences = len(split_sentences(draft.text).sentences)
    counts = report.counts()
    print(f"draft: {args.pages} pages, {sentences:,} sentences, {len(draft.text):,} characters ({path})")
    print(f"model and checker loaded in {loaded:.1f} s")
    print(f"checked in {elapsed:.2f} s: {len(report.results):,} citations "
          f"({counts['supported']:,} supported, {counts['unsupported']:,} unsupported, "
          f"{counts['unknown']:,} unknown), {counts['uncited']:,} uncited pledge statements")
    if not args.keep:
        path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
