"""Planning from an assessment (`assistant plan --from-assessment F`): the gaps first.

``F`` is what `assistant assess --json` wrote. Its pledges become an applicability result
the planner already knows how to plan, ordered missing, then partial, then covered, so that
the plan's sections and items put what the document lacks first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.applicable.applicability import Assessment, Pledge
from assistant.corpus.crosswalk import Crosswalk
from assistant.corpus.loader import Corpus
from assistant.corpus.readers import read_text
from assistant.domain.clauses import SECTOR_NAMES, require_sector
from assistant.errors import BadInput

ORDER = {"missing": 0, "partial": 1, "covered": 2}
SCORES = {"missing": 1.0, "partial": 0.9, "covered": 0.3}  # the planner keeps pledges near the best


def read_assessment(path: Path) -> dict[str, Any]:
    """The JSON `assistant assess --json` wrote to ``path``, checked for its shape."""
    text = read_text(path, "the JSON file `assistant assess --json` wrote")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise BadInput(f"{path} is not JSON; give the file `assistant assess --json > F` wrote.") from None
    if not (isinstance(data, dict) and isinstance(data.get("pledges"), list) and data.get("sector")):
        raise BadInput(f"{path} is not an assessment; give the file `assistant assess --json > F` wrote.")
    return data


def gaps_first(data: dict[str, Any], corpus: Corpus, crosswalk: Crosswalk) -> Assessment:
    """The assessed pledges as an applicability result: missing, then partial, then covered."""
    sector = require_sector(str(data["sector"]))
    if sector is None:
        raise BadInput("The assessment names no sector; assess the document again.")
    pledges: list[tuple[int, int, Pledge]] = []
    for entry in data["pledges"]:
        status = entry.get("status") if isinstance(entry, dict) else None
        clause = corpus.get(str(entry.get("id", ""))) if isinstance(entry, dict) else None
        if clause is None or status not in ORDER:
            raise BadInput("The assessment has a pledge with an unknown id or status; assess the "
                           "document again with `assistant assess --json`.")
        reason = f"The assessed document: {status}. {entry.get('reason', '')}".strip()
        pledges.append((ORDER[status], len(pledges), Pledge(
            clause, SCORES[status], reason, crosswalk.links(clause.id) + crosswalk.others(clause.id))))
    ordered = tuple(p for *_, p in sorted(pledges, key=lambda item: (item[0], item[1])))
    profile = str(data.get("profile") or f"the {SECTOR_NAMES[sector].lower()} organisation assessed")
    return Assessment(profile, sector, "From the assessment of its own document.", False, "", ordered)
