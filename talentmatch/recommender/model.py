"""The recommender: fit once, then rank opportunities for a profile and graduates for a job."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from talentmatch.recommender import constraints, eligibility
from talentmatch.recommender.config import EngineConfig
from talentmatch.recommender.constraints import ConstraintTable
from talentmatch.recommender.explain import (
    THIN_PROFILE_SKILLS,
    Closeness,
    OpportunityCloseness,
    SkillList,
    band_rank,
    explain_skills,
)
from talentmatch.recommender.features import (
    Text,
    VectorSpace,
    analyse,
    gather,
    opportunity_text,
    profile_text,
    taxonomy_space,
)
from talentmatch.recommender.gaps import (
    TOP_SKILLS,
    GapReport,
    JobFacts,
    opened_by_language,
    opened_by_skill,
    report,
    situation,
)
from talentmatch.recommender.language import language_models
from talentmatch.recommender.types import (
    CandidateMatch,
    Explanation,
    Interaction,
    Match,
    MatchFilters,
    OpportunityDoc,
    ProfileDoc,
    SkillRef,
)

__all__ = ["EngineConfig", "Recommender", "Snapshot"]

PULL = frozenset({"save", "apply", "join", "rsvp", "taking", "finished"})
PUSH = frozenset({"hide", "not_interested"})
PROFILE_CACHE = 256
LABEL_CACHE = 200_000
SOFT_LINKS = 3  # candidates a typed phrase is spread over
SOFT_LINK_CONFIDENCE = 0.33  # below this the linker's guess is more often wrong than right
EXPLAIN_CONFIDENCE = 0.45  # a soft link names a skill in explanations from this confidence on
MMR_POOL = 4
BAND_WEIGHT = (1.0, 0.85, 0.7, 0.6)  # strong, good, some, no band
DISTINCT_SLOTS = 5  # near-duplicate postings never share these first slots
BAND_POOL = 2  # candidates labelled before choosing, times k
DEFAULT_CONFIG = EngineConfig()
NO_FILTERS = MatchFilters()  # diversify among this many times k candidates
# The steps `Recommender.fit` reports, in order; callers show them as progress.
FIT_STEPS = ("linking skills", "learning vocabulary", "indexing")


class Recommender:
    """Profiles and opportunities of every kind in one space; see features.py for the blocks."""

    def __init__(self, config: EngineConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self._attach()
        self._space = VectorSpace(config)
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._docs: list[OpportunityDoc] = []
        self._skills: list[SkillList] = []
        self._kinds: dict[str, int] = {}
        self._kind = np.zeros(0, dtype=np.int8)
        self._active = np.zeros(0, dtype=bool)
        self._copy_keys: dict[tuple[str, str], int] = {}
        self._copy_key = np.zeros(0, dtype=np.int32)
        self._matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
        self._norms = np.zeros(0, dtype=np.float32)
        self._constraints = ConstraintTable()
        self._eligibility = eligibility.EligibilityTable()
        self._labels: dict[str, tuple[tuple[int, float], ...]] = {}
        self._profile_ids: tuple[str, ...] = ()

    # -- fitting and lifecycle -------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        opportunities: Iterable[OpportunityDoc],
        profiles: Iterable[ProfileDoc] = (),
        *,
        config: EngineConfig = DEFAULT_CONFIG,
        progress: Callable[[str], None] | None = None,
    ) -> Recommender:
        """Learn the text vocabulary and skill weights from both sides, then index opportunities.

        `progress`, when given, is called with the name of each step (FIT_STEPS) as it starts."""
        report = progress or _quiet
        model = cls(config)
        docs = _unique(opportunities)
        profiles = list(profiles)
        model._profile_ids = tuple(p.id for p in profiles)
        report(FIT_STEPS[0])
        texts = [opportunity_text(doc) for doc in docs] + [profile_text(p) for p in profiles]
        resolved = [model._resolve_text(text) for text in texts]
        analysed = [analyse(text, found) for text, found in zip(texts, resolved, strict=True)]
        report(FIT_STEPS[1])
        text_block = model._space.fit(analysed, resolved, model._taxonomy.n_skills)
        count = len(docs)
        report(FIT_STEPS[2])
        model._index(docs, texts[:count], resolved[:count], analysed[:count], text_block[:count])
        return model

    def upsert(self, opportunity: OpportunityDoc) -> None:
        """Add or replace one opportunity with the fitted vocabulary; recommendable at once."""
        row = self._row.get(opportunity.id)
        if row is not None and self._active[row] and self._docs[row] == opportunity:
            return  # unchanged (a page re-applying it): what is built on it stays valid
        text = opportunity_text(opportunity)
        resolved = self._resolve_text(text)
        if row is None:
            self._index([opportunity], [text], [resolved], [analyse(text, resolved)])
            return
        vector = self._space.transform_one(analyse(text, resolved), resolved, self._taxonomy)
        self._matrix = sparse.vstack(
            [self._matrix[:row], vector, self._matrix[row + 1 :]], format="csr"
        )
        self._norms[row] = _row_norms(vector)[0]
        self._docs[row] = opportunity
        self._skills[row] = _skill_list(text, resolved)
        self._kind[row] = self._kind_code(opportunity.kind)
        self._copy_key[row] = self._copy_code(opportunity)
        self._active[row] = True
        self._constraints.replace(row, opportunity)
        self._eligibility.replace(row, opportunity)
        self._columns = None
        self._gap_facts: JobFacts | None = None

    def remove(self, opportunity_id: str) -> None:
        """Never recommend this opportunity again (its row is dropped at the next refit)."""
        row = self._row.get(opportunity_id)
        if row is not None:
            self._active[row] = False

    @property
    def opportunity_ids(self) -> list[str]:
        return [i for i, active in zip(self._ids, self._active, strict=True) if active]

    @property
    def profile_ids(self) -> tuple[str, ...]:
        """The profiles the vocabulary and weights were learnt from."""
        return self._profile_ids

    def forget_profile(self, profile_id: str) -> None:
        """Drop what this process cached of one profile's text (the fit itself needs a refit)."""
        for cached in [doc for doc in self._profile_cache if doc.id == profile_id]:
            del self._profile_cache[cached]

    def snapshot(self) -> Snapshot:
        """Everything fitted, as plain values and arrays: what a stored artefact holds. Skill
        phrases are kept for the opportunities' own skills only: what the links cache learnt
        from profiles served since the fit stays in this process."""
        named = {ref.label for doc in self._docs for ref in (*doc.skills, *doc.nice_to_have_skills)}
        assert self._space.skill_idf is not None, "a fitted engine has its skill IDF"  # nosec B101
        return Snapshot(
            config=self.config,
            terms=self._space.terms(),
            text_idf=self._space.text_vectorizer.idf_,
            skill_idf=self._space.skill_idf,
            ids=list(self._ids),
            docs=list(self._docs),
            skills=list(self._skills),
            kinds=dict(self._kinds),
            kind=self._kind,
            active=self._active,
            copy_keys=dict(self._copy_keys),
            copy_key=self._copy_key,
            matrix=self._matrix,
            norms=self._norms,
            labels={label: links for label, links in self._labels.items() if label in named},
            profile_ids=self._profile_ids,
        )

    @classmethod
    def restore(cls, snapshot: Snapshot) -> Recommender:
        """The engine a snapshot describes; ValueError when its parts do not fit together."""
        model = cls(snapshot.config)
        model._space.restore(snapshot.terms, snapshot.text_idf, snapshot.skill_idf)
        rows = len(snapshot.ids)
        widths = model._space.block_widths(model._taxonomy)
        if len(set(snapshot.ids)) != rows or [d.id for d in snapshot.docs] != snapshot.ids:
            raise ValueError("the opportunity ids do not agree with the documents")
        if len(snapshot.skill_idf) != widths[1]:
            raise ValueError("the skill weights do not fit the shipped taxonomy")
        if snapshot.matrix.shape != (rows, sum(widths)):
            raise ValueError("the matrix does not fit the vocabulary and the taxonomy")
        sizes = {
            len(snapshot.skills),
            len(snapshot.kind),
            len(snapshot.active),
            len(snapshot.copy_key),
            len(snapshot.norms),
        }
        if sizes != {rows}:
            raise ValueError("the per-opportunity arrays differ in length")
        if rows and (
            snapshot.kind.min() < 0
            or snapshot.kind.max() >= len(snapshot.kinds)
            or snapshot.copy_key.min() < 0
            or snapshot.copy_key.max() >= len(snapshot.copy_keys)
        ):
            raise ValueError("a kind or copy code is out of range")
        positions = [p for skills in snapshot.skills for _, p in skills.all if p is not None]
        positions += [p for skills in snapshot.skills for _, p, _sure in skills.soft]
        positions += [p for links in snapshot.labels.values() for p, _weight in links]
        if positions and (min(positions) < 0 or max(positions) >= widths[1]):
            raise ValueError("a skill position lies outside the shipped taxonomy")
        model._ids = list(snapshot.ids)
        model._row = {opportunity_id: row for row, opportunity_id in enumerate(model._ids)}
        model._docs = list(snapshot.docs)
        model._skills = list(snapshot.skills)
        model._kinds = dict(snapshot.kinds)
        model._kind = np.asarray(snapshot.kind, dtype=np.int8)
        model._active = np.asarray(snapshot.active, dtype=bool)
        model._copy_keys = dict(snapshot.copy_keys)
        model._copy_key = np.asarray(snapshot.copy_key, dtype=np.int32)
        model._matrix = sparse.csr_matrix(snapshot.matrix, dtype=np.float32)
        model._norms = np.asarray(snapshot.norms, dtype=np.float32)
        model._constraints.extend(model._docs)  # both tables follow from the documents alone
        model._eligibility.extend(model._docs)
        model._labels = dict(snapshot.labels)
        model._profile_ids = tuple(snapshot.profile_ids)
        return model

    def _index(self, docs, texts, resolved, analysed, text_block=None) -> None:
        start = len(self._ids)
        matrix = self._space.transform(analysed, resolved, self._taxonomy, text_block)
        self._matrix = matrix if not start else sparse.vstack([self._matrix, matrix], format="csr")
        self._norms = np.concatenate([self._norms, _row_norms(matrix)])
        for offset, doc in enumerate(docs):
            self._row[doc.id] = start + offset
        self._ids.extend(doc.id for doc in docs)
        self._docs.extend(docs)
        self._skills.extend(_skill_list(t, r) for t, r in zip(texts, resolved, strict=True))
        kinds = [self._kind_code(doc.kind) for doc in docs]
        self._kind = np.concatenate([self._kind, kinds]).astype(np.int8)
        self._active = np.concatenate([self._active, np.ones(len(docs), dtype=bool)])
        copies = [self._copy_code(doc) for doc in docs]
        self._copy_key = np.concatenate([self._copy_key, copies]).astype(np.int32)
        self._constraints.extend(docs)
        self._eligibility.extend(docs)
        self._columns = None
        self._gap_facts = None

    # -- recommending ----------------------------------------------------------------------

    def recommend(
        self,
        profile: ProfileDoc,
        *,
        kind: str | None = None,
        k: int = 10,
        interactions: Sequence[Interaction] = (),
        filters: MatchFilters = NO_FILTERS,
        exclude: frozenset[str] = frozenset(),
        today: date | None = None,
        diversify: bool = True,
    ) -> list[Match]:
        """The k best opportunities (of one kind, or all) for a profile, best first."""
        return self.recommend_lanes(
            profile,
            [kind],
            k=k,
            interactions=interactions,
            filters=filters,
            exclude=exclude,
            today=today,
            diversify=diversify,
        )[0]

    def recommend_lanes(
        self,
        profile: ProfileDoc,
        kinds: Sequence[str | None],
        *,
        k: int = 10,
        interactions: Sequence[Interaction] = (),
        filters: MatchFilters = NO_FILTERS,
        exclude: frozenset[str] = frozenset(),
        today: date | None = None,
        diversify: bool = True,
    ) -> list[list[Match]]:
        """`recommend` for each of `kinds` (None: every kind), in that order. The profile's
        vector, its similarity to every opportunity and the constraints are worked out once
        for all the lanes; each lane is then exactly what `recommend` of its kind returns."""
        today = today or date.today()
        if k <= 0 or not self._ids:
            return [[] for _ in kinds]
        query = self._feedback(self._profile_vector(profile), interactions)
        similarity = self._similarity(query)
        hidden = set(exclude) | {i.opportunity_id for i in interactions if i.kind in PUSH}
        pool = k * MMR_POOL if diversify else k
        # only rows with some similarity compete, unless too few of them can be shown
        attempts = (np.flatnonzero(similarity > 0), None)
        allowed: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # by attempt, every kind

        def candidates(attempt: int, code: int | None) -> tuple[np.ndarray, np.ndarray]:
            if attempt not in allowed:
                allowed[attempt] = self._candidates(
                    profile, similarity, attempts[attempt], None, hidden, filters, today
                )
            rows, scores = allowed[attempt]
            if code is None:
                return rows, scores
            keep = self._kind[rows] == code
            return rows[keep], scores[keep]

        skills = self._profile_skills(profile)
        closeness = Closeness(skills, self._taxonomy)
        lanes = []
        for kind in kinds:
            code = self._kinds.get(kind, -1) if kind is not None else None
            for attempt in range(len(attempts)):
                rows, scores = candidates(attempt, code)
                if len(rows) >= pool or attempts[attempt] is None:
                    break
            lanes.append(
                self._best(profile, rows, scores, k, pool, skills, closeness, today, diversify)
            )
        return lanes

    def _best(
        self,
        profile: ProfileDoc,
        rows: np.ndarray,
        scores: np.ndarray,
        k: int,
        pool: int,
        skills: SkillList,
        closeness: Closeness,
        today: date,
        diversify: bool,
    ) -> list[Match]:
        """The k best of the candidate `rows`, labelled, weighed by band and diversified."""
        pool = min(pool, len(rows))
        if pool <= 0:
            return []
        top = np.argpartition(-scores, pool - 1)[:pool] if pool < len(scores) else np.arange(pool)
        values, top = scores[top], rows[top]
        order = np.lexsort((top, -values))
        top, values = top[order], values[order]
        # the best few by similarity are labelled (and weighed by their band) before choosing;
        # the rest of the diversity pool counts as unlabelled unless it is chosen
        labelled = min(len(top), k * BAND_POOL)
        closeness.prepare(  # one sparse product for every skill of every labelled candidate
            position
            for row in top[:labelled]
            for _, position in self._skills[row].all
            if position is not None
        )
        matches: list[Match | None] = [
            self._match(profile, int(row), float(value), skills, today, closeness=closeness)
            for row, value in zip(top[:labelled], values[:labelled], strict=True)
        ] + [None] * (len(top) - labelled)
        # the order agrees with the labels people read: the band weighs in beside similarity
        weights = np.full(len(top), BAND_WEIGHT[-1], dtype=np.float32)
        for at, match in enumerate(matches[:labelled]):
            # the first `labelled` matches are labelled; the rest are placeholders
            assert match is not None  # nosec B101
            weights[at] = BAND_WEIGHT[band_rank(match.explanation.band)]
        raw, values = values, values * weights
        order = np.lexsort((top, -values))
        top, values, raw = top[order], values[order], raw[order]
        matches = [matches[i] for i in order]
        chosen = self._diversify(top, values, k) if diversify else list(range(min(k, len(top))))
        return [
            matches[i]
            or self._match(profile, int(top[i]), float(raw[i]), skills, today, closeness=closeness)
            for i in chosen
        ]

    def gaps(
        self,
        profile: ProfileDoc,
        *,
        filters: MatchFilters = NO_FILTERS,
        exclude: frozenset[str] = frozenset(),
        today: date | None = None,
        top_skills: int = TOP_SKILLS,
    ) -> GapReport:
        """How many more open jobs would be good or strong fits with the next level of each
        language, or with each skill the near-miss jobs ask for (gaps.py)."""
        facts, now, minimums = self._gap_situation(profile, filters, exclude, today)
        columns = self._constraints.language_columns
        skills = self._profile_skills(profile)
        return report(facts, now, minimums, columns, profile, skills, top_skills)

    def jobs_opened(
        self,
        profile: ProfileDoc,
        *,
        language: tuple[str, int] | None = None,
        skill_uri: str | None = None,
        filters: MatchFilters = NO_FILTERS,
        exclude: frozenset[str] = frozenset(),
        today: date | None = None,
    ) -> tuple[str, ...]:
        """The jobs that reaching a level of a language (code, CEFR level), or having one
        ESCO skill, would make good or strong fits."""
        facts, now, minimums = self._gap_situation(profile, filters, exclude, today)
        if len(self._profile_skills(profile).all) < THIN_PROFILE_SKILLS:
            return ()
        if language is not None:
            code, level = language
            columns = self._constraints.language_columns
            return opened_by_language(facts, now, minimums, columns, profile, code, level)
        position = self._taxonomy.taxonomy.skill_index.get(skill_uri or "")
        if position is None:
            return ()
        return opened_by_skill(facts, now, minimums, position)

    def _job_facts(self) -> JobFacts:
        if self._gap_facts is None:
            code = self._kinds.get("job", -1)
            rows = np.flatnonzero(self._kind == code)
            skills = self._taxonomy.taxonomy.skills
            self._gap_facts = JobFacts(
                rows,
                [self._ids[row] for row in rows],
                [self._skills[row] for row in rows],
                self._taxonomy.n_skills,
                [skill.uri for skill in skills],
                [skill.label_en for skill in skills],
            )
        return self._gap_facts

    def _gap_situation(self, profile, filters, exclude, today):
        today = today or date.today()
        facts = self._job_facts()
        rows = facts.rows
        # languages are what a gap changes: their filter is applied per change (gaps.py)
        others = MatchFilters(False, filters.sponsors_permit, filters.my_municipalities)
        allowed = self._constraints.assess(profile, others, today, self.config, rows).allowed
        allowed &= self._active[rows] & self._eligibility.allows(profile, today, rows)
        if exclude:
            hidden = {self._row[i] for i in exclude if i in self._row}
            allowed &= ~np.isin(rows, list(hidden))
        skills = self._profile_skills(profile)
        now = situation(
            facts,
            profile,
            skills,
            Closeness(skills, self._taxonomy),
            self._constraints.language_columns,
            self._constraints.sponsors[rows],
            allowed,
            filters.languages_met,
        )
        return facts, now, self._constraints.minimums[rows]

    def _candidates(self, profile, similarity, rows, kind_code, hidden, filters, today):
        """(rows that may be shown, their constrained scores); all rows when `rows` is None."""
        assessment = self._constraints.assess(profile, filters, today, self.config, rows)
        every = rows is None
        allowed = assessment.allowed & (self._active if every else self._active[rows])
        allowed &= self._eligibility.allows(profile, today, rows)
        if kind_code is not None:
            allowed &= (self._kind if every else self._kind[rows]) == kind_code
        scores = (similarity if every else similarity[rows]) * assessment.multiplier
        positions = np.arange(len(similarity)) if every else rows
        for opportunity_id in hidden:
            row = self._row.get(opportunity_id)
            if row is not None:
                allowed &= positions != row
        return positions[allowed], scores[allowed]

    def explain(self, profile: ProfileDoc, opportunity_id: str, today: date | None = None) -> Match:
        """The score and explanation of one opportunity for one profile (KeyError when unknown)."""
        today = today or date.today()
        row = self._row[opportunity_id]
        query = self._profile_vector(profile)
        similarity = self._pair_similarity(query, row)
        found = constraints.reasons(profile, self._docs[row], today, self.config)
        found += eligibility.reasons(profile, self._docs[row], today)
        score = similarity * constraints.multiplier(found)
        return self._match(profile, row, score, self._profile_skills(profile), today, found)

    def rank_candidates(
        self,
        opportunity_id: str,
        profiles: Sequence[ProfileDoc],
        k: int = 20,
        today: date | None = None,
    ) -> list[CandidateMatch]:
        """Graduates for an opportunity by mutual fit: both directions, constraints both ways."""
        pool = CandidatePool(self)
        pool.put(profiles)
        return self.rank_pool(opportunity_id, pool, k=k, today=today)

    def rank_pool(
        self,
        opportunity_id: str,
        pool: CandidatePool,
        k: int = 20,
        today: date | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> list[CandidateMatch]:
        """`rank_candidates` over a pool kept between requests. Exact: profiles are explained in
        order of likeness, and the explaining stops once no less alike profile could still
        reach the k best (the mutual fit never exceeds sqrt(s * (1 + s) / 2) at likeness s)."""
        today = today or date.today()
        row = self._row[opportunity_id]
        doc = self._docs[row]
        matrix, norms = pool.matrix()
        if matrix.shape[0] == 0:
            return []
        raw = (matrix @ self._matrix[row].T).toarray().ravel()
        similarity = np.clip(raw / np.maximum(norms * self._norms[row], 1e-12), 0.0, 1.0)
        best: list[tuple[float, int, Explanation]] = []  # (-mutual, position, explanation)
        closeness = OpportunityCloseness(self._skills[row], self._taxonomy)
        for position in np.argsort(-similarity, kind="stable"):
            alike = float(similarity[position])
            if len(best) >= k and math.sqrt(alike * (1.0 + alike) / 2.0) < -best[k - 1][0]:
                break
            profile = pool.docs[position]
            if profile.id in exclude:
                continue
            reasons = constraints.reasons(profile, doc, today, self.config)
            explanation = explain_skills(
                pool.skills[position],
                self._skills[row],
                self._taxonomy,
                reasons,
                closeness.for_profile(pool.skills[position]),
            )
            score = _mutual(alike, explanation, self._skills[row])
            best.append((-score, int(position), explanation))
            best.sort(key=lambda item: (item[0], item[1]))
            del best[k:]
        return [
            CandidateMatch(pool.docs[position].id, round(-negative, 6), explanation)
            for negative, position, explanation in best
        ]

    def suggest_skills(self, text: str, k: int = 10) -> list[tuple[str, float]]:
        return self._language.skills.suggest(text, k=k)

    def suggest_occupations(self, title: str, k: int = 5) -> list[tuple[str, float]]:
        return self._language.titles.rank(title, k=k)

    # -- internals -------------------------------------------------------------------------

    def _profile_vector(self, profile: ProfileDoc) -> sparse.csr_matrix:
        cached = self._profile_cache.get(profile)
        if cached is None:
            text = profile_text(profile)
            resolved = self._resolve_text(text)
            cached = self._space.transform_one(analyse(text, resolved), resolved, self._taxonomy)
            if len(self._profile_cache) >= PROFILE_CACHE:
                self._profile_cache.pop(next(iter(self._profile_cache)))
            self._profile_cache[profile] = cached
        return cached

    def _profile_skills(self, profile: ProfileDoc) -> SkillList:
        text = profile_text(profile)
        return _skill_list(text, self._resolve_text(text))

    def _feedback(self, query: sparse.csr_matrix, interactions: Sequence[Interaction]):
        """Rocchio: move the profile toward saved/applied/joined items and away from hidden ones."""
        pulled = [
            self._row[i.opportunity_id]
            for i in interactions
            if i.kind in PULL and i.opportunity_id in self._row
        ]
        pushed = [
            self._row[i.opportunity_id]
            for i in interactions
            if i.kind in PUSH and i.opportunity_id in self._row
        ]
        if not pulled and not pushed:
            return query
        result = query.copy()
        for rows, weight in (
            (pulled, self.config.feedback_pull),
            (pushed, -self.config.feedback_push),
        ):
            if rows:
                block = self._matrix[sorted(set(rows))]
                block = sparse.diags(1.0 / np.maximum(_row_norms(block), 1e-12)) @ block
                centroid = sparse.csr_matrix(block.mean(axis=0))
                result = result + centroid * (weight * math.sqrt(self._space.total_weight))
        return sparse.csr_matrix(result, dtype=np.float32)

    def _similarity(self, query: sparse.csr_matrix) -> np.ndarray:
        if self._columns is None:
            self._columns = self._matrix.T.tocsr()
        raw = gather(self._columns, query.indices, query.data)
        norm = max(float(np.sqrt(np.dot(query.data, query.data))), 1e-12)
        return np.clip(raw / (np.maximum(self._norms, 1e-12) * norm), 0.0, 1.0).astype(np.float32)

    def _pair_similarity(self, query: sparse.csr_matrix, row: int) -> float:
        raw = float((query @ self._matrix[row].T).toarray()[0, 0])
        norm = max(float(np.sqrt(query.multiply(query).sum())), 1e-12)
        return min(max(raw / (max(float(self._norms[row]), 1e-12) * norm), 0.0), 1.0)

    def _diversify(self, rows: np.ndarray, scores: np.ndarray, k: int) -> list[int]:
        """Maximal marginal relevance; only near-copies of a chosen item count as redundant."""
        block = self._matrix[rows]
        norms = np.maximum(self._norms[rows], 1e-12)
        closeness = (block @ block.T).toarray() / np.outer(norms, norms)
        copies = self._copy_key[rows]
        closeness[copies[:, None] == copies[None, :]] = 1.0
        floor = self.config.near_copy_similarity
        redundancy_of = np.clip((closeness - floor) / max(1.0 - floor, 1e-6), 0.0, 1.0)
        lam = self.config.diversity_lambda
        chosen: list[int] = []
        redundancy = np.zeros(len(rows), dtype=np.float32)
        taken = np.zeros(len(rows), dtype=bool)
        for _ in range(min(k, len(rows))):
            value = lam * scores - (1.0 - lam) * redundancy
            value[taken] = -np.inf
            if len(chosen) < DISTINCT_SLOTS and np.isfinite(value[redundancy <= 0]).any():
                value[redundancy > 0] = -np.inf  # no near-copy of a chosen item in the first slots
            best = int(np.argmax(value))
            taken[best] = True
            chosen.append(best)
            redundancy = np.maximum(redundancy, redundancy_of[best])
        return chosen

    def _match(self, profile, row, score, skills, today, found=None, closeness=None) -> Match:
        doc = self._docs[row]
        if found is None:
            found = constraints.reasons(profile, doc, today, self.config)
            found += eligibility.reasons(profile, doc, today)
        explanation = explain_skills(skills, self._skills[row], self._taxonomy, found, closeness)
        return Match(doc.id, doc.kind, round(min(max(score, 0.0), 1.0), 6), explanation)

    def _resolve_text(self, text: Text) -> tuple:
        """(required links, nice-to-have links, free labels): one tuple of (position, weight)
        links per skill as given; a skill that is not an exact ESCO pick is also free text."""
        required: list[tuple[tuple[int, float], ...]] = []
        nice: list[tuple[tuple[int, float], ...]] = []
        free: list[str] = []
        for refs, bucket in ((text.required, required), (text.nice, nice)):
            for ref in refs:
                links = self._resolve(ref)
                bucket.append(links)
                if not links or links[0][1] < 1.0:
                    free.append(ref.label)
        return tuple(required), tuple(nice), tuple(free)

    def _resolve(self, ref: SkillRef) -> tuple[tuple[int, float], ...]:
        """An exact or confidently respelled skill counts fully; any other phrase is linked
        softly to its best candidates, each weighted by the linker's confidence."""
        index = self._taxonomy.taxonomy.skill_index
        if ref.uri and ref.uri in index:
            return ((index[ref.uri], 1.0),)
        if ref.label in self._labels:
            return self._labels[ref.label]
        skills = self._language.skills
        uri = skills.resolve(SkillRef(ref.label))
        if uri in index:
            links: tuple[tuple[int, float], ...] = ((index[uri], 1.0),)
        else:
            links = tuple(
                (index[found], confidence)
                for found, confidence in skills.link(ref.label, k=SOFT_LINKS)
                if confidence >= SOFT_LINK_CONFIDENCE and found in index
            )
        if len(self._labels) < LABEL_CACHE:
            self._labels[ref.label] = links
        return links

    def _kind_code(self, kind: str) -> int:
        return self._kinds.setdefault(kind, len(self._kinds))

    def _copy_code(self, doc: OpportunityDoc) -> int:
        key = (" ".join(doc.title.casefold().split()), doc.provider.casefold().strip())
        return self._copy_keys.setdefault(key, len(self._copy_keys))

    def _attach(self) -> None:
        self._language = language_models()
        self._taxonomy = taxonomy_space(self.config.smoothing)
        self._columns = None
        self._gap_facts = None
        self._profile_cache: dict[ProfileDoc, sparse.csr_matrix] = {}


class CandidatePool:
    """Profiles in one engine's space, kept between requests: transformed once when they
    arrive or change, stacked into one matrix when next ranked."""

    def __init__(self, engine: Recommender) -> None:
        self.engine = engine
        self._by_id: dict[str, tuple[ProfileDoc, sparse.csr_matrix, SkillList]] = {}
        self._stacked: tuple[sparse.csr_matrix, np.ndarray] | None = None
        self.docs: list[ProfileDoc] = []
        self.skills: list[SkillList] = []

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, profile_id: str) -> bool:
        return profile_id in self._by_id

    def put(self, profiles: Iterable[ProfileDoc]) -> None:
        """Add profiles, or replace them by their new version."""
        profiles = list(profiles)
        if not profiles:
            return
        engine = self.engine
        texts = [profile_text(p) for p in profiles]
        resolved = [engine._resolve_text(t) for t in texts]
        analysed = [analyse(t, r) for t, r in zip(texts, resolved, strict=True)]
        matrix = engine._space.transform(analysed, resolved, engine._taxonomy)
        for position, profile in enumerate(profiles):
            self._by_id[profile.id] = (
                profile,
                matrix[position],
                _skill_list(texts[position], resolved[position]),
            )
        self._stacked = None

    def drop(self, profile_ids: Iterable[str]) -> None:
        for profile_id in profile_ids:
            if self._by_id.pop(profile_id, None) is not None:
                self._stacked = None

    def matrix(self) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Every profile's row and its norm, in the order of `docs` and `skills`."""
        if self._stacked is None:
            entries = list(self._by_id.values())
            self.docs = [doc for doc, _, _ in entries]
            self.skills = [skills for _, _, skills in entries]
            if entries:
                stacked = sparse.vstack([row for _, row, _ in entries], format="csr")
            else:
                stacked = sparse.csr_matrix((0, self.engine._matrix.shape[1]), dtype=np.float32)
            self._stacked = (stacked, _row_norms(stacked))
        return self._stacked


