"""Administration pages: staff accounts, universities, organisation verification, access."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import Organisation, Role, University, User
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_opportunity,
    make_organisation,
    make_university,
    make_user,
)

STRONG_PASSWORD = "ferry to Suomenlinna"

ADMIN_PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/users/new",
    "/admin/universities",
    "/admin/universities/new",
    "/admin/universities/1/edit",
    "/admin/organisations",
    "/admin/users/invite",
    "/admin/opportunities",
    "/admin/opportunities/1/unpublish",
    "/admin/model",
]
ADMIN_ACTIONS = [
    "/admin/users/1/deactivate",
    "/admin/users/1/reactivate",
    "/admin/users/new",
    "/admin/universities/new",
    "/admin/universities/1/edit",
    "/admin/organisations/1/verify",
    "/admin/organisations/1/unverify",
    "/admin/users/1/resend-invitation",
    "/admin/users/invite",
    "/admin/opportunities/1/unpublish",
    "/admin/opportunities/1/republish",
    "/admin/model/refit",
]


@pytest.fixture
def admin(app, auth):
    """An administrator, logged in; returns the email."""
    with app.app_context():
        email = make_user(Role.ADMIN, full_name="Ada Admin").email
    auth.login(email)
    return email


def _staff_form(**fields) -> dict[str, str]:
    data = {
        "role": "career_services",
        "full_name": "Aino Virtanen",
        "email": "aino.virtanen@helsinki.example",
        "university_id": "0",
        "password": STRONG_PASSWORD,
        "confirm": STRONG_PASSWORD,
    }
    data.update(fields)
    return data


def _university_form(**fields) -> dict[str, str]:
    data = {
        "name": "Aalto University",
        "short_name": "Aalto",
        "municipality": "Espoo",
        "website": "https://www.aalto.fi",
    }
    data.update(fields)
    return data


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_every_admin_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("path", ADMIN_ACTIONS)
def test_anonymous_visitor_cannot_post_admin_actions(client, path):
    response = client.post(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", [Role.GRADUATE, Role.CAREER_SERVICES, Role.EMPLOYER])
def test_other_roles_get_403_on_admin_pages(app, client, auth, role):
    with app.app_context():
        university = make_university()
        if role is Role.GRADUATE:
            email = make_graduate().email
        elif role is Role.EMPLOYER:
            email = make_employer(make_organisation()).email
        else:
            email = make_user(role, university=university).email
    auth.login(email)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
    for path in ADMIN_ACTIONS:
        assert client.post(path).status_code == 403, path


def test_other_roles_cannot_verify_organisations_by_posting(app, client, auth):
    with app.app_context():
        organisation_id = make_organisation(verified=False).id
        email = make_user(Role.CAREER_SERVICES, university=make_university()).email
    auth.login(email)
    response = client.post(f"/admin/organisations/{organisation_id}/verify")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).verified is False


# --- dashboard ------------------------------------------------------------------------------


def test_admin_lands_on_the_dashboard_after_login(app, client, auth):
    with app.app_context():
        email = make_user(Role.ADMIN).email
    response = auth.login(email)
    assert response.headers["Location"] == "/admin/"


def test_dashboard_shows_counts_and_links(app, client, admin):
    with app.app_context():
        make_graduate()
        make_graduate()
        organisation = make_organisation("Awaiting Oy", verified=False)
        make_opportunity(organisation=organisation)
    response = client.get("/admin/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Administration" in page
    assert 'href="/admin/organisations?show=awaiting"' in page
    assert "organisations awaiting verification" in page
    assert 'href="/admin/users?role=graduate"><strong>2</strong>' in page
    assert 'href="/admin/users/new"' in page
    assert 'href="/admin/universities"' in page
    assert '<th scope="row">Job</th>' in page


# --- staff accounts -------------------------------------------------------------------------


def test_admin_creates_career_services_account_that_can_log_in(app, client, auth, admin):
    with app.app_context():
        university_id = make_university("University of Helsinki").id
    response = client.get("/admin/users/new")
    assert response.status_code == 200
    assert "University of Helsinki" in response.get_data(as_text=True)

    response = client.post(
        "/admin/users/new",
        data=_staff_form(email="Aino.Virtanen@Helsinki.example", university_id=str(university_id)),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Account created for aino.virtanen@helsinki.example" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "aino.virtanen@helsinki.example"))
        assert user.role is Role.CAREER_SERVICES
        assert user.university_id == university_id

    auth.logout()
    response = auth.login("aino.virtanen@helsinki.example", STRONG_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/career-services/")
    assert client.get(response.headers["Location"]).status_code == 200


def test_admin_creates_another_administrator(app, client, admin):
    response = client.post(
        "/admin/users/new",
        data=_staff_form(role="admin", email="second.admin@example.com"),
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "second.admin@example.com"))
        assert user.role is Role.ADMIN
        assert user.university_id is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Career-services staff belong to a university."),
        ({"university_id": "999"}, "Not a valid choice."),
        ({"password": "short", "confirm": "short"}, "Use at least 8 characters."),
        (
            {"password": "password123", "confirm": "password123"},
            "This password is too common. Choose one that is harder to guess.",
        ),
        ({"confirm": "something else entirely"}, "The passwords do not match."),
        ({"email": "not an email"}, "Enter a valid email address"),
        ({"full_name": "A" * 100_000}, "Field cannot be longer than 120 characters."),
        ({"role": "graduate"}, "Not a valid choice."),
        ({"password": ""}, "Set an initial password."),
    ],
)
def test_bad_staff_account_input_is_shown_with_400(app, client, admin, fields, message):
    with app.app_context():
        university_id = make_university().id
    data = _staff_form(**fields)
    if fields and "university_id" not in fields:
        data["university_id"] = str(university_id)
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(app, User) == 1


def test_staff_account_with_email_taken_in_another_case_is_refused(app, client, admin):
    with app.app_context():
        make_graduate(email="aino.virtanen@helsinki.example")
        university_id = make_university().id
    response = client.post(
        "/admin/users/new",
        data=_staff_form(email="AINO.Virtanen@helsinki.EXAMPLE", university_id=str(university_id)),
    )
    assert response.status_code == 400
    assert "An account with this email address already exists." in response.get_data(as_text=True)
    assert _count(app, User) == 2


# --- user list, deactivation ----------------------------------------------------------------


def test_user_list_filters_by_role(app, client, admin):
    with app.app_context():
        make_graduate(email="grace@example.com")
        make_employer(make_organisation(), email="erik@example.com")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "grace@example.com" in page and "erik@example.com" in page
    response = client.get("/admin/users?role=employer")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "erik@example.com" in page and "grace@example.com" not in page


def test_user_list_with_unknown_role_is_a_400_with_a_message(client, admin):
    response = client.get("/admin/users?role=superuser")
    assert response.status_code == 400
    assert "Not a valid choice." in response.get_data(as_text=True)


def test_user_list_is_paginated(app, client, admin):
    with app.app_context():
        for number in range(30):
            make_graduate(email=f"graduate{number:02d}@example.com")
    first = client.get("/admin/users?role=graduate").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert 'href="/admin/users?role=graduate&amp;page=2"' in first
    second = client.get("/admin/users?role=graduate&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    assert "graduate00@example.com" in second
    assert "graduate00@example.com" not in first


def test_deactivated_user_cannot_log_in_until_reactivated(app, client, auth, admin):
    with app.app_context():
        user_id = make_graduate(email="grace@example.com").id
    response = client.post(
        f"/admin/users/{user_id}/deactivate?role=graduate", follow_redirects=False
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users?role=graduate"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "grace@example.com has been deactivated." in page
    assert "Reactivate" in page
    with app.app_context():
        assert db.session.get(User, user_id).active is False

    auth.logout()
    response = auth.login("grace@example.com")
    assert response.status_code == 400
    assert "This account has been deactivated." in response.get_data(as_text=True)

    auth.login(admin)
    response = client.post(f"/admin/users/{user_id}/reactivate", follow_redirects=True)
    assert "grace@example.com can log in again." in response.get_data(as_text=True)
    auth.logout()
    assert auth.login("grace@example.com").status_code == 302


def test_admin_cannot_deactivate_own_account(app, client, admin):
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.email == admin))
    response = client.post(f"/admin/users/{admin_id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_id).active is True


def test_a_deleted_account_cannot_be_reactivated(app, client, admin):
    with app.app_context():
        user_id = make_graduate(email="gone@example.com").id
    client.post(f"/admin/users/{user_id}/deactivate")
    erased = client.post(
        f"/privacy/accounts/{user_id}/erase", data={"confirm": "y"}, follow_redirects=True
    )
    assert erased.status_code == 200
    users_page = client.get("/admin/users").get_data(as_text=True)
    assert f"erased-{user_id}@erased.invalid" in users_page
    assert f"/admin/users/{user_id}/reactivate" not in users_page

    page = client.post(f"/admin/users/{user_id}/reactivate", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "This account has been deleted; it cannot be reactivated." in text
    assert "can log in again" not in text
    with app.app_context():
        assert db.session.get(User, user_id).active is False


def test_deactivating_an_unknown_user_is_404(client, admin):
    assert client.post("/admin/users/9999/deactivate").status_code == 404


# --- universities ---------------------------------------------------------------------------


def test_admin_adds_a_university(app, client, admin):
    assert client.get("/admin/universities/new").status_code == 200
    response = client.post(
        "/admin/universities/new", data=_university_form(), follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Aalto University has been added." in page
    assert "https://www.aalto.fi" in page
    with app.app_context():
        university = db.session.scalar(select(University))
        assert (university.name, university.municipality) == ("Aalto University", "Espoo")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "AALTO university"}, "A university with this name already exists."),
        ({"name": ""}, "Enter the university's name."),
        ({"name": "U" * 100_000}, "Field cannot be longer than 200 characters."),
        ({"municipality": "Stockholm"}, "Choose a municipality from the list."),
        ({"website": "ftp://aalto.fi"}, "Enter a web address starting with https:// or http://."),
    ],
)
def test_bad_university_input_is_shown_with_400(app, client, admin, fields, message):
    with app.app_context():
        make_university("Aalto University")
    data = _university_form(**{"name": "Hanken School of Economics", **fields})
    response = client.post("/admin/universities/new", data=data)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert _count(app, University) == 1


def test_admin_edits_a_university(app, client, admin):
    with app.app_context():
        university_id = make_university("Helsinki uni").id
    page = client.get(f"/admin/universities/{university_id}/edit").get_data(as_text=True)
    assert 'value="Helsinki uni"' in page
    response = client.post(
        f"/admin/universities/{university_id}/edit",
        data=_university_form(
            name="University of Helsinki", short_name="UH", municipality="Helsinki"
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(University, university_id).name == "University of Helsinki"


def test_renaming_a_university_to_a_taken_name_is_refused(app, client, admin):
    with app.app_context():
        make_university("Aalto University")
        hanken_id = make_university("Hanken School of Economics").id
    response = client.post(
        f"/admin/universities/{hanken_id}/edit", data=_university_form(name="aalto UNIVERSITY")
    )
    assert response.status_code == 400
    assert "A university with this name already exists." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(University, hanken_id).name == "Hanken School of Economics"


def test_editing_an_unknown_university_is_404(client, admin):
    assert client.get("/admin/universities/9999/edit").status_code == 404


# --- organisations --------------------------------------------------------------------------


def test_organisations_awaiting_verification_are_listed_first(app, client, admin):
    with app.app_context():
        make_organisation("Verified Oy", business_id="0112038-9")
        make_organisation("Awaiting Oy", business_id=None, verified=False)
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert page.index("Awaiting Oy") < page.index("Verified Oy")
    awaiting_only = client.get("/admin/organisations?show=awaiting").get_data(as_text=True)
    assert "Awaiting Oy" in awaiting_only and "Verified Oy" not in awaiting_only


def test_admin_verifies_and_unverifies_an_organisation(app, client, admin):
    with app.app_context():
        organisation_id = make_organisation("Wolt Enterprises Oy", verified=False).id
    response = client.post(
        f"/admin/organisations/{organisation_id}/verify?show=awaiting", follow_redirects=True
    )
    assert response.status_code == 200
    assert "Wolt Enterprises Oy is now verified." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).verified is True

    response = client.post(
        f"/admin/organisations/{organisation_id}/unverify", follow_redirects=True
    )
    assert "Wolt Enterprises Oy is no longer verified." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).verified is False


def test_verifying_an_unknown_organisation_is_404(client, admin):
    assert client.post("/admin/organisations/9999/verify").status_code == 404


def test_deactivation_ends_a_session_that_is_already_open(app, client, admin):
    with app.app_context():
        user_id = make_graduate(email="grace@example.com").id
    graduate = app.test_client()
    graduate.post("/auth/login", data={"email": "grace@example.com", "password": DEFAULT_PASSWORD})
    assert graduate.get("/admin/").status_code == 403  # signed in, just not an admin

    client.post(f"/admin/users/{user_id}/deactivate")

    response = graduate.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
