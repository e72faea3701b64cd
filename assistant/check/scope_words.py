"""Scope a draft sets and its cited clause does not ("all", "every form of", "only"), for
check/claims.py. Its vocabulary is the [scope] section of corpus/behaviour/claims.toml."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.check.claim_terms import ClaimTerms
from assistant.check.claim_words import Background, Words, named
from assistant.text.normalise import STOPWORDS

_PREPOSITIONS = frozenset({"across", "among", "amongst", "within", "throughout", "between", "into",
                           "onto", "upon", "toward", "towards", "around", "beyond", "via", "including",
                           "such", "like", "per", "against", "along", "amid"})
_PLACES = frozenset({"in", "at", "on", "across", "throughout", "over", "for", "within", "into"})
_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "our", "your", "his", "her", "this", "that"})


def wider(words: Words, background: Background, terms: ClaimTerms, actors: Sequence[int],
          shared: bool) -> list[tuple[str, str]]:
    """Each widening the clause does not carry: the draft's words and the clause's alternative
    ("or implement similar legislation") when it offers one. ``actors``: where an actor starts in
    the draft; ``shared``: the clause is every member's commitment, so "only governments" narrows it."""
    out = []
    stems = words.stems
    exclusives = words.find(terms.exclusive)
    for s, e in sorted(words.find(terms.universal) + exclusives):
        phrase = stems[s:e]
        after = stems[e] if e < len(stems) else ""
        exclusive = (s, e) in exclusives
        following = [w for w in stems[e:e + 3] if w not in STOPWORDS][:1]
        if exclusive and s and stems[s - 1] == "not":
            continue  # "not only governments but all members" widens nothing
        if named(phrase, background) or (after in terms.kinds and terms.kinds & set(background.words.stems)):
            continue  # "every kind of violence" of a clause on "all forms of violence"
        widens = (_kind_of(stems, e, terms, background.words.stems) or _whole_of_place(stems, s, e, terms)
                  or (not exclusive and _other_head(stems, e, background.words.stems, terms)))
        if not widens and (
                after in terms.not_after or after.isdigit() or (e in actors and not (exclusive and shared))
                or (not exclusive and following and following[0] in background.words.stems
                    and not _narrowed(following[0], background.words.stems, stems))):
            continue  # "every new product" of a clause on "new development" widens nothing
        alternative = ""
        clause = background.words.stems
        ors = [i for i, w in enumerate(clause) if w == "or" and (not i or clause[i - 1] != "and")]
        if exclusive and ors:  # an alternative the clause offers ("or implement ..."), not "and/or"
            alternative = background.words.quote(ors[0], ors[0] + 4)
        joined = e - s == 1 and e < len(words.spans) and not re.search(
            r"[^\w\s'-]", words.text[words.spans[e - 1][1]:words.spans[e][0]])
        out.append((words.quote(s, e + joined), alternative))
    return out


def _kind_of(stems: Sequence[str], end: int, terms: ClaimTerms, clause: Sequence[str]) -> bool:
    """"every form of X", "all kinds of X": every variety of what the clause names, unless the
    clause itself speaks of its forms or kinds ("all forms of violence")."""
    return (end + 1 < len(stems) and stems[end] in terms.kinds and stems[end + 1] == "of"
            and not terms.kinds.intersection(clause))


def _whole_of_place(stems: Sequence[str], start: int, end: int, terms: ClaimTerms) -> bool:
    """"in the whole company", "across the entire sector": a whole the clause does not set."""
    if not set(stems[start:end]) <= terms.whole:
        return False
    at = start - 1
    while at >= 0 and stems[at] in _DETERMINERS:
        at -= 1
    return at >= 0 and stems[at] in _PLACES | _PREPOSITIONS


def _other_head(stems: Sequence[str], end: int, clause: Sequence[str], terms: ClaimTerms) -> bool:
    """"all AI-generated content" of a clause on "AI-generated abuse": the words after the
    quantifier start as the clause's do, then end on a broader head noun the clause does not use."""
    run = []
    for w in stems[end:end + 5]:
        if w in STOPWORDS or w in _PREPOSITIONS:
            break
        run.append(w)
    if len(run) < 2 or run[0] not in clause:
        return False
    head = run[-1]
    return head in terms.broad and head not in clause


def _narrowed(word: str, clause: Sequence[str], draft: Sequence[str]) -> bool:
    """Whether the clause names only a kind of ``word`` ("the ideation stage"), by a word right
    before it that the draft does not put there: then "every stage" widens it."""
    before = {clause[i - 1] for i, w in enumerate(clause) if w == word and i}
    if not before or any(b in STOPWORDS or b in _PREPOSITIONS for b in before):
        return False
    in_draft = {draft[i - 1] for i, w in enumerate(draft) if w == word and i}
    return not before & in_draft
