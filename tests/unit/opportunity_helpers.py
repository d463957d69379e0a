"""What opportunity tests share: a request context, and jobs, staff and event input."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from talentmatch.models import CEFRLevel, Opportunity, OpportunityKind, OpportunityStatus, Role
from talentmatch.services import catalogue_search
from talentmatch.services.catalogue_search import SearchFilters
from talentmatch.services.opportunities import LanguageRequirement, OpportunityInput
from tests.factories import (
    make_job,
    make_opportunity,
    make_organisation,
    make_university,
    make_user,
)

TODAY = date.today()


def titles(page) -> list[str]:
    return [opportunity.title for opportunity in page.items]


def find(viewer=None, per_page=20, **filters):
    return catalogue_search.search(SearchFilters(**filters), viewer, TODAY, per_page)


def job(**fields) -> Opportunity:
    """A job of its own organisation (without a business ID, so many can exist)."""
    fields.setdefault("organisation", make_organisation(business_id=None))
    return make_job(**fields)


def make_staff(university):
    return make_user(Role.CAREER_SERVICES, university=university)


def event_input(**changes) -> OpportunityInput:
    values = dict(
        title="Meet Helsinki employers",
        description="An evening with twenty employers.",
        municipality="Helsinki",
        deadline=TODAY + timedelta(days=10),
        starts_at=datetime.combine(TODAY + timedelta(days=14), datetime.min.time()),
        ends_at=datetime.combine(TODAY + timedelta(days=14), datetime.max.time()).replace(
            microsecond=0
        ),
        capacity=80,
        languages=[LanguageRequirement("en", CEFRLevel.B1)],
    )
    values.update(changes)
    return OpportunityInput(**values)


def make_ours_and_theirs(university) -> None:
    """An open event and a draft programme of `university`, an event of another one."""
    make_opportunity(OpportunityKind.EVENT, title="Ours open", university=university)
    make_opportunity(
        OpportunityKind.PROGRAMME,
        title="Ours draft",
        university=university,
        status=OpportunityStatus.DRAFT,
    )
    make_opportunity(OpportunityKind.EVENT, title="Theirs", university=make_university())
