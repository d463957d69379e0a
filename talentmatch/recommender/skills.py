"""ESCO skills from what people type (any case, language, qualifier, one typo) and from text."""

from __future__ import annotations

import itertools

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.taxonomy import Taxonomy
from talentmatch.recommender.text import (
    edit_similarity,
    fold,
    loose,
    strip_accents,
    strip_qualifier,
    words,
)
from talentmatch.recommender.types import SkillRef

# Confidence by how a label was found; a caller trusts anything at or above RESOLVE_CONFIDENCE.
PREFERRED, ALTERNATIVE = 1.0, 0.97
LOOSE_PENALTY = 0.03  # accents or spaces differ
QUALIFIER_PENALTY = 0.07  # "Python" for "Python (computer programming)"
FUZZY_SCALE = 0.9  # a typo is never as sure as an exact label
MIN_CONFIDENCE = 0.65
RESOLVE_CONFIDENCE = 0.7
WORD_CANDIDATES = 6  # spellings tried per unknown word
MIN_WORD_SIMILARITY = 0.6
MAX_SPELLINGS = 64  # combinations of corrected words looked up
MAX_FUZZY_WORDS = 8
MAX_LABEL_CHARS = 200


class SkillNormaliser:
    """Exact label lookups first, then a character n-gram search checked by edit distance."""

    def __init__(
        self,
        uris: tuple[str, ...],
        labels: dict[str, tuple[str, ...]],
        by_key: dict[str, dict[int, float]],
        by_loose: dict[str, dict[int, float]],
        vocabulary: list[str],
        spelling_vectorizer: TfidfVectorizer,
        spelling_index: sparse.csr_matrix,
        popularity: np.ndarray,
        suggester: SkillSuggester,
    ) -> None:
        self.uris = uris
        self._labels = labels
        self._by_key = by_key
        self._by_loose = by_loose
        self._vocabulary = vocabulary
        self._known_words = frozenset(vocabulary)
        self._spelling_vectorizer = spelling_vectorizer
        self._spelling_index = spelling_index  # features x words: a query touches its n-grams only
        self._popularity = popularity
        self._suggester = suggester
        self.index = {uri: position for position, uri in enumerate(uris)}

    @classmethod
    def build(cls, taxonomy: Taxonomy) -> SkillNormaliser:
        by_key: dict[str, dict[int, float]] = {}
        by_loose: dict[str, dict[int, float]] = {}

        def add(table: dict[str, dict[int, float]], key: str, position: int, score: float) -> None:
            if key:
                found = table.setdefault(key, {})
                found[position] = max(found.get(position, 0.0), score)

        for position, skill in enumerate(taxonomy.skills):
            preferred = {skill.label_en, skill.label_fi, skill.label_sv}
            for label in skill.labels:
                score = PREFERRED if label in preferred else ALTERNATIVE
                add(by_key, fold(label), position, score)
                add(by_loose, loose(label), position, score - LOOSE_PENALTY)
                bare = strip_qualifier(label)
                if bare != label:
                    add(by_key, fold(bare), position, score - QUALIFIER_PENALTY)
                    add(by_loose, loose(bare), position, score - QUALIFIER_PENALTY - LOOSE_PENALTY)
        vocabulary = sorted({word for key in by_key for word in key.split()})
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True, dtype=np.float32
        )
        matrix = vectorizer.fit_transform(strip_accents(word) for word in vocabulary)
        popularity = np.asarray((taxonomy.occupation_skill > 0).sum(axis=0)).ravel()
        return cls(
            uris=tuple(skill.uri for skill in taxonomy.skills),
            labels={
                "en": tuple(skill.label_en for skill in taxonomy.skills),
                "fi": tuple(skill.label_fi or skill.label_en for skill in taxonomy.skills),
                "sv": tuple(skill.label_sv or skill.label_en for skill in taxonomy.skills),
            },
            by_key=by_key,
            by_loose=by_loose,
            vocabulary=vocabulary,
            spelling_vectorizer=vectorizer,
            spelling_index=matrix.T.tocsr(),
            popularity=popularity.astype(np.int32),
            suggester=SkillSuggester.build(taxonomy, by_key, popularity),
        )

    def label(self, uri: str, locale: str = "en") -> str:
        """The skill's preferred label in `locale` (en, fi, sv), English when unknown."""
        labels = self._labels.get(locale[:2], self._labels["en"])
        position = self.index.get(uri)
        return "" if position is None else labels[position]

    def normalise(self, label: str, k: int = 1) -> list[tuple[str, float]]:
        """Up to k (uri, confidence) pairs, best first; empty when no skill is plausible."""
        label = label[:MAX_LABEL_CHARS]
        key = fold(label)
        if not key:
            return []
        found: dict[int, float] = {}
        for table, table_key in ((self._by_key, key), (self._by_loose, loose(label))):
            for position, score in table.get(table_key, {}).items():
                found[position] = max(found.get(position, 0.0), score)
        if len(found) < k:
            for position, score in self._fuzzy(key).items():
                if position not in found:
                    found[position] = score
        ranked = sorted(
            ((score, position) for position, score in found.items() if score >= MIN_CONFIDENCE),
            key=lambda item: (-item[0], -self._popularity[item[1]], item[1]),
        )
        return [(self.uris[position], round(score, 4)) for score, position in ranked[:k]]

    def resolve(self, ref: SkillRef) -> str | None:
        """The ref's URI when it is a known skill, else a confident normalisation of its label."""
        if ref.uri and ref.uri in self.index:
            return ref.uri
        best = self.normalise(ref.label, k=1)
        if best and best[0][1] >= RESOLVE_CONFIDENCE:
            return best[0][0]
        return None

    def suggest(self, text: str, k: int = 10) -> list[tuple[str, float]]:
        """ESCO skills a text (a sentence, job description or CV) mentions or implies."""
        return [(self.uris[position], score) for position, score in self._suggester.rank(text, k)]

    def _fuzzy(self, key: str) -> dict[int, float]:
        """Labels reached by respelling unknown words; confidence from the whole-label distance."""
        query_words = key.split()
        if len(query_words) > MAX_FUZZY_WORDS:
            return {}
        options = [self._spellings(word) for word in query_words]
        found: dict[int, float] = {}
        for spelling in itertools.islice(itertools.product(*options), MAX_SPELLINGS):
            candidate = " ".join(spelling)
            hits = self._by_key.get(candidate)
            if not hits or candidate == key:
                continue
            similarity = edit_similarity(strip_accents(key), strip_accents(candidate))
            for position, score in hits.items():
                confidence = FUZZY_SCALE * similarity * score
                if confidence > found.get(position, 0.0):
                    found[position] = confidence
        return found

    def _spellings(self, word: str) -> list[str]:
        if word in self._known_words:
            return [word]
        plain = strip_accents(word)
        query = self._spelling_vectorizer.transform([plain])
        if not query.nnz:
            return []
        scores = (query @ self._spelling_index).toarray().ravel()
        count = min(WORD_CANDIDATES * 3, int(np.count_nonzero(scores)))
        if not count:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        close = []
        for at in top:
            candidate = self._vocabulary[at]
            similarity = edit_similarity(plain, strip_accents(candidate))
            if similarity >= MIN_WORD_SIMILARITY:
                close.append((-similarity, candidate))
        return [candidate for _, candidate in sorted(close)[:WORD_CANDIDATES]]


