"""Inputs for eval/speed/bench.py and load.py: realistic queries, drafts to check, and generated corpora.

The generated corpora imitate national action plans, company child-safety policies and
NGO strategies: each section says who will do what about which topic, under a heading.
They exist only in memory and in temporary stores; nothing here is written to the repo.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from itertools import product

from assistant.domain.clauses import Clause
from eval.registry import get

TOPICS = [
    ("Legislation", "the legal framework on child sexual abuse material, grooming and sextortion"),
    ("Hotline", "a national hotline for reporting child sexual abuse material"),
    ("Victim support", "specialist support services for children and survivors"),
    ("Law enforcement", "specialist online child exploitation units with trained investigators"),
    ("Education", "online safety education in primary and secondary schools"),
    ("Offender prevention", "prevention programmes for people at risk of offending"),
    ("Safety by design", "safety-by-design reviews of new products and features"),
    ("Age assurance", "age assurance for services likely to be accessed by children"),
    ("Research", "research on the prevalence of online abuse and exploitation"),
    ("AI-generated material", "the detection of AI-generated child sexual abuse material"),
    ("Financial sextortion", "action against financially motivated sextortion with payment providers"),
    ("Helplines", "child helplines that answer calls and chats every day"),
    ("Awareness", "public awareness campaigns for parents and caregivers"),
    ("Transparency", "voluntary transparency reporting by online platforms"),
    ("International cooperation", "cross-border cooperation with regional and international partners"),
    ("Justice", "child-friendly justice procedures in courts"),
    ("Health", "training for health workers to recognise signs of abuse"),
    ("Social services", "case management by child protection social workers"),
    ("Survivor participation", "the participation of survivors in policy development"),
    ("Hash matching", "hash matching to remove known abuse images"),
    ("Livestreaming", "the detection of live-streamed abuse"),
    ("Travel and tourism", "the prevention of child sexual exploitation in travel and tourism"),
    ("Funding", "multi-year funding for child protection services"),
    ("Monitoring", "monitoring and evaluation against agreed indicators"),
    ("Workforce", "vetting and training of people who work with children"),
    ("Encryption", "child safety measures in end-to-end encrypted services"),
    ("Gaming", "safety features in online games and chat"),
    ("Reporting tools", "reporting tools that children can find and use"),
    ("Inclusion", "digital literacy for children with disabilities"),
    ("Coordination", "a national coordination body across ministries"),
]
ACTORS = {
    "government": ["The Ministry of Justice", "The Ministry of Education", "The Ministry of Health",
                   "The Ministry of the Interior", "The national police", "The communications regulator",
                   "The Ministry of Social Affairs", "The public prosecutor", "The statistics office",
                   "The data protection authority"],
    "private_sector": ["The company", "Our trust and safety team", "The platform", "Our payments division",
                       "The product team", "Our legal team", "The content moderation team"],
    "civil_society": ["The network", "Our helpline", "The foundation", "Our outreach team",
                      "The research unit", "Our survivor advisory group"],
}
ACTIONS = ["will establish", "will strengthen", "will fund", "will review", "will expand", "will pilot",
           "will evaluate", "will publish guidance on", "will train staff on", "will coordinate",
           "will monitor", "will introduce"]
QUALIFIERS = ["by the end of the plan period", "in every region", "in partnership with civil society",
              "with the input of survivors", "in line with the Model National Response",
              "with a dedicated budget", "within two years", "as a matter of priority",
              "in rural and remote areas", "for children under thirteen", "and report on progress every year",
              "with independent oversight"]
KINDS = [("government", "National action plan {n:04d} on child sexual exploitation and abuse online", 0.6),
         ("private_sector", "Child safety policy {n:04d}", 0.25),
         ("civil_society", "Child protection strategy {n:04d}", 0.15)]
SECTIONS_PER_PLAN = 40


@dataclass(frozen=True)
class Generated:
    """Generated clauses; ``base[i]`` is the index in ``texts`` whose vector clause i uses."""

    clauses: list[Clause]
    texts: list[str]  # the unique texts, embedded for real
    base: list[int]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def generate(count: int, unique: int, seed: int = 7) -> Generated:
    """``count`` plan sections whose texts are drawn from ``unique`` distinct sentences."""
    rng = random.Random(seed)
    combos: dict[str, list[tuple[int, str]]] = {}
    for sector, actors in ACTORS.items():
        every = list(product(range(len(TOPICS)), actors, ACTIONS, QUALIFIERS))
        share = next(w for s, _, w in KINDS if s == sector)
        picked = rng.sample(every, min(len(every), max(1, round(unique * share))))
        combos[sector] = [(t, f"{a} {act} {TOPICS[t][1]} {q}.") for t, a, act, q in picked]
    texts, offset = [], {}
    for sector, items in combos.items():
        offset[sector] = len(texts)
        texts.extend(text for _, text in items)
    clauses, base, used = [], [], dict.fromkeys(combos, 0)
    plan = 0
    while len(clauses) < count:
        plan += 1
        sector, title, _ = rng.choices(KINDS, weights=[w for *_, w in KINDS])[0]
        title = title.format(n=plan)
        for section in range(1, SECTIONS_PER_PLAN + 1):
            if len(clauses) >= count:
                break
            n = used[sector] % len(combos[sector])
            used[sector] += 1
            topic, text = combos[sector][n]
            heading = TOPICS[topic][0]
            clauses.append(Clause(
                id=f"doc.plan-{plan:05d}.{section}-{_slug(heading)}", label=f"{title}, section {section}",
                text=text, source=title, sector=sector, kind="section",
                context=f"{title}. {section}. {heading}"))
            base.append(offset[sector] + n)
    return Generated(clauses, texts, base)


def questions(n: int) -> list[str]:
    """Users' questions (the own set's retrieval.jsonl), then organisation profiles, up to ``n``."""
    items = [str(c["question"]) for c in get("own").cases("retrieval")]
    items += [f"what should {c['profile']} do?" for c in get("own").cases("profiles")]
    return (items * (n // len(items) + 1))[:n]


def profiles(n: int) -> list[str]:
    items = [str(c["profile"]) for c in get("own").cases("profiles")]
    return (items * (n // len(items) + 1))[:n]


def drafts(n: int, seed: int = 3) -> list[str]:
    """Paragraph-size drafts of 3-4 cited sentences (the own set's citations.jsonl, all kinds of case)."""
    rng = random.Random(seed)
    cited = [str(c["text"]) for c in get("own").cases("citations") if len(c["expect"]) == 1]  # type: ignore[arg-type]
    return [" ".join(rng.sample(cited, rng.choice((3, 4)))) for _ in range(n)]
