"""The Finnish business ID rule and registering or editing an employer's organisation."""

from __future__ import annotations

import json

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import AuditEvent, Organisation, OrganisationSize
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.organisations import (
    OrganisationInput,
    business_id_problem,
    normalise_business_id,
    save_organisation,
)
from tests.factories import make_employer, make_graduate, make_organisation


@pytest.fixture(autouse=True)
def _english(app_ctx):
    """Services run here without a request, so there is no browser language to choose from."""
    with force_locale("en"):
        yield


@pytest.mark.parametrize("business_id", ["0112038-9", "1572860-0", "2331972-7", "0737546-2"])
def test_real_format_business_ids_are_valid(business_id):
    assert business_id_problem(business_id) is None


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        (" 0112038-9 ", "0112038-9"),
        ("112038-9", "0112038-9"),  # a 6-digit body is left-padded with a zero
        ("01120389", "0112038-9"),
        ("FI01120389", "0112038-9"),
        ("0112038\u20139", "0112038-9"),  # an en dash pasted from a document
    ],
)
def test_business_id_is_normalised_to_its_canonical_form(typed, normalised):
    assert normalise_business_id(typed) == normalised
    assert business_id_problem(typed) is None


@pytest.mark.parametrize("business_id", ["0112038-8", "1572860-1", "2331972-0"])
def test_business_id_with_wrong_check_digit_is_refused(business_id):
    assert "check digit" in business_id_problem(business_id)


@pytest.mark.parametrize("business_id", ["1000008-0", "1000008-1", "1000016-9"])
def test_business_id_whose_remainder_is_one_is_never_valid(business_id):
    # 7*1 + 2*8 = 23 = 2*11 + 1: no check digit can make such a body valid.
    assert "check digit" in business_id_problem(business_id)


@pytest.mark.parametrize(
    "business_id", ["", "   ", "12345-6", "12345678-9", "0112038-", "ABCDEFG-H", "0112038/9"]
)
def test_business_id_in_the_wrong_format_is_refused(business_id):
    assert business_id_problem(business_id) is not None


def _input(**overrides) -> OrganisationInput:
    values = {
        "name": "Nordic Data Oy",
        "business_id": "1572860-0",
        "industry": "Software",
        "size": OrganisationSize.SMALL,
        "website": "https://nordicdata.example.fi",
        "description": "We build data platforms for Finnish cities.",
    }
    values.update(overrides)
    return OrganisationInput(**values)


def _organisation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def test_employer_without_organisation_registers_one_and_joins_it(app_ctx):
    employer = make_employer()
    organisation = save_organisation(employer, _input())
    db.session.expire_all()
    assert employer.organisation_id == organisation.id
    assert organisation.name == "Nordic Data Oy"
    assert organisation.business_id == "1572860-0"
    assert organisation.size is OrganisationSize.SMALL
    assert organisation.verified is False


def test_employer_edits_its_organisation_without_creating_another(app_ctx):
    organisation = make_organisation(business_id="0112038-9")
    employer = make_employer(organisation)
    save_organisation(employer, _input(name="Renamed Oy", business_id="0112038-9"))
    db.session.expire_all()
    assert _organisation_count() == 1
    assert db.session.get(Organisation, organisation.id).name == "Renamed Oy"


def test_changing_the_business_id_sends_the_organisation_back_for_verification(app_ctx):
    organisation = make_organisation(business_id="0112038-9")
    employer = make_employer(organisation)
    save_organisation(employer, _input(business_id="1572860-0"))
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).verified is False


def test_renaming_a_verified_organisation_sends_it_back_for_verification(app_ctx):
    organisation = make_organisation(name="Nordic Data Oy", business_id="0112038-9")
    employer = make_employer(organisation)
    save_organisation(employer, _input(name="Supercell Oy", business_id="0112038-9"))
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).verified is False
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.event == "organisation_unverified")
    )
    assert json.loads(event.details) == {
        "organisation_id": organisation.id,
        "organisation_name": "Nordic Data Oy",
        "new_name": "Supercell Oy",
        "reason": "name_changed",
    }


def test_spacing_or_case_of_the_name_and_other_details_keep_verification(app_ctx):
    organisation = make_organisation(name="Nordic Data Oy", business_id="0112038-9")
    employer = make_employer(organisation)
    save_organisation(
        employer,
        _input(name="  nordic  data OY ", business_id="0112038-9", industry="Software"),
    )
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).verified is True
    assert db.session.scalar(select(AuditEvent)) is None


def test_business_id_registered_by_another_organisation_is_refused(app_ctx):
    make_organisation(name="First Oy", business_id="1572860-0")
    employer = make_employer()
    with pytest.raises(InvalidInput) as raised:
        save_organisation(employer, _input(business_id="1572860-0"))
    assert "employers@talentmatch.local" in raised.value.errors["business_id"]
    db.session.expire_all()
    assert _organisation_count() == 1
    assert employer.organisation_id is None


def test_bare_domain_website_becomes_an_https_address(app_ctx):
    employer = make_employer()
    organisation = save_organisation(employer, _input(website="www.nordicdata.fi"))
    assert organisation.website == "https://www.nordicdata.fi"


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "ftp://files.example.fi", "https://", "http://a b.fi"]
)
def test_website_must_be_an_http_address(app_ctx, website):
    employer = make_employer()
    with pytest.raises(InvalidInput) as raised:
        save_organisation(employer, _input(website=website))
    assert "website" in raised.value.errors
    assert _organisation_count() == 0


def test_overlong_fields_are_refused_each_with_its_own_message(app_ctx):
    employer = make_employer()
    with pytest.raises(InvalidInput) as raised:
        save_organisation(
            employer,
            _input(
                name="N" * 100_000,
                industry="I" * 100_000,
                website="https://example.fi/" + "p" * 100_000,
                description="D" * 100_000,
            ),
        )
    assert set(raised.value.errors) == {"name", "industry", "website", "description"}
    assert _organisation_count() == 0


def test_missing_name_and_invalid_business_id_are_reported_together(app_ctx):
    employer = make_employer()
    with pytest.raises(InvalidInput) as raised:
        save_organisation(employer, _input(name="  ", business_id="0112038-8"))
    assert set(raised.value.errors) == {"name", "business_id"}


def test_only_employers_can_register_an_organisation(app_ctx):
    graduate = make_graduate()
    with pytest.raises(NotAllowed):
        save_organisation(graduate, _input())
    assert _organisation_count() == 0
