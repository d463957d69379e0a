"""The career-services dashboard's numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from talentmatch.extensions import db
from talentmatch.models import OpportunityKind, Visibility
from talentmatch.services import career_dashboard
from tests.factories import make_graduate, make_opportunity, make_university
from tests.unit.opportunity_helpers import TODAY, make_ours_and_theirs, make_staff


@pytest.fixture
def app_ctx(app):
    """A request context too: the services' messages are translated for the current locale."""
    with app.test_request_context():
        yield
        db.session.remove()


def test_overview_counts_own_university_only(app_ctx):
    university = make_university()
    staff = make_staff(university)
    make_ours_and_theirs(university)
    make_graduate(university_id=university.id, visibility=Visibility.CAREER_SERVICES)
    make_graduate(university_id=university.id, visibility=Visibility.EMPLOYERS)
    make_graduate(university_id=university.id, visibility=Visibility.PRIVATE)

    overview = career_dashboard.career_services_overview(staff, TODAY)
    assert overview.open_by_kind[OpportunityKind.EVENT] == 1
    assert overview.open_by_kind[OpportunityKind.PROGRAMME] == 0
    assert overview.drafts == 1
    assert overview.sharing_graduates == 2


def test_overview_counts_as_open_only_what_the_catalogue_lists(app_ctx):
    university = make_university()
    make_opportunity(OpportunityKind.PROGRAMME, university=university)
    make_opportunity(
        OpportunityKind.PROGRAMME, university=university, deadline=TODAY - timedelta(days=1)
    )
    overview = career_dashboard.career_services_overview(make_staff(university), TODAY)
    assert overview.open_by_kind[OpportunityKind.PROGRAMME] == 1
