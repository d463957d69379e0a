"""The demo accounts with a password: one adviser per demo university, a graduate, an employer
and an administrator; their passwords are printed once, kept in an owner-only file and sign in
for real. And seed-demo refuses the production configuration before touching the database."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from talentmatch import ROOT
from talentmatch.auth.views import home_url
from talentmatch.demo.accounts import accounts_file, read_accounts
from talentmatch.demo.catalogue import UNIVERSITIES
from talentmatch.demo.seed import PRODUCTION_REFUSAL
from talentmatch.extensions import db
from talentmatch.models import EscoSkill, Role, University, User

# Settings of the machine running the tests that must not reach the command under test.
CLEARED = ("FLASK_", "TALENTMATCH_", "SECRET_KEY", "DATABASE_URL", "DEMO_", "REDIS_URL", "MAIL_")


def _signs_in(app, client, email: str, password: str) -> bool:
    """A real sign-in through the login form, landing on the account's home page."""
    response = client.post("/auth/login", data={"email": email, "password": password})
    if response.status_code != 302:
        return False
    with app.app_context(), app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        home = home_url(user)
    landed = response.headers["Location"].endswith(home) and client.get(home).status_code == 200
    client.post("/auth/logout")
    return landed


def test_seed_demo_prints_each_password_once_and_keeps_them_in_an_owner_only_file(
    runner, app, client
):
    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        path = accounts_file()
        demo_accounts = read_accounts(path)
        universities = {u.id: u.name for u in db.session.scalars(select(University)).all()}
        advisers = db.session.scalars(select(User).where(User.role == Role.CAREER_SERVICES)).all()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# TalentMatch demo accounts, for local use only.")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(lines) == len(demo_accounts) == len(UNIVERSITIES) + 3
    roles = [account.role for account in demo_accounts]
    assert roles.count(Role.CAREER_SERVICES) == len(UNIVERSITIES)
    assert roles.count(Role.GRADUATE) == roles.count(Role.EMPLOYER) == roles.count(Role.ADMIN) == 1
    # One adviser for every university seed-demo made, each one listed in the file.
    assert sorted(universities[a.university_id] for a in advisers) == sorted(
        u.name for u in UNIVERSITIES
    )
    assert {a.email for a in advisers} <= {account.email for account in demo_accounts}
    for account in demo_accounts:
        assert account.full_name in lines[demo_accounts.index(account)]
        assert len(account.password) >= 16
        assert result.output.count(account.password) == 1
        assert _signs_in(app, client, account.email, account.password), account.email
        assert not _signs_in(app, client, account.email, account.password.upper())

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "already there" in again.output
    assert str(path) in again.output
    assert not any(account.password in again.output for account in demo_accounts)
    assert path.read_text(encoding="utf-8") == text


def test_a_later_seed_never_lists_a_password_that_no_longer_works(runner, app, client):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        path = accounts_file()
        first = {account.email: account for account in read_accounts(path)}
        graduate = next(a for a in first.values() if a.role is Role.GRADUATE)
        admin = next(a for a in first.values() if a.role is Role.ADMIN)
        # The graduate changed their password; the administrator lost theirs, as accounts
        # seeded before the demo had passwords did.
        db.session.execute(
            update(User)
            .where(User.email == graduate.email)
            .values(password_hash=generate_password_hash("a new passphrase of mine"))
        )
        db.session.execute(
            update(User).where(User.email == admin.email).values(password_hash="!no-password")
        )
        db.session.commit()

    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        now = {account.email: account for account in read_accounts(path)}
    assert graduate.email not in now
    assert graduate.password not in result.output
    new_admin = now[admin.email]
    assert new_admin.password != admin.password and new_admin.password in result.output
    assert _signs_in(app, client, admin.email, new_admin.password)
    assert set(now) == set(first) - {graduate.email}
    for email in set(now) - {admin.email}:
        assert now[email] == first[email]
        assert first[email].password not in result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_seed_demo_refuses_the_production_configuration_and_changes_nothing(app, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    env.update(
        TALENTMATCH_CONFIG="production",
        SECRET_KEY="a-production-secret-key-for-this-test",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        DEMO_ACCOUNTS_FILE=str(tmp_path / "demo-accounts.txt"),
    )

    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "does not run under the production configuration" in result.stderr
    assert " ".join(PRODUCTION_REFUSAL.split()) in " ".join(result.stderr.split())
    assert "ESCO skills" not in result.stdout
    assert not (tmp_path / "demo-accounts.txt").exists()
    with app.app_context():
        for table in (EscoSkill, University, User):
            assert db.session.scalar(select(func.count()).select_from(table)) == 0