@dataclass(frozen=True)
class Snapshot:
    """A fitted engine as plain values and numeric arrays, without the shared language models
    and taxonomy (every process builds those once) and without any cache of profiles served."""

    config: EngineConfig
    terms: list[str]  # the text vocabulary, in column order
    text_idf: np.ndarray
    skill_idf: np.ndarray
    ids: list[str]  # opportunity ids, row order
    docs: list[OpportunityDoc]
    skills: list[SkillList]
    kinds: dict[str, int]
    kind: np.ndarray
    active: np.ndarray
    copy_keys: dict[tuple[str, str], int]
    copy_key: np.ndarray
    matrix: sparse.csr_matrix
    norms: np.ndarray
    labels: dict[str, tuple[tuple[int, float], ...]]  # typed skill phrase -> ESCO links
    profile_ids: tuple[str, ...]  # the profiles the fit learnt from


def _quiet(step: str) -> None:
    """No one is listening to a fit's progress."""


def _unique(opportunities: Iterable[OpportunityDoc]) -> list[OpportunityDoc]:
    """The last version of each id wins, order of first appearance kept."""
    latest: dict[str, OpportunityDoc] = {}
    for doc in opportunities:
        latest[doc.id] = doc
    return list(latest.values())


def _row_norms(matrix: sparse.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()).astype(np.float32)


