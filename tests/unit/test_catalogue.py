"""Catalogue search: filters, words, languages met, pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    EmploymentType,
    OpportunityKind,
    OpportunityStatus,
    RemoteMode,
)
from talentmatch.services.errors import InvalidInput, NotFound
from tests.factories import (
    make_employer,
    make_graduate,
    make_opportunity,
    make_organisation,
    make_skills,
)
from tests.unit.opportunity_helpers import TODAY, find, job, titles


@pytest.fixture
def app_ctx(app):
    """A request context too: the services' messages are translated for the current locale."""
    with app.test_request_context():
        yield
        db.session.remove()


# --- search ---------------------------------------------------------------------------------


def test_search_lists_open_opportunities_newest_first(app_ctx):
    job(title="Older job")
    make_opportunity(OpportunityKind.EVENT, title="Newer event")
    assert titles(find()) == ["Newer event", "Older job"]


def test_search_hides_drafts_closed_and_past_deadline(app_ctx):
    job(title="Open job")
    job(title="Draft job", status=OpportunityStatus.DRAFT)
    job(title="Closed job", status=OpportunityStatus.CLOSED)
    job(title="Expired job", deadline=TODAY - timedelta(days=1))
    job(title="Due today", deadline=TODAY)
    job(title="No deadline", deadline=None)
    assert sorted(titles(find())) == ["Due today", "No deadline", "Open job"]


def test_search_filters_by_kind(app_ctx):
    job(title="A job")
    make_opportunity(OpportunityKind.COMMUNITY, title="A community")
    assert titles(find(kind=OpportunityKind.COMMUNITY)) == ["A community"]


def test_search_filters_by_municipality(app_ctx):
    job(title="In Espoo", municipality="Espoo")
    job(title="In Helsinki", municipality="Helsinki")
    assert titles(find(municipality="Espoo")) == ["In Espoo"]


def test_remote_filter_keeps_remote_and_hybrid_only(app_ctx):
    job(title="Office", remote_mode=RemoteMode.ON_SITE)
    job(title="Hybrid", remote_mode=RemoteMode.HYBRID)
    job(title="Remote", remote_mode=RemoteMode.REMOTE)
    assert sorted(titles(find(remote=True))) == ["Hybrid", "Remote"]


def test_search_filters_by_employment_type(app_ctx):
    job(title="Intern", employment_type=EmploymentType.INTERNSHIP)
    job(title="Permanent", employment_type=EmploymentType.FULL_TIME)
    assert titles(find(employment_type=EmploymentType.INTERNSHIP)) == ["Intern"]


def test_text_matches_title_case_insensitively(app_ctx):
    job(title="Junior Data Analyst")
    job(title="Sales lead")
    assert titles(find(text="data ANALYST")) == ["Junior Data Analyst"]


def test_text_matches_skill_labels_and_description(app_ctx):
    skills = make_skills()
    job(title="Backend developer", required_skills=[skills["SQL"]])
    job(title="Researcher", nice_skills=[skills["machine learning"]])
    job(title="Coordinator", description="You will run our mentoring programme.")
    job(title="Unrelated")
    assert titles(find(text="machine learn")) == ["Researcher"]
    assert titles(find(text="sql")) == ["Backend developer"]
    assert titles(find(text="mentoring")) == ["Coordinator"]


def test_text_wildcards_are_taken_literally(app_ctx):
    job(title="100% remote role")
    job(title="1000 users")
    assert titles(find(text="100%")) == ["100% remote role"]


def test_languages_i_meet_compares_levels(app_ctx):
    job(title="Finnish B2 job", languages={"fi": CEFRLevel.B2})
    job(title="English job", languages={"en": CEFRLevel.B2})
    job(title="No requirements")
    beginner = make_graduate(languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A2})
    fluent = make_graduate(languages={"en": CEFRLevel.C1, "fi": CEFRLevel.C1})

    assert sorted(titles(find(beginner, meets_my_languages=True))) == [
        "English job",
        "No requirements",
    ]
    assert sorted(titles(find(fluent, meets_my_languages=True))) == [
        "English job",
        "Finnish B2 job",
        "No requirements",
    ]


def test_languages_i_meet_needs_every_requirement(app_ctx):
    job(title="Bilingual", languages={"en": CEFRLevel.B2, "sv": CEFRLevel.B1})
    english_only = make_graduate(languages={"en": CEFRLevel.NATIVE})
    assert titles(find(english_only, meets_my_languages=True)) == []


def test_languages_i_meet_refuses_anonymous_viewer(app_ctx):
    with pytest.raises(InvalidInput) as raised:
        find(None, meets_my_languages=True)
    assert "log in as a graduate" in raised.value.errors["meets_my_languages"]


def test_languages_i_meet_refuses_graduate_without_languages(app_ctx):
    graduate = make_graduate(languages={})
    graduate.profile.languages.clear()
    db.session.commit()
    with pytest.raises(InvalidInput) as raised:
        find(graduate, meets_my_languages=True)
    assert "Add your languages" in raised.value.errors["meets_my_languages"]


def test_languages_i_meet_refuses_employers(app_ctx):
    with pytest.raises(InvalidInput):
        find(make_employer(make_organisation()), meets_my_languages=True)


def test_search_pages_through_results(app_ctx):
    for number in range(5):
        job(title=f"Job {number}")
    first = find(per_page=2, page=1)
    third = find(per_page=2, page=3)
    assert first.total == 5 and first.pages == 3
    assert titles(first) == ["Job 4", "Job 3"]
    assert titles(third) == ["Job 0"]


def test_page_beyond_the_last_is_not_found(app_ctx):
    job()
    with pytest.raises(NotFound):
        find(per_page=2, page=2)


def test_first_page_of_nothing_is_empty_not_missing(app_ctx):
    assert find(page=1).total == 0
