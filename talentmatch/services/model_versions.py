"""Fitted versions of the matching engine: fitting one on the database, storing its signed
artefact, choosing the active one, pruning old ones.

A fit learns from open opportunities and from the profiles of active graduates who let employers
see them, and from nobody else: a private or career-services-only profile never enters a stored
artefact (its owner's recommendations are computed from the live profile at request time).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from talentmatch.extensions import db
from talentmatch.models import ModelVersion, Opportunity, OpportunityKind
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import self_check, store
from talentmatch.recommender.language import language_models
from talentmatch.recommender.model import FIT_STEPS as ENGINE_FIT_STEPS
from talentmatch.recommender.model import Recommender
from talentmatch.services.errors import InvalidInput
from talentmatch.services.matching_documents import (
    opportunities_query,
    opportunity_doc,
    profile_doc,
    recommendable,
    visible_profiles_query,
)
from talentmatch.services.transaction import unit_of_work
from talentmatch.signals import announce_model_fitted

log = logging.getLogger(__name__)

# How far back workers look again for changes committed while a fit or a sync was reading:
# a row changed just before it may commit after it.
SYNC_OVERLAP = timedelta(seconds=10)

# The steps of a fit, in order, as `progress` hears them (the engine's own steps in between).
LOADING_MODELS = "loading language models"
LOADING_DATA = "loading data"
EVALUATING = "evaluating"
STORING = "storing"
FIT_STEPS = (LOADING_MODELS, LOADING_DATA, *ENGINE_FIT_STEPS, EVALUATING, STORING)

# The default signing key is derived from SECRET_KEY under this label, so it is never the secret
# key itself and never stored in the database.
ARTEFACT_KEY_PURPOSE = b"talentmatch.matching-artefact-signature.v1"


def artefact_key() -> bytes:
    """The key artefacts are signed and verified with: MATCHING_ARTEFACT_KEY when configured,
    otherwise derived from SECRET_KEY. Changing it makes every stored version unusable (each
    worker then fits a fresh one)."""
    configured = current_app.config.get("MATCHING_ARTEFACT_KEY")
    if configured:
        key = configured.encode() if isinstance(configured, str) else bytes(configured)
        if len(key) < store.MIN_KEY_BYTES:
            raise RuntimeError(
                f"MATCHING_ARTEFACT_KEY must be at least {store.MIN_KEY_BYTES} bytes long"
            )
        return key
    secret = current_app.config.get("SECRET_KEY")
    if not secret:
        raise RuntimeError("SECRET_KEY or MATCHING_ARTEFACT_KEY is needed to sign model artefacts")
    secret_bytes = secret.encode() if isinstance(secret, str) else bytes(secret)
    return hmac.new(secret_bytes, ARTEFACT_KEY_PURPOSE, hashlib.sha256).digest()


def load_artefact(version: ModelVersion) -> Recommender:
    """The engine stored in a version; store.ArtefactRefused, before anything is deserialised,
    when its signature does not verify under this installation's key."""
    return store.load(version.artefact, version.signature, artefact_key())


def fit_version(
    today: date | None = None,
    drop_older: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[ModelVersion, Recommender]:
    """Fit on every open opportunity and every visible profile, store the signed artefact and
    make it active; with `drop_older`, every other stored version is deleted in the same
    transaction. `progress` is told each step as it starts (FIT_STEPS).

    Returns the stored version and the fitted engine, so the caller can serve it at once.
    """
    report = progress or _quiet
    today = today or date.today()
    # Read before the documents: a change committed during the fit is synced afterwards.
    data_as_of = db.session.scalar(select(func.max(Opportunity.updated_at)))
    report(LOADING_MODELS)
    language_models()  # built once per process; not part of the fit's own time
    started = time.perf_counter()
    report(LOADING_DATA)
    window = data_as_of - SYNC_OVERLAP if data_as_of is not None else None
    # Rows in the look-back window that the fit leaves out, read first: one that opens after
    # this read has a later time, so workers still take it in.
    read = (
        {}
        if window is None
        else {
            oid: at
            for oid, at in db.session.execute(
                select(Opportunity.id, Opportunity.updated_at).where(
                    Opportunity.updated_at >= window, ~recommendable(today)
                )
            )
        }
    )
    rows = list(db.session.scalars(opportunities_query().where(recommendable(today))))
    opportunities = [opportunity_doc(o) for o in rows]
    if window is not None:
        read.update((o.id, o.updated_at) for o in rows if o.updated_at >= window)
    profiles = [profile_doc(p) for p in db.session.scalars(visible_profiles_query())]
    engine = Recommender.fit(opportunities, profiles, progress=progress)
    fit_seconds = time.perf_counter() - started
    report(EVALUATING)
    check = self_check.run(engine, opportunities, today)
    report(STORING)
    artefact = store.dump(engine, artefact_key())
    by_kind = {kind.value: 0 for kind in OpportunityKind}
    for doc in opportunities:
        by_kind[doc.kind] += 1
    metrics: dict[str, object] = {
        "opportunities_by_kind": by_kind,
        "artefact_bytes": len(artefact.blob),
    }
    if check is not None:
        metrics["self_check"] = check.as_metrics()
    version = ModelVersion(
        artefact=artefact.blob,
        sha256=artefact.sha256,
        signature=artefact.signature,
        size=len(artefact.blob),
        fit_seconds=round(fit_seconds, 3),
        metrics=json.dumps(metrics, sort_keys=True),
        opportunity_count=len(opportunities),
        profile_count=len(profiles),
        data_as_of=data_as_of,
        read_stamps=json.dumps({str(oid): at.isoformat() for oid, at in read.items()}),
    )
    try:
        _save_active(version, drop_older)
    except IntegrityError:
        # Another worker activated its fit at the same moment; ours simply goes on top.
        _save_active(version, drop_older)
    log.info(
        "Model version %s active: %d opportunities, %d profiles, fitted in %.2f s",
        version.id,
        len(opportunities),
        len(profiles),
        fit_seconds,
    )
    return version, engine


def _quiet(step: str) -> None:
    """No one is listening to this fit's progress."""


def refit_and_drop_older(today: date | None = None) -> ModelVersion:
    """Fit a new active version and delete every other stored one, so that nothing removed from
    the database since (an erased account, a profile made private) survives in any artefact.
    This worker serves the new version at once; the others load it at their next check."""
    version, engine = fit_version(today, drop_older=True)
    announce_model_fitted(version, engine)
    return version


def _save_active(version: ModelVersion, drop_older: bool = False) -> None:
    with unit_of_work():
        db.session.add(version)
        db.session.flush()
        _deactivate_others(version.id)
        version.active = True
        version.activated_at = utcnow()
        if drop_older:
            db.session.execute(delete(ModelVersion).where(ModelVersion.id != version.id))
        else:
            _prune(int(current_app.config["MATCHING_VERSIONS_KEPT"]), keep_id=version.id)


def activate_version(version_id: int) -> ModelVersion:
    """Make a stored version the active one (every worker loads it within a few seconds);
    refused for a version whose artefact does not verify under this installation's key."""
    version = db.session.get(ModelVersion, version_id)
    if version is None:
        raise InvalidInput(_("There is no model version %(id)d.", id=version_id))
    try:
        store.verify(version.artefact, version.signature, artefact_key())
    except store.ArtefactRefused:
        raise InvalidInput(
            _(
                "Model version %(id)d cannot be used: its artefact is not signed with this "
                "installation's key.",
                id=version_id,
            )
        ) from None
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
