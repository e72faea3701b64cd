"""The three sectors of the Call to Action: ids, names, how the source and the answers name them.

The one place for the sectors' fixed words. Cue phrases that say which sector a question or
a profile is about are data, in corpus/behaviour/sectors.toml (read by search/query.py).
"""

from __future__ import annotations

import re

SECTORS: tuple[str, ...] = ("government", "private_sector", "civil_society")
SECTOR_NAMES: dict[str, str] = {
    "government": "Government",
    "private_sector": "Private sector",
    "civil_society": "Civil society",
}
# Who pledges, as answers say it: "Under Government 3(b), governments pledge to: …"
SECTOR_ACTORS: dict[str, str] = {
    "government": "governments",
    "private_sector": "private sector members (companies)",
    "civil_society": "civil society organisations",
}
# The Call to Action's own headings (lower-cased) that open each sector's pledges.
SECTOR_HEADINGS: dict[str, str] = {
    "government delegates pledge to:": "government",
    "private sector delegates pledge to:": "private_sector",
    "civil society delegates pledge to:": "civil_society",
}
# What a pledge sits under, indexed with it (so "what must governments do" finds it).
SECTOR_LEADS: dict[str, str] = {
    "government": "Government delegates (governments) pledge to:",
    "private_sector": "Private sector delegates (companies, industry) pledge to:",
    "civil_society": "Civil society delegates (civil society organisations) pledge to:",
}
# Short forms accepted by the --sector option.
SECTOR_ALIASES: dict[str, str] = {
    "gov": "government", "govt": "government", "ps": "private_sector",
    "private": "private_sector", "industry": "private_sector",
    "cs": "civil_society", "civil": "civil_society", "ngo": "civil_society",
}


def require_sector(value: str | None) -> str | None:
    """A sector option: None when empty, the normalised key, or BadInput naming the choices."""
    if value is None or not value.strip():
        return None
    normal = normalise_sector(value)
    if normal is None:
        from assistant.errors import BadInput

        raise BadInput(f"Unknown sector '{value}'; use one of: {', '.join(SECTORS)}.")
    return normal


def normalise_sector(value: str | None) -> str | None:
    """Accept 'government', 'Private sector', 'private-sector', 'civil_society'…"""
    if value is None or not value.strip():
        return None
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    key = SECTOR_ALIASES.get(key, key)
    return key if key in SECTORS else None
