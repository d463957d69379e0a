"""The demo tour: the demo accounts most worth seeing, and signing in as one of them.

Only graduates, employers and career-services advisers made by `flask seed-demo` take part,
and only where DEMO_SIGN_IN is on (the view checks it). Most have no password, so the tour is
the way in to see a living product from each side; the demo administrator is not offered and
signs in with the password seed-demo printed. The accounts offered first are those with the
most kinds of activity (applications, conversations, events, communities, promotions,
notifications), so one sign-in shows most of the product.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, case, func, literal, select

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    EventRegistration,
    Invitation,
    Membership,
    MessageThread,
    Notification,
    Opportunity,
    Promotion,
    Role,
    User,
)
from talentmatch.services.errors import NotFound

# How many accounts of each role the tour offers.
PER_ROLE = {Role.GRADUATE: 4, Role.EMPLOYER: 3, Role.CAREER_SERVICES: 2}


@dataclass(frozen=True)
class TourAccount:
    user: User
    # Activity name ("applications", "conversations", …) to how many the account has.
    activity: dict[str, int] = field(default_factory=dict)


def _per_user(column) -> Select:
    """(user id, count) for rows whose `column` is the user id."""
    return select(column.label("user_id"), func.count().label("n")).group_by(column)


def _graduate_activity() -> dict[str, Select]:
    return {
        "applications": _per_user(Application.user_id),
        "conversations": _per_user(MessageThread.user_id),
        "invitations": _per_user(Invitation.user_id),
        "events": _per_user(EventRegistration.user_id),
        "communities": _per_user(Membership.user_id),
        "notifications": _per_user(Notification.user_id),
    }


def _organisation_activity(counted, organisation_column) -> Select:
    """(employer id, count) of rows about the employer's organisation."""
    return (
        select(User.id.label("user_id"), func.count(counted).label("n"))
        .join_from(User, counted.table, organisation_column == User.organisation_id)
        .group_by(User.id)
    )


def _employer_activity() -> dict[str, Select]:
    received = (
        select(User.id.label("user_id"), func.count(Application.id).label("n"))
        .join(Opportunity, Opportunity.organisation_id == User.organisation_id)
        .join(Application, Application.opportunity_id == Opportunity.id)
        .group_by(User.id)
    )
    return {
        "applications received": received,
        "conversations": _organisation_activity(MessageThread.id, MessageThread.organisation_id),
        "invitations sent": _organisation_activity(Invitation.id, Invitation.organisation_id),
        "notifications": _per_user(Notification.user_id),
    }


def _adviser_activity() -> dict[str, Select]:
    return {
        "promotions": _per_user(Promotion.created_by_id),
        "introductions": _per_user(MessageThread.introduced_by_id),
        "notifications": _per_user(Notification.user_id),
    }


ACTIVITY = {
    Role.GRADUATE: _graduate_activity,
    Role.EMPLOYER: _employer_activity,
    Role.CAREER_SERVICES: _adviser_activity,
}


def _accounts(role: Role, limit: int) -> list[TourAccount]:
    counts = {name: query.subquery() for name, query in ACTIVITY[role]().items()}
    columns = [func.coalesce(sub.c.n, 0).label(name) for name, sub in counts.items()]
    kinds = sum((case((column > 0, 1), else_=0) for column in columns), start=literal(0))
    total = sum(columns, start=literal(0))
    query = select(User, *columns)
    for sub in counts.values():
        query = query.outerjoin(sub, sub.c.user_id == User.id)
    rows = db.session.execute(
        query.where(User.demo.is_(True), User.active.is_(True), User.role == role)
        .order_by(kinds.desc(), total.desc(), User.id)
        .limit(limit)
    ).all()
    return [
        TourAccount(row[0], {name: int(n) for name, n in zip(counts, row[1:], strict=True)})
        for row in rows
    ]


def tour_accounts() -> dict[Role, list[TourAccount]]:
    """The active demo accounts with the most going on, per role, busiest first."""
    return {role: _accounts(role, limit) for role, limit in PER_ROLE.items()}


def demo_account(user_id: int) -> User:
    """The demo account to sign in as; NotFound for any other account, and for roles the tour
    does not offer (the administrator)."""
    user = db.session.get(User, user_id)
    if user is None or not user.demo or not user.active or user.role not in PER_ROLE:
        raise NotFound(_("There is no such demo account."))
    return user
