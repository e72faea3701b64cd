"""Look-alike characters folded onto ASCII, with a map back to the original offsets.

A model (or a forger) can write "Gοvernment 9(z)" with a Greek omicron, or
"Government 9（z）" with full-width brackets: the text looks like a reference but no
ASCII pattern sees it. ``fold_lookalikes`` applies Unicode NFKC (full-width forms,
ligatures, superscripts) and a table of the Greek and Cyrillic letters that look like
Latin ones, character by character, so that every character of the folded text can be
traced back to the character of the input it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Greek and Cyrillic letters drawn like Latin ones (Unicode's confusables, the common part).
# Greek and Cyrillic letters drawn like Latin ones (Unicode's confusables, the common part),
# then dashes and the minus sign, as "look-alike: ASCII" pairs.
_PAIRS = (
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX αa βB εe ιi κk νv οo ρp τt υu χx ϲc "
    "АA ВB ЕE ЅS ІI ЈJ КK МM НH ОO РP СC ТT ХX УY аa еe ѕs іi јj оo рp сc хx уy ԁd һh ԛq ԝw "
    "ℓl ıi \u2010- \u2011- \u2012- \u2013- \u2014- \u2212- \uff0d-"
)
_TABLE = str.maketrans({pair[0]: pair[1] for pair in _PAIRS.split()})
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")  # zero-width and soft hyphen
_KEEP = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")  # footnote markers: the reference parser reads them as such


@dataclass(frozen=True)
class Folded:
    text: str  # the folded text
    origin: tuple[int, ...]  # for each character of ``text``, its offset in the input

    def span(self, start: int, end: int, length: int) -> tuple[int, int]:
        """The input's (start, end) for the folded text's [start, end)."""
        begin = self.origin[start] if start < len(self.origin) else length
        finish = self.origin[end - 1] + 1 if 0 < end <= len(self.origin) else begin
        return begin, finish


def fold_lookalikes(text: str) -> Folded:
    """``text`` with look-alike letters, full-width forms and invisible characters folded."""
    if text.isascii():
        return Folded(text, tuple(range(len(text))))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        folded = (char if char.isascii() or char in _KEEP
                  else unicodedata.normalize("NFKC", char).translate(_TABLE))
        out.append(folded)
        origin.extend([index] * len(folded))
    return Folded("".join(out), tuple(origin))


def has_lookalikes(text: str) -> bool:
    return fold_lookalikes(text).text != text
