"""Fitted versions of the matching engine: fitting one on the database, storing its artefact,
choosing the active one, pruning old ones."""

from __future__ import annotations

import json
import logging
import time
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from talentmatch.extensions import db
from talentmatch.models import ModelVersion, Opportunity, OpportunityKind
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import store
from talentmatch.recommender.language import language_models
from talentmatch.recommender.model import Recommender
from talentmatch.services.errors import InvalidInput
from talentmatch.services.matching_documents import (
    opportunities_query,
    opportunity_doc,
    profile_doc,
    profiles_query,
    recommendable,
)
from talentmatch.services.transaction import unit_of_work

log = logging.getLogger(__name__)


def fit_version(today: date | None = None) -> tuple[ModelVersion, Recommender]:
    """Fit on every open opportunity and every profile, store the artefact, make it active.

    Returns the stored version and the fitted engine, so the caller can serve it at once.
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
    return version, engine


def _save_active(version: ModelVersion) -> None:
    with unit_of_work():
        db.session.add(version)
        db.session.flush()
        _deactivate_others(version.id)
        version.active = True
        version.activated_at = utcnow()
        _prune(int(current_app.config["MATCHING_VERSIONS_KEPT"]), keep_id=version.id)


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
