"""Text folding for the whole engine: case, punctuation, accents, qualifiers, tokens and stems."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_SEPARATORS = re.compile(r"[^\w+#]+|_")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_WORD = re.compile(r"[\w+#]+")


def fold(text: str) -> str:
    """Lower-cased, punctuation turned into single spaces; keeps + and # for C++ and C#."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def strip_accents(text: str) -> str:
    """'ä' -> 'a', 'å' -> 'a'; enough for English, Finnish and Swedish."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def loose(text: str) -> str:
    """A key that also ignores accents and spaces: 'Java script' and 'javascript' meet here."""
    return strip_accents(fold(text)).replace(" ", "")


def strip_qualifier(label: str) -> str:
    """'Python (computer programming)' -> 'Python'; labels without a qualifier stay as they are."""
    stripped = _QUALIFIER.sub("", label).strip()
    return stripped or label


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def edit_similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length, where a swap of two neighbours counts as one edit."""
    longest = max(len(a), len(b))
    if not longest:
        return 1.0
    if abs(len(a) - len(b)) > 3 or longest > 80:
        return 0.0  # too far apart to be a slip of the keyboard
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        before, previous = previous, current
    return 1.0 - previous[-1] / longest


# Function words and the filler job ads wrap skills in; they say nothing about which skill is meant.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s",
    "ly", "al", "ive", "ity",
)  # fmt: skip


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer: 'collaborations' and 'collaborate' meet at 'collabor'."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Stemmed content words, the unit of skill suggestion."""
    return [stem(word) for word in fold(text).split() if word not in STOP_WORDS]


_SNOWBALL = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """The Snowball (Porter2) English stem: 'analyses' and 'analysing' meet at 'analys'."""
    if len(word) <= 3 or not word.isalpha():
        return word  # "sql", "c++", "3d", "node.js" stay as typed
    stemmer = getattr(_SNOWBALL, "english", None)
    if stemmer is None:
        stemmer = _SNOWBALL.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def english_terms(text: str) -> list[str]:
    """Content words with their Snowball English stems; `terms` with a real stemmer."""
    return [english_stem(word) for word in fold(text).split() if word not in STOP_WORDS]


_TOKEN_WORD = re.compile(r"\w\w+")
# Latin letters with diacritics -> base letters, so "työ" and "tyo" meet; one str.translate call
_FOLD = {
    code: unicodedata.normalize("NFKD", chr(code))[0]
    for code in range(0xC0, 0x250)
    if unicodedata.normalize("NFKD", chr(code)) != chr(code)
}


def tokens(text: str) -> list[str]:
    """Folded words (stop words out) and their bigrams; every vocabulary here speaks these."""
    found = [w for w in _TOKEN_WORD.findall(text.lower().translate(_FOLD)) if w not in STOP_WORDS]
    return found + [f"{a} {b}" for a, b in zip(found, found[1:])]  # noqa: B905
