"""Linking a typed phrase to ESCO skills: candidate retrieval over labels, then a measured re-rank.

A person types "Excel", "Pyhton", "hoitotyö" or "team player", not an ESCO label. Candidates
come from four retrievers over every preferred and alternative label (English, Finnish, Swedish):
stemmed words (Snowball stemmers for the three languages), character n-grams (typos, compounds,
inflection), each skill's description and broader groups, and the exact or respelled label the
normaliser finds. A logistic re-ranker over those signals plus how widely occupations ask for
the skill orders the candidates and turns the score into a confidence in [0, 1]; its weights
were chosen by cross-validation on the development phrases (see benchmarks/README.md).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.taxonomy import Taxonomy
from talentmatch.recommender.text import STOP_WORDS, fold, strip_accents

LANGUAGES = ("english", "finnish", "swedish")
RETRIEVE = 40  # candidates taken from each retriever
MAX_PHRASE_CHARS = 200
# Generic words job ads and CVs wrap skills in; they never decide which skill is meant.
FILLER = frozenset(
    "skill skills ability abilities experience experienced knowledge good strong excellent "
    "solid proven great basic advanced understanding familiarity proficiency proficient".split()
)

# Re-ranker: weights of the features in FEATURES, a bias, chosen by cross-validation.
FEATURES = (
    "exact",  # confidence of an exact, accent/space-insensitive or respelled label
    "word",  # cosine of stemmed words, best label
    "covered",  # share of the phrase's word weight the best label covers
    "label_covered",  # share of the best label's word weight the phrase covers
    "chars",  # cosine of character n-grams, best label
    "context",  # cosine with the description and broader groups
    "occupation",  # the phrase names an occupation that requires the skill
    "popularity",  # how many occupations ask for the skill (log, scaled to [0, 1])
    "general",  # transversal or cross-sector skill
)
WEIGHTS = np.array([1.5, 3.5, 1.6, 0.85, 10.0, 2.4, 1.0, 1.9, 0.55], dtype=np.float32)
OCCUPATION_MIN = 0.5  # label similarity from which a phrase names an occupation
OCCUPATIONS = 3
EXACT = 0.9  # an exact label (any language, any case) always ranks first
EXACT_BONUS = 20.0
RESPELLED = 0.7  # a typo the normaliser corrects this surely keeps its own confidence
INFLECTED = 0.9  # the same words as a label once both are stemmed: "hoitotyötä", "Teaching"
# Platt scaling of the score into the chance that the best candidate is right (same folds)
CALIBRATION_SLOPE, CALIBRATION_BIAS = 0.092, -1.58


@lru_cache(maxsize=3)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    return strip_accents(_stemmer(language).stemWord(word))


def label_terms(text: str, language: str) -> list[str]:
    """A label's content words, stemmed in its own language, accents folded afterwards."""
    return [_stem(w, language) for w in fold(text).split() if w not in STOP_WORDS]


def phrase_terms(text: str) -> list[list[str]]:
    """Per content word of a typed phrase, its stems in every language (one may be right)."""
    found = []
    for word in fold(text).split():
        if word in STOP_WORDS or word in FILLER:
            continue
        found.append(sorted({_stem(word, language) for language in LANGUAGES}))
    return found


def _stem_key(text: str, language: str) -> str:
    return " ".join(_stem(word, language) for word in fold(text).split())


def _given(tokens: list[str]) -> list[str]:
    return tokens


