"""ESCO skills from what people type (any case, language, qualifier, one typo) and from text."""

from __future__ import annotations

import itertools
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.linking import SkillLinker
from talentmatch.recommender.taxonomy import Taxonomy
from talentmatch.recommender.text import (
    STOP_WORDS,
    edit_similarity,
    english_terms,
    fold,
    loose,
    strip_accents,
    strip_qualifier,
)
from talentmatch.recommender.types import SkillRef

# Confidence by how a label was found; a caller trusts anything at or above RESOLVE_CONFIDENCE.
PREFERRED, ALTERNATIVE = 1.0, 0.97
ALIAS = 0.95  # an everyday name from skill_aliases.csv
LOOSE_PENALTY = 0.03  # accents or spaces differ
QUALIFIER_PENALTY = 0.07  # "Python" for "Python (computer programming)"
FUZZY_SCALE = 0.9  # a typo is never as sure as an exact label
MIN_CONFIDENCE = 0.65
RESOLVE_CONFIDENCE = 0.7
WORD_CANDIDATES = 6  # spellings tried per unknown word
MIN_WORD_SIMILARITY = 0.6
MAX_SPELLINGS = 64  # combinations of corrected words looked up
MAX_FUZZY_WORDS = 8

# Suggestion weights, chosen by cross-validation over job-ad sentences (benchmarks/skills_cv.py):
# every fold and both leave-one-subset-out directions picked a soft coverage (square root) and
# description TF-IDF weighted above coverage, so partial label matches and skills described
# rather than named count, and exact phrases only break ties.
SUGGEST_COVERAGE = 1.0
COVERAGE_POWER = 0.5
SUGGEST_PHRASE = 0.1
SUGGEST_DOCUMENT = 1.5
SUGGEST_PRIOR = 0.1
SUGGEST_MIN_SCORE = 0.05  # after dividing by the total weight, so scores lie in [0, 1]
MAX_PHRASE_WORDS = 6
PASSAGE_WORDS = 40
MAX_TEXT_CHARS = 50_000
LISTED_CONFIDENCE = 0.7  # a list item the linker is this sure of is suggested as it links
MAX_LIST_ITEM_WORDS = 4
MAX_LIST_ITEMS = 200
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
        linker: SkillLinker,
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
        self._linker = linker
        self.index = {uri: position for position, uri in enumerate(uris)}

    # joblib pickles dictionaries in pure Python, slowly; one C-pickled blob keeps dumps fast.
    def __getstate__(self) -> dict[str, bytes]:
        return {"state": pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)}

    def __setstate__(self, state: dict[str, bytes]) -> None:
        # Runs only while store.py deserialises the enclosing artefact, which is where its trust
        # is decided; these bytes come from inside that artefact and nowhere else.
        self.__dict__.update(pickle.loads(state["state"]))  # nosec B301

    @classmethod
    def build(cls, taxonomy: Taxonomy, aliases: dict[str, str] | None = None) -> SkillNormaliser:
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
        positions = taxonomy.skill_index
        for alias, uri in (aliases or {}).items():
            add(by_key, fold(alias), positions[uri], ALIAS)
            add(by_loose, loose(alias), positions[uri], ALIAS - LOOSE_PENALTY)
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
            linker=SkillLinker(taxonomy, aliases),
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

    def link(self, phrase: str, k: int = 10) -> list[tuple[str, float]]:
        """Ranked ESCO skills (uri, confidence in [0, 1]) for a phrase a person typed."""
        exact = {self.index[uri]: score for uri, score in self.normalise(phrase, k=5)}
        return [
            (self.uris[position], confidence)
            for position, confidence in self._linker.rank(phrase, k, exact)
        ]

    def suggest(self, text: str, k: int = 10) -> list[tuple[str, float]]:
        """ESCO skills a text (a sentence, job description or CV) mentions or implies.

        Short list items ("Skills: Excel, Pyhton, customer care") go through the same linker as
        the skill picker, so a CV's list and the picker agree; the rest is read as prose.
        """
        found = {self.uris[position]: score for position, score in self._suggester.rank(text, k)}
        for item in _list_items(text[:MAX_TEXT_CHARS]):
            for uri, confidence in self.link(item, k=1):
                if confidence >= LISTED_CONFIDENCE:
                    found[uri] = max(found.get(uri, 0.0), confidence)
        ranked = sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))
        return ranked[:k]

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


