"""One vector space for profiles and every opportunity kind: text, ESCO skills, occupations, ISCO.

Each document becomes a row of weighted, L2-normalised blocks:
- text: TF-IDF of title and description (headline, about and field of study for a profile) plus
  skills typed as free text that ESCO does not know;
- skills: IDF-weighted ESCO skills, required above nice-to-have;
- occupations: a naive-Bayes posterior over ESCO occupations from the skills, sharpened by title
  and description text, so related skills (sharing occupations) count as partial matches;
- ISCO: that posterior summed into ISCO-08 groups at every level, so a programme for "Legal, social
  and cultural professionals" meets a profile whose skills point to a lawyer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from talentmatch.recommender.taxonomy import Taxonomy, shipped_taxonomy
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc, SkillRef

CHUNK = 2048  # documents per dense occupation-evidence block (2048 x 3007 float32 = 25 MB)


@dataclass(frozen=True)
class EngineConfig:
    """Block weights, evidence strengths and constraint penalties; defaults tuned on dev data."""

    text_weight: float = 0.15
    skill_weight: float = 0.25
    occupation_weight: float = 0.35
    isco_weight: float = 0.25
    nice_to_have_weight: float = 0.5
    smoothing: float = 10.0  # naive-Bayes pseudo-count mass per occupation
    title_evidence: float = 6.0  # log-odds added per unit of title/label cosine
    description_evidence: float = 6.0
    isco_evidence: float = 4.0
    occupation_top_k: int = 40
    isco_level_weights: tuple[float, float, float, float] = (0.3, 0.6, 0.8, 1.0)
    max_text_features: int = 200_000
    # constraints: multiplicative penalties (1 - penalty) when a requirement is not met
    language_penalty: float = 0.6
    permit_penalty: float = 0.6
    location_penalty: float = 0.1
    # feedback (Rocchio) and diversity (MMR)
    feedback_pull: float = 0.35
    feedback_push: float = 0.25
    diversity_lambda: float = 0.7
    near_copy_similarity: float = 0.9


@dataclass(frozen=True)
class Text:
    """A document reduced to what the encoder needs."""

    title: str
    body: str
    required: tuple[SkillRef, ...]
    nice: tuple[SkillRef, ...]


def opportunity_text(doc: OpportunityDoc) -> Text:
    return Text(doc.title, doc.description, doc.skills, doc.nice_to_have_skills)


def profile_text(doc: ProfileDoc) -> Text:
    body = " ".join(part for part in (doc.about, doc.field_of_study) if part)
    return Text(doc.headline, body, doc.skills, ())


class TaxonomySpace:
    """Everything derived from ESCO alone; built once per process, never pickled."""

    def __init__(self, taxonomy: Taxonomy, smoothing: float) -> None:
        self.taxonomy = taxonomy
        matrix = taxonomy.occupation_skill.tocsr().astype(np.float32)
        n_occ, n_skill = matrix.shape
        self.n_occupations, self.n_skills = n_occ, n_skill
        df = np.asarray((matrix > 0).sum(axis=0)).ravel().astype(np.float64)
        background = (df + 1.0) / (df + 1.0).sum()
        coo = matrix.tocoo()
        pseudo = smoothing * background[coo.col]
        lift = np.log1p(coo.data / pseudo).astype(np.float32)
        # skill x occupation: log P(s|o) / P(s|background) where the occupation uses the skill
        self.skill_lift = sparse.csr_matrix((lift, (coo.col, coo.row)), shape=(n_skill, n_occ))
        self.occupation_norm = np.log(np.asarray(matrix.sum(axis=1)).ravel() + smoothing).astype(
            np.float32
        )
        # skill relatedness: skills sharing occupations are close (rows L2-normalised)
        self.skill_occupations = normalize((matrix > 0).T.astype(np.float32).tocsr())
        self.skill_idf = np.log((n_occ + 1.0) / (df + 1.0)).astype(np.float32) + 1.0
        occupations = taxonomy.occupations
        self.label_vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", dtype=np.float32
        )
        self.label_index = self.label_vectorizer.fit_transform(
            [" . ".join(o.labels) for o in occupations]
        ).T.tocsr()
        self.description_vectorizer = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            strip_accents="unicode",
            stop_words="english",
            min_df=2,
            dtype=np.float32,
        )
        self.description_index = self.description_vectorizer.fit_transform(
            [f"{o.label_en}. {o.description}" for o in occupations]
        ).T.tocsr()
        groups = sorted(taxonomy.isco_groups, key=lambda g: g.code)
        self.isco_codes = tuple(g.code for g in groups)
        self.isco_levels = np.array([g.level for g in groups], dtype=np.int8)
        code_at = {code: i for i, code in enumerate(self.isco_codes)}
        self.isco_vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", dtype=np.float32
        )
        self.isco_index = self.isco_vectorizer.fit_transform(
            [
                " . ".join((g.label_en, g.label_fi, g.label_sv, g.label_en, g.description))
                for g in groups
            ]
        ).T.tocsr()
        rows, cols = [], []
        for position, occupation in enumerate(occupations):
            code = occupation.isco_group
            for length in range(1, len(code) + 1):
                if code[:length] in code_at:
                    rows.append(position)
                    cols.append(code_at[code[:length]])
        # occupation x ISCO group (every level the occupation lies under)
        self.occupation_groups = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(n_occ, len(self.isco_codes)),
        )
        self.group_occupations = self.occupation_groups.T.tocsr()

    def occupation_posterior(
        self, skills: sparse.csr_matrix, titles: list[str], bodies: list[str], config: EngineConfig
    ) -> sparse.csr_matrix:
        """Documents x occupations: top-k posterior, rows empty when there is no evidence."""
        parts = []
        for start in range(0, skills.shape[0], CHUNK):
            stop = start + CHUNK
            parts.append(
                self._posterior_chunk(
                    skills[start:stop], titles[start:stop], bodies[start:stop], config
                )
            )
        if not parts:
            return sparse.csr_matrix((0, self.n_occupations), dtype=np.float32)
        return sparse.vstack(parts, format="csr")

    def _posterior_chunk(self, skills, titles, bodies, config):
        weight = np.asarray(skills.sum(axis=1), dtype=np.float32)
        evidence = (skills @ self.skill_lift).toarray()
        evidence -= weight * self.occupation_norm[None, :]
        title_query = self.label_vectorizer.transform(titles)
        label_sim = (title_query @ self.label_index).toarray()
        full = [f"{t} {b}" for t, b in zip(titles, bodies, strict=True)]
        description_sim = (
            self.description_vectorizer.transform(full) @ self.description_index
        ).toarray()
        isco_sim = self.isco_vectorizer.transform(full) @ self.isco_index
        isco_sim = (isco_sim @ self.group_occupations).toarray()
        evidence += config.title_evidence * label_sim
        evidence += config.description_evidence * description_sim
        evidence += config.isco_evidence * isco_sim
        has_evidence = (weight.ravel() > 0) | (label_sim.max(axis=1) > 0.05)
        has_evidence |= (description_sim.max(axis=1) > 0.05) | (isco_sim.max(axis=1) > 0.05)
        return _top_softmax(evidence, has_evidence, config.occupation_top_k)

    def isco_block(self, occupations: sparse.csr_matrix, config: EngineConfig) -> sparse.csr_matrix:
        groups = occupations @ self.occupation_groups
        level_weight = np.asarray(config.isco_level_weights, dtype=np.float32)[self.isco_levels - 1]
        return (groups @ sparse.diags(level_weight)).tocsr()


def _top_softmax(evidence: np.ndarray, keep: np.ndarray, k: int) -> sparse.csr_matrix:
    n, width = evidence.shape
    k = min(k, width)
    top = np.argpartition(-evidence, k - 1, axis=1)[:, :k]
    values = np.take_along_axis(evidence, top, axis=1)
    values = np.exp(values - values.max(axis=1, keepdims=True))
    values /= values.sum(axis=1, keepdims=True)
    values[~keep] = 0.0
    rows = np.repeat(np.arange(n), k)
    result = sparse.csr_matrix(
        (values.ravel().astype(np.float32), (rows, top.ravel())), shape=(n, width)
    )
    result.eliminate_zeros()
    return result


@cache
def taxonomy_space(smoothing: float = EngineConfig.smoothing) -> TaxonomySpace:
    """The ESCO-derived matrices and indexes for the shipped taxonomy, once per process."""
    return TaxonomySpace(shipped_taxonomy(), smoothing)


class VectorSpace:
    """The fitted space: text vocabulary and skill IDF learnt from the documents given to fit."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.text_vectorizer = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            strip_accents="unicode",
            stop_words="english",
            max_features=config.max_text_features,
            dtype=np.float32,
        )
        self.skill_idf: np.ndarray | None = None

    def fit(self, texts: Sequence[Text], resolved: Sequence[tuple], taxonomy: TaxonomySpace):
        self.text_vectorizer.fit(
            [_free_text(text, uris) for text, uris in zip(texts, resolved, strict=True)]
        )
        counts = np.zeros(taxonomy.n_skills, dtype=np.float64)
        for required, nice, _free in resolved:
            for position in {*required, *nice}:
                counts[position] += 1
        n = max(len(texts), 1)
        self.skill_idf = (np.log((n + 1.0) / (counts + 1.0)) + 1.0).astype(np.float32)
        return self

    def transform(
        self, texts: Sequence[Text], resolved: Sequence[tuple], taxonomy: TaxonomySpace
    ) -> sparse.csr_matrix:
        """Rows in the shared space, each block L2-normalised and scaled by sqrt(weight)."""
        config = self.config
        text_block = self.text_vectorizer.transform(
            [_free_text(text, uris) for text, uris in zip(texts, resolved, strict=True)]
        )
        skills = _skill_matrix(resolved, taxonomy.n_skills, config.nice_to_have_weight)
        titles = [text.title for text in texts]
        bodies = [text.body for text in texts]
        occupations = taxonomy.occupation_posterior(skills, titles, bodies, config)
        isco = taxonomy.isco_block(occupations, config)
        skill_block = skills @ sparse.diags(self.skill_idf)
        blocks = [
            (text_block, config.text_weight),
            (skill_block, config.skill_weight),
            (occupations, config.occupation_weight),
            (isco, config.isco_weight),
        ]
        matrix = sparse.hstack(
            [normalize(block.tocsr()) * np.float32(np.sqrt(w)) for block, w in blocks],
            format="csr",
        )
        return matrix.astype(np.float32)

    @property
    def total_weight(self) -> float:
        c = self.config
        return c.text_weight + c.skill_weight + c.occupation_weight + c.isco_weight


def _free_text(text: Text, resolved: tuple) -> str:
    """Title (twice, it says most), body, and skill labels ESCO could not resolve, as words."""
    return " ".join((text.title, text.title, text.body, *resolved[2]))


def _skill_matrix(resolved: Sequence[tuple], n_skills: int, nice_weight: float):
    rows, cols, values = [], [], []
    for row, (required, nice, _free) in enumerate(resolved):
        seen = {}
        for position in nice:
            seen[position] = nice_weight
        for position in required:
            seen[position] = 1.0
        for position, value in seen.items():
            rows.append(row)
            cols.append(position)
            values.append(value)
    return sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cols)), shape=(len(resolved), n_skills)
    )
