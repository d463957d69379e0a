"""Erasing an account: a recorded process, one committed step at a time, safe to run again after
an interruption (`flask privacy resume-erasures`). The request ends the person's sessions at
once; the other steps run as the background job "erasure.run" — in the request itself where
jobs run in the web process, on an RQ worker in production.

What happens to each table is decided from the metadata (services/personal_data.py), so a new
table is covered by default:

- rows that name the person are deleted, with everything hanging off them (profile, skills,
  languages, places, saves, consents, emails, retention notices);
- except RETAINED rows, which stay as anonymous records: the audit log, the erasure request
  itself, and applications (Interaction rows of kind "apply", Application rows and their
  history), so employers keep their counts and pipelines; what hangs off a retained row (an
  application's history, notes by the employer included) is anonymised with it;
- ORGANISATION_RECORDS (opportunities a person posted for their organisation) belong to the
  organisation: only the reference to the person is removed; so do DETACHED_COLUMNS (who sent
  an invitation or a message for an organisation, who introduced a graduate);
- every text column of what stays is emptied, and the account row becomes a placeholder with
  no name, no usable email address and no password, which the kept rows point at.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Column, Table, and_, delete, not_, or_, select, update
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from werkzeug.security import check_password_hash

from talentmatch import jobs
from talentmatch.extensions import db
from talentmatch.models import (
    ErasureReason,
    ErasureRequest,
    ErasureStep,
    InteractionKind,
    ModelVersion,
    Role,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import audit, model_versions, personal_data, sessions
from talentmatch.services.data_export import user_files_dir
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.transaction import unit_of_work

log = logging.getLogger(__name__)

SELF_SERVICE_ROLES = (Role.GRADUATE, Role.EMPLOYER)

# Tables whose rows about the person stay, anonymised; the function picks the rows kept
# (None: all of them).
RETAINED: dict[str, Callable[[Table], Any] | None] = {
    "audit_events": None,
    "erasure_requests": None,
    "interactions": lambda table: table.c.kind == InteractionKind.APPLY,
    "applications": None,
    "application_events": None,
}
# Cohorts a person saved belong to their university in the same way.
ORGANISATION_RECORDS = frozenset({"opportunities", "cohorts"})
# Columns naming someone who acted for an organisation or a university: who sent an invitation,
# wrote a message for the organisation, introduced a graduate. Erasing that person empties the
# reference only, since the row belongs to the graduate and organisation it concerns. (An erased
# graduate's threads, with every message in them, go with the graduate.)
DETACHED_COLUMNS = frozenset(
    {
        "invitations.invited_by_id",
        "messages.sender_id",
        "message_threads.introduced_by_id",
        "promotions.created_by_id",
        # The installation's record of a refit; who started it is forgotten.
        "model_fits.requested_by_id",
        # The installation's staying checklist; who edited a step is forgotten, the step stays.
        "staying_step_edits.edited_by_id",
    }
)
# Text columns of retained rows that say nothing about the person.
KEPT_TEXT_COLUMNS = frozenset({"audit_events.event"})
# Rows that name the person only by email address.
ADDRESSED_TO = {"outbound_emails": "to_address"}
UNUSABLE_PASSWORD = "!erased"  # not a werkzeug hash: no password matches it

STEPS: tuple[tuple[ErasureStep, str], ...] = (
    (ErasureStep.SESSIONS_ENDED, "_end_sessions"),
    (ErasureStep.ROWS_DELETED, "_delete_rows"),
    (ErasureStep.PERSONAL_FIELDS_REMOVED, "_remove_personal_fields"),
    (ErasureStep.FILES_REMOVED, "_remove_files"),
    (ErasureStep.ARTEFACTS_REFIT, "_refit_models"),
    (ErasureStep.DONE, "_finish"),
)
STEP_ORDER = list(ErasureStep)


class ErasureInterrupted(Exception):
    """A step failed; the request keeps the last completed step and can be resumed."""


def placeholder_email(user_id: int) -> str:
    return f"erased-{user_id}@erased.invalid"


def is_erased(user: User) -> bool:
    return bool(
        db.session.scalar(
            select(ErasureRequest.id).where(
                ErasureRequest.user_id == user.id, ErasureRequest.step == ErasureStep.DONE
            )
        )
    )


# --- Starting an erasure -------------------------------------------------------------------------


def erase_own_account(actor: User, password: str) -> ErasureRequest:
    """A graduate or employer deletes their account after typing their password again."""
    if not actor.has_role(*SELF_SERVICE_ROLES):
        raise NotAllowed(_("Staff accounts are deleted by an administrator."))
    if not password or not check_password_hash(actor.password_hash, password):
        raise InvalidInput(_("That is not your password."), "password")
    return _carry_out(_open_request(actor, actor, ErasureReason.SELF_SERVICE))


def erase_account(actor: User, user_id: int) -> ErasureRequest:
    """An administrator erases any account but their own."""
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can delete other people's accounts."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    if user.id == actor.id:
        raise InvalidInput(_("You cannot delete your own account here."))
    return _carry_out(_open_request(user, actor, ErasureReason.ADMINISTRATOR))


def _carry_out(request: ErasureRequest) -> ErasureRequest:
    """Close the account at once, then carry out the other steps: here and now where jobs run
    in this process (ErasureInterrupted if one fails), else on a worker, which retries a failed
    step. The request tells how far it got."""
    run(request.id, until=ErasureStep.SESSIONS_ENDED)
    try:
        jobs.perform_or_enqueue("erasure.run", request.id)
    except ErasureInterrupted:
        raise
    except Exception:
        # The queue cannot be reached: the account is closed and stays so, and
        # `flask privacy resume-erasures` (daily from cron) finishes the rest.
        log.exception("Could not enqueue erasure request %s", request.id)
    db.session.refresh(request)
    return request


def erase_for_retention(users: list[User]) -> tuple[list[int], list[int]]:
    """Erase expired accounts; the model is refitted once for all of them, not once each.
    Returns the ids (erased, interrupted)."""
    requests = [_open_request(user, None, ErasureReason.RETENTION) for user in users]
    erased, interrupted = [], []
    for stage in (ErasureStep.FILES_REMOVED, ErasureStep.DONE):
        for request in requests:
            if request.user_id in interrupted:
                continue
            try:
                run(request.id, until=stage)
            except ErasureInterrupted:
                interrupted.append(request.user_id)
            else:
                if stage is ErasureStep.DONE:
                    erased.append(request.user_id)
    return erased, interrupted


def _open_request(user: User, requester: User | None, reason: ErasureReason) -> ErasureRequest:
    """The unfinished request for `user`, or a new one."""
    if is_erased(user):
        raise InvalidInput(_("This account has already been deleted."))
    existing = db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.user_id == user.id, ErasureRequest.step != ErasureStep.DONE
        )
    )
    if existing is not None:
        return existing
    with unit_of_work():
        request = ErasureRequest(
            user_id=user.id,
            requested_by_id=requester.id if requester is not None else None,
            reason=reason,
        )
        db.session.add(request)
    return request


# --- Running the steps ---------------------------------------------------------------------------


def run(request_id: int, until: ErasureStep = ErasureStep.DONE) -> ErasureRequest:
    """Carry out every step not yet done up to `until`, committing each; ErasureInterrupted if
    one fails (the request then names the step, to be resumed)."""
    request = db.session.get(ErasureRequest, request_id)
    if request is None:
        raise NotFound(_("No such erasure request."))
    for step, name in STEPS:
        if STEP_ORDER.index(request.step) >= STEP_ORDER.index(step):
            continue
        if STEP_ORDER.index(step) > STEP_ORDER.index(until):
            break
        action = globals()[name]  # looked up at run time, so each step stays replaceable
        try:
            with unit_of_work():
                user = db.session.get(User, request.user_id)
                action(request, user)
                request.step = step
                request.updated_at = utcnow()
                request.last_error = ""
        except Exception as error:
            # Only the step and the kind of error: a message could quote personal data.
            reason = f"{step.value}: {type(error).__name__}"[:300]
            with unit_of_work():  # the failed step's transaction was rolled back; note why
                db.session.execute(
                    update(ErasureRequest)
                    .where(ErasureRequest.id == request_id)
                    .values(last_error=reason, updated_at=utcnow())
                )
            log.warning("Erasure request %s stopped before %s", request_id, step.value)
            raise ErasureInterrupted(reason) from error
    return request


def unfinished() -> list[ErasureRequest]:
    return list(
        db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.step != ErasureStep.DONE)
            .order_by(ErasureRequest.id)
        )
    )


def queue_unfinished() -> int:
    """Enqueue every interrupted erasure for the workers; returns how many."""
    requests = unfinished()
    for request in requests:
        jobs.enqueue("erasure.run", request.id)
    return len(requests)


def resume_unfinished() -> tuple[list[ErasureRequest], list[ErasureRequest]]:
    """Run every interrupted erasure to its end; returns (completed, still failing)."""
    completed: list[ErasureRequest] = []
    failing: list[ErasureRequest] = []
    for request in unfinished():
        try:
            completed.append(run(request.id))
        except ErasureInterrupted:
            db.session.refresh(request)
            failing.append(request)
    return completed, failing


def _end_sessions(request: ErasureRequest, user: User) -> None:
    sessions.end_all_sessions(user)
    user.active = False


def _delete_where(table: Table, rows: list[dict[str, Any]]) -> None:
    keys = list(table.primary_key.columns)
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        db.session.execute(
            delete(table).where(
                or_(*(and_(*(key == row[key.name] for key in keys)) for row in batch))
            )
        )


def _delete_rows(request: ErasureRequest, user: User) -> None:
    # Children before parents, so no foreign key is ever left pointing at a deleted row.
    for link in reversed(personal_data.user_links()):
        table, name = link.table, link.table.name
        if name in ORGANISATION_RECORDS:
            for column, _referred in link.columns:
                db.session.execute(update(table).where(column == user.id).values({column: None}))
            continue
        naming = []
        for column, _referred in link.columns:
            if f"{name}.{column.name}" in DETACHED_COLUMNS:
                db.session.execute(update(table).where(column == user.id).values({column: None}))
            else:
                naming.append(column)
        if not naming:
            continue
        condition = or_(*(column == user.id for column in naming))
        if name in RETAINED:
            keep = RETAINED[name]
            if keep is None:
                continue
            condition = and_(condition, not_(keep(table)))
        rows = personal_data.rows_where(table, condition)
        if not rows:
            continue
        for child, child_rows in reversed(list(personal_data.descendants(table, rows))):
            _delete_where(child.table, child_rows)
        _delete_where(table, rows)
    for name, address_column in ADDRESSED_TO.items():
        table = db.metadata.tables[name]
        db.session.execute(delete(table).where(table.c[address_column] == user.email))
    db.session.flush()
    db.session.expire_all()
    request.rows_deleted_at = utcnow()


def blank_value(column: Column[Any]) -> Any:
    default = column.default
    if isinstance(default, ScalarElementColumnDefault) and isinstance(default.arg, str):
        return default.arg
    return None if column.nullable else ""


def _text_columns(table: Table) -> list[Column[Any]]:
    return [
        column
        for column in table.columns
        if personal_data.is_text(column)
        and not column.primary_key
        and not column.foreign_keys
        and f"{table.name}.{column.name}" not in KEPT_TEXT_COLUMNS
    ]


def _blank_text(table: Table, condition: Any) -> None:
    columns = _text_columns(table)
    if columns and condition is not None:
        db.session.execute(
            update(table).where(condition).values({c: blank_value(c) for c in columns})
        )


def _remove_personal_fields(request: ErasureRequest, user: User) -> None:
    audit_events = db.metadata.tables["audit_events"]
    # Events that name the person by address only (a failed login with their email).
    db.session.execute(
        update(audit_events)
        .where(audit_events.c.email == user.email)
        .values({c: blank_value(c) for c in _text_columns(audit_events)})
    )
    for link in personal_data.user_links():
        if link.table.name not in RETAINED:
            continue
        condition = personal_data.user_condition(link, user.id)
        kept = personal_data.rows_where(link.table, condition)
        for child, rows in personal_data.descendants(link.table, kept):
            _blank_text(child.table, personal_data.child_condition(child, rows))
        _blank_text(link.table, condition)
    users = personal_data.users_table()
    values: dict[Any, Any] = {c: blank_value(c) for c in _text_columns(users)}
    values.update(
        {c: None for c in users.columns if c.nullable and not c.primary_key and c not in values}
    )
    values.update(
        {
            users.c.email: placeholder_email(user.id),
            users.c.password_hash: UNUSABLE_PASSWORD,
            users.c.active: False,
            users.c.email_verified: False,
        }
    )
    db.session.execute(update(users).where(users.c.id == user.id).values(values))
    db.session.expire_all()


def _remove_files(request: ErasureRequest, user: User) -> None:
    folder = user_files_dir(user.id)
    if folder.exists():
        shutil.rmtree(folder)


def refit_and_drop_older() -> None:
    """Fit a model version on the data as it is now and delete every other version."""
    refit = getattr(model_versions, "refit_and_drop_older", None)
    if refit is not None:
        refit()
        return
    version, _engine = model_versions.fit_version()
    with unit_of_work():
        db.session.execute(delete(ModelVersion).where(ModelVersion.id != version.id))


def _refit_models(request: ErasureRequest, user: User) -> None:
    """Versions fitted before the person's rows were deleted may hold their profile."""
    older = db.session.scalar(
        select(ModelVersion.id).where(ModelVersion.created_at <= request.rows_deleted_at).limit(1)
    )
    if older is not None:
        refit_and_drop_older()


def _finish(request: ErasureRequest, user: User) -> None:
    request.completed_at = utcnow()
    by_self = request.requested_by_id == user.id
    event = audit.record(
        audit.AuditEventKind.ACCOUNT_ERASED,
        None if by_self else db.session.get(User, request.requested_by_id or 0),
        subject=user,
        reason=request.reason.value,
    )
    if by_self:
        event.client_address = ""  # the person's address is personal data too
