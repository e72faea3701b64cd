"""Text normalisation shared by BM25, query understanding and citation checks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")

# Function words that carry no meaning for retrieval. Kept short on purpose:
# words such as "not", "only" and "all" matter to policy text.
STOPWORDS = frozenset(
    [
        "a", "about", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can",
        "could", "do", "does", "did", "for", "from", "has", "have", "had", "he", "her", "his",
        "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
        "ours", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
        "they", "this", "those", "to", "us", "was", "we", "were", "what", "when", "where",
        "which", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "i'm",
        "we're", "it's", "should", "shall", "must", "may", "might", "also", "any", "some",
        "such"
    ]
)


def require_text(text: str, what: str = "The input") -> str:
    """Refuse text that is not valid Unicode (undecodable bytes arrive as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        from assistant.errors import BadInput

        raise BadInput(f"{what} contains bytes that are not valid UTF-8 text; re-type it or "
                       "save the file as UTF-8.") from None
    return text


LONGEST_WORD = 45  # letters: a longer run of letters is no word of a language written with spaces
RUN_TOGETHER = 1_000  # letters with no break at all: not a word, nor a sentence of any script


def require_words(text: str, what: str = "The input") -> str:
    """Refuse text whose letters are all run together (one 60,000-letter "word"): there is
    nothing to read, so no result would mean anything. A text with no letters at all, or a
    script written without spaces, is left to the stage that reads it."""
    runs = [len(w) for w in re.findall(r"[^\W\d_]+", text)]
    if runs and max(runs) >= RUN_TOGETHER and not any(n <= LONGEST_WORD for n in runs):
        from assistant.errors import BadInput

        raise BadInput(f"{what} has no words to read, only letters run together; give the text of a "
                       "plan, policy or draft.")
    return text


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Café' and 'cafe' compare equal."""
    if text.isascii():  # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """All alphanumeric words of ``text``, folded."""
    return _WORD.findall(fold(text))


_BRITISH_ISE = re.compile(r"(\w{3,})is(e|es|ed|ing|ation|ations)$")
_BRITISH_OUR = re.compile(r"(\w{2,})our(s|ed|ing|ite|able)?$")
# No English word is longer; a longer "word" (a pasted hash, a run of one letter) is kept as
# it is, so that stemming, whose patterns and Snowball's steps are quadratic in the length of
# one word, never sees it.
MAX_WORD = 64


def stem(word: str) -> str:
    """Snowball stem, with British -ise/-our spellings folded onto American ones."""
    return word if len(word) > MAX_WORD else _stem(word)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    word = _BRITISH_ISE.sub(r"\1iz\2", word)
    word = _BRITISH_OUR.sub(r"\1or\2", word)
    return str(_STEMMER.stemWord(word))


def tokens(text: str) -> list[str]:
    """Stemmed content words: the unit BM25 and term overlap work on."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def stems(items: Iterable[str]) -> list[str]:
    return [stem(w) for w in items]
