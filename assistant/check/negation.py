"""What a negation denies in one chunk of a text (words between punctuation, stemmed).

A cue ("not", "refuse to", "keep ... out of", "advise ... against", "undermine") denies the
first few content words after it, passing over who pledges, the framing and the duty
("Nothing in the Call to Action asks governments to criminalise ...") and words common in
the corpus; a cue that denies another ("avoid leaving children out of", "never to ignore")
asserts what follows: it denies only a hindering verb ("rarely hinder progress"). A list's
commas and those around a short aside do not end a chunk (``joined_lists``). The
vocabularies are [negation] in corpus/behaviour/contradictions.toml (check/contradiction_cues.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.check.contradiction_cues import ContradictionCues

_RELATIVES = frozenset({"that", "which", "who"})
# words that open a clause of its own after a comma, never a list's item or an aside
_OPENERS = frozenset({"but", "while", "yet", "which", "that", "so", "although", "though", "because",
                      "whereas", "instead", "rather", "however", "therefore", "they", "it", "we", "this",
                      "these", "those", "who", "when", "where", "if", "unless", "he", "she", "you", "i",
                      "there", "thus", "hence", "whilst", "since", "as", "not", "nor"})
_STOPS = re.compile(r"[.;:!?()\[\]\n]")
_ITEM = 3  # at most this many words in a list's item or a short aside


def joined_lists(text: str) -> str:
    """``text`` with the commas of a list ("victims, survivors and children") and around a short
    aside ("refuse, for now, to") taken out, so that a negation reaches across them; a comma
    before a clause of its own ("..., but", "..., they") stays."""
    pieces = text.split(",")
    if len(pieces) < 2:
        return text
    out, joined_last, aside = pieces[0], False, False
    for i, piece in enumerate(pieces[1:], start=1):
        whole = _STOPS.split(piece)[0]  # up to a stronger stop than a comma
        head = whole.split()
        first = head[0].lower() if head else ""
        item = bool(head) and first not in _OPENERS
        short = item and len(head) <= _ITEM and whole == piece and i + 1 < len(pieces)  # an aside, an item
        listed = item and any(w.lower() in ("and", "or") for w in head[1:_ITEM + 1])  # "Y and Z"
        # ", and carers" closing a list; the words after an aside ("refuse, for now, to")
        closing = (first in ("and", "or") and joined_last and len(head) > 1) or (aside and item)
        joined_last, aside = short or listed or closing, short
        out += (" " if joined_last else ",") + piece
    return out
_BY = frozenset({"with", "by"})  # "replace X with Y": Y is what it asserts
_DOUBLE = 3  # a cue among the first words after another is its double negation


def negated_places(cues: ContradictionCues, chunk: Sequence[str], raw: Sequence[str],
                   stop: frozenset[str], common: frozenset[str]) -> tuple[set[int], set[int]]:
    """The places a negation reaches in ``chunk`` (stems; ``raw``: the words as written), and
    the places of the cues' own words."""
    hidden = {i for s, e in cues.exceptions.spans(chunk) for i in range(s, e)}
    halts = [(s, e) for s, e in cues.halts.spans(chunk)
             if e < len(chunk) and raw[e].endswith("ing")]  # "stop collecting"
    stances = cues.stances.spans(chunk)  # "advise governments against": not the addressee
    hinders = [(s, e) for s, e in cues.hinders.spans(chunk)
               if not s or chunk[s - 1] not in _RELATIVES]  # not "threats that undermine"
    spans = [(s, e) for s, e in [*cues.negations.spans(chunk), *halts, *stances, *hinders]
             if not hidden.intersection(range(s, e))]
    passed = {i for s, e in cues.passes.spans(chunk) for i in range(s, e)}
    passed.update(i for s, e in cues.subjects.spans(chunk) if e < len(chunk) and (
        e in passed or chunk[e] in stop) for i in range(s, e))  # "... asks governments to"
    afters = {(s, e): [i for i in range(e, len(chunk)) if i not in passed][:cues.window] for s, e in spans}
    starts = {s: (s, e) for s, e in spans}
    inner: dict[tuple[int, int], tuple[int, int]] = {}  # a cue's double negation: the cue it denies
    for span, after in afters.items():
        inner.update((span, starts[i]) for i in after[:_DOUBLE][::-1] if i in starts and starts[i] != span)
    poles = sorted({p for pair in cues.opposites for p in pair.b.spans(chunk)})  # "waiting for", "weaken"
    reached: set[int] = set()
    cue_words: set[int] = set()
    for s, e in spans:
        # what "keep ... out of" holds inside is what it excludes: negated, not a cue
        inside = {i for i in range(s, e) if chunk[i] not in cues.negations.words
                  and (s, e) not in stances and (s, e) not in hinders and (s, e) not in inner.values()}
        cue_words.update(set(range(s, e)) - inside if (s, e) not in hinders else ())  # a verb says something
        if (s, e) in inner:  # "rarely hinder progress" denies hindering; "avoid leaving ... out" nothing
            denied = inner[(s, e)]
            reached.update(range(*denied) if denied in hinders else ())
            continue
        if (s, e) in inner.values():
            continue
        reached.update(i for i in inside if chunk[i] not in stop)
        content = [i for i in afters[(s, e)] if chunk[i] not in stop]
        # a word common in the corpus ("children") says little: the reach passes it
        rare = [i for i in content if chunk[i] not in common][:cues.reach]
        last = rare[-1] if rare else len(chunk)
        following = afters[(s, e)]
        poled = [p for p in poles if following and following[0] <= p[0] <= last]
        if poled and not _BY.intersection(chunk[e:poled[0][0]]):  # "instead of waiting for the
            # industry", "rather than keeping discussions in silos": only the waiting, the silos; not
            # "replace human oversight with fully automated", which denies the oversight
            reached.update(j for p in poled for j in range(*p) if chunk[j] not in stop)
            continue
        reached.update(i for i in content if rare and i <= rare[-1])
    return reached, cue_words