def _skill_list(text: Text, resolved: tuple) -> SkillList:
    """Each given label with the ESCO position it stands for in explanations (None: free text)."""
    required_links, nice_links, _free = resolved

    def pair(refs, links):
        return tuple(
            (ref.label, found[0][0] if found and found[0][1] >= EXPLAIN_CONFIDENCE else None)
            for ref, found in zip(refs, links, strict=True)
        )

    soft = tuple(
        (ref.label, position, confidence >= EXPLAIN_CONFIDENCE)
        for refs, groups in ((text.required, required_links), (text.nice, nice_links))
        for ref, links in zip(refs, groups, strict=True)
        for position, confidence in links
        if confidence < 1.0
    )
    return SkillList(pair(text.required, required_links), pair(text.nice, nice_links), soft)


def _mutual(similarity: float, explanation: Explanation, skills: SkillList) -> float:
    """Geometric mean of the graduate's view (fit and location) and the employer's view
    (fit and required-skill coverage, languages, permit)."""
    graduate_side, employer_side = 1.0, 1.0
    for reason in explanation.reasons:
        if constraints.is_job_side(reason):
            employer_side *= 1.0 - reason.penalty
        else:
            graduate_side *= 1.0 - reason.penalty
    required = len(skills.required)
    if required:
        related = {theirs for _, theirs in explanation.related_skills}
        missing = sum(0.5 if label in related else 1.0 for label in explanation.missing_skills)
        coverage = max(0.0, 1.0 - missing / required)
        employer_fit = (similarity + coverage) / 2
    else:
        employer_fit = similarity
    value = math.sqrt(max(similarity * graduate_side, 0.0) * max(employer_fit * employer_side, 0.0))
    return min(max(value, 0.0), 1.0)
