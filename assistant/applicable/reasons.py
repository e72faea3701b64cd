"""Why a profile is treated as a sector, in a sentence or two (shown by `assistant applicable`)."""

from __future__ import annotations

from assistant.applicable.profile import SectorGuess
from assistant.domain.clauses import SECTOR_NAMES


def sector_reason(guess: SectorGuess, sector: str, given: bool, by_activity: bool = False) -> str:
    """One or two sentences saying why the profile is treated as ``sector``."""
    name = SECTOR_NAMES[sector].lower()
    if given:
        return f"Treated as {name} because that sector was chosen."
    if guess.sector is None or guess.head is None:
        why = ("its activities are closest to that sector's pledges" if by_activity
               else "nothing in it names a kind of organisation")
        return (f"The profile does not say what kind of organisation it is; treated as {name} "
                f"because {why}; use --sector to change it.")
    cue = f"'{guess.head.text}'"
    if by_activity and guess.sector != sector:
        usual = SECTOR_NAMES[guess.sector].lower()
        return (f"The profile names only {cue}, which usually means {usual}, but its activities fit "
                f"{name} better; treated as {name}; use --sector to change it.")
    if guess.ambiguous and guess.runner_up:
        other = SECTOR_NAMES[guess.runner_up].lower()
        return (f"The profile could be {name} or {other}; treated as {name} because {cue} "
                f"names the organisation itself; use --sector to change it.")
    if guess.ambiguous:
        return (f"The profile names its kind of organisation only loosely; treated as {name} "
                f"because {cue} usually means that sector; use --sector to change it.")
    reason = f"Treated as {name} because the profile names '{guess.phrase or guess.head.text}'"
    if guess.others:
        partners = ", ".join(f"'{h.text}'" for h in guess.others[:3])
        verb = "reads" if len(guess.others[:3]) == 1 else "read"
        reason += f"; {partners} {verb} as a partner or related body, not the organisation itself"
    return reason + "."
