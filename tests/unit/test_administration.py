"""Administration services: staff accounts, universities, organisation verification, overview."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    Role,
    University,
    User,
)
from talentmatch.services import accounts, moderation
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.universities import (
    UniversityInput,
    create_university,
    list_universities,
    update_university,
)
from tests.factories import (
    make_employer,
    make_graduate,
    make_opportunity,
    make_organisation,
    make_university,
    make_user,
)

pytestmark = pytest.mark.usefixtures("app_ctx")


STRONG_PASSWORD = "tram to Kallio at dawn"


def _user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _staff(role: Role = Role.CAREER_SERVICES, **fields) -> accounts.NewAccount:
    values = {
        "email": "aino.career@helsinki.example",
        "password": STRONG_PASSWORD,
        "full_name": "Aino Virtanen",
        "role": role,
    }
    values.update(fields)
    return accounts.NewAccount(**values)


def _university_input(**fields) -> UniversityInput:
    values = {
        "name": "Aalto University",
        "short_name": "Aalto",
        "municipality": "Espoo",
        "website": "https://www.aalto.fi",
    }
    values.update(fields)
    return UniversityInput(**values)


# --- staff accounts -------------------------------------------------------------------------


def test_admin_creates_career_services_account_for_a_university():
    admin = make_user(Role.ADMIN)
    university = make_university("University of Helsinki")
    user = accounts.create_staff_account(
        _staff(email="Aino.Career@Helsinki.example", university_id=university.id), actor=admin
    )
    saved = db.session.get(User, user.id)
    assert saved.role is Role.CAREER_SERVICES
    assert saved.university_id == university.id
    assert saved.email == "aino.career@helsinki.example"
    assert saved.email_verified is True


def test_admin_creates_another_administrator_without_a_university():
    admin = make_user(Role.ADMIN)
    university = make_university()
    user = accounts.create_staff_account(
        _staff(Role.ADMIN, email="second.admin@example.com", university_id=university.id),
        actor=admin,
    )
    assert db.session.get(User, user.id).role is Role.ADMIN
    assert db.session.get(User, user.id).university_id is None


@pytest.mark.parametrize("role", [Role.CAREER_SERVICES, Role.EMPLOYER, Role.GRADUATE])
def test_non_admin_cannot_create_staff_accounts(role):
    university = make_university()
    actor = make_user(role, university=university if role is Role.CAREER_SERVICES else None)
    before = _user_count()
    with pytest.raises(NotAllowed):
        accounts.create_staff_account(_staff(university_id=university.id), actor=actor)
    assert _user_count() == before


def test_staff_account_cannot_be_a_graduate_or_employer():
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(_staff(Role.EMPLOYER), actor=admin)
    assert "role" in raised.value.errors
    assert _user_count() == 1


def test_career_services_account_needs_a_university():
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(_staff(university_id=None), actor=admin)
    assert raised.value.errors["university_id"] == "Career-services staff belong to a university."
    assert _user_count() == 1


def test_career_services_account_with_unknown_university_is_refused():
    admin = make_user(Role.ADMIN)
    university = make_university()
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(_staff(university_id=university.id + 99), actor=admin)
    assert raised.value.errors["university_id"] == "Unknown university."
    assert _user_count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "Use at least 8 characters."),
        ("salasana123", "This password is too common. Choose one that is harder to guess."),
        ("Password1", "This password is too common. Choose one that is harder to guess."),
    ],
)
def test_staff_account_with_weak_password_is_refused(password, message):
    admin = make_user(Role.ADMIN)
    university = make_university()
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(
            _staff(password=password, university_id=university.id), actor=admin
        )
    assert raised.value.errors["password"] == message
    assert _user_count() == 1


def test_staff_account_with_email_taken_in_another_case_is_refused():
    admin = make_user(Role.ADMIN)
    university = make_university()
    make_graduate(email="aino.career@helsinki.example")
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(
            _staff(email="AINO.Career@HELSINKI.example", university_id=university.id),
            actor=admin,
        )
    assert raised.value.errors["email"] == "An account with this email address already exists."
    assert _user_count() == 2


@pytest.mark.parametrize("email", ["not-an-email", "two@@example.com", "x" * 250 + "@example.com"])
def test_staff_account_with_malformed_email_is_refused(email):
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(_staff(Role.ADMIN, email=email), actor=admin)
    assert "email" in raised.value.errors
    assert _user_count() == 1


def test_staff_account_with_overlong_name_is_refused():
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        accounts.create_staff_account(_staff(Role.ADMIN, full_name="A" * 121), actor=admin)
    assert raised.value.errors["full_name"] == "Use at most 120 characters."
    assert _user_count() == 1


def test_first_administrator_needs_no_actor_but_the_second_does():
    accounts.create_staff_account(_staff(Role.ADMIN, email="first@example.com"), actor=None)
    with pytest.raises(NotAllowed):
        accounts.create_staff_account(_staff(Role.ADMIN, email="second@example.com"), actor=None)
    assert _user_count() == 1


def test_admin_deactivates_and_reactivates_a_user():
    admin = make_user(Role.ADMIN)
    graduate = make_graduate()
    accounts.set_active(graduate.id, False, actor=admin)
    assert db.session.get(User, graduate.id).active is False
    accounts.set_active(graduate.id, True, actor=admin)
    assert db.session.get(User, graduate.id).active is True


def test_admin_cannot_deactivate_own_account():
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput):
        accounts.set_active(admin.id, False, actor=admin)
    assert db.session.get(User, admin.id).active is True


def test_career_services_cannot_deactivate_accounts():
    actor = make_user(Role.CAREER_SERVICES, university=make_university())
    graduate = make_graduate()
    with pytest.raises(NotAllowed):
        accounts.set_active(graduate.id, False, actor=actor)
    assert db.session.get(User, graduate.id).active is True


# --- universities ---------------------------------------------------------------------------


def test_admin_adds_a_university():
    admin = make_user(Role.ADMIN)
    university = create_university(admin, _university_input(name="  Aalto   University "))
    saved = db.session.get(University, university.id)
    assert (saved.name, saved.short_name, saved.municipality, saved.website) == (
        "Aalto University",
        "Aalto",
        "Espoo",
        "https://www.aalto.fi",
    )
    assert [u.name for u in list_universities()] == ["Aalto University"]


def test_university_website_is_optional():
    admin = make_user(Role.ADMIN)
    university = create_university(admin, _university_input(website=""))
    assert db.session.get(University, university.id).website is None


@pytest.mark.parametrize("role", [Role.CAREER_SERVICES, Role.EMPLOYER, Role.GRADUATE])
def test_non_admin_cannot_add_or_edit_universities(role):
    existing = make_university("Hanken School of Economics")
    actor = make_user(role)
    with pytest.raises(NotAllowed):
        create_university(actor, _university_input())
    with pytest.raises(NotAllowed):
        update_university(actor, existing.id, _university_input())
    assert [u.name for u in list_universities()] == ["Hanken School of Economics"]


@pytest.mark.parametrize("name", ["aalto university", "AALTO UNIVERSITY", " Aalto  University"])
def test_university_name_must_be_unique_in_any_case(name):
    admin = make_user(Role.ADMIN)
    make_university("Aalto University")
    with pytest.raises(InvalidInput) as raised:
        create_university(admin, _university_input(name=name))
    assert raised.value.errors["name"] == "A university with this name already exists."
    assert len(list_universities()) == 1


def test_university_name_uniqueness_covers_nordic_letters():
    admin = make_user(Role.ADMIN)
    make_university("Åbo Akademi University")
    with pytest.raises(InvalidInput):
        create_university(admin, _university_input(name="åbo akademi university"))
    assert len(list_universities()) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter the university's name."),
        ("name", "U" * 201, "Use at most 200 characters."),
        ("short_name", "   ", "Enter a short name, such as UH or Aalto."),
        ("short_name", "S" * 41, "Use at most 40 characters."),
        ("municipality", "Stockholm", "Choose a municipality from the list."),
        ("website", "ftp://aalto.fi", "Enter a web address starting with https:// or http://."),
        (
            "website",
            "javascript:alert(1)",
            "Enter a web address starting with https:// or http://.",
        ),
        ("website", "https://" + "a" * 300 + ".fi", "Keep the web address under 300 characters."),
    ],
)
def test_invalid_university_input_is_refused_with_a_message(field, value, message):
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        create_university(admin, _university_input(**{field: value}))
    assert raised.value.errors[field] == message
    assert list_universities() == []


def test_admin_renames_a_university_and_may_change_only_its_case():
    admin = make_user(Role.ADMIN)
    university = make_university("Helsinki university")
    update_university(
        admin,
        university.id,
        _university_input(name="University of Helsinki", short_name="UH", municipality="Helsinki"),
    )
    assert db.session.get(University, university.id).name == "University of Helsinki"
    update_university(
        admin,
        university.id,
        _university_input(name="UNIVERSITY OF HELSINKI", short_name="UH", municipality="Helsinki"),
    )
    assert db.session.get(University, university.id).name == "UNIVERSITY OF HELSINKI"


def test_renaming_a_university_to_another_ones_name_is_refused_and_nothing_changes():
    admin = make_user(Role.ADMIN)
    make_university("Aalto University")
    hanken = make_university("Hanken School of Economics", short_name="Hanken")
    with pytest.raises(InvalidInput):
        update_university(admin, hanken.id, _university_input(name="aalto university"))
    db.session.expire_all()
    saved = db.session.get(University, hanken.id)
    assert (saved.name, saved.short_name, saved.municipality) == (
        "Hanken School of Economics",
        "Hanken",
        "Helsinki",
    )


def test_editing_an_unknown_university_is_not_found():
    admin = make_user(Role.ADMIN)
    with pytest.raises(NotFound):
        update_university(admin, 12345, _university_input())


# --- organisations --------------------------------------------------------------------------


def test_admin_verifies_and_unverifies_an_organisation():
    admin = make_user(Role.ADMIN)
    organisation = make_organisation("Wolt Enterprises Oy", verified=False)
    moderation.set_organisation_verified(admin, organisation.id, True)
    assert db.session.get(Organisation, organisation.id).verified is True
    moderation.set_organisation_verified(admin, organisation.id, False)
    assert db.session.get(Organisation, organisation.id).verified is False


@pytest.mark.parametrize("role", [Role.CAREER_SERVICES, Role.EMPLOYER, Role.GRADUATE])
def test_non_admin_cannot_verify_organisations(role):
    organisation = make_organisation(verified=False)
    actor = make_employer(organisation) if role is Role.EMPLOYER else make_user(role)
    with pytest.raises(NotAllowed):
        moderation.set_organisation_verified(actor, organisation.id, True)
    assert db.session.get(Organisation, organisation.id).verified is False


def test_verifying_an_unknown_organisation_is_not_found():
    admin = make_user(Role.ADMIN)
    with pytest.raises(NotFound):
        moderation.set_organisation_verified(admin, 999, True)


def test_organisations_awaiting_verification_come_first():
    make_organisation("Verified Oy", business_id="0112038-9")
    first = make_organisation("Awaiting One Oy", business_id=None, verified=False)
    second = make_organisation("Awaiting Two Oy", business_id=None, verified=False)
    assert [o.name for o in moderation.list_organisations()] == [
        first.name,
        second.name,
        "Verified Oy",
    ]
    assert [o.name for o in moderation.list_organisations(verified=False)] == [
        "Awaiting One Oy",
        "Awaiting Two Oy",
    ]
    assert [o.name for o in moderation.list_organisations(verified=True)] == ["Verified Oy"]


# --- users and overview ---------------------------------------------------------------------


def test_user_list_filters_by_role_and_pages():
    for _ in range(moderation.USERS_PER_PAGE + 2):
        make_graduate()
    make_employer()
    page = moderation.list_users(role=Role.GRADUATE, page=2)
    assert page.total == moderation.USERS_PER_PAGE + 2
    assert len(page.items) == 2
    assert all(user.role is Role.GRADUATE for user in page.items)
    assert [u.role for u in moderation.list_users(role=Role.EMPLOYER).items] == [Role.EMPLOYER]
    assert moderation.list_users(page=0).page == 1
    assert moderation.list_users(page=99).items == []


def test_dashboard_counts_users_organisations_and_opportunities():
    make_user(Role.ADMIN)
    make_graduate()
    make_graduate()
    organisation = make_organisation(verified=False)
    make_employer(organisation)
    make_organisation(business_id=None, verified=False)
    make_opportunity(OpportunityKind.JOB, organisation=organisation)
    make_opportunity(OpportunityKind.JOB, organisation=organisation)
    make_opportunity(
        OpportunityKind.JOB, organisation=organisation, status=OpportunityStatus.CLOSED
    )
    make_opportunity(OpportunityKind.EVENT, status=OpportunityStatus.DRAFT)

    counts = moderation.dashboard_counts()

    assert counts.users_by_role == {
        Role.GRADUATE: 2,
        Role.EMPLOYER: 1,
        Role.CAREER_SERVICES: 0,
        Role.ADMIN: 1,
    }
    assert counts.users_total == 4
    assert counts.organisations_awaiting_verification == 2
    assert counts.opportunities[(OpportunityKind.JOB, OpportunityStatus.OPEN)] == 2
    assert counts.opportunities[(OpportunityKind.JOB, OpportunityStatus.CLOSED)] == 1
    assert counts.opportunities[(OpportunityKind.EVENT, OpportunityStatus.DRAFT)] == 1
    assert counts.opportunities[(OpportunityKind.PROGRAMME, OpportunityStatus.OPEN)] == 0
    assert counts.opportunities_of(OpportunityKind.JOB) == 3
