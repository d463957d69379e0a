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

from talentmatch.recommender.config import EngineConfig
from talentmatch.recommender.taxonomy import Taxonomy, shipped_taxonomy
from talentmatch.recommender.text import tokens
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc, SkillRef

CHUNK = 2048  # documents per dense occupation-evidence block (2048 x 3007 float32 = 25 MB)
MIN_TEXT_EVIDENCE = 0.05
SOFTMAX_MARGIN = 12.0  # occupations this far (in log-odds) below the best carry no mass


def _as_given(found: list[str]) -> list[str]:
    """Analyzer for documents that are already token lists."""
    return found


NO_TEXT_TERM = "\x00"  # control characters never reach the engine's text


def _vectorizer(**options) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_as_given, sublinear_tf=True, dtype=np.float32, **options)


class FastTfidf:
    """A fitted vectorizer's transform for one token list, without sklearn's per-call checks."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vocabulary = vectorizer.vocabulary_
        self.idf = vectorizer.idf_.astype(np.float32)

    def vector(self, found: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(term indices, L2-normalised sublinear TF-IDF weights), as sklearn would give them."""
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for token in found:
            index = vocabulary.get(token)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        indices = np.fromiter(counts, dtype=np.int32, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        values = (np.log(values) + 1.0) * self.idf[indices]
        return indices, _unit(values)


def _unit(values: np.ndarray) -> np.ndarray:
    norm = float(np.sqrt(np.dot(values, values)))
    return values / norm if norm > 0 else values


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty), without sklearn's checks."""
    matrix = matrix.tocsr().astype(np.float32)
    running = np.concatenate([[0.0], np.cumsum(matrix.data.astype(np.float64) ** 2)])
    norms = np.sqrt(running[matrix.indptr[1:]] - running[matrix.indptr[:-1]])
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return matrix


