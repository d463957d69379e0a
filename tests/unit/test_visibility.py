"""Who sees an opportunity: anyone when open and listed, only its owners otherwise."""

from __future__ import annotations

import pytest

from talentmatch.extensions import db
from talentmatch.models import OpportunityKind, OpportunityStatus, Role
from talentmatch.services import visibility
from talentmatch.services.errors import NotFound
from tests.factories import (
    make_employer,
    make_graduate,
    make_opportunity,
    make_organisation,
    make_university,
    make_user,
)
from tests.unit.opportunity_helpers import job, make_staff


@pytest.fixture
def app_ctx(app):
    """A request context too: the services' messages are translated for the current locale."""
    with app.test_request_context():
        yield
        db.session.remove()


def test_open_opportunity_is_visible_to_anyone(app_ctx):
    opportunity = job()
    assert visibility.get_visible(opportunity.id, None) == opportunity


def test_draft_is_hidden_from_public_and_other_owners(app_ctx):
    organisation = make_organisation()
    draft = job(organisation=organisation, status=OpportunityStatus.DRAFT)
    other_employer = make_employer(make_organisation(business_id="1572860-0"))
    for viewer in (None, make_graduate(), other_employer, make_staff(make_university())):
        with pytest.raises(NotFound):
            visibility.get_visible(draft.id, viewer)


def test_draft_is_visible_to_its_owners(app_ctx):
    organisation = make_organisation()
    university = make_university()
    draft = job(organisation=organisation, status=OpportunityStatus.DRAFT)
    event = make_opportunity(
        OpportunityKind.EVENT, university=university, status=OpportunityStatus.CLOSED
    )
    admin = make_user(Role.ADMIN)
    assert visibility.get_visible(draft.id, make_employer(organisation)) == draft
    assert visibility.get_visible(draft.id, admin) == draft
    assert visibility.get_visible(event.id, make_staff(university)) == event


def test_missing_opportunity_is_not_found(app_ctx):
    with pytest.raises(NotFound):
        visibility.get_visible(999, None)
