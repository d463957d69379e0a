"""The engine one app serves: loads the active version, reloads when it changes, and keeps it
fresh between refits by applying the opportunities changed since its fit."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update

from talentmatch.engine.background import BackgroundRefits
from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, ModelVersion, Opportunity
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import store
from talentmatch.recommender.model import CandidatePool, Recommender
from talentmatch.services import model_versions
from talentmatch.services.matching_documents import (
    is_recommendable,
    opportunities_query,
    opportunity_doc,
    profile_doc,
    recommendable,
    visible_profiles_query,
)
from talentmatch.services.model_versions import SYNC_OVERLAP
from talentmatch.services.transaction import unit_of_work

log = logging.getLogger(__name__)

SYNC_BATCH = 1000  # rows read in full per query when catching up


class EngineHolder:
    """Loads the active version, reloads when it changes, applies edits made since its fit."""

    def __init__(self, config: Mapping[str, Any], refits: BackgroundRefits) -> None:
        self._config = config  # the app's config, read on every use
        self._refits = refits
        self._lock = threading.RLock()
        self.recommender: Recommender | None = None
        self.version: tuple[int, datetime | None] | None = None
        self.refused: set[tuple[int, datetime | None]] = set()
        self._checked_at = float("-inf")
        self._watermark: datetime | None = None
        self._applied: dict[int, datetime] = {}
        # The candidates side: visible profiles in the served engine's space (CandidatePool).
        self._pool_lock = threading.Lock()
        self._pool: CandidatePool | None = None
        self._pool_watermark: datetime | None = None
        self._pool_applied: dict[int, datetime] = {}
        self._pool_checked_at = float("-inf")

    def install(self, recommender: Recommender, version: ModelVersion) -> None:
        with self._lock:
            self.recommender = recommender
            self.version = (version.id, version.activated_at)
            self._watermark = version.data_as_of
            self._applied = version.read_stamps_dict
            self._checked_at = time.monotonic()

    def fit_and_activate(
        self,
        today: date | None = None,
        drop_older: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> ModelVersion:
        """Fit and store a new active version (deleting every other with `drop_older`), and
        serve it here at once; `progress` hears each step of the fit."""
        version, recommender = model_versions.fit_version(
            today, drop_older=drop_older, progress=progress
        )
        self.install(recommender, version)
        return version

    def forget_profile(self, profile_id: int) -> bool:
        """Drop what is cached here of a profile that left the candidates side; True when the
        served engine (or, with none served here, possibly the stored one) learnt from it, so a
        refit is needed to take it out of the vocabulary and weights."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.drop([str(profile_id)])
        with self._lock:
            engine = self.recommender
            if engine is None:
                return True
            engine.forget_profile(str(profile_id))
            return str(profile_id) in engine.profile_ids

    def engine(self, fit_if_missing: bool = True) -> Recommender | None:
        """The current engine, checking at most every few seconds for a new version or edits."""
        interval = float(self._config["MATCHING_CHECK_SECONDS"])
        if self.recommender is not None and time.monotonic() - self._checked_at < interval:
            return self.recommender
        with self._lock:
            self._refresh(fit_if_missing)
            return self.recommender

    def _refresh(self, fit_if_missing: bool) -> None:
        self._checked_at = time.monotonic()
        token = model_versions.active_version_token()
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
            recommender = model_versions.load_artefact(version)
        except store.ArtefactRefused as refused:
            log.error("Model version %s is refused and not loaded: %s.", version.id, refused)
            self.refused.add(token)
            # A fresh fit replaces it as the active version, for every worker.
            self._refits.request(delay=0)
            return
        self.install(recommender, version)
        log.info("Loaded model version %s", version.id)

    def _bootstrap(self) -> None:
        """No usable version: fit now when the catalogue is small, else in the background."""
        count = db.session.scalar(
            select(func.count()).select_from(Opportunity).where(recommendable(date.today()))
        )
        if (count or 0) <= int(self._config["MATCHING_SYNC_FIT_LIMIT"]):
            self.fit_and_activate()
        else:
            self._refits.request(delay=0)

    def sync(self, today: date) -> None:
        """Apply opportunities created, edited or closed since the version's data was read."""
        if self.recommender is None:
            return
        with self._lock:
            changed, due = _changes(Opportunity, self._watermark, self._applied)
            for batch in due:
                query = opportunities_query().where(Opportunity.id.in_(batch))
                for opportunity in db.session.scalars(query):
                    self.apply(opportunity, today)
                    self._applied[opportunity.id] = opportunity.updated_at
            latest = max(changed.values(), default=None)
            if latest is not None and (self._watermark is None or latest > self._watermark):
                self._watermark = latest
            if self._watermark is not None:
                self._applied = _within_overlap(self._applied, self._watermark)

    def take_in(self, opportunity_id: int, today: date) -> None:
        """After a create, edit, close, reopen or delete: recommendable (or gone) at once."""
        with unit_of_work():
            # An edit of skills or languages alone leaves the row untouched, and other workers
            # find changes by this timestamp.
            db.session.execute(
                update(Opportunity)
                .where(Opportunity.id == opportunity_id)
                .values(updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        opportunity = db.session.scalar(
            opportunities_query()
            .where(Opportunity.id == opportunity_id)
            .execution_options(populate_existing=True)
        )
        if opportunity is None:
            self.remove(opportunity_id)
        else:
            self.apply(opportunity, today)

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

    def remove(self, opportunity_id: int) -> None:
        """Take out an opportunity that no longer exists."""
        with self._lock:
            if self.recommender is not None:
                self.recommender.remove(str(opportunity_id))

    def has_pool_for(self, engine: Recommender) -> bool:
        pool = self._pool
        return pool is not None and pool.engine is engine

    def candidate_pool(self, engine: Recommender) -> CandidatePool:
        """The profiles employers may see, in `engine`'s space: read in full once per served
        version, then, at most every MATCHING_CHECK_SECONDS, the profiles changed since (on
        any host: every change moves a profile's `updated_at`) are added, replaced or dropped.
        Callers check the profiles they show against the database: a pool may be a few
        seconds behind."""
        with self._pool_lock:
            pool = self._pool
            if pool is None or pool.engine is not engine:
                pool, self._pool_watermark = CandidatePool(engine), None
                self._pool_applied = {}
                self._pool_checked_at = float("-inf")
            interval = float(self._config["MATCHING_CHECK_SECONDS"])
            if time.monotonic() - self._pool_checked_at >= interval:
                self._pool_checked_at = time.monotonic()
                self._sync_pool(pool)
            self._pool = pool
            return pool

    def _sync_pool(self, pool: CandidatePool) -> None:
        changed, due = _changes(GraduateProfile, self._pool_watermark, self._pool_applied)
        for batch in due:
            visible = list(
                db.session.scalars(visible_profiles_query().where(GraduateProfile.id.in_(batch)))
            )
            shown = {profile.id for profile in visible}
            pool.drop(str(pid) for pid in batch if pid not in shown)
            pool.put(profile_doc(profile) for profile in visible)
            self._pool_applied.update((pid, changed[pid]) for pid in batch)
        latest = max(changed.values(), default=None)
        if self._pool_watermark is None:
            self._pool_watermark = latest or utcnow()
        elif latest is not None and latest > self._pool_watermark:
            self._pool_watermark = latest
        self._pool_applied = _within_overlap(self._pool_applied, self._pool_watermark)

    @property
    def lock(self) -> threading.RLock:
        """Held while the engine answers, so an upsert never runs in the middle of a query."""
        return self._lock

    def loaded(self) -> bool:
        return self.recommender is not None


def _changes(
    model: type[Opportunity] | type[GraduateProfile],
    watermark: datetime | None,
    applied: dict[int, datetime],
) -> tuple[dict[int, datetime], list[list[int]]]:
    """The rows of `model` changed since `watermark` (less the overlap), by id and time (a
    light query), and, in batches, those not yet applied at that time: after a bulk import
    every row sits inside the overlap window, and only the new ones are read in full."""
    stamps = select(model.id, model.updated_at)
    if watermark is not None:
        stamps = stamps.where(model.updated_at >= watermark - SYNC_OVERLAP)
    changed = {row_id: at for row_id, at in db.session.execute(stamps)}
    due = [row_id for row_id, at in changed.items() if applied.get(row_id) != at]
    return changed, [due[start : start + SYNC_BATCH] for start in range(0, len(due), SYNC_BATCH)]


def _within_overlap(applied: dict[int, datetime], watermark: datetime) -> dict[int, datetime]:
    """What is still worth remembering as applied: rows the next look back will see again."""
    horizon = watermark - SYNC_OVERLAP
    return {row_id: at for row_id, at in applied.items() if at >= horizon}
