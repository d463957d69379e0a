"""Job title normalisation: a title in English, Finnish or Swedish -> ranked ESCO occupations."""

from __future__ import annotations

import csv
import gzip
import pickle
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.taxonomy import DATA_DIR, Taxonomy
from talentmatch.recommender.text import fold, strip_accents, terms

TRAINING_TITLES_FILE = DATA_DIR / "jobbert_titles.csv.gz"
MAX_TITLE_CHARS = 300

# Weights, tuned on real vacancy titles (leaving each title's own examples out) and on official
# Swedish and US occupation titles mapped to ESCO.
CHARACTER_WEIGHT = 1.0
WORD_WEIGHT = 0.5
PREFERRED_BONUS = 0.3  # the title is exactly an occupation's preferred label
ALTERNATIVE_BONUS = 0.1  # ... or one of its alternative labels
NEIGHBOUR_WEIGHT = 0.5  # occupations many close labels and example titles agree on
NEIGHBOURS = 50
GROUP_WEIGHT = 0.3  # the title also resembles the occupation's ISCO unit group
# Occupations whose skills the title names. Weak evidence, given in proportion to how much of the
# title's neighbourhood is Finnish and Swedish labels: English titles have many example vacancy
# titles to vote, the other languages only ESCO's labels.
SKILL_WEIGHT = 0.7
SKILL_WORD_WEIGHT = 0.5
SKILL_NEIGHBOURS = 50
# Skill evidence is left out of the scale so English scores keep their meaning; min() caps the rest.
TOTAL_WEIGHT = CHARACTER_WEIGHT + WORD_WEIGHT + PREFERRED_BONUS + NEIGHBOUR_WEIGHT + GROUP_WEIGHT


def title_key(title: str) -> str:
    return strip_accents(fold(title))


