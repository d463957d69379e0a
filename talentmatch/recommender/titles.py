"""Job title normalisation: a title in English, Finnish or Swedish -> ranked ESCO occupations."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.taxonomy import Taxonomy
from talentmatch.recommender.text import fold, strip_accents


class TitleNormaliser:
    """Character n-gram TF-IDF over every occupation label, best label per occupation."""

    def __init__(
        self,
        uris: tuple[str, ...],
        vectorizer: TfidfVectorizer,
        index: sparse.csr_matrix,
        owners: np.ndarray,
    ) -> None:
        self.uris = uris
        self._vectorizer = vectorizer
        self._index = index  # features x labels
        self._owners = owners  # label -> occupation position

    @classmethod
    def build(
        cls, taxonomy: Taxonomy, training_titles: Iterable[tuple[str, str]] = ()
    ) -> TitleNormaliser:
        at = taxonomy.occupation_index
        texts, owners = [], []
        for position, occupation in enumerate(taxonomy.occupations):
            for label in occupation.labels:
                texts.append(strip_accents(fold(label)))
                owners.append(position)
        for title, uri in training_titles:
            if uri in at:
                texts.append(strip_accents(fold(title)))
                owners.append(at[uri])
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
        )
        matrix = vectorizer.fit_transform(texts)
        return cls(
            tuple(o.uri for o in taxonomy.occupations),
            vectorizer,
            matrix.T.tocsr(),
            np.asarray(owners, dtype=np.int32),
        )

    def rank(self, title: str, k: int = 10) -> list[tuple[str, float]]:
        """Up to k (occupation uri, score) pairs, best first."""
        query = self._vectorizer.transform([strip_accents(fold(title[:300]))])
        if not query.nnz:
            return []
        label_scores = (query @ self._index).toarray().ravel()
        scores = np.zeros(len(self.uris), dtype=np.float32)
        np.maximum.at(scores, self._owners, label_scores)
        count = min(k, int(np.count_nonzero(scores)))
        if not count:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        ordered = sorted(top, key=lambda position: (-scores[position], position))
        return [(self.uris[p], round(float(scores[p]), 4)) for p in ordered]
