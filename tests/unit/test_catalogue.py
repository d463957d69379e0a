"""Catalogue search, visibility of drafts, and curated-item management rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    EmploymentType,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    RemoteMode,
    Role,
    Visibility,
)
from talentmatch.services import catalogue, catalogue_search
from talentmatch.services.catalogue import Provider
from talentmatch.services.catalogue_search import SearchFilters
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.opportunities import LanguageRequirement, OpportunityInput
from talentmatch.services.skills import SkillsInput
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

TODAY = date.today()


@pytest.fixture
def app_ctx(app):
    """A request context too: the services' messages are translated for the current locale."""
    with app.test_request_context():
        yield
        db.session.remove()


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


# --- visibility -----------------------------------------------------------------------------


def test_open_opportunity_is_visible_to_anyone(app_ctx):
    opportunity = job()
    assert catalogue.get_visible(opportunity.id, None) == opportunity


def test_draft_is_hidden_from_public_and_other_owners(app_ctx):
    organisation = make_organisation()
    draft = job(organisation=organisation, status=OpportunityStatus.DRAFT)
    other_employer = make_employer(make_organisation(business_id="1572860-0"))
    for viewer in (None, make_graduate(), other_employer, make_staff(make_university())):
        with pytest.raises(NotFound):
            catalogue.get_visible(draft.id, viewer)


def test_draft_is_visible_to_its_owners(app_ctx):
    organisation = make_organisation()
    university = make_university()
    draft = job(organisation=organisation, status=OpportunityStatus.DRAFT)
    event = make_opportunity(
        OpportunityKind.EVENT, university=university, status=OpportunityStatus.CLOSED
    )
    admin = make_user(Role.ADMIN)
    assert catalogue.get_visible(draft.id, make_employer(organisation)) == draft
    assert catalogue.get_visible(draft.id, admin) == draft
    assert catalogue.get_visible(event.id, make_staff(university)) == event


def test_missing_opportunity_is_not_found(app_ctx):
    with pytest.raises(NotFound):
        catalogue.get_visible(999, None)


# --- curated items ----------------------------------------------------------------------------


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


def count_opportunities() -> int:
    return db.session.scalar(select(func.count()).select_from(Opportunity))


def test_career_services_create_event_for_their_university(app_ctx):
    skills = make_skills()
    university = make_university()
    staff = make_staff(university)
    data = event_input(
        required_skills=SkillsInput(tokens=(f"esco:{skills['SQL'].id}:SQL",)),
        nice_to_have_skills=SkillsInput(typed="networking"),
    )
    event = catalogue.create_item(staff, OpportunityKind.EVENT, data, True, TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, event.id)
    assert saved.university_id == university.id
    assert saved.status is OpportunityStatus.OPEN
    assert saved.created_by_id == staff.id
    assert [s.label for s in saved.required_skills] == ["SQL"]
    assert [s.label for s in saved.nice_to_have_skills] == ["networking"]
    assert [(lang.code, lang.cefr) for lang in saved.languages] == [("en", CEFRLevel.B1)]
    assert saved.capacity == 80


def test_saving_as_draft_keeps_item_out_of_the_catalogue(app_ctx):
    staff = make_staff(make_university())
    item = catalogue.create_item(staff, OpportunityKind.PROGRAMME, event_input(), False, TODAY)
    assert item.status is OpportunityStatus.DRAFT
    assert find().total == 0


def test_community_drops_dates_and_job_fields(app_ctx):
    staff = make_staff(make_university())
    data = event_input(employment_type=EmploymentType.FULL_TIME, salary_min=3000)
    community = catalogue.create_item(staff, OpportunityKind.COMMUNITY, data, True, TODAY)
    assert community.starts_at is None and community.capacity is None
    assert community.employment_type is None and community.salary_min is None


def test_curated_items_refuse_jobs(app_ctx):
    staff = make_staff(make_university())
    with pytest.raises(NotAllowed):
        catalogue.create_item(staff, OpportunityKind.JOB, event_input(), True, TODAY)
    assert count_opportunities() == 0


def test_graduates_and_employers_cannot_curate(app_ctx):
    for actor in (make_graduate(), make_employer(make_organisation())):
        with pytest.raises(NotAllowed):
            catalogue.create_item(actor, OpportunityKind.EVENT, event_input(), True, TODAY)
    assert count_opportunities() == 0


def test_career_services_cannot_publish_for_another_university(app_ctx):
    staff = make_staff(make_university())
    other = make_university()
    with pytest.raises(NotAllowed):
        catalogue.create_item(
            staff, OpportunityKind.EVENT, event_input(), True, TODAY, Provider(other.id)
        )


def test_admin_chooses_an_organisation_as_provider(app_ctx):
    admin = make_user(Role.ADMIN)
    organisation = make_organisation(name="Maria 01", business_id=None)
    item = catalogue.create_item(
        admin,
        OpportunityKind.COMMUNITY,
        event_input(),
        True,
        TODAY,
        Provider(organisation_id=organisation.id),
    )
    assert item.organisation_id == organisation.id and item.university_id is None


