"""Baselines scored in the same run as the engine: random, TF-IDF on the text, popularity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.benchmarks.metrics import MATCHING_KINDS, K
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc

if TYPE_CHECKING:
    from talentmatch.recommender.benchmarks.evaluate import MatchingBenchmark

RANDOM_SEED = 1_2021
Rankings = dict[str, list[str]]  # query -> ranked URIs


def _text_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32)


def _best(scores: np.ndarray, ids: Sequence[str], k: int) -> list[list[str]]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[ids[column] for column in row] for row in order]


def _rank_documents(
    queries: sparse.csr_matrix, documents: sparse.csr_matrix, ids: Sequence[str], k: int
) -> list[list[str]]:
    ranked: list[list[str]] = []
    for start in range(0, queries.shape[0], 500):  # bounded memory for many queries
        ranked.extend(_best((queries[start : start + 500] @ documents.T).toarray(), ids, k))
    return ranked


def _profile_text(profile: ProfileDoc) -> str:
    return " ".join([profile.headline, profile.about, *(skill.label for skill in profile.skills)])


def _opportunity_text(item: OpportunityDoc) -> str:
    labels = (skill.label for skill in (*item.skills, *item.nice_to_have_skills))
    return " ".join([item.title, item.description, *labels])


def _by_kind(bench: MatchingBenchmark) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {kind: [] for kind in MATCHING_KINDS}
    for position, item in enumerate(bench.opportunities):
        positions.setdefault(item.kind, []).append(position)
    return positions


def rank_matching_random(bench: MatchingBenchmark, k: int = K) -> dict[str, dict[str, list[str]]]:
    rng = np.random.default_rng(RANDOM_SEED)
    ids = [item.id for item in bench.opportunities]
    by_kind = _by_kind(bench)
    return {
        profile.id: {
            kind: [ids[i] for i in rng.permutation(by_kind[kind])[:k]] for kind in MATCHING_KINDS
        }
        for profile in bench.profiles
    }


def rank_matching_text(bench: MatchingBenchmark, k: int = K) -> dict[str, dict[str, list[str]]]:
    """Cosine of word TF-IDF: headline + about + skill labels vs title + description + labels."""
    vectorizer = _text_vectorizer()
    items = [_opportunity_text(item) for item in bench.opportunities]
    people = [_profile_text(profile) for profile in bench.profiles]
    vectorizer.fit(items + people)
    item_vectors, people_vectors = vectorizer.transform(items), vectorizer.transform(people)
    rankings: dict[str, dict[str, list[str]]] = {profile.id: {} for profile in bench.profiles}
    for kind, positions in _by_kind(bench).items():
        if kind not in MATCHING_KINDS:
            continue
        ids = [bench.opportunities[i].id for i in positions]
        ranked = _rank_documents(people_vectors, item_vectors[positions], ids, k)
        for profile, top in zip(bench.profiles, ranked, strict=True):
            rankings[profile.id][kind] = top
    return rankings


def rank_matching_popularity(
    bench: MatchingBenchmark, k: int = K
) -> dict[str, dict[str, list[str]]]:
    """One list for everyone: items by how many profiles' text top k they appear in.

    No grades are used: an item is "popular" when the text baseline would show it to many
    profiles, the stand-in for views or applications that a benchmark file does not have.
    Ties are broken at random (seeded).
    """
    text = rank_matching_text(bench, k)
    rng = np.random.default_rng(RANDOM_SEED)
    shown: dict[str, int] = {}
    for per_kind in text.values():
        for top in per_kind.values():
            for item in top:
                shown[item] = shown.get(item, 0) + 1
    popular = {}
    for kind, positions in _by_kind(bench).items():
        ids = [bench.opportunities[i].id for i in positions]
        tie_break = rng.random(len(ids))
        order = sorted(range(len(ids)), key=lambda i: (-shown.get(ids[i], 0), tie_break[i]))
        popular[kind] = [ids[i] for i in order[:k]]
    return {
        profile.id: {kind: list(popular.get(kind, [])) for kind in MATCHING_KINDS}
        for profile in bench.profiles
    }


def _concept_documents(concepts: Iterable) -> tuple[list[str], list[str]]:
    """Each ESCO concept as one document of all its labels (en, fi, sv, alternatives)."""
    ids, documents = [], []
    for concept in concepts:
        ids.append(concept.uri)
        documents.append(" ".join(concept.labels))
    return ids, documents


def rank_by_labels_text(queries: Sequence[str], concepts: Iterable, k: int = K) -> Rankings:
    """Word TF-IDF over the concepts' labels, cosine with the query's words."""
    ids, documents = _concept_documents(concepts)
    queries = list(dict.fromkeys(queries))
    vectorizer = _text_vectorizer().fit(documents)
    ranked = _rank_documents(vectorizer.transform(queries), vectorizer.transform(documents), ids, k)
    return dict(zip(queries, ranked, strict=True))


def rank_by_label_characters(queries: Sequence[str], concepts: Iterable, k: int = K) -> Rankings:
    """Character 2-4-gram TF-IDF (within words) over the concepts' labels, cosine."""
    ids, documents = _concept_documents(concepts)
    queries = list(dict.fromkeys(queries))
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
    ).fit(documents)
    ranked = _rank_documents(vectorizer.transform(queries), vectorizer.transform(documents), ids, k)
    return dict(zip(queries, ranked, strict=True))


def rank_at_random(queries: Sequence[str], ids: Sequence[str], k: int = K) -> Rankings:
    rng = np.random.default_rng(RANDOM_SEED)
    return {
        query: [ids[i] for i in rng.choice(len(ids), size=min(k, len(ids)), replace=False)]
        for query in dict.fromkeys(queries)
    }
