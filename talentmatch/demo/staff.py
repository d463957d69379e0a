"""Demo career-services advisers, one for each of three universities (names are invented)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from talentmatch.extensions import db
from talentmatch.models import Role, University, User


@dataclass(frozen=True)
class AdviserPlan:
    university: str
    full_name: str
    email: str


ADVISERS = (
    AdviserPlan("University of Helsinki", "Laura Virtanen", "laura.virtanen@example.com"),
    AdviserPlan("Aalto University", "Mikael Lindqvist", "mikael.lindqvist@example.com"),
    AdviserPlan("Hanken School of Economics", "Sofia Bergström", "sofia.bergstrom@example.com"),
)


def load_advisers(
    universities: dict[str, University],
    existing: dict[str, User],
    password_hash: str,
    added: Counter[str],
) -> None:
    """Add the advisers not there yet; every one is a demo account."""
    for plan in ADVISERS:
        user = existing.get(plan.email)
        if user is not None:
            user.demo = True
            continue
        db.session.add(
            User(
                email=plan.email,
                password_hash=password_hash,
                full_name=plan.full_name,
                role=Role.CAREER_SERVICES,
                email_verified=True,
                university=universities[plan.university],
                demo=True,
            )
        )
        added["advisers"] += 1