class SkillLinker:
    """Ranks the taxonomy's skills for one phrase; built once per process with the normaliser."""

    def __init__(self, taxonomy: Taxonomy, aliases: dict[str, str] | None = None) -> None:
        owners, texts, languages = [], [], []
        for position, skill in enumerate(taxonomy.skills):
            labelled = [(skill.label_en, "english"), *((a, "english") for a in skill.alt_labels_en)]
            labelled += [(skill.label_fi, "finnish"), (skill.label_sv, "swedish")]
            for label, language in dict.fromkeys((t, lang) for t, lang in labelled if t):
                owners.append(position)
                texts.append(label)
                languages.append(language)
        # whole labels stemmed word by word, so "hoitotyötä" meets the label "hoitotyö"
        self._stemmed: dict[str, set[int]] = {}
        for position, text, language in zip(owners, texts, languages, strict=True):
            self._stemmed.setdefault(_stem_key(text, language), set()).add(position)
        for alias, uri in (aliases or {}).items():
            for language in LANGUAGES:
                key = _stem_key(alias, language)
                self._stemmed.setdefault(key, set()).add(taxonomy.skill_index[uri])
        self._owners = np.asarray(owners, dtype=np.int32)
        self.n_skills = len(taxonomy.skills)
        label_tokens = [label_terms(t, lang) for t, lang in zip(texts, languages, strict=True)]
        self._words = TfidfVectorizer(analyzer=_given, sublinear_tf=True, dtype=np.float32)
        word_matrix = self._words.fit_transform(label_tokens)
        self._word_index = word_matrix.T.tocsr()  # terms x labels, rows are unit cosines
        self._idf = self._words.idf_.astype(np.float32)
        # each label's words with their IDF, as shares of the label's whole weight
        binary = word_matrix.copy()
        binary.data = self._idf[binary.indices]
        mass = np.asarray(binary.sum(axis=1)).ravel()
        mass[mass == 0] = 1.0
        self._label_share = (sparse.diags(1.0 / mass) @ binary).T.tocsr().astype(np.float32)
        self._label_has = (binary > 0).T.tocsr().astype(np.float32)
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True, dtype=np.float32
        )
        self._char_index = self._chars.fit_transform(
            strip_accents(fold(t)) for t in texts
        ).T.tocsr()
        context = [
            label_terms(" ".join((s.description, *s.broader_labels_en)), "english")
            for s in taxonomy.skills
        ]
        self._context = TfidfVectorizer(analyzer=_given, sublinear_tf=True, dtype=np.float32)
        self._context_index = self._context.fit_transform(context).T.tocsr()
        counts = np.asarray((taxonomy.occupation_skill > 0).sum(axis=0)).ravel()
        self._popularity = (np.log1p(counts) / max(math.log1p(counts.max()), 1.0)).astype(
            np.float32
        )
        self._general = np.array(
            [s.reuse_level in ("transversal", "cross-sector") for s in taxonomy.skills],
            dtype=np.float32,
        )
        # a field or role word ("dentistry", "tour guiding") names an occupation whose
        # essential skills are what the person means
        occupation_owners, occupation_texts, occupation_languages = [], [], []
        for position, occupation in enumerate(taxonomy.occupations):
            labelled = [(occupation.label_en, "english")]
            labelled += [(a, "english") for a in occupation.alt_labels_en]
            labelled += [(occupation.label_fi, "finnish"), (occupation.label_sv, "swedish")]
            labelled += [(a, "swedish") for a in occupation.alt_labels_sv]
            for label, language in dict.fromkeys((t, lang) for t, lang in labelled if t):
                occupation_owners.append(position)
                occupation_texts.append(label)
                occupation_languages.append(language)
        self._occupation_owners = np.asarray(occupation_owners, dtype=np.int32)
        self.n_occupations = len(taxonomy.occupations)
        self._occupation_words = self._words.transform(
            [
                label_terms(t, lang)
                for t, lang in zip(occupation_texts, occupation_languages, strict=True)
            ]
        ).T.tocsr()
        self._occupation_chars = self._chars.transform(
            strip_accents(fold(t)) for t in occupation_texts
        ).T.tocsr()
        relation = taxonomy.occupation_skill.tocsr().astype(np.float32)
        relation.data = relation.data / 2.0  # essential 1, optional 0.5
        self._occupation_skills = relation

    def rank(
        self, phrase: str, k: int = 10, exact: dict[int, float] | None = None
    ) -> list[tuple[int, float]]:
        """Up to k (skill position, confidence) pairs, best first; `exact` from the normaliser."""
        exact = dict(exact or {})
        for language in LANGUAGES:
            for position in self._stemmed.get(_stem_key(phrase[:MAX_PHRASE_CHARS], language), ()):
                exact[position] = max(exact.get(position, 0.0), INFLECTED)
        features = self.features(phrase, exact)
        if features is None:
            return []
        candidates, values = features
        exact_values = values[:, 0]
        # exact labels first, a preferred label before an alternative one
        scores = values @ WEIGHTS + EXACT_BONUS * exact_values * (exact_values >= EXACT)
        calibrated = 1.0 / (1.0 + np.exp(-(CALIBRATION_SLOPE * scores + CALIBRATION_BIAS)))
        trusted = exact_values >= RESPELLED
        confidence = np.where(trusted, np.maximum(calibrated, exact_values), calibrated)
        order = np.lexsort((candidates, -scores))[:k]
        return [(int(candidates[i]), round(float(confidence[i]), 4)) for i in order]

    def features(
        self, phrase: str, exact: dict[int, float]
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Candidate skill positions and their feature rows (columns as in FEATURES)."""
        phrase = phrase[:MAX_PHRASE_CHARS]
        folded = fold(phrase)
        if not folded or not (exact or phrase_terms(phrase)):
            return None  # nothing but function words: no skill is meant
        word_query, covered_by = self._word_query(phrase)
        word = self._best_per_skill(self._gather(self._word_index, word_query))
        label_covered = self._best_per_skill(self._gather(self._label_share, word_query, True))
        covered = self._best_per_skill(covered_by)
        char_query = self._chars.transform([strip_accents(folded)])
        chars = self._best_per_skill(
            self._gather(self._char_index, (char_query.indices, char_query.data))
        )
        context_query = self._context.transform([[t for w in phrase_terms(phrase) for t in w]])
        context = self._gather(self._context_index, (context_query.indices, context_query.data))
        occupation = self._occupation_evidence(word_query, (char_query.indices, char_query.data))
        pool = set(exact)
        for signal in (word, covered, chars, context, occupation):
            if signal.any():
                top = min(RETRIEVE, int(np.count_nonzero(signal)))
                pool.update(np.argpartition(-signal, top - 1)[:top].tolist())
        if not pool:
            return None
        candidates = np.fromiter(sorted(pool), dtype=np.int32)
        exact_values = np.array([exact.get(int(c), 0.0) for c in candidates], dtype=np.float32)
        values = np.column_stack(
            [
                exact_values,
                word[candidates],
                covered[candidates],
                label_covered[candidates],
                chars[candidates],
                context[candidates],
                occupation[candidates],
                self._popularity[candidates],
                self._general[candidates],
            ]
        ).astype(np.float32)
        return candidates, values

    def _word_query(self, phrase: str) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
        """The phrase's stemmed words as (term indices, weights), and per label the share of the
        phrase's word weight that label covers."""
        vocabulary = self._words.vocabulary_
        indices, weights, word_of = [], [], []
        masses = []
        for number, stems in enumerate(phrase_terms(phrase)):
            known = [vocabulary[s] for s in stems if s in vocabulary]
            if not known:
                masses.append(float(self._idf.max()))  # an unknown word still counts
                continue
            masses.append(float(max(self._idf[i] for i in known)))
            for index in known:
                indices.append(index)
                weights.append(float(self._idf[index]) / len(known))
                word_of.append(number)
        n_labels = self._word_index.shape[1]
        if not indices:
            empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
            return empty, np.zeros(n_labels, dtype=np.float32)
        indices_array = np.asarray(indices, dtype=np.int32)
        values = np.asarray(weights, dtype=np.float32)
        values /= max(float(np.linalg.norm(values)), 1e-12)
        # one phrase word counts once however many of its stems a label has
        covered = np.zeros((max(word_of) + 1, n_labels), dtype=np.float32)
        for index, number in zip(indices_array, word_of, strict=True):
            start, stop = self._label_has.indptr[index], self._label_has.indptr[index + 1]
            covered[number, self._label_has.indices[start:stop]] = masses[number]
        share = covered.sum(axis=0) / max(sum(masses), 1e-12)
        return (indices_array, values), share.astype(np.float32)

    def _occupation_evidence(self, word_query, char_query) -> np.ndarray:
        """Per skill: how surely the phrase names an occupation that requires it."""
        per_label = 0.5 * self._gather(self._occupation_words, word_query)
        per_label += 0.5 * self._gather(self._occupation_chars, char_query)
        best = np.zeros(self.n_occupations, dtype=np.float32)
        np.maximum.at(best, self._occupation_owners, per_label)
        named = np.flatnonzero(best >= OCCUPATION_MIN)
        evidence = np.zeros(self.n_skills, dtype=np.float32)
        if not len(named):
            return evidence
        named = named[np.argsort(-best[named], kind="stable")[:OCCUPATIONS]]
        for position in named:
            start, stop = self._occupation_skills.indptr[position : position + 2]
            columns = self._occupation_skills.indices[start:stop]
            values = best[position] * self._occupation_skills.data[start:stop]
            evidence[columns] = np.maximum(evidence[columns], values)
        return evidence

    @staticmethod
    def _gather(index: sparse.csr_matrix, query, binary: bool = False) -> np.ndarray:
        indices, values = query
        if not len(indices):
            return np.zeros(index.shape[1], dtype=np.float32)
        rows = index[indices]
        weights = np.ones(len(indices), dtype=np.float32) if binary else values
        return np.asarray(rows.T @ weights).ravel().astype(np.float32)

    def _best_per_skill(self, per_label: np.ndarray) -> np.ndarray:
        if len(per_label) == self.n_skills:
            return per_label
        best = np.zeros(self.n_skills, dtype=np.float32)
        np.maximum.at(best, self._owners, per_label)
        return best
