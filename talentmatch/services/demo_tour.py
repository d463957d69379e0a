"""The demo tour: the demo accounts most worth seeing, and signing in as one of them.

Only accounts made by `flask seed-demo` take part, and only where DEMO_SIGN_IN is on (the
view checks it): they have no password, so the tour is the one way in to see a living product
from each side.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import Application, Notification, Opportunity, Role, User
from talentmatch.services.errors import NotFound

# How many accounts of each role the tour offers.
PER_ROLE = {Role.GRADUATE: 4, Role.EMPLOYER: 3, Role.CAREER_SERVICES: 2}


@dataclass(frozen=True)
class TourAccount:
    user: User
    notifications: int
    applications: int


def _notification_counts():
    return (
        select(Notification.user_id, func.count(Notification.id).label("n"))
        .group_by(Notification.user_id)
        .subquery()
    )


def _application_counts(role: Role):
    """Applications made (graduates) or received by the account's organisation (employers)."""
    if role is Role.EMPLOYER:
        return (
            select(User.id.label("user_id"), func.count(Application.id).label("n"))
            .join(Opportunity, Opportunity.organisation_id == User.organisation_id)
            .join(Application, Application.opportunity_id == Opportunity.id)
            .group_by(User.id)
            .subquery()
        )
    return (
        select(Application.user_id, func.count(Application.id).label("n"))
        .group_by(Application.user_id)
        .subquery()
    )


def tour_accounts() -> dict[Role, list[TourAccount]]:
    """The active demo accounts with the most going on, per role, busiest first."""
    tour: dict[Role, list[TourAccount]] = {}
    notified = _notification_counts()
    for role, limit in PER_ROLE.items():
        applied = _application_counts(role)
        notifications = func.coalesce(notified.c.n, 0)
        applications = func.coalesce(applied.c.n, 0)
        rows = db.session.execute(
            select(User, notifications, applications)
            .outerjoin(notified, notified.c.user_id == User.id)
            .outerjoin(applied, applied.c.user_id == User.id)
            .where(User.demo.is_(True), User.active.is_(True), User.role == role)
            .order_by((notifications + applications).desc(), User.id)
            .limit(limit)
        ).all()
        tour[role] = [TourAccount(user, int(n), int(a)) for user, n, a in rows]
    return tour


def demo_account(user_id: int) -> User:
    """The demo account to sign in as; NotFound for any other account."""
    user = db.session.get(User, user_id)
    if user is None or not user.demo or not user.active:
        raise NotFound(_("There is no such demo account."))
    return user
