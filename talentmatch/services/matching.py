"""The matching engine at work: "For you", candidates for a job, skill and occupation
suggestions, refitting by hand and the readiness of this worker's engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch import formats
from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import (
    EscoSkill,
    GraduateProfile,
    ModelVersion,
    Opportunity,
    OpportunityKind,
    Role,
    User,
)
from talentmatch.recommender.explain import THIN_PROFILE_SKILLS
from talentmatch.recommender.language import language_models
from talentmatch.recommender.model import Recommender
from talentmatch.recommender.taxonomy import shipped_taxonomy
from talentmatch.recommender.types import (
    Explanation,
    Match,
    MatchFilters,
)
from talentmatch.services import contact, jobs, promotions, verification, vetting
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.graduate_reading import Reading, cards_query, reading
from talentmatch.services.matching_documents import (
    is_recommendable,
    profiles_query,
    visible_profiles_query,
)
from talentmatch.services.skill_labels import (
    NO_NAMES,
    SkillLabel,
    SkillNames,
    esco_label,
    names_in,
)
from talentmatch.services.transaction import unit_of_work

NO_FILTERS = MatchFilters()
# The kinds ranked by likeness to the profile, each a lane of For you. Courses are not among
# them: a course is worth showing for what a graduate lacks, which likeness does not rank.
LANE_KINDS = (
    OpportunityKind.JOB,
    OpportunityKind.PROGRAMME,
    OpportunityKind.COMMUNITY,
    OpportunityKind.EVENT,
)
# Rankings of candidates checked against the database before the pool (a few seconds behind
# at most) is trusted as it is.
CANDIDATE_ATTEMPTS = 3
MAX_SUGGESTION_TEXT = 20_000
MAX_TITLE_TEXT = 200


def fit_and_activate(today: date | None = None) -> ModelVersion:
    """Refit on every open opportunity and every profile visible to employers, store it as the
    active version (signed), serve it."""
    return matching_engine.holder.fit_and_activate(today)


def readiness() -> dict[str, str]:
    """Whether this worker has a model loaded; starts a background fit when there is none."""
    return matching_engine.served.readiness()


# --- For you -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    opportunity: Opportunity
    score: float
    explanation: Explanation
    saved: bool = False

    @property
    def band(self) -> str | None:
        """Decided by the engine from the explanation's facts, never from the raw score."""
        return self.explanation.band


@dataclass(frozen=True)
class PromotedItem:
    opportunity: Opportunity
    university_name: str
    note: str
    explanation: Explanation | None  # None when the engine does not know the item yet
    saved: bool = False

    @property
    def band(self) -> str | None:
        return self.explanation.band if self.explanation else None


@dataclass(frozen=True)
class Lane:
    kind: OpportunityKind
    items: list[Recommendation]


@dataclass(frozen=True)
class ForYou:
    profile: GraduateProfile
    lanes: list[Lane]
    ready: bool  # False while the first model is fitted in the background
    filters: MatchFilters = field(default_factory=MatchFilters)
    # What the graduate's career services recommended to them, shown before the lanes.
    promoted: list[PromotedItem] = field(default_factory=list)
    # The ESCO skills the explanations name, to name them in the reader's language.
    skill_names: SkillNames = NO_NAMES

    @property
    def skills_needed(self) -> int:
        return THIN_PROFILE_SKILLS

    @property
    def thin_profile(self) -> bool:
        """Too few skills to label any match; the page asks for more instead."""
        return len(self.profile.skills) < THIN_PROFILE_SKILLS


def _own_profile(actor: User) -> GraduateProfile:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Recommendations are for graduates."))
    profile = db.session.scalar(profiles_query().where(GraduateProfile.user_id == actor.id))
    if profile is None:
        with unit_of_work():
            profile = GraduateProfile(user_id=actor.id, university_id=actor.university_id)
            db.session.add(profile)
    return profile


def ranked(
    engine: Recommender,
    actor: User,
    profile: GraduateProfile,
    *,
    kind: OpportunityKind | None = None,
    filters: MatchFilters = NO_FILTERS,
    k: int = 10,
    today: date,
    diversify: bool = True,
    exclude: frozenset[int] = frozenset(),
    seen: Reading | None = None,
) -> list[Recommendation]:
    """The engine's best open opportunities for a graduate's profile, their own feedback
    applied and what they hid left out: "For you" and the daily match summaries share it."""
    seen = seen or reading(actor, profile)
    matches = _matches(engine, seen, kind, filters, k, today, diversify, exclude)
    return _recommendations(seen, [matches], today)[0]


def _matches(
    engine: Recommender,
    seen: Reading,
    kind: OpportunityKind | None,
    filters: MatchFilters,
    k: int,
    today: date,
    diversify: bool = True,
    exclude: frozenset[int] = frozenset(),
) -> list[Match]:
    """One ranking, of one kind or of every lane kind (digests, match summaries)."""
    if kind is None:  # a ranking of every kind is of LANE_KINDS only
        exclude = exclude | frozenset(
            db.session.scalars(select(Opportunity.id).where(Opportunity.kind.not_in(LANE_KINDS)))
        )
    return _lanes(engine, seen, [kind], filters, k, today, exclude, diversify)[0]


