"""Plan quality: how much of each action plan is boilerplate, across varied organisations.

    python -m eval.quality.plans [--show]

For each profile below (written as users describe themselves, not tuned on), the plan
is built as `assistant plan PROFILE --json` builds it and counted:
- items: the plan's items;
- boilerplate: items that defer the pledge ("review later", "at the next review",
  "agree who leads") instead of planning it;
- supports: items the organisation supports rather than leads (its kind does not lead the
  pledge: a police unit does not ratify the Lanzarote Convention, it helps the ministry);
- lead org.: items asking to "name the lead organisation" (meaningless inside one);
- twins: whether Private sector 1(a) and 1(f), one text, appear as two items;
- deferred: government pledges a national plan cannot skip (Lanzarote, Gov 1(b);
  CRC compliance, Gov 3(c)) left to review instead of planned.
The title is printed so that how the organisation is named can be read at a glance.
"""

from __future__ import annotations

import argparse
import re

from assistant.config import Settings
from assistant.core import Assistant

PROFILES = (
    "Mid-size video-sharing platform popular with teenagers in Europe and Latin America, with a "
    "trust and safety team of 60",
    "A payments company processing card and wallet transactions for merchants in 30 countries",
    "We are a helpline charity in Kenya offering free counselling to children by phone and chat",
    "Ministry of Justice of a small island state drafting its first online child protection law",
    "The national online safety regulator, with powers to issue codes and fine platforms",
    "A police unit investigating online child sexual exploitation, with 25 officers",
    "Cloud storage provider for small businesses",
    "A trade association of internet service providers in Southeast Asia",
    "University research centre studying children's online experiences",
    "Faith-based NGO running community prevention programmes in rural Uganda",
    "Department for education of a federal state, responsible for schools",
    "Survivor-led network campaigning for better support for victims of online abuse",
)
_DEFER = re.compile(r"review later|next review|to review|agree who leads", re.I)
_LEAD = re.compile(r"lead organisation", re.I)
_NATIONAL = ("cta.government.1.b", "cta.government.3.c")


def count(plan: dict[str, object]) -> dict[str, int]:
    pairs = [(str(s["heading"]), i) for s in plan["sections"] for i in s["items"]]  # type: ignore[attr-defined]
    texts = [str(i["text"]) for _, i in pairs]
    firsts = [i["citations"][0] for _, i in pairs]
    twins = int("cta.private_sector.1.a" in firsts and "cta.private_sector.1.f" in firsts)
    deferred = sum(1 for heading, i in pairs if i["citations"][0] in _NATIONAL
                   and (_DEFER.search(heading) or _DEFER.search(str(i["text"]))))
    return {"items": len(pairs), "supports": sum(1 for _, i in pairs if i.get("role") == "support"),
            "boilerplate": sum(1 for t in texts if _DEFER.search(t)),
            "lead org.": sum(1 for t in texts if _LEAD.search(t)), "twins": twins, "deferred": deferred}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--show", action="store_true", help="Print each item's first words too.")
    args = parser.parse_args()
    planner = Assistant(Settings.from_env()).planner
    keys = ("items", "supports", "boilerplate", "lead org.", "twins", "deferred")
    totals = dict.fromkeys(keys, 0)
    print("| profile | title | kind | " + " | ".join(keys) + " |\n|---|---|---|" + "---|" * len(keys))
    for profile in PROFILES:
        built = planner.plan(profile)
        plan = built.to_json()  # as `assistant plan --json` prints it, with each item's role
        for section, made in zip(plan["sections"], built.sections, strict=True):
            for item, own in zip(section["items"], made.items, strict=True):
                item["role"] = own.role
        plan["kind"] = built.kind
        counts = count(plan)
        for key in keys:
            totals[key] += counts[key]
        cells = [f"{profile[:40]}…", plan["title"], plan.get("kind", "")] + [str(counts[k]) for k in keys]
        print("| " + " | ".join(cells) + " |")
        if args.show:
            for section in plan["sections"]:
                for item in section["items"]:
                    print(f"    [{section['heading'][:20]}] {item['citations'][0]}: {item['text'][:110]}")
    print(f"| **all {len(PROFILES)}** | | | " + " | ".join(str(totals[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()