def gather(matrix: sparse.csr_matrix, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """weights @ matrix[rows] as a dense vector, touching only those rows (no scipy overhead)."""
    indptr = matrix.indptr
    rows = np.asarray(rows, dtype=np.int64)
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(matrix.shape[1], dtype=np.float32)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    scale = np.repeat(np.asarray(weights, dtype=np.float32), lengths) * matrix.data[offsets]
    found = np.bincount(matrix.indices[offsets], scale, minlength=matrix.shape[1])
    return found.astype(np.float32)


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


@dataclass(frozen=True)
class Analysed:
    """A document's token lists: title alone, title with body, skills kept as free text."""

    title: list[str]
    full: list[str]
    free: list[str]


def analyse(text: Text, resolved: tuple) -> Analysed:
    title, body = tokens(text.title), tokens(text.body)
    return Analysed(title, title + body, tokens(" . ".join(resolved[2])))


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
        lift = np.log1p(coo.data / (smoothing * background[coo.col])).astype(np.float32)
        # skill x occupation: log P(s|o) / P(s|background) where the occupation uses the skill
        self.skill_lift = sparse.csr_matrix((lift, (coo.col, coo.row)), shape=(n_skill, n_occ))
        totals = np.asarray(matrix.sum(axis=1)).ravel()
        self.occupation_norm = np.log(totals + smoothing).astype(np.float32)
        occupations = taxonomy.occupations
        self.label_vectorizer = _vectorizer()
        self.label_index = self.label_vectorizer.fit_transform(
            [[t for label in o.labels for t in tokens(label)] for o in occupations]
        ).T.tocsr()
        groups = sorted(taxonomy.isco_groups, key=lambda g: g.code)
        self.isco_codes = tuple(g.code for g in groups)
        self.isco_levels = np.array([g.level for g in groups], dtype=np.int8)
        code_at = {code: i for i, code in enumerate(self.isco_codes)}
        # one vocabulary for occupation and ISCO group descriptions: a document is counted once
        described = [tokens(f"{o.label_en}. {o.description}") for o in occupations]
        grouped = [
            tokens(g.label_en) * 2 + tokens(g.label_fi) + tokens(g.label_sv) + tokens(g.description)
            for g in groups
        ]
        self.topic_vectorizer = _vectorizer().fit(described + grouped)
        self.description_index = self.topic_vectorizer.transform(described).T.tocsr()
        self.isco_index = self.topic_vectorizer.transform(grouped).T.tocsr()
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
        self.fast_label = FastTfidf(self.label_vectorizer)
        self.fast_topic = FastTfidf(self.topic_vectorizer)
        # skill closeness: required together (essential) by the same occupations, unit rows
        essential = (taxonomy.occupation_skill >= 2.0).astype(np.float32).T.tocsr()
        self.essential_binary = essential.astype(np.float32)
        self.essential_counts = np.diff(essential.indptr).astype(np.float32)
        # specific technologies (R, ASP.NET, Java…) are alternatives to each other, not close
        self.technologies = np.array(
            [s.skill_type == "knowledge" and "digital" in s.collections for s in taxonomy.skills]
        )
        index = taxonomy.skill_index
        self.broader: dict[int, frozenset[int]] = {
            position: frozenset(index[uri] for uri in skill.broader_uris if uri in index)
            for position, skill in enumerate(taxonomy.skills)
            if any(uri in index for uri in skill.broader_uris)
        }

    def narrower_of(self, positions) -> list[int]:
        """The skills one of `positions` is broader than (the inverse of `broader`)."""
        if not hasattr(self, "_narrower"):
            narrower: dict[int, list[int]] = {}
            for child, parents in self.broader.items():
                for parent in parents:
                    narrower.setdefault(parent, []).append(child)
            self._narrower = narrower
        return [child for position in positions for child in self._narrower.get(position, ())]

    def posterior_one(
        self, skills: tuple[np.ndarray, np.ndarray], doc: Analysed, config: EngineConfig
    ) -> tuple[np.ndarray, np.ndarray]:
        """One document's occupation posterior as (indices, values); empty without evidence."""
        positions, weights = skills
        evidence = gather(self.skill_lift, positions, weights)
        evidence -= float(weights.sum()) * self.occupation_norm
        best = float(weights.sum())
        topic = self.fast_topic.vector(doc.full)
        for similarity, strength in (
            (gather(self.label_index, *self.fast_label.vector(doc.title)), config.title_evidence),
            (gather(self.description_index, *topic), config.description_evidence),
        ):
            best = max(best, float(similarity.max()) - MIN_TEXT_EVIDENCE)
            evidence += strength * similarity
        groups = gather(self.isco_index, *topic)
        similarity = self.occupation_groups @ groups
        best = max(best, float(similarity.max()) - MIN_TEXT_EVIDENCE)
        evidence += config.isco_evidence * similarity
        if best <= 0:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        row = _top_softmax(evidence[None, :], np.array([True]), config.occupation_top_k)
        return row.indices.astype(np.int32), row.data

    def occupation_posterior(
        self, skills: sparse.csr_matrix, docs: Sequence[Analysed], config: EngineConfig
    ) -> sparse.csr_matrix:
        """Documents x occupations: top-k posterior, rows empty when there is no evidence."""
        parts = [
            self._posterior_chunk(
                skills[start : start + CHUNK], docs[start : start + CHUNK], config
            )
            for start in range(0, skills.shape[0], CHUNK)
        ]
        if not parts:
            return sparse.csr_matrix((0, self.n_occupations), dtype=np.float32)
        return sparse.vstack(parts, format="csr")

    def _posterior_chunk(self, skills, docs, config):
        weight = np.asarray(skills.sum(axis=1), dtype=np.float32)
        evidence = (skills @ self.skill_lift).toarray()
        evidence -= weight * self.occupation_norm[None, :]
        has_evidence = weight.ravel() > 0
        topic = self.topic_vectorizer.transform([d.full for d in docs])
        titles = self.label_vectorizer.transform([d.title for d in docs])
        for similarity, strength in (
            ((titles @ self.label_index).toarray(), config.title_evidence),
            ((topic @ self.description_index).toarray(), config.description_evidence),
        ):
            has_evidence |= similarity.max(axis=1) > MIN_TEXT_EVIDENCE
            evidence += strength * similarity
        groups = topic @ self.isco_index
        similarity = (groups @ self.group_occupations).toarray()
        has_evidence |= similarity.max(axis=1) > MIN_TEXT_EVIDENCE
        evidence += config.isco_evidence * similarity
        return _top_softmax(evidence, has_evidence, config.occupation_top_k)

    def level_weights(self, config: EngineConfig) -> np.ndarray:
        return np.asarray(config.isco_level_weights, dtype=np.float32)[self.isco_levels - 1]

    def isco_block(self, occupations: sparse.csr_matrix, config: EngineConfig) -> sparse.csr_matrix:
        groups = occupations @ self.occupation_groups
        block = (groups @ sparse.diags(self.level_weights(config))).tocsr()
        block.eliminate_zeros()
        return block


def _top_softmax(evidence: np.ndarray, keep: np.ndarray, k: int) -> sparse.csr_matrix:
    """Per row, a softmax over the k best columns, ignoring columns beyond the margin."""
    n, width = evidence.shape
    k = min(k, width)
    best = evidence.max(axis=1, keepdims=True)
    mask = evidence >= best - SOFTMAX_MARGIN
    crowded = np.flatnonzero(mask.sum(axis=1) > k)
    if len(crowded):
        sub = evidence[crowded]
        top = np.argpartition(-sub, k - 1, axis=1)[:, :k]
        mask[crowded] = False
        mask[crowded[:, None], top] = True
    mask[~keep] = False
    rows, cols = np.nonzero(mask)
    values = np.exp(evidence[rows, cols] - best[rows, 0])
    totals = np.bincount(rows, values, minlength=n)
    values = (values / totals[rows]).astype(np.float32)
    return sparse.csr_matrix((values, (rows, cols)), shape=(n, width))


@cache
def taxonomy_space(smoothing: float = EngineConfig.smoothing) -> TaxonomySpace:
    """The ESCO-derived matrices and indexes for the shipped taxonomy, once per process."""
    return TaxonomySpace(shipped_taxonomy(), smoothing)


class VectorSpace:
    """The fitted space: text vocabulary and skill IDF learnt from the documents given to fit."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.text_vectorizer = _vectorizer(max_features=config.max_text_features)
        self.skill_idf: np.ndarray | None = None
        self._fast_text: FastTfidf | None = None

    def fit(self, docs: Sequence[Analysed], resolved: Sequence[tuple], n_skills: int):
        """Learn the vocabulary and IDF; returns the text block of `docs` (saves a second pass)."""
        tokens = [_text_tokens(d) for d in docs]
        if any(tokens):
            text_block = self.text_vectorizer.fit_transform(tokens)
        else:
            # Nothing to learn words from (no open opportunity, no profile shown to employers):
            # a one-term vocabulary no text can contain, so later documents still transform.
            self.text_vectorizer.fit([[NO_TEXT_TERM]])
            text_block = sparse.csr_matrix((len(docs), 1), dtype=np.float32)
        counts = np.zeros(n_skills, dtype=np.float64)
        for required, nice, _free in resolved:
            counts[list({p for links in (*required, *nice) for p, _ in links})] += 1
        n = max(len(docs), 1)
        self.skill_idf = (np.log((n + 1.0) / (counts + 1.0)) + 1.0).astype(np.float32)
        return text_block

    def transform(
        self,
        docs: Sequence[Analysed],
        resolved: Sequence[tuple],
        taxonomy: TaxonomySpace,
        text_block: sparse.csr_matrix | None = None,
    ) -> sparse.csr_matrix:
        """Rows in the shared space, each block L2-normalised and scaled by sqrt(weight)."""
        config = self.config
        if text_block is None:
            text_block = self.text_vectorizer.transform([_text_tokens(d) for d in docs])
        skills = _skill_matrix(resolved, taxonomy.n_skills, config.nice_to_have_weight)
        occupations = taxonomy.occupation_posterior(skills, docs, config)
        blocks = [
            (text_block, config.text_weight),
            (skills @ sparse.diags(self.skill_idf), config.skill_weight),
            (occupations, config.occupation_weight),
            (taxonomy.isco_block(occupations, config), config.isco_weight),
        ]
        return sparse.hstack(
            [_unit_rows(block) * np.float32(np.sqrt(w)) for block, w in blocks], format="csr"
        ).astype(np.float32)

    def transform_one(
        self, doc: Analysed, resolved: tuple, taxonomy: TaxonomySpace
    ) -> sparse.csr_matrix:
        """The same row as `transform([doc], [resolved])`, about ten times faster."""
        config = self.config
        assert self.skill_idf is not None, "transform_one needs a fitted space"  # nosec B101
        if self._fast_text is None:
            self._fast_text = FastTfidf(self.text_vectorizer)
        weights = skill_weights(resolved, config.nice_to_have_weight)
        positions = np.fromiter(weights, dtype=np.int32, count=len(weights))
        values = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        occupations = taxonomy.posterior_one((positions, values), doc, config)
        groups = gather(taxonomy.occupation_groups, *occupations)
        groups *= taxonomy.level_weights(config)
        group_positions = np.flatnonzero(groups).astype(np.int32)
        blocks = [
            (self._fast_text.vector(_text_tokens(doc)), config.text_weight),
            ((positions, values * self.skill_idf[positions]), config.skill_weight),
            (occupations, config.occupation_weight),
            ((group_positions, groups[group_positions]), config.isco_weight),
        ]
        columns, data, offset = [], [], 0
        for ((indices, block_values), weight), width in zip(
            blocks, self.block_widths(taxonomy), strict=True
        ):
            order = np.argsort(indices, kind="stable")
            columns.append(indices[order].astype(np.int32) + offset)
            data.append(_unit(block_values[order].astype(np.float32)) * np.float32(np.sqrt(weight)))
            offset += width
        indices = np.concatenate(columns)
        return sparse.csr_matrix(
            (np.concatenate(data), indices, np.array([0, len(indices)], dtype=np.int32)),
            shape=(1, offset),
        )

    def block_widths(self, taxonomy: TaxonomySpace) -> tuple[int, int, int, int]:
        return (
            len(self.text_vectorizer.vocabulary_),
            taxonomy.n_skills,
            taxonomy.n_occupations,
            len(taxonomy.isco_codes),
        )

    @property
    def total_weight(self) -> float:
        c = self.config
        return c.text_weight + c.skill_weight + c.occupation_weight + c.isco_weight

    def terms(self) -> list[str]:
        """The text vocabulary in column order."""
        vocabulary = self.text_vectorizer.vocabulary_
        terms = [""] * len(vocabulary)
        for term, column in vocabulary.items():
            terms[column] = term
        return terms

    def restore(self, terms: Sequence[str], text_idf: np.ndarray, skill_idf: np.ndarray) -> None:
        """The fitted state `terms`, `text_vectorizer.idf_` and `skill_idf` describe, as saved."""
        if len(set(terms)) != len(terms) or len(terms) != len(text_idf):
            raise ValueError("the vocabulary and its IDF do not agree")
        self.text_vectorizer.vocabulary_ = {term: column for column, term in enumerate(terms)}
        self.text_vectorizer.idf_ = np.asarray(text_idf)
        self.skill_idf = np.asarray(skill_idf, dtype=np.float32)
        self._fast_text = None


def _text_tokens(doc: Analysed) -> list[str]:
    """The title counts twice: it says most about the document in fewest words."""
    return doc.title + doc.full + doc.free


def skill_weights(resolved: tuple, nice_weight: float) -> dict[int, float]:
    """ESCO position -> weight: required skills 1, nice-to-have less, soft links by confidence."""
    required, nice, _free = resolved
    weights: dict[int, float] = {}
    for groups, scale in ((nice, nice_weight), (required, 1.0)):
        for links in groups:
            for position, confidence in links:
                weights[position] = max(weights.get(position, 0.0), scale * confidence)
    return weights


def _skill_matrix(resolved: Sequence[tuple], n_skills: int, nice_weight: float):
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, found in enumerate(resolved):
        seen = skill_weights(found, nice_weight)
        rows.extend([row] * len(seen))
        cols.extend(seen)
        values.extend(seen.values())
    return sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cols)), shape=(len(resolved), n_skills)
    )