def _lanes(
    engine: Recommender,
    seen: Reading,
    kinds: list[OpportunityKind | None],
    filters: MatchFilters,
    k: int,
    today: date,
    exclude: frozenset[int] = frozenset(),
    diversify: bool = True,
) -> list[list[Match]]:
    """A ranking for each of `kinds` from one pass of the engine, without what the graduate
    hid and without `exclude`."""
    with matching_engine.holder.lock:
        return engine.recommend_lanes(
            seen.doc,
            [kind.value if kind else None for kind in kinds],
            k=k,
            interactions=seen.interactions,
            filters=filters,
            exclude=frozenset(seen.hidden | {str(oid) for oid in exclude}),
            today=today,
            diversify=diversify,
        )


def _recommendations(
    seen: Reading, rankings: list[list[Match]], today: date
) -> list[list[Recommendation]]:
    """The engine's rankings as recommendations, every ranking's opportunities read in one
    query (the closed or unlisted among them left out)."""
    ids = {int(m.opportunity_id) for matches in rankings for m in matches}
    rows = {o.id: o for o in db.session.scalars(cards_query().where(Opportunity.id.in_(ids)))}
    return [
        [
            Recommendation(rows[oid], m.score, m.explanation, saved=oid in seen.saved)
            for oid, m in ((int(m.opportunity_id), m) for m in matches)
            if oid in rows and is_recommendable(rows[oid], today)
        ]
        for matches in rankings
    ]


def _promoted(engine: Recommender | None, seen: Reading, today: date) -> list[PromotedItem]:
    """What career services recommended to the graduate, with the engine's why when it knows
    the item (promotions reach graduates who joined a cohort since, first)."""
    promotions.deliver_pending(seen.actor, today)
    items = []
    for delivery in promotions.received(seen.actor, today):
        promotion = delivery.promotion
        explanation = None
        if engine is not None:
            with matching_engine.holder.lock:
                try:
                    explanation = engine.explain(
                        seen.doc, str(delivery.opportunity_id), today
                    ).explanation
                except KeyError:
                    explanation = None
        items.append(
            PromotedItem(
                promotion.opportunity,
                promotion.university.name,
                promotion.note,
                explanation,
                saved=delivery.opportunity_id in seen.saved,
            )
        )
    return items


def recommend_for(
    actor: User,
    kind: OpportunityKind | None = None,
    filters: MatchFilters = NO_FILTERS,
    k: int = 10,
    today: date | None = None,
) -> list[Recommendation]:
    """The graduate's best open opportunities (of one kind, or all), hidden ones left out."""
    profile = _own_profile(actor)
    engine = matching_engine.holder.engine()
    if engine is None:
        return []
    return ranked(
        engine, actor, profile, kind=kind, filters=filters, k=k, today=today or date.today()
    )


def for_you(
    actor: User,
    filters: MatchFilters,
    per_lane: int = 6,
    today: date | None = None,
    seen: Reading | None = None,
) -> ForYou:
    """One lane of recommendations per kind: jobs, programmes, communities, events (courses
    are ranked by what a graduate lacks, not by likeness, so they have no lane here). The
    page reads the graduate once (`seen`, also given to the doors) and every lane's
    opportunities in one query."""
    seen = seen or reading_of(actor)
    engine = matching_engine.holder.engine()
    today = today or date.today()
    promoted = _promoted(engine, seen, today)
    shown = frozenset(item.opportunity.id for item in promoted)
    rankings = (
        _lanes(engine, seen, list(LANE_KINDS), filters, per_lane, today, shown)
        if engine
        else [[] for _ in LANE_KINDS]
    )
    lanes = [
        Lane(kind, items)
        for kind, items in zip(LANE_KINDS, _recommendations(seen, rankings, today), strict=True)
    ]
    explained: list[Explanation | None] = [
        item.explanation for lane in lanes for item in lane.items
    ]
    explained += [item.explanation for item in promoted]
    return ForYou(
        profile=seen.profile,
        lanes=lanes,
        ready=engine is not None,
        filters=filters,
        promoted=promoted,
        skill_names=names_in(explained),
    )


def reading_of(actor: User) -> Reading:
    """The graduate's profile and feedback, read once for a page that ranks for them (their
    profile is created empty the first time)."""
    return reading(actor, _own_profile(actor))


# --- Candidates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    profile: GraduateProfile
    score: float
    explanation: Explanation

    @property
    def band(self) -> str | None:
        """Decided by the engine from the explanation's facts, never from the raw score."""
        return self.explanation.band


