"""Demo staff: a career-services adviser for every demo university and an administrator (names
are invented)."""

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


@dataclass(frozen=True)
class AdminPlan:
    full_name: str
    email: str


# In the order of the demo's universities (catalogue.UNIVERSITIES): one adviser each.
ADVISERS = (
    AdviserPlan("University of Helsinki", "Laura Virtanen", "laura.virtanen@example.com"),
    AdviserPlan("Aalto University", "Mikael Lindqvist", "mikael.lindqvist@example.com"),
    AdviserPlan("Hanken School of Economics", "Sofia Bergström", "sofia.bergstrom@example.com"),
    AdviserPlan("Uniarts Helsinki", "Aino Salminen", "aino.salminen@example.com"),
    AdviserPlan(
        "Metropolia University of Applied Sciences", "Jussi Mäkinen", "jussi.makinen@example.com"
    ),
    AdviserPlan(
        "Haaga-Helia University of Applied Sciences",
        "Elina Nieminen",
        "elina.nieminen@example.com",
    ),
    AdviserPlan(
        "Laurea University of Applied Sciences", "Pekka Heikkinen", "pekka.heikkinen@example.com"
    ),
    AdviserPlan(
        "Arcada University of Applied Sciences", "Johanna Sjöberg", "johanna.sjoberg@example.com"
    ),
    AdviserPlan(
        "Diaconia University of Applied Sciences", "Hanna Koskinen", "hanna.koskinen@example.com"
    ),
)
ADMIN = AdminPlan("Kaisa Rantanen", "kaisa.rantanen@example.com")
STAFF_EMAILS = frozenset({adviser.email for adviser in ADVISERS} | {ADMIN.email})
STAFF_NAMES = frozenset({adviser.full_name for adviser in ADVISERS} | {ADMIN.full_name})


def _add_staff(
    existing: dict[str, User],
    email: str,
    full_name: str,
    role: Role,
    password_hash: str,
    university: University | None = None,
) -> bool:
    """Add the staff member unless the address is taken; True when added."""
    user = existing.get(email)
    if user is not None:
        user.demo = True
        return False
    db.session.add(
        User(
            email=email,
            password_hash=password_hash,
            full_name=full_name,
            role=role,
            email_verified=True,
            university=university,
            demo=True,
        )
    )
    return True


def load_advisers(
    universities: dict[str, University],
    existing: dict[str, User],
    password_hash: str,
    added: Counter[str],
) -> None:
    """Add the advisers not there yet; every one is a demo account."""
    for plan in ADVISERS:
        university = universities[plan.university]
        role = Role.CAREER_SERVICES
        if _add_staff(existing, plan.email, plan.full_name, role, password_hash, university):
            added["advisers"] += 1


def load_admin(existing: dict[str, User], password_hash: str, added: Counter[str]) -> None:
    """Add the demo administrator if it is not there yet."""
    if _add_staff(existing, ADMIN.email, ADMIN.full_name, Role.ADMIN, password_hash):
        added["administrators"] += 1
