"""Administrators take any opportunity off the site, with a reason its owners are told, and may
put it back. An unpublished opportunity is closed, so it leaves search, "For you", candidate
rankings and promotions at once, and its owners cannot reopen it themselves."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
    User,
)
from talentmatch.services import audit, notifications
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.signals import announce_opportunity_changed

PER_PAGE = 25
MAX_REASON = 1000
MAX_SEARCH = 200


@dataclass(frozen=True)
class OpportunityFilters:
    text: str = ""
    kind: OpportunityKind | None = None
    status: OpportunityStatus | None = None
    unpublished_only: bool = False
    page: int = 1


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can unpublish opportunities."))


def list_opportunities(actor: User, filters: OpportunityFilters) -> Pagination:
    """Opportunities of every kind and owner, newest first, by title, kind and status."""
    _require_admin(actor)
    text = " ".join(filters.text.split())
    if len(text) > MAX_SEARCH:
        raise InvalidInput(_("Use at most %(n)d characters.", n=MAX_SEARCH), "text")
    query = (
        select(Opportunity)
        .options(selectinload(Opportunity.organisation), selectinload(Opportunity.university))
        .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
    )
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Opportunity.title.ilike(pattern, escape="\\"))
    if filters.kind is not None:
        query = query.where(Opportunity.kind == filters.kind)
    if filters.status is not None:
        query = query.where(Opportunity.status == filters.status)
    if filters.unpublished_only:
        query = query.where(Opportunity.unpublished_at.is_not(None))
    return db.paginate(query, page=max(filters.page, 1), per_page=PER_PAGE, error_out=False)


def is_unpublished(opportunity: Opportunity) -> bool:
    return opportunity.unpublished_at is not None


def refuse_if_unpublished(opportunity: Opportunity) -> None:
    """Owners may not open (or re-draft) what an administrator took down."""
    if is_unpublished(opportunity):
        raise InvalidInput(
            _(
                "An administrator unpublished this opportunity (%(reason)s), so only an "
                "administrator can publish it again.",
                reason=opportunity.unpublished_reason or "",
            )
        )


def get_opportunity(actor: User, opportunity_id: int) -> Opportunity:
    """Any opportunity, for an administrator."""
    _require_admin(actor)
    return _get(opportunity_id)


def _get(opportunity_id: int) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise NotFound(_("No such opportunity."))
    return opportunity


def unpublish(actor: User, opportunity_id: int, reason: str) -> Opportunity:
    """Take a published opportunity off the site; its owners are told why."""
    _require_admin(actor)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(_("Say why it is unpublished: its owners are told."), "reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("Use at most %(n)d characters.", n=MAX_REASON), "reason")
    with unit_of_work():
        opportunity = _get(opportunity_id)
        lock_for_update(opportunity)
        if is_unpublished(opportunity):
            raise InvalidInput(_("This opportunity is already unpublished."))
        if opportunity.status is OpportunityStatus.DRAFT:
            raise InvalidInput(_("This opportunity is a draft: it is not published."))
        opportunity.unpublish(reason)
        audit.record(
            AuditEventKind.OPPORTUNITY_UNPUBLISHED,
            actor,
            opportunity_id=opportunity.id,
            title=opportunity.title,
            reason=reason,
        )
        for owner in owners(opportunity, besides=actor):
            notifications.notify(
                owner,
                NotificationKind.OPPORTUNITY_UNPUBLISHED,
                _owner_link(opportunity),
                lambda: _unpublished_notice(opportunity, reason),
            )
    announce_opportunity_changed(opportunity.id)
    return opportunity


def republish(actor: User, opportunity_id: int) -> Opportunity:
    """Put an unpublished opportunity back on the site; its owners are told."""
    _require_admin(actor)
    with unit_of_work():
        opportunity = _get(opportunity_id)
        lock_for_update(opportunity)
        if not is_unpublished(opportunity):
            raise InvalidInput(_("This opportunity is not unpublished."))
        opportunity.republish()
        audit.record(
            AuditEventKind.OPPORTUNITY_REPUBLISHED,
            actor,
            opportunity_id=opportunity.id,
            title=opportunity.title,
        )
        for owner in owners(opportunity, besides=actor):
            notifications.notify(
                owner,
                NotificationKind.OPPORTUNITY_UNPUBLISHED,
                _owner_link(opportunity),
                lambda: _republished_notice(opportunity),
            )
    announce_opportunity_changed(opportunity.id)
    return opportunity


def owners(opportunity: Opportunity, besides: User | None = None) -> list[User]:
    """Who answers for it: the organisation's employers, or the university's career services,
    and whoever created it; active accounts only."""
    conditions: list[ColumnElement[bool]] = []
    if opportunity.organisation_id is not None:
        conditions.append(
            (User.role == Role.EMPLOYER) & (User.organisation_id == opportunity.organisation_id)
        )
    if opportunity.university_id is not None:
        conditions.append(
            (User.role == Role.CAREER_SERVICES) & (User.university_id == opportunity.university_id)
        )
    if opportunity.created_by_id is not None:
        conditions.append(User.id == opportunity.created_by_id)
    if not conditions:
        return []
    found = db.session.scalars(
        select(User).where(User.active.is_(True), or_(*conditions)).order_by(User.id)
    )
    return [user for user in found if besides is None or user.id != besides.id]


def _owner_link(opportunity: Opportunity) -> str:
    if opportunity.kind is OpportunityKind.JOB:
        return url_for("employers.detail", job_id=opportunity.id)
    return url_for("catalogue.edit_item", opportunity_id=opportunity.id)


def _unpublished_notice(opportunity: Opportunity, reason: str) -> notifications.Notice:
    return notifications.Notice(
        text=_(
            "An administrator unpublished “%(title)s”: %(reason)s",
            title=title_here(opportunity),
            reason=reason,
        ),
        subject=_("“%(title)s” was unpublished on TalentMatch", title=title_here(opportunity)),
        body=_(
            "An administrator of TalentMatch unpublished “%(title)s”. It no longer appears in "
            "search or recommendations, and it cannot be reopened until an administrator "
            "publishes it again.\n\nThe reason given: %(reason)s\n\n"
            "Reply to this message if you think this is a mistake.",
            title=title_here(opportunity),
            reason=reason,
        ),
    )


def _republished_notice(opportunity: Opportunity) -> notifications.Notice:
    return notifications.Notice(
        text=_("An administrator published “%(title)s” again.", title=title_here(opportunity)),
        subject=_("“%(title)s” is published again on TalentMatch", title=title_here(opportunity)),
        body=_(
            "An administrator of TalentMatch published “%(title)s” again: it appears in search "
            "and recommendations as before.",
            title=title_here(opportunity),
        ),
    )