@dataclass(frozen=True)
class CandidateList:
    job: Opportunity
    candidates: list[Candidate]
    ranked: bool  # False when the job is not open, so nobody is matched to it
    # The organisation awaits verification: no candidate is shown to it until then.
    awaiting_verification: bool = False
    skill_names: SkillNames = NO_NAMES  # the skills the explanations name


def candidates_for(
    actor: User, job_id: int, k: int = 20, today: date | None = None
) -> CandidateList:
    """Graduates who let employers see them, ranked for one of the actor's organisation's jobs."""
    job = jobs.get_own_job(actor, job_id)  # NotFound / NotAllowed
    verification.require_verified(actor)
    if not vetting.organisation_verified(actor):
        return CandidateList(job, [], ranked=False, awaiting_verification=True)
    today = today or date.today()
    holder = matching_engine.holder
    engine = holder.engine()
    if engine is None or not is_recommendable(job, today):
        return CandidateList(job, [], ranked=False)
    holder.apply(job, today)
    pool = matching_engine.served.candidate_pool(engine)
    if pool is None:  # being built: the page says candidates are being prepared
        return CandidateList(job, [], ranked=False)
    blocked = contact.blocked_graduates(job.organisation_id)
    left_out = frozenset(
        str(profile_id)
        for profile_id in db.session.scalars(
            select(GraduateProfile.id).where(GraduateProfile.user_id.in_(blocked))
        )
    )
    for _attempt in range(CANDIDATE_ATTEMPTS):
        with holder.lock:
            ranked = engine.rank_pool(str(job.id), pool, k=k, today=today, exclude=left_out)
        shown = {
            str(p.id): p
            for p in db.session.scalars(
                visible_profiles_query()
                .where(
                    GraduateProfile.id.in_([int(m.profile_id) for m in ranked]),
                    GraduateProfile.user_id.not_in(blocked),
                )
                .options(
                    selectinload(GraduateProfile.university), selectinload(GraduateProfile.user)
                )
            )
        }
        gone = [m.profile_id for m in ranked if m.profile_id not in shown]
        if not gone:
            break
        # Hidden, deactivated or blocking since the pool last looked: out, and rank again.
        left_out |= frozenset(gone)
    ranked = [m for m in ranked if m.profile_id in shown]
    return CandidateList(
        job,
        [Candidate(shown[m.profile_id], m.score, m.explanation) for m in ranked],
        ranked=True,
        skill_names=names_in(m.explanation for m in ranked),
    )


# --- Suggestions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillSuggestion:
    uri: str
    label: str  # as stored (English); `name` is what the reader sees
    score: float
    skill_id: int | None  # the ESCO skill's row here, for the skill picker's token
    name: SkillLabel | None = None  # in the reader's language (services.skill_labels)

    @property
    def shown(self) -> SkillLabel:
        return self.name or SkillLabel(self.label)

    @property
    def token(self) -> str:
        return f"esco:{self.skill_id}:{self.label}" if self.skill_id else f"text:{self.label}"


@dataclass(frozen=True)
class OccupationSuggestion:
    uri: str
    label: str  # in the language asked for, or English (then `lang` is "en")
    score: float
    lang: str | None = None

    @property
    def shown(self) -> SkillLabel:
        return SkillLabel(self.label, self.lang)


def suggest_skills(text: str, k: int = 10, locale: str = "en") -> list[SkillSuggestion]:
    """ESCO skills named or described in free text: a job description, an about, a CV; each
    named in `locale` too."""
    if len(text) > MAX_SUGGESTION_TEXT:
        raise InvalidInput(
            _("Paste at most %(n)s characters.", n=formats.number(MAX_SUGGESTION_TEXT)), "text"
        )
    text = " ".join(text.split())
    if not text:
        return []
    found = language_models().skills.suggest(text, k=k)
    rows = {
        s.uri: s
        for s in db.session.scalars(
            select(EscoSkill).where(EscoSkill.uri.in_([u for u, _ in found]))
        )
    }
    return [
        SkillSuggestion(
            uri, rows[uri].label_en, float(score), rows[uri].id, esco_label(rows[uri], locale)
        )
        for uri, score in found
        if uri in rows
    ]


def suggest_occupations(title: str, k: int = 5, locale: str = "en") -> list[OccupationSuggestion]:
    """ESCO occupations a job title or desired role most likely means, named in `locale`."""
    if len(title) > MAX_TITLE_TEXT:
        raise InvalidInput(_("Keep the title under %(n)d characters.", n=MAX_TITLE_TEXT), "title")
    title = " ".join(title.split())
    if not title:
        return []
    taxonomy = shipped_taxonomy()
    found = []
    for uri, score in language_models().titles.rank(title, k=k):
        if uri in taxonomy.occupation_index:
            name = esco_label(taxonomy.occupations[taxonomy.occupation_index[uri]], locale)
            found.append(OccupationSuggestion(uri, name.text, float(score), name.lang))
    return found