class SkillSuggester:
    """Skills in free text: exact label phrases found in it plus TF-IDF similarity to each skill."""

    def __init__(
        self,
        phrases: dict[str, dict[int, float]],
        max_phrase_words: int,
        vectorizer: TfidfVectorizer,
        documents: sparse.csr_matrix,
    ) -> None:
        self._phrases = phrases
        self._max_phrase_words = max_phrase_words
        self._vectorizer = vectorizer
        self._documents = documents  # features x skills

    @classmethod
    def build(
        cls, taxonomy: Taxonomy, by_key: dict[str, dict[int, float]], popularity: np.ndarray
    ) -> SkillSuggester:
        documents = [" ".join(skill.labels) for skill in taxonomy.skills]
        vectorizer = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=1,
            stop_words="english",
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform(documents)
        longest = max(len(key.split()) for key in by_key)
        return cls(by_key, min(longest, 8), vectorizer, matrix.T.tocsr())

    def rank(self, text: str, k: int) -> list[tuple[int, float]]:
        if not text.strip():
            return []
        scores = np.zeros(self._documents.shape[1], dtype=np.float32)
        tokens = words(text[:20000])
        for start in range(len(tokens)):
            for size in range(1, self._max_phrase_words + 1):
                if start + size > len(tokens):
                    break
                phrase = " ".join(tokens[start : start + size])
                for position, score in self._phrases.get(phrase, {}).items():
                    scores[position] = max(scores[position], 0.5 * score * min(1.0, size / 2))
        query = self._vectorizer.transform([text])
        if query.nnz:
            scores += 0.5 * (query @ self._documents).toarray().ravel()
        count = min(k, int(np.count_nonzero(scores)))
        if not count:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        ordered = sorted(top, key=lambda position: (-scores[position], position))
        return [(int(position), round(float(scores[position]), 4)) for position in ordered]
