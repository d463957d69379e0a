"""The demo accounts people sign in to with a password: a career-services adviser for every demo
university, a graduate, an employer and an administrator.

Their passwords are made when the accounts are seeded, shown once and kept in a file readable
by its owner only (instance/demo-accounts.txt), for local use. Every other demo account has no
password: the demo tour (development only) is the way into those.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from talentmatch.demo.classes import class_years
from talentmatch.demo.generate import DemoPlan
from talentmatch.demo.staff import ADMIN, ADVISERS
from talentmatch.extensions import db
from talentmatch.models import Role, User, Visibility

FILE_NAME = "demo-accounts.txt"
# Werkzeug refuses any hash without a method prefix, so a hash starting with this matches no
# password: the demo accounts without one.
UNUSABLE_PREFIX = "!"
# Four groups of four from 31 letters and digits (no 0/o, 1/l/i to misread): about 79 bits,
# and easy to type from the file or the terminal.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_LENGTH = 4, 4
# scrypt with an eighth of the default work: stretching protects passwords people choose, and
# 79 random bits need none, while the default would add over a second to every seeding.
HASH_METHOD = "scrypt:4096:8:1"
ROLE_WORDS = {
    Role.CAREER_SERVICES: "career services",
    Role.GRADUATE: "graduate",
    Role.EMPLOYER: "employer",
    Role.ADMIN: "administrator",
}
HEADER = (
    "# TalentMatch demo accounts, for local use only. `flask seed-demo` made them and their",
    "# passwords for the invented demo data; sign in at /auth/login. Never load the demo data",
    "# on a server others can reach, and never reuse these passwords.",
)


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    full_name: str
    email: str
    password: str


def unusable_password_hash() -> str:
    return UNUSABLE_PREFIX + secrets.token_hex()


def new_password() -> str:
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def password_emails(plan: DemoPlan, today: date) -> list[str]:
    """The accounts that get a password, in the order the file lists them."""
    years = class_years(today)
    # A graduate with a past to show: graduated a while ago, shares the profile with employers
    # and career services, early in the plan (so among those who applied to jobs).
    graduate = next(
        (
            g
            for g in plan.graduates
            if g.university == ADVISERS[0].university
            and g.visibility is Visibility.EMPLOYERS
            and years.start <= g.graduation_year < today.year
        ),
        plan.graduates[0],
    )
    return [
        *(adviser.email for adviser in ADVISERS),
        graduate.email,
        plan.employers[0].contact_email,
        ADMIN.email,
    ]


def give_passwords(emails: list[str]) -> list[DemoAccount]:
    """A new password for each of these accounts that has none; any that has one keeps it."""
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    without = [
        users[email]
        for email in emails
        if email in users and users[email].password_hash.startswith(UNUSABLE_PREFIX)
    ]
    accounts = []
    for user in without:
        password = new_password()
        user.password_hash = generate_password_hash(password, method=HASH_METHOD)
        accounts.append(DemoAccount(user.role, user.full_name, user.email, password))
    return accounts


def accounts_file() -> Path:
    configured = current_app.config.get("DEMO_ACCOUNTS_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / FILE_NAME


def read_accounts(path: Path) -> list[DemoAccount]:
    """The accounts listed in the file (none if there is no file); lines not understood are
    left out."""
    if not path.exists():
        return []
    roles = {word: role for role, word in ROLE_WORDS.items()}
    accounts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 4 and cells[0] in roles:
            accounts.append(DemoAccount(roles[cells[0]], cells[1], cells[2], cells[3]))
    return accounts


def _still_signs_in(account: DemoAccount) -> bool:
    user = db.session.scalar(select(User).where(User.email == account.email))
    return user is not None and check_password_hash(user.password_hash, account.password)


def save_accounts(path: Path, fresh: list[DemoAccount], order: list[str]) -> None:
    """Write the file with the fresh accounts and those already in it whose password still
    signs in, in `order` (of emails); only its owner may read it."""
    fresh_emails = {account.email for account in fresh}
    kept = [
        account
        for account in read_accounts(path)
        if account.email not in fresh_emails and _still_signs_in(account)
    ]
    position = {email: n for n, email in enumerate(order)}
    accounts = sorted(kept + fresh, key=lambda a: position.get(a.email, len(order)))
    text = "\n".join((*HEADER, *format_accounts(accounts, heading=True))) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(partial, 0o600)  # also when a leftover file had other permissions
    os.replace(partial, path)


def format_accounts(accounts: list[DemoAccount], *, heading: bool = False) -> list[str]:
    """One aligned line per account (role, name, email, password), after a commented heading."""
    rows = [(ROLE_WORDS[a.role], a.full_name, a.email, a.password) for a in accounts]
    if heading:
        rows.insert(0, ("# role", "name", "email", "password"))
    if not rows:
        return []
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