def shipped_training_titles(path: Path = TRAINING_TITLES_FILE) -> list[tuple[str, str]]:
    """Real vacancy titles with the ESCO occupation they were published under (JobBERT, MIT)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return [(row["job_title"], row["esco_uri"]) for row in csv.DictReader(handle)]


class TitleNormaliser:
    """Nearest labels and example titles by character and word TF-IDF, voted per occupation."""

    def __init__(
        self,
        uris: tuple[str, ...],
        entries: dict[str, np.ndarray],
        exact: dict[str, tuple[int, ...]],
        characters: TfidfVectorizer,
        words: TfidfVectorizer,
        entry_characters: sparse.csr_matrix,
        entry_words: sparse.csr_matrix,
        group_characters: sparse.csr_matrix,
        group_owners: np.ndarray,
        occupation_groups: np.ndarray,
        skill_labels: dict[str, sparse.csr_matrix | np.ndarray],
    ) -> None:
        self.uris = uris
        self._owners = entries["owner"]  # entry -> occupation position
        self._is_example = entries["example"]  # a training title rather than an ESCO label
        self._bonus = entries["bonus"]  # exact-match bonus of an ESCO label
        self._nordic = entries["nordic"]  # a Finnish or Swedish ESCO label
        self._exact = exact  # title key -> entry positions
        self._characters = characters
        self._words = words
        self._entry_characters = entry_characters  # features x entries
        self._entry_words = entry_words
        self._group_characters = group_characters  # features x ISCO group labels
        self._group_owners = group_owners
        self._occupation_groups = occupation_groups  # occupation -> ISCO group position
        self._skill_characters = skill_labels["characters"]  # features x skill labels
        self._skill_words = skill_labels["words"]
        self._skill_owners = skill_labels["owner"]  # skill label -> skill position
        self._skill_occupations = skill_labels["occupations"]  # skill x occupation, row-scaled
        # Every occupation has labels and every group of an occupation has labels, so no run is
        # empty and reduceat gives one value per occupation and per group.
        self._first_entries = np.searchsorted(self._owners, np.arange(len(uris)))
        self._first_group_labels = np.searchsorted(
            group_owners, np.arange(int(occupation_groups.max()) + 1)
        )

    # joblib pickles dictionaries in pure Python, slowly; one C-pickled blob keeps dumps fast.
    def __getstate__(self) -> dict[str, bytes]:
        return {"state": pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)}

    def __setstate__(self, state: dict[str, bytes]) -> None:
        # Runs only while store.py deserialises the enclosing artefact, which is where its trust
        # is decided; these bytes come from inside that artefact and nowhere else.
        self.__dict__.update(pickle.loads(state["state"]))  # nosec B301

    @classmethod
    def build(
        cls, taxonomy: Taxonomy, training_titles: Iterable[tuple[str, str]] = ()
    ) -> TitleNormaliser:
        at = taxonomy.occupation_index
        seen: set[tuple[str, int]] = set()
        keys, owners, examples, bonuses, nordic = [], [], [], [], []

        def add(key: str, owner: int, example: bool, bonus: float, is_nordic: bool) -> None:
            if key and (key, owner) not in seen:
                seen.add((key, owner))
                keys.append(key)
                owners.append(owner)
                examples.append(example)
                bonuses.append(bonus)
                nordic.append(is_nordic)

        for position, occupation in enumerate(taxonomy.occupations):
            preferred = {occupation.label_en, occupation.label_fi, occupation.label_sv}
            english = {occupation.label_en, *occupation.alt_labels_en}
            for label in occupation.labels:
                bonus = PREFERRED_BONUS if label in preferred else ALTERNATIVE_BONUS
                add(title_key(label), position, False, bonus, label not in english)
        for title, uri in training_titles:
            if uri in at:
                add(title_key(title[:MAX_TITLE_CHARS]), at[uri], True, 0.0, False)
        # Entries sorted by occupation so the best per occupation is one reduceat.
        order = sorted(range(len(keys)), key=owners.__getitem__)
        keys = [keys[entry] for entry in order]
        owners = [owners[entry] for entry in order]
        examples = [examples[entry] for entry in order]
        bonuses = [bonuses[entry] for entry in order]
        nordic = [nordic[entry] for entry in order]
        exact: dict[str, list[int]] = {}
        for entry, key in enumerate(keys):
            exact.setdefault(key, []).append(entry)

        characters = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
        )
        words = TfidfVectorizer(analyzer=terms, sublinear_tf=True, dtype=np.float32)
        entry_characters = characters.fit_transform(keys)
        entry_words = words.fit_transform(keys)

        groups = sorted({occupation.isco_group for occupation in taxonomy.occupations})
        group_at = {code: position for position, code in enumerate(groups)}
        group_keys, group_owners = [], []
        for group in sorted(taxonomy.isco_groups, key=lambda group: group.code):
            if group.code in group_at:
                for label in dict.fromkeys((group.label_en, group.label_fi, group.label_sv)):
                    if label:
                        group_keys.append(title_key(label))
                        group_owners.append(group_at[group.code])

        skill_keys, skill_owners = [], []
        for position, skill in enumerate(taxonomy.skills):
            for label in dict.fromkeys((skill.label_en, skill.label_fi, skill.label_sv)):
                if label:
                    skill_keys.append(title_key(label))
                    skill_owners.append(position)
        # An occupation with many skills would otherwise collect evidence from any title.
        membership = taxonomy.occupation_skill.tocsr().astype(np.float32)
        counts = np.asarray((membership > 0).sum(axis=1)).ravel()
        membership = sparse.diags(1.0 / np.sqrt(np.maximum(counts, 1))) @ membership
        return cls(
            uris=tuple(occupation.uri for occupation in taxonomy.occupations),
            entries={
                "owner": np.asarray(owners, dtype=np.int32),
                "example": np.asarray(examples, dtype=bool),
                "bonus": np.asarray(bonuses, dtype=np.float32),
                "nordic": np.asarray(nordic, dtype=bool),
            },
            exact={key: tuple(found) for key, found in exact.items()},
            characters=characters,
            words=words,
            entry_characters=entry_characters.T.tocsr(),
            entry_words=entry_words.T.tocsr(),
            group_characters=characters.transform(group_keys).T.tocsr(),
            group_owners=np.asarray(group_owners, dtype=np.int32),
            occupation_groups=np.asarray(
                [group_at[occupation.isco_group] for occupation in taxonomy.occupations],
                dtype=np.int32,
            ),
            skill_labels={
                "characters": characters.transform(skill_keys).T.tocsr(),
                "words": words.transform(skill_keys).T.tocsr(),
                "owner": np.asarray(skill_owners, dtype=np.int32),
                "occupations": sparse.csr_matrix(membership.T, dtype=np.float32),
            },
        )

    def _skill_evidence(
        self, query_characters: sparse.csr_matrix, query_words: sparse.csr_matrix
    ) -> np.ndarray:
        """Per occupation in [0, 1]: how strongly its skills resemble the title."""
        similarity = (query_characters @ self._skill_characters).toarray().ravel()
        if query_words.nnz:
            similarity += SKILL_WORD_WEIGHT * (query_words @ self._skill_words).toarray().ravel()
        skills = np.zeros(self._skill_occupations.shape[0], dtype=np.float32)
        np.maximum.at(skills, self._skill_owners, similarity)
        kept = np.zeros_like(skills)
        nearest = np.argpartition(-skills, SKILL_NEIGHBOURS)[:SKILL_NEIGHBOURS]
        kept[nearest] = skills[nearest] ** 4  # the few closest skills speak, not the many
        evidence = np.asarray(self._skill_occupations.T @ kept).ravel()
        top = evidence.max()
        return evidence / top if top > 0 else evidence

    def rank(
        self, title: str, k: int = 10, *, exclude_training_title: bool = False
    ) -> list[tuple[str, float]]:
        """Up to k (occupation uri, score in [0, 1]) pairs, best first.

        `exclude_training_title` leaves out example titles equal to this one, so a measurement on
        the examples themselves is honest.
        """
        key = title_key(title[:MAX_TITLE_CHARS])
        if not key or k <= 0:
            return []
        query_characters = self._characters.transform([key])
        if not query_characters.nnz:
            return []
        similarity = CHARACTER_WEIGHT * (query_characters @ self._entry_characters).toarray()
        query_words = self._words.transform([key])
        if query_words.nnz:
            similarity += WORD_WEIGHT * (query_words @ self._entry_words).toarray()
        similarity = similarity.ravel()
        if key in self._exact:
            same = np.asarray(self._exact[key], dtype=np.int32)
            if exclude_training_title:
                similarity[same[self._is_example[same]]] = 0.0
            similarity[same] += self._bonus[same]

        scores = np.maximum.reduceat(similarity, self._first_entries)
        nearest = np.argpartition(-similarity, NEIGHBOURS)[:NEIGHBOURS]
        votes = np.zeros(len(self.uris), dtype=np.float32)
        np.add.at(votes, self._owners[nearest], similarity[nearest] ** 2)
        if votes.max() > 0:
            scores += NEIGHBOUR_WEIGHT * votes / votes.max()
        group_similarity = (query_characters @ self._group_characters).toarray().ravel()
        groups = np.maximum.reduceat(group_similarity, self._first_group_labels)
        scores += GROUP_WEIGHT * groups[self._occupation_groups]
        weights = similarity[nearest] ** 2
        nordic_share = float(weights[self._nordic[nearest]].sum() / max(weights.sum(), 1e-9))
        if nordic_share > 0:
            scores += (
                SKILL_WEIGHT * nordic_share * self._skill_evidence(query_characters, query_words)
            )

        count = min(k, int(np.count_nonzero(scores)))
        if not count:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        ordered = sorted(top, key=lambda position: (-scores[position], position))
        return [
            (self.uris[p], round(min(float(scores[p]) / TOTAL_WEIGHT, 1.0), 4)) for p in ordered
        ]