def test_admin_must_choose_exactly_one_provider(app_ctx):
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput) as raised:
        catalogue.create_item(admin, OpportunityKind.EVENT, event_input(), True, TODAY)
    assert "provider" in raised.value.errors
    with pytest.raises(InvalidInput):
        catalogue.create_item(
            admin, OpportunityKind.EVENT, event_input(), True, TODAY, Provider(university_id=404)
        )
    assert count_opportunities() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "starts_at": datetime(2030, 5, 2, 18, 0),
                "ends_at": datetime(2030, 5, 2, 16, 0),
            },
            "ends_at",
        ),
        ({"starts_at": None, "ends_at": None}, "starts_at"),
        ({"deadline": TODAY - timedelta(days=1)}, "deadline"),
        ({"title": "x" * 100_000}, "title"),
        ({"title": "   "}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"required_skills": SkillsInput(tokens=("esco:987654:Made up",))}, "required_skills"),
        ({"municipality": "Stockholm"}, "municipality"),
    ],
)
def test_invalid_event_is_refused_and_nothing_saved(app_ctx, changes, field):
    staff = make_staff(make_university())
    with pytest.raises(InvalidInput) as raised:
        catalogue.create_item(staff, OpportunityKind.EVENT, event_input(**changes), True, TODAY)
    assert field in raised.value.errors
    assert count_opportunities() == 0


def test_every_invalid_field_is_reported_at_once(app_ctx):
    staff = make_staff(make_university())
    data = event_input(starts_at=None, ends_at=None, title="", capacity=-1)
    with pytest.raises(InvalidInput) as raised:
        catalogue.create_item(staff, OpportunityKind.EVENT, data, True, TODAY)
    assert {"starts_at", "title", "capacity"} <= raised.value.errors.keys()


def test_update_changes_item_and_status(app_ctx):
    university = make_university()
    staff = make_staff(university)
    item = catalogue.create_item(staff, OpportunityKind.EVENT, event_input(), False, TODAY)
    catalogue.update_item(staff, item.id, event_input(title="Renamed"), TODAY, publish=True)
    db.session.expire_all()
    saved = db.session.get(Opportunity, item.id)
    assert saved.title == "Renamed" and saved.status is OpportunityStatus.OPEN


def test_failed_update_leaves_item_untouched(app_ctx):
    staff = make_staff(make_university())
    item = catalogue.create_item(staff, OpportunityKind.EVENT, event_input(), True, TODAY)
    bad = event_input(
        title="Changed",
        starts_at=datetime(2030, 1, 2, 12, 0),
        ends_at=datetime(2030, 1, 1, 12, 0),
    )
    with pytest.raises(InvalidInput):
        catalogue.update_item(staff, item.id, bad, TODAY)
    db.session.expire_all()
    saved = db.session.get(Opportunity, item.id)
    assert saved.title == "Meet Helsinki employers"
    assert [lang.code for lang in saved.languages] == ["en"]


def test_career_services_cannot_touch_another_universitys_item(app_ctx):
    staff = make_staff(make_university())
    theirs = make_opportunity(OpportunityKind.EVENT, university=make_university())
    with pytest.raises(NotAllowed):
        catalogue.update_item(staff, theirs.id, event_input(), TODAY)
    with pytest.raises(NotAllowed):
        catalogue.close_item(staff, theirs.id)
    db.session.expire_all()
    assert db.session.get(Opportunity, theirs.id).status is OpportunityStatus.OPEN


def test_career_services_cannot_manage_jobs(app_ctx):
    staff = make_staff(make_university())
    with pytest.raises(NotAllowed):
        catalogue.close_item(staff, job().id)


def test_managing_a_missing_item_is_not_found(app_ctx):
    with pytest.raises(NotFound):
        catalogue.close_item(make_staff(make_university()), 12345)


def test_close_and_reopen(app_ctx):
    staff = make_staff(make_university())
    item = catalogue.create_item(staff, OpportunityKind.EVENT, event_input(), True, TODAY)
    catalogue.close_item(staff, item.id)
    assert find().total == 0
    catalogue.reopen_item(staff, item.id, TODAY)
    assert titles(find()) == ["Meet Helsinki employers"]


def test_reopen_refuses_item_whose_deadline_passed(app_ctx):
    university = make_university()
    item = make_opportunity(
        OpportunityKind.PROGRAMME,
        university=university,
        status=OpportunityStatus.CLOSED,
        deadline=TODAY - timedelta(days=3),
    )
    with pytest.raises(InvalidInput):
        catalogue.reopen_item(make_staff(university), item.id, TODAY)


def test_list_items_and_overview_cover_own_university_only(app_ctx):
    university = make_university()
    staff = make_staff(university)
    make_opportunity(OpportunityKind.EVENT, title="Ours open", university=university)
    make_opportunity(
        OpportunityKind.PROGRAMME,
        title="Ours draft",
        university=university,
        status=OpportunityStatus.DRAFT,
    )
    make_opportunity(OpportunityKind.EVENT, title="Theirs", university=make_university())
    make_graduate(university_id=university.id, visibility=Visibility.CAREER_SERVICES)
    make_graduate(university_id=university.id, visibility=Visibility.EMPLOYERS)
    make_graduate(university_id=university.id, visibility=Visibility.PRIVATE)

    assert [item.title for item in catalogue.list_items_for(staff)] == ["Ours draft", "Ours open"]
    overview = catalogue.career_services_overview(staff)
    assert overview.open_by_kind[OpportunityKind.EVENT] == 1
    assert overview.open_by_kind[OpportunityKind.PROGRAMME] == 0
    assert overview.drafts == 1
    assert overview.sharing_graduates == 2
