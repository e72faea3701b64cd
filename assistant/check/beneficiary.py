"""Who a draft says a pledge serves: a clause for children, victims and survivors said to serve
offenders ("support services for perpetrators"), profit ("put profit ahead of child safety") or
to come at their cost ("at the expense of child safety"). The vocabulary is [beneficiary] in
corpus/behaviour/contradictions.toml."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.check.contradiction_cues import ContradictionCues, PhraseSet

_NOT_INTERESTS = frozenset({"non", "for"})  # "non-profit", "a for-profit company": a kind of body


def reversed_beneficiary(cues: ContradictionCues, chunks: Sequence[Sequence[str]], negated: frozenset[str],
                         clause: frozenset[str], stop: frozenset[str], surface: dict[str, str],
                         clause_surface: dict[str, str]) -> str:
    """The conflict's detail when the draft gives the clause's beneficiaries' place to others
    (chunks: the draft's stemmed words between punctuation; clause: the clause's stems; stop: stop
    words, which do not stand between a marker and whom it serves; surface: the words as written,
    by stem, in the draft and in the clause), else ""."""
    if not _names(cues.intended, clause) or _names(cues.others, clause) or _names(cues.interests, clause):
        return ""
    theirs = " ".join(clause_surface.get(w, w) for w in next(
        p for p in cues.intended.phrases if set(p.split()) <= clause).split())

    def said(stems: Sequence[str]) -> str:
        return f"the draft says {' '.join(surface.get(w, w) for w in stems)}; the clause says {theirs}"

    for chunk in chunks:
        serving = {f - 1 for _, f in cues.serving.spans(chunk)}  # where a marker ends
        costing = {i for _, f in [*cues.costing.spans(chunk), *cues.ahead.spans(chunk)]
                   for i in range(f, f + 3)}  # what is put second
        for s, e in cues.others.spans(chunk):  # "for offenders", "protect known predators"
            if (s - 1 in serving or (s - 2 in serving and chunk[s - 1] not in stop)) and not (
                    negated.intersection(chunk[s:e]) or s in costing):
                return said(chunk[max(0, s - 1):e])
        for s, e in cues.interests.spans(chunk):  # "profit ahead of", "commercial interests"
            if not (negated.intersection(chunk[s:e]) or s in costing
                    or (s and chunk[s - 1] in _NOT_INTERESTS)):
                return said(chunk[s:e])
        for _, e in cues.costing.spans(chunk):  # "at the expense of child safety"
            if any(b <= 2 for b, _ in cues.intended.spans(chunk[e:e + 4])):
                return said(chunk[max(0, e - 4):e + 2])
    return ""


def _names(phrases: PhraseSet, stems: frozenset[str]) -> bool:
    return any(set(p.split()) <= stems for p in phrases.phrases)
