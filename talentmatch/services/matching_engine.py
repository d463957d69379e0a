"""The engine each process serves: documents from the database, fitted versions stored as
artefacts, and a holder that loads the active version and keeps it fresh between refits."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from talentmatch import matching_worker
from talentmatch.extensions import db
from talentmatch.models import (
    EmploymentType,
    GraduateProfile,
    ModelVersion,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    OpportunityStatus,
    ProfileSkill,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import store
from talentmatch.recommender.language import language_models
from talentmatch.recommender.model import Recommender
from talentmatch.recommender.types import LanguageLevel, OpportunityDoc, ProfileDoc, SkillRef
from talentmatch.services import eligibility
from talentmatch.services.errors import InvalidInput
from talentmatch.services.transaction import unit_of_work

log = logging.getLogger(__name__)

# Rows changed just before a fit or a sync may commit after it; look back this far again.
SYNC_OVERLAP = timedelta(seconds=10)


def setting(name: str):
    """A MATCHING_* setting from config.py."""
    return current_app.config[name]


# --- Documents: what the engine knows of opportunities and profiles --------------------------


def _skill_refs(skills: list[OpportunitySkill] | list[ProfileSkill]) -> tuple[SkillRef, ...]:
    return tuple(SkillRef(s.label, s.skill.uri if s.skill is not None else None) for s in skills)


def opportunity_doc(opportunity: Opportunity) -> OpportunityDoc:
    return OpportunityDoc(
        id=str(opportunity.id),
        kind=opportunity.kind.value,
        title=opportunity.title,
        description=opportunity.description or "",
        skills=_skill_refs(opportunity.required_skills),
        nice_to_have_skills=_skill_refs(opportunity.nice_to_have_skills),
        languages=tuple(LanguageLevel(lang.code, lang.min_level) for lang in opportunity.languages),
        municipality=opportunity.municipality,
        remote=opportunity.remote_mode.value,
        employment_type=opportunity.employment_type.value if opportunity.employment_type else None,
        sponsors_permit=opportunity.sponsors_permit,
        deadline=opportunity.deadline,
        provider=opportunity.provider_name,
        eligibility=eligibility.criteria_doc(opportunity),
    )


def profile_doc(profile: GraduateProfile) -> ProfileDoc:
    """The profile as the engine sees it; nationality and name are never part of it."""
    open_to = (
        (EmploymentType.FULL_TIME, profile.open_to_full_time),
        (EmploymentType.PART_TIME, profile.open_to_part_time),
        (EmploymentType.INTERNSHIP, profile.open_to_internship),
        (EmploymentType.TRAINEE, profile.open_to_trainee),
    )
    return ProfileDoc(
        id=str(profile.id),
        headline=profile.headline or "",
        about=profile.about or "",
        skills=_skill_refs(profile.skills),
        languages=tuple(LanguageLevel(lang.code, lang.level) for lang in profile.languages),
        municipalities=tuple(m.name for m in profile.municipalities),
        remote_ok=profile.remote_ok,
        work_permit=profile.work_permit.value if profile.work_permit else None,
        field_of_study=profile.field_of_study or "",
        open_to=tuple(kind.value for kind, wanted in open_to if wanted),
        **eligibility.profile_facts(profile),
    )


def opportunities_query():
    return select(Opportunity).options(
        selectinload(Opportunity.skills).selectinload(OpportunitySkill.skill),
        selectinload(Opportunity.languages),
        selectinload(Opportunity.organisation),
        selectinload(Opportunity.university),
        selectinload(Opportunity.eligible_universities),
    )


def profiles_query():
    return select(GraduateProfile).options(
        selectinload(GraduateProfile.skills).selectinload(ProfileSkill.skill),
        selectinload(GraduateProfile.languages),
        selectinload(GraduateProfile.municipalities),
    )


def is_recommendable(opportunity: Opportunity, today: date) -> bool:
    return opportunity.status is OpportunityStatus.OPEN and (
        opportunity.deadline is None or opportunity.deadline >= today
    )


def open_opportunity_docs(today: date | None = None) -> list[OpportunityDoc]:
    """Every opportunity that may be recommended today, as the engine sees it."""
    query = opportunities_query().where(recommendable(today or date.today()))
    return [opportunity_doc(o) for o in db.session.scalars(query)]


def recommendable(today: date):
    return (Opportunity.status == OpportunityStatus.OPEN) & or_(
        Opportunity.deadline.is_(None), Opportunity.deadline >= today
    )


# --- Fitting and versions --------------------------------------------------------------------


def fit_and_activate(
    today: date | None = None, serve_in: EngineHolder | None = None
) -> ModelVersion:
    """Fit on every open opportunity and every profile, store the artefact, make it active.

    The new engine is served at once by `serve_in` (this process's holder by default).
    """
    today = today or date.today()
    # Read before the documents: a change committed during the fit is synced afterwards.
    data_as_of = db.session.scalar(select(func.max(Opportunity.updated_at)))
    language_models()  # built once per process; not part of the fit's own time
    started = time.perf_counter()
    opportunities = [
        opportunity_doc(o)
        for o in db.session.scalars(opportunities_query().where(recommendable(today)))
    ]
    profiles = [profile_doc(p) for p in db.session.scalars(profiles_query())]
    engine = Recommender.fit(opportunities, profiles)
    fit_seconds = time.perf_counter() - started
    artefact, sha256 = store.dump(engine)
    by_kind = {kind.value: 0 for kind in OpportunityKind}
    for doc in opportunities:
        by_kind[doc.kind] += 1
    metrics = {"opportunities_by_kind": by_kind, "artefact_bytes": len(artefact)}
    version = ModelVersion(
        artefact=artefact,
        sha256=sha256,
        size=len(artefact),
        fit_seconds=round(fit_seconds, 3),
        metrics=json.dumps(metrics, sort_keys=True),
        opportunity_count=len(opportunities),
        profile_count=len(profiles),
        data_as_of=data_as_of,
    )
    try:
        _save_active(version)
    except IntegrityError:
        # Another worker activated its fit at the same moment; ours simply goes on top.
        _save_active(version)
    log.info(
        "Model version %s active: %d opportunities, %d profiles, fitted in %.2f s",
        version.id,
        len(opportunities),
        len(profiles),
        fit_seconds,
    )
    (serve_in or holder()).install(engine, version)
    return version


def _save_active(version: ModelVersion) -> None:
    with unit_of_work():
        db.session.add(version)
        db.session.flush()
        _deactivate_others(version.id)
        version.active = True
        version.activated_at = utcnow()
        _prune(int(setting("MATCHING_VERSIONS_KEPT")), keep_id=version.id)


def activate_version(version_id: int) -> ModelVersion:
    """Make a stored version the active one (every worker loads it within a few seconds)."""
    version = db.session.get(ModelVersion, version_id)
    if version is None:
        raise InvalidInput(_("There is no model version %(id)d.", id=version_id))
    with unit_of_work():
        _deactivate_others(version.id)
        version.active = True
        version.activated_at = utcnow()
    return version


def _deactivate_others(version_id: int) -> None:
    db.session.execute(
        update(ModelVersion)
        .where(ModelVersion.active.is_(True), ModelVersion.id != version_id)
        .values(active=False)
    )
    db.session.flush()


def _prune(kept: int, keep_id: int) -> None:
    """Keep the newest `kept` versions (the active one always); older artefacts go."""
    newest = db.session.scalars(
        select(ModelVersion.id).order_by(ModelVersion.id.desc()).limit(max(kept, 1))
    ).all()
    survivors = {*newest, keep_id}
    for stale in db.session.scalars(select(ModelVersion).where(ModelVersion.id.not_in(survivors))):
        db.session.delete(stale)


def active_version_token() -> tuple[int, datetime | None] | None:
    """The cheap question every worker asks: which version is active, since when."""
    row = db.session.execute(
        select(ModelVersion.id, ModelVersion.activated_at).where(ModelVersion.active.is_(True))
    ).first()
    return (row[0], row[1]) if row else None


def list_versions() -> list[ModelVersion]:
    return list(db.session.scalars(select(ModelVersion).order_by(ModelVersion.id.desc())))


# --- The engine one process serves -------------------------------------------------------------


class EngineHolder:
    """Loads the active version, reloads when it changes, applies edits made since its fit."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.recommender: Recommender | None = None
        self.version: tuple[int, datetime | None] | None = None
        self.refused: set[tuple[int, datetime | None]] = set()
        self._checked_at = float("-inf")
        self._watermark: datetime | None = None
        self._applied: dict[int, datetime] = {}

    def install(self, recommender: Recommender, version: ModelVersion) -> None:
        with self._lock:
            self.recommender = recommender
            self.version = (version.id, version.activated_at)
            self._watermark = version.data_as_of
            self._applied = {}
            self._checked_at = time.monotonic()

    def engine(self, fit_if_missing: bool = True) -> Recommender | None:
        """The current engine, checking at most every few seconds for a new version or edits."""
        interval = float(setting("MATCHING_CHECK_SECONDS"))
        if self.recommender is not None and time.monotonic() - self._checked_at < interval:
            return self.recommender
        with self._lock:
            self._refresh(fit_if_missing)
            return self.recommender

    def _refresh(self, fit_if_missing: bool) -> None:
        self._checked_at = time.monotonic()
        token = active_version_token()
        if token is None:
            self.recommender, self.version = None, None  # the served version is gone
        elif token != self.version and token not in self.refused:
            self._load(token)
        if self.recommender is None:
            if fit_if_missing:
                self._bootstrap()
            return
        self.sync(date.today())

    def _load(self, token: tuple[int, datetime | None]) -> None:
        version = db.session.get(ModelVersion, token[0])
        if version is None:
            return
        try:
            recommender = store.load(version.artefact, version.sha256)
        except store.ArtefactCorrupted:
            log.error("Model version %s failed its hash check; it is not loaded.", version.id)
            self.refused.add(token)
            return
        self.install(recommender, version)
        log.info("Loaded model version %s", version.id)

    def _bootstrap(self) -> None:
        """No usable version: fit now when the catalogue is small, else in the background."""
        count = db.session.scalar(
            select(func.count()).select_from(Opportunity).where(recommendable(date.today()))
        )
        if (count or 0) <= int(setting("MATCHING_SYNC_FIT_LIMIT")):
            fit_and_activate(serve_in=self)
        else:
            matching_worker.request_refit(delay=0)

    def sync(self, today: date) -> None:
        """Apply opportunities created, edited or closed since the version's data was read."""
        if self.recommender is None:
            return
        with self._lock:
            query = opportunities_query()
            if self._watermark is not None:
                query = query.where(Opportunity.updated_at >= self._watermark - SYNC_OVERLAP)
            for opportunity in db.session.scalars(query):
                if self._applied.get(opportunity.id) == opportunity.updated_at:
                    continue
                self.apply(opportunity, today)
                self._applied[opportunity.id] = opportunity.updated_at
                if self._watermark is None or opportunity.updated_at > self._watermark:
                    self._watermark = opportunity.updated_at
            if self._watermark is not None:
                horizon = self._watermark - SYNC_OVERLAP
                self._applied = {k: v for k, v in self._applied.items() if v >= horizon}

    def apply(self, opportunity: Opportunity, today: date) -> None:
        """Add or refresh one opportunity, or take it out when it is no longer open."""
        with self._lock:
            engine = self.recommender
            if engine is None:
                return
            if is_recommendable(opportunity, today):
                engine.upsert(opportunity_doc(opportunity))
            else:
                engine.remove(str(opportunity.id))

    @property
    def lock(self) -> threading.RLock:
        """Held while the engine answers, so an upsert never runs in the middle of a query."""
        return self._lock

    def loaded(self) -> bool:
        return self.recommender is not None


_holder = EngineHolder()


def holder() -> EngineHolder:
    """This process's engine holder."""
    return _holder


def readiness() -> dict[str, str]:
    """Whether this worker has a model loaded; starts a background fit when there is none."""
    engine = holder().engine(fit_if_missing=False)
    if engine is None:
        if not matching_worker.warming_up():  # the warm-up fits one itself when none exists
            matching_worker.request_refit(delay=0)
        return {"model": "missing"}
    version = holder().version
    return {"model": "ok", "model_version": str(version[0]) if version else ""}
