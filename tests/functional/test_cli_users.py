"""`flask users create-admin`: the first administrator, and only the first, from the shell."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from talentmatch.extensions import db
from talentmatch.models import Role, User
from tests.factories import make_graduate, make_university

PASSWORD = "northern lights over Vantaa"


def _create_admin(runner, email="ada@example.com", password=PASSWORD, name="Ada Admin"):
    return runner.invoke(
        args=["users", "create-admin", "--email", email, "--name", name, "--password", password]
    )


def _users(app) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(select(User).order_by(User.id)))


def test_creates_the_first_administrator(app, runner):
    result = _create_admin(runner, email="Ada@Example.com")
    assert result.exit_code == 0, result.output
    assert "Created administrator ada@example.com." in result.output
    [user] = _users(app)
    assert (user.email, user.full_name, user.role) == ("ada@example.com", "Ada Admin", Role.ADMIN)
    assert user.active and user.email_verified
    assert check_password_hash(user.password_hash, PASSWORD)


def test_the_first_administrator_can_log_in(app, runner, auth):
    _create_admin(runner)
    response = auth.login("ada@example.com", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_refuses_a_second_administrator_with_a_clear_message(app, runner):
    assert _create_admin(runner).exit_code == 0
    result = _create_admin(runner, email="bob@example.com", name="Bob Admin")
    assert result.exit_code != 0
    assert "An administrator already exists." in result.output
    assert "Further administrators are created by an administrator" in result.output
    assert [user.email for user in _users(app)] == ["ada@example.com"]


def test_refuses_a_short_password(app, runner):
    result = _create_admin(runner, password="kissa7")
    assert result.exit_code != 0
    assert "password: Use at least 8 characters." in result.output
    assert _users(app) == []


def test_refuses_a_common_password(app, runner):
    result = _create_admin(runner, password="salasana123")
    assert result.exit_code != 0
    assert "This password is too common." in result.output
    assert _users(app) == []


def test_refuses_an_email_already_registered_in_another_case(app, runner):
    with app.app_context():
        make_graduate(email="ada@example.com")
    result = _create_admin(runner, email="ADA@Example.COM")
    assert result.exit_code != 0
    assert "email: An account with this email address already exists." in result.output
    with app.app_context():
        admins = db.session.scalar(select(func.count()).where(User.role == Role.ADMIN))
    assert admins == 0


def test_refuses_a_malformed_email(app, runner):
    result = _create_admin(runner, email="ada.example.com")
    assert result.exit_code != 0
    assert "email: Enter a valid email address" in result.output
    assert _users(app) == []


# `flask users create-career-services`


def _create_staff(runner, university="UH", email="aino@helsinki.example", password=PASSWORD):
    return runner.invoke(
        args=[
            "users",
            "create-career-services",
            "--email",
            email,
            "--full-name",
            "Aino Virtanen",
            "--university",
            university,
            "--password",
            password,
        ]
    )


def test_creates_an_active_career_services_account_by_short_name(app, runner, auth):
    with app.app_context():
        make_university(name="University of Helsinki", short_name="UH")
    result = _create_staff(runner, university="uh", email="Aino@Helsinki.example")
    assert result.exit_code == 0, result.output
    assert "Created career-services account aino@helsinki.example for University of Helsinki." in (
        result.output
    )
    [user] = _users(app)
    assert user.role is Role.CAREER_SERVICES and user.university_id is not None
    assert user.active and user.email_verified
    assert auth.login("aino@helsinki.example", PASSWORD).headers["Location"] == "/career-services/"


def test_creates_a_career_services_account_by_university_id(app, runner):
    with app.app_context():
        university_id = make_university(short_name="Aalto").id
    assert _create_staff(runner, university=str(university_id)).exit_code == 0
    [user] = _users(app)
    assert user.university_id == university_id


def test_prompts_for_the_password_twice(app, runner):
    with app.app_context():
        make_university(short_name="UH")
    result = runner.invoke(
        args=[
            "users",
            "create-career-services",
            "--email",
            "aino@helsinki.example",
            "--full-name",
            "Aino Virtanen",
            "--university",
            "UH",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert check_password_hash(_users(app)[0].password_hash, PASSWORD)


@pytest.mark.parametrize("university", ["Hanken", "999", "99999999999999999999", "", "²"])
def test_an_unknown_university_is_refused_with_the_known_ones(app, runner, university):
    with app.app_context():
        make_university(short_name="UH")
    result = _create_staff(runner, university=university)
    assert result.exit_code == 1
    assert f"No university {university!r}." in result.output
    assert "known: UH." in result.output
    assert _users(app) == []


def test_a_duplicate_email_is_refused(app, runner):
    with app.app_context():
        make_university(short_name="UH")
        make_graduate(email="aino@helsinki.example")
    result = _create_staff(runner, email="AINO@helsinki.example")
    assert result.exit_code == 1
    assert "email: An account with this email address already exists." in result.output
    assert [user.role for user in _users(app)] == [Role.GRADUATE]


def test_a_weak_password_or_bad_address_is_refused(app, runner):
    with app.app_context():
        make_university(short_name="UH")
    result = _create_staff(runner, password="kissa7")
    assert result.exit_code == 1 and "password: Use at least 8 characters." in result.output
    result = _create_staff(runner, email="aino.example")
    assert result.exit_code == 1 and "email: Enter a valid email address" in result.output
    assert _users(app) == []
