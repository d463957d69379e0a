"""The model page: the active version with its numbers, earlier versions, refits an
administrator starts (background jobs that record their progress as they go), and the recent
background jobs of every kind."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, selectinload

from talentmatch import jobs
from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import FitState, ModelFit, ModelVersion, Role, User
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender.model import FIT_STEPS as ENGINE_STEPS
from talentmatch.services import audit, job_history
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.job_history import JobLine
from talentmatch.services.model_versions import EVALUATING, LOADING_DATA, LOADING_MODELS, STORING
from talentmatch.services.transaction import unit_of_work

log = logging.getLogger(__name__)

HISTORY = 10
MAX_ERROR = 2000
MAX_STEP = 40
STEP_LABELS = {
    LOADING_MODELS: _l("Loading the language models"),
    LOADING_DATA: _l("Loading opportunities and profiles"),
    ENGINE_STEPS[0]: _l("Linking skills to ESCO"),
    ENGINE_STEPS[1]: _l("Learning the vocabulary and skill weights"),
    ENGINE_STEPS[2]: _l("Indexing the opportunities"),
    EVALUATING: _l("Evaluating: ranking jobs for their own skills"),
    STORING: _l("Storing and activating the signed version"),
}
FitJob = Callable[[Callable[[str], None]], ModelVersion]


def step_label(step: str) -> str:
    """A step for people; an unknown step shows as reported."""
    return str(STEP_LABELS.get(step, step))


@dataclass(frozen=True)
class ModelPage:
    active: ModelVersion | None
    versions: list[ModelVersion]  # newest first, the active one included
    fits: list[ModelFit]  # newest first
    running: ModelFit | None
    jobs: list[JobLine]  # background jobs of every kind, newest first

    @property
    def metrics(self) -> dict[str, object]:
        return json.loads(self.active.metrics or "{}") if self.active else {}


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can see and refit the matching model."))


def model_page(actor: User) -> ModelPage:
    _require_admin(actor)
    versions = list(
        db.session.scalars(
            select(ModelVersion)
            .options(defer(ModelVersion.artefact))  # megabytes each, and not shown
            .order_by(ModelVersion.id.desc())
            .limit(HISTORY)
        )
    )
    active = next((v for v in versions if v.active), None)
    if active is None:  # older than the newest few, after activating an old one by hand
        active = db.session.scalar(
            select(ModelVersion)
            .options(defer(ModelVersion.artefact))
            .where(ModelVersion.active.is_(True))
        )
    fits = list(
        db.session.scalars(
            select(ModelFit)
            .options(selectinload(ModelFit.requested_by))
            .order_by(ModelFit.id.desc())
            .limit(HISTORY)
        )
    )
    running = next((fit for fit in fits if fit.in_progress), None)
    return ModelPage(
        active=active,
        versions=versions,
        fits=fits,
        running=running,
        jobs=job_history.recent_jobs(),
    )


def refit_already_running() -> str:
    return _("A refit is already running; its progress is shown below.")


def request_refit(actor: User) -> ModelFit:
    """Record a refit and start it in the background; refused while another one runs."""
    _require_admin(actor)
    try:
        with unit_of_work():
            _give_up_abandoned()
            if db.session.scalar(select(ModelFit.id).where(ModelFit.in_progress.is_(True))):
                raise InvalidInput(refit_already_running())
            fit = ModelFit(requested_by_id=actor.id, state=FitState.QUEUED, in_progress=True)
            db.session.add(fit)
            db.session.flush()  # two clicks at once: the unique index lets one through
            audit.record(AuditEventKind.MODEL_REFIT_REQUESTED, actor, fit_id=fit.id)
    except IntegrityError:
        raise InvalidInput(refit_already_running()) from None
    try:
        jobs.enqueue("matching.requested_fit", fit.id)
    except Exception:
        log.exception("Could not enqueue refit %s", fit.id)
        message = _("The job queue cannot be reached, so the refit did not start. Try again.")
        _finish(fit.id, state=FitState.FAILED, error=message)
        raise InvalidInput(message) from None
    return fit


def _give_up_abandoned() -> None:
    """A run unfinished for far longer than any fit lasted in a process that has since stopped."""
    minutes = int(current_app.config["MATCHING_FIT_ABANDONED_MINUTES"])
    db.session.execute(
        update(ModelFit)
        .where(
            ModelFit.in_progress.is_(True),
            ModelFit.requested_at < utcnow() - timedelta(minutes=minutes),
        )
        .values(
            state=FitState.FAILED,
            in_progress=False,
            finished_at=utcnow(),
            error=_("Interrupted: the process running this refit stopped before it finished."),
        )
        .execution_options(synchronize_session=False)
    )


def run_requested(fit_id: int) -> ModelFit | None:
    """The background job of a refit started on the model page: fit, store, serve here."""
    holder = matching_engine.holder
    return run(fit_id, lambda progress: holder.fit_and_activate(progress=progress))


def run(fit_id: int, fit: FitJob) -> ModelFit | None:
    """Run a recorded refit to its end, saving each step as it starts; a failure is recorded
    with its message, never raised. A refit still marked running is run again from the start
    (its worker died: a retry); a finished one is left as it is."""
    with unit_of_work():
        row = db.session.get(ModelFit, fit_id)
        if row is None or not row.in_progress:
            return row
        row.state = FitState.RUNNING
        row.started_at = utcnow()

    def progress(step: str) -> None:
        with unit_of_work():
            db.session.execute(
                update(ModelFit)
                .where(ModelFit.id == fit_id)
                .values(step=step[:MAX_STEP])
                .execution_options(synchronize_session=False)
            )

    try:
        version = fit(progress)
    except Exception as error:
        db.session.rollback()
        log.exception("Refit %s failed", fit_id)
        message = str(error).strip() or type(error).__name__
        _finish(fit_id, state=FitState.FAILED, error=message[:MAX_ERROR])
    else:
        _finish(fit_id, state=FitState.SUCCEEDED, model_version_id=version.id)
    return db.session.get(ModelFit, fit_id, populate_existing=True)


def _finish(fit_id: int, **values: object) -> None:
    with unit_of_work():
        db.session.execute(
            update(ModelFit)
            .where(ModelFit.id == fit_id)
            .values(in_progress=False, finished_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )
