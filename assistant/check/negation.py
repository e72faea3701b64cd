"""What a negation denies in one chunk of a text (words between punctuation, stemmed).

A cue ("not", "refuse to", "keep ... out of", "advise ... against", "undermine") denies the
first few content words after it, passing over who pledges, the framing and the duty
("Nothing in the Call to Action asks governments to criminalise ...") and words common in
the corpus; a cue that denies another ("avoid leaving children out of", "never to ignore")
asserts what follows: it denies only a hindering verb ("rarely hinder progress"). The
vocabularies are [negation] in corpus/behaviour/contradictions.toml (check/contradiction_cues.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.check.contradiction_cues import ContradictionCues

_RELATIVES = frozenset({"that", "which", "who"})
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
        reached.update(i for i in content if rare and i <= rare[-1])
    return reached, cue_words
