"""Moderation: verifying organisations, browsing accounts and the administrator's overview."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    Role,
    University,
    User,
)
from talentmatch.services import audit, vetting
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.transaction import unit_of_work

USERS_PER_PAGE = 25
# Graduates and employers own profiles and organisations; only staff accounts change role.
STAFF_ROLES = (Role.CAREER_SERVICES, Role.ADMIN)


@dataclass(frozen=True)
class DashboardCounts:
    users_by_role: dict[Role, int]
    organisations_awaiting_verification: int
    opportunities: dict[tuple[OpportunityKind, OpportunityStatus], int]

    @property
    def users_total(self) -> int:
        return sum(self.users_by_role.values())

    def opportunities_of(self, kind: OpportunityKind) -> int:
        return sum(n for (k, _status), n in self.opportunities.items() if k is kind)


def dashboard_counts() -> DashboardCounts:
    """Users per role, organisations waiting for an admin, opportunities per kind and status."""
    users = dict.fromkeys(Role, 0)
    for role, count in db.session.execute(select(User.role, func.count()).group_by(User.role)):
        users[role] = count
    awaiting = db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.verified.is_(False))
    )
    opportunities = {(kind, status): 0 for kind in OpportunityKind for status in OpportunityStatus}
    rows = db.session.execute(
        select(Opportunity.kind, Opportunity.status, func.count()).group_by(
            Opportunity.kind, Opportunity.status
        )
    )
    for kind, status, count in rows:
        opportunities[(kind, status)] = count
    return DashboardCounts(
        users_by_role=users,
        organisations_awaiting_verification=awaiting or 0,
        opportunities=opportunities,
    )


def list_organisations(verified: bool | None = None) -> list[Organisation]:
    """Organisations awaiting verification first, oldest request first; then verified ones."""
    query = select(Organisation).order_by(
        Organisation.verified, Organisation.created_at, Organisation.id
    )
    if verified is not None:
        query = query.where(Organisation.verified.is_(verified))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class OrganisationActivity:
    """What an administrator weighs when verifying: who registered it and what it has posted."""

    employers: list[User]
    jobs_published: int  # open or closed; drafts are not counted


def organisation_activity(organisations: list[Organisation]) -> dict[int, OrganisationActivity]:
    """The employers and published jobs of each organisation, by its id."""
    ids = [organisation.id for organisation in organisations]
    employers: dict[int, list[User]] = {i: [] for i in ids}
    for user in db.session.scalars(
        select(User).where(User.organisation_id.in_(ids)).order_by(User.created_at, User.id)
    ):
        employers[user.organisation_id].append(user)  # type: ignore[index]
    published = dict(
        db.session.execute(
            select(Opportunity.organisation_id, func.count())
            .where(
                Opportunity.organisation_id.in_(ids),
                Opportunity.kind == OpportunityKind.JOB,
                Opportunity.status != OpportunityStatus.DRAFT,
            )
            .group_by(Opportunity.organisation_id)
        ).all()
    )
    return {i: OrganisationActivity(employers[i], published.get(i, 0)) for i in ids}


def set_organisation_verified(actor: User, organisation_id: int, verified: bool) -> Organisation:
    """An administrator confirms (or withdraws) that an organisation is who it says it is.

    Its jobs are listed, and enter the matching engine, at once; withdrawing unlists them again.
    Every change is in the audit log; repeating one changes nothing and records nothing.
    """
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can verify organisations."))
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("No such organisation."))
    if organisation.verified is verified:
        return organisation
    with unit_of_work():
        organisation.verified = verified
        audit.record(
            AuditEventKind.ORGANISATION_VERIFIED
            if verified
            else AuditEventKind.ORGANISATION_UNVERIFIED,
            actor,
            organisation_id=organisation.id,
            organisation_name=organisation.name,
        )
    vetting.announce_jobs_changed(organisation.id)
    return organisation


def list_users(role: Role | None = None, page: int = 1) -> Pagination:
    """One page of accounts, newest first, optionally of one role only."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if role is not None:
        query = query.where(User.role == role)
    return db.paginate(query, page=max(page, 1), per_page=USERS_PER_PAGE, error_out=False)


def change_staff_role(
    actor: User, user_id: int, role: Role, university_id: int | None = None
) -> User:
    """An administrator makes a career-services account an administrator, or the other way
    round (career services belong to a university). Audited; an unchanged role records nothing.
    """
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can change roles."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    if user.role not in STAFF_ROLES:
        raise InvalidInput(
            _("Only staff accounts change role; graduates and employers keep theirs."), "role"
        )
    if user.id == actor.id:
        raise InvalidInput(_("You cannot change your own role."), "role")
    if role not in STAFF_ROLES:
        raise InvalidInput(_("Choose career services or administrator."), "role")
    if role is Role.CAREER_SERVICES:
        if university_id is None:
            raise InvalidInput(_("Career-services staff belong to a university."), "university_id")
        if db.session.get(University, university_id) is None:
            raise InvalidInput(_("Choose a university from the list."), "university_id")
    else:
        university_id = None
    if user.role is role and user.university_id == university_id:
        return user
    with unit_of_work():
        previous = user.role
        user.role = role
        user.university_id = university_id
        audit.record(
            AuditEventKind.ROLE_CHANGED,
            actor,
            subject=user,
            from_role=previous.value,
            to_role=role.value,
            university_id=university_id,
        )
    return user
