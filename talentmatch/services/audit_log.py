"""Reading the audit log: administrators page through security events, newest first, filtered by
kind, by a person's email address, by client address and by time."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import AuditEvent, Role, User
from talentmatch.services.audit import MAX_ADDRESS, MAX_EMAIL, AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound

EVENT_LABELS = {
    AuditEventKind.LOGIN: _l("Logged in"),
    AuditEventKind.LOGIN_FAILED: _l("Failed login"),
    AuditEventKind.LOGOUT: _l("Logged out"),
    AuditEventKind.ACCESS_DENIED: _l("Access denied"),
    AuditEventKind.REGISTERED: _l("Registered"),
    AuditEventKind.PASSWORD_CHANGED: _l("Password changed"),
    AuditEventKind.PASSWORD_RESET_REQUESTED: _l("Password reset requested"),
    AuditEventKind.PASSWORD_RESET: _l("Password reset"),
    AuditEventKind.EMAIL_CHANGED: _l("Email address changed"),
    AuditEventKind.EMAIL_VERIFIED: _l("Email address verified"),
    AuditEventKind.SESSIONS_ENDED: _l("Sessions ended"),
    AuditEventKind.ROLE_CHANGED: _l("Role changed"),
    AuditEventKind.ACCOUNT_DEACTIVATED: _l("Account deactivated"),
    AuditEventKind.ACCOUNT_REACTIVATED: _l("Account reactivated"),
    AuditEventKind.STAFF_ACCOUNT_CREATED: _l("Staff account created"),
    AuditEventKind.STAFF_INVITED: _l("Staff member invited"),
    AuditEventKind.STAFF_INVITATION_RESENT: _l("Staff invitation sent again"),
    AuditEventKind.STAFF_INVITATION_ACCEPTED: _l("Staff invitation accepted"),
    AuditEventKind.OPPORTUNITY_UNPUBLISHED: _l("Opportunity unpublished"),
    AuditEventKind.OPPORTUNITY_REPUBLISHED: _l("Opportunity republished"),
    AuditEventKind.MODEL_REFIT_REQUESTED: _l("Model refit started"),
    AuditEventKind.ORGANISATION_VERIFIED: _l("Organisation verified"),
    AuditEventKind.ORGANISATION_UNVERIFIED: _l("Organisation verification withdrawn"),
    AuditEventKind.CONSENT_GIVEN: _l("Consent given"),
    AuditEventKind.CONSENT_WITHDRAWN: _l("Consent withdrawn"),
    AuditEventKind.DATA_EXPORTED: _l("Data exported"),
    AuditEventKind.COHORT_EXPORTED: _l("Graduates exported by career services"),
    AuditEventKind.ACCOUNT_ERASED: _l("Account erased"),
    AuditEventKind.RATE_LIMITED: _l("Rate limited"),
}
MAX_PAGE = 100_000


def event_label(event: str) -> str:
    """The event's name for people; an event kind without a label yet shows its code."""
    try:
        return str(EVENT_LABELS[AuditEventKind(event)])
    except (KeyError, ValueError):
        return event.replace("_", " ")


def event_choices() -> list[tuple[str, str]]:
    """Every kind of event, by its label."""
    return sorted(((kind.value, event_label(kind.value)) for kind in AuditEventKind), key=_by_label)


def _by_label(choice: tuple[str, str]) -> str:
    return choice[1]


@dataclass(frozen=True)
class AuditFilters:
    """`since` and `until` are naive UTC: from `since` (inclusive) to `until` (exclusive)."""

    event: str = ""
    email: str = ""
    client_address: str = ""
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1


@dataclass(frozen=True)
class AuditEntry:
    event: AuditEvent
    label: str
    details: list[tuple[str, str]]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _normalised_address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise InvalidInput(
            _("Enter an IP address, such as 192.0.2.10 or 2001:db8::1."), "client_address"
        ) from None


def _check(filters: AuditFilters) -> AuditFilters:
    errors: dict[str, str] = {}
    if filters.event and filters.event not in {kind.value for kind in AuditEventKind}:
        errors["event"] = _("Choose a kind of event from the list.")
    email = filters.email.strip().lower()
    if len(email) > MAX_EMAIL:
        errors["email"] = _("An email address has at most %(n)d characters.", n=MAX_EMAIL)
    address = filters.client_address.strip()
    if len(address) > MAX_ADDRESS:
        errors["client_address"] = _("Enter an IP address, such as 192.0.2.10 or 2001:db8::1.")
    elif address:
        try:
            address = _normalised_address(address)
        except InvalidInput as error:
            errors.update(error.errors)
    if filters.since and filters.until and filters.since >= filters.until:
        errors["until"] = _("The end date must not be before the start date.")
    if not 1 <= filters.page <= MAX_PAGE:
        errors["page"] = _("Choose a page between 1 and %(n)s.", n=formats.number(MAX_PAGE))
    if errors:
        raise InvalidInput(errors)
    return AuditFilters(filters.event, email, address, filters.since, filters.until, filters.page)


def list_events(actor: User, filters: AuditFilters, per_page: int) -> Pagination:
    """One page of the log, newest first, each event as an `AuditEntry`.

    The email filter finds events where the address (or a part of it, such as a domain) is the
    acting account's, the subject account's, or the one a failed login tried.
    """
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only administrators can read the audit log."))
    filters = _check(filters)
    acting, subject = aliased(User), aliased(User)
    query = (
        select(AuditEvent)
        .outerjoin(acting, acting.id == AuditEvent.user_id)
        .outerjoin(subject, subject.id == AuditEvent.subject_user_id)
        .options(selectinload(AuditEvent.user), selectinload(AuditEvent.subject))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if filters.event:
        query = query.where(AuditEvent.event == filters.event)
    if filters.email:
        pattern = f"%{_escape_like(filters.email)}%"
        query = query.where(
            or_(
                acting.email.like(pattern, escape="\\"),
                subject.email.like(pattern, escape="\\"),
                AuditEvent.email.like(pattern, escape="\\"),
            )
        )
    if filters.client_address:
        query = query.where(AuditEvent.client_address == filters.client_address)
    if filters.since:
        query = query.where(AuditEvent.created_at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.created_at < filters.until)
    page = db.paginate(query, page=filters.page, per_page=per_page, error_out=False)
    if filters.page > 1 and filters.page > page.pages:
        raise NotFound(_("There is no page %(page)d of these events.", page=filters.page))
    page.items = [
        AuditEntry(event, event_label(event.event), _details(event)) for event in page.items
    ]
    return page


def _details(event: AuditEvent) -> list[tuple[str, str]]:
    """The event's details as (name, value) pairs, in the order they were stored."""
    try:
        details = json.loads(event.details or "{}")
    except ValueError:
        return [("details", event.details)]
    if not isinstance(details, dict):
        return [("details", str(details))]
    return [(str(name).replace("_", " "), _text(value)) for name, value in details.items()]


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "—"
    return json.dumps(value, ensure_ascii=False)