@dataclass(frozen=True)
class SuggestWeights:
    """How the suggester's evidence adds up; the defaults are the SUGGEST_* settings."""

    coverage: float = SUGGEST_COVERAGE
    coverage_power: float = COVERAGE_POWER
    phrase: float = SUGGEST_PHRASE
    document: float = SUGGEST_DOCUMENT
    prior: float = SUGGEST_PRIOR


class Signals(NamedTuple):
    """Per-skill evidence from one text, each in [0, 1]."""

    prior: np.ndarray
    phrase: np.ndarray
    coverage: np.ndarray
    document: np.ndarray


def combine(found: Signals, weights: SuggestWeights) -> np.ndarray:
    """The weighted evidence divided by the total weight, so a score lies in [0, 1]."""
    scores = weights.prior * found.prior + weights.phrase * found.phrase
    scores = scores + weights.coverage * found.coverage**weights.coverage_power
    scores += weights.document * found.document
    total = weights.coverage + weights.phrase + weights.document + weights.prior
    return scores / max(total, 1e-9)


class SkillSuggester:
    """Skills in free text, from three signals added up.

    Label coverage: how much of a label's IDF weight the words of one passage cover (word order
    free, so "communication and collaboration skills" covers "communication"); exact label phrases;
    TF-IDF similarity of the whole text to each skill's labels and description. A small prior for
    skills many occupations share breaks ties toward skills job ads actually ask for. Words meet
    at their Snowball English stems ("analysing", "analyses" -> "analys").
    """

    def __init__(
        self,
        phrases: dict[str, dict[int, float]],
        coverage: sparse.csr_matrix,
        label_owners: np.ndarray,
        vectorizer: TfidfVectorizer,
        documents: sparse.csr_matrix,
        prior: np.ndarray,
        analyzer: Callable[[str], list[str]] = english_terms,
    ) -> None:
        self._terms = analyzer
        self._phrases = phrases
        self._coverage = coverage  # terms x labels, each label's column summing to 1
        self._label_owners = label_owners  # label -> skill position
        self._vectorizer = vectorizer
        self._documents = documents  # terms x skills
        self._prior = prior

    @classmethod
    def build(
        cls,
        taxonomy: Taxonomy,
        by_key: dict[str, dict[int, float]],
        popularity: np.ndarray,
        analyzer: Callable[[str], list[str]] = english_terms,
    ) -> SkillSuggester:
        label_terms, owners = [], []
        for position, skill in enumerate(taxonomy.skills):
            found = (skill.label_en, *skill.alt_labels_en, skill.label_fi, skill.label_sv)
            for label in dict.fromkeys(found):
                for variant in dict.fromkeys((label, strip_qualifier(label))):
                    label_terms.append(analyzer(variant))
                    owners.append(position)
        counter = TfidfVectorizer(analyzer=_given, binary=True, norm=None, dtype=np.float32)
        labels = counter.fit_transform(label_terms)
        labels.data = counter.idf_[labels.indices].astype(np.float32)
        mass = np.asarray(labels.sum(axis=1)).ravel()
        mass[mass == 0] = 1.0
        labels = sparse.diags(1.0 / mass) @ labels
        vectorizer = TfidfVectorizer(
            analyzer=analyzer, sublinear_tf=True, dtype=np.float32, vocabulary=counter.vocabulary_
        )
        documents = vectorizer.fit_transform(
            " ".join((skill.label_en, *skill.alt_labels_en, skill.description))
            for skill in taxonomy.skills
        )
        prior = np.log1p(popularity).astype(np.float32)
        return cls(
            phrases=by_key,
            coverage=labels.T.tocsr().astype(np.float32),
            label_owners=np.asarray(owners, dtype=np.int32),
            vectorizer=vectorizer,
            documents=documents.T.tocsr(),
            prior=prior / max(float(prior.max()), 1.0),
            analyzer=analyzer,
        )

    def rank(
        self, text: str, k: int, weights: SuggestWeights | None = None
    ) -> list[tuple[int, float]]:
        """Up to k (skill position, score in [0, 1]) pairs, best first."""
        if k <= 0:
            return []
        found = self.signals(text)
        if found is None:
            return []
        scores = combine(found, weights or SuggestWeights())
        top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        ordered = sorted(top, key=lambda position: (-scores[position], position))
        return [
            (int(position), round(float(scores[position]), 4))
            for position in ordered
            if scores[position] > SUGGEST_MIN_SCORE
        ]

    def signals(self, text: str) -> Signals | None:
        """Each piece of evidence per skill, before weighting; None for a text without words."""
        text = text[:MAX_TEXT_CHARS]
        words = fold(text).split()
        if not words:
            return None
        query = self._vectorizer.transform([text])
        document = (
            (query @ self._documents).toarray().ravel()
            if query.nnz
            else np.zeros(self._documents.shape[1], dtype=np.float32)
        )
        return Signals(
            prior=self._prior,
            phrase=self._phrase_hits(words),
            coverage=self._label_coverage(text),
            document=document,
        )

    def _phrase_hits(self, words: list[str]) -> np.ndarray:
        hits = np.zeros(self._documents.shape[1], dtype=np.float32)
        for start in range(len(words)):
            for size in range(1, MAX_PHRASE_WORDS + 1):
                if start + size > len(words):
                    break
                phrase = " ".join(words[start : start + size])
                if size == 1 and phrase in STOP_WORDS:
                    continue
                for position, score in self._phrases.get(phrase, {}).items():
                    hits[position] = max(hits[position], score)
        return hits

    def _label_coverage(self, text: str) -> np.ndarray:
        """Best label coverage per skill in [0, 1], passage by passage: a long text is no bag."""
        vocabulary = self._vectorizer.vocabulary_
        rows: list[int] = []
        columns: list[int] = []
        for row, passage in enumerate(_passages(text)):
            found = {vocabulary[term] for term in self._terms(passage) if term in vocabulary}
            rows.extend([row] * len(found))
            columns.extend(found)
        best = np.zeros(self._documents.shape[1], dtype=np.float32)
        if not columns:
            return best
        query = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), (rows, columns)),
            shape=(max(rows) + 1, self._coverage.shape[0]),
        )
        covered = (query @ self._coverage).max(axis=0).toarray().ravel()
        np.maximum.at(best, self._label_owners, covered)
        return best


def _given(tokens: list[str]) -> list[str]:
    return tokens


def _list_items(text: str) -> list[str]:
    """Short comma-, semicolon-, bullet- or line-separated items: how CVs and ads list skills."""
    items = []
    for part in re.split(r"[,;\n•·|/]|\s[-*]\s|:", text):
        words = part.split()
        if 0 < len(words) <= MAX_LIST_ITEM_WORDS:
            items.append(" ".join(words))
    return list(dict.fromkeys(items))[:MAX_LIST_ITEMS]


def _passages(text: str) -> list[str]:
    """Sentences, and long sentences cut into windows of PASSAGE_WORDS words."""
    passages = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\n+|\s[•*·]\s", text):
        sentence_words = sentence.split()
        for start in range(0, max(len(sentence_words), 1), PASSAGE_WORDS):
            passages.append(" ".join(sentence_words[start : start + PASSAGE_WORDS]))
    return passages
