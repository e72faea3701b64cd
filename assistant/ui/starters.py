"""What the chat offers a new user: a quick action per job, and whole example messages.

A quick action puts the start of a message in the chat box, for the user to finish (the
organisation, the draft, the policy); an example is a complete message, sent as written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class QuickAction:
    label: str  # the button
    text: str  # what it puts in the chat box

    def js(self) -> str:
        """Browser-side: fill the chat box and put the cursor at its end (no server round trip)."""
        return ("() => { setTimeout(() => { const box = document.querySelector('#question textarea');"
                " if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }"
                f" }}, 50); return {json.dumps(self.text)}; }}")


QUICK_ACTIONS = (
    QuickAction("Which pledges apply to us?", "Which pledges apply to us? We are "),
    QuickAction("Draft us a plan", "Draft us an action plan. We are "),
    QuickAction("Check a draft", "Check this draft: "),
    QuickAction("Assess our policy", "Assess our policy against the Call to Action: "),
)

JOB_EXAMPLES = [
    "We are a video-sharing app popular with teens. Which pledges apply to us?",
    "We're a helpline charity in Kenya. Draft us a plan.",
    "Check this draft: Companies must verify the age of every user (PS 1(b)).",
    "How does our policy measure up? We remove reported abuse material within 24 hours.",
]
