"""Courses: career services and administrators publish and edit them; every rule a course
keeps is refused with its reason and nothing saved; the detail page and the catalogue show
what a course teaches, in which language, what it costs, how and when."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    CourseCost,
    CourseFormat,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    RemoteMode,
    Role,
)
from talentmatch.models.opportunities import course_day
from talentmatch.site_dates import site_today
from tests.factories import (
    make_graduate,
    make_opportunity,
    make_skills,
    make_university,
    make_user,
)

# The site's today is Helsinki's; these tests keep a day or more away from it either side.
FIRST_DAY = date.today() + timedelta(days=40)
LAST_DAY = FIRST_DAY + timedelta(days=70)


@pytest.fixture
def adviser(app, auth):
    """The University of Helsinki's career services, signed in; returns its university's id."""
    with app.app_context():
        own = make_university(name="University of Helsinki")
        user = make_user(Role.CAREER_SERVICES, university=own)
        ids = own.id, user.email
    auth.login(ids[1])
    return ids[0]


def course_form(**changes) -> dict[str, object]:
    """A Finnish A2 → B1 course taught in Finnish, €120, on site in Helsinki."""
    form: dict[str, object] = {
        "title": "Finnish for work, A2 to B1",
        "description": "Finnish for everyday working life. The price is illustrative.",
        "instruction_language": "fi",
        "teaches_language": "fi",
        "level_from": "A2",
        "level_to": "B1",
        "cost": "paid",
        "price_eur": "120",
        "course_format": "on_site",
        "municipality": "Helsinki",
        "starts_at": FIRST_DAY.isoformat(),
        "ends_at": LAST_DAY.isoformat(),
        "deadline": (FIRST_DAY - timedelta(days=7)).isoformat(),
        "details_checked_on": (date.today() - timedelta(days=1)).isoformat(),
        "url": "https://www.example.fi/finnish",
        "required_skills-typed": "",
        "publish": "Publish",
    }
    form.update(changes)
    return form


def _course(app) -> Opportunity | None:
    with app.app_context():
        item = db.session.scalar(select(Opportunity))
        if item is not None:
            db.session.expunge(item)
        return item


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Opportunity)) or 0


def test_career_services_publish_a_language_course(app, client, adviser):
    form = client.get("/opportunities/new/course").get_data(as_text=True)
    assert "New course" in form and "Language of instruction" in form
    assert "Skills taught" in form and "Nice-to-have skills" not in form
    response = client.post("/opportunities/new/course", data=course_form())
    assert response.status_code == 302
    course = _course(app)
    assert course is not None
    assert course.kind is OpportunityKind.COURSE and course.status is OpportunityStatus.OPEN
    assert course.university_id == adviser
    assert (course.instruction_language, course.teaches_language) == ("fi", "fi")
    assert (course.level_from, course.level_to) == (CEFRLevel.A2, CEFRLevel.B1)
    assert (course.cost, course.price_eur) == (CourseCost.PAID, 120)
    assert course.course_format is CourseFormat.ON_SITE
    assert course.remote_mode is RemoteMode.ON_SITE
    assert course.self_paced is False
    assert (course.starts_at, course.ends_at) == (course_day(FIRST_DAY), course_day(LAST_DAY))
    assert course.details_checked_on == date.today() - timedelta(days=1)


def test_the_course_page_shows_each_fact(app, client, adviser):
    with app.app_context():
        skills = make_skills()
        token = f"esco:{skills['SQL'].id}:SQL"
    client.post(
        "/opportunities/new/course",
        data=course_form(
            details_checked_on="2025-12-05",
            required_skills=token,
        ),
    )
    course = _course(app)
    page = client.get(f"/opportunities/{course.id}").get_data(as_text=True)
    assert "University of Helsinki" in page
    assert "Language of instruction</dt>\n      <dd>Finnish</dd>" in page
    assert "Finnish A2 → B1" in page
    assert "Skills taught" in page and "SQL" in page
    assert "€120" in page
    assert "On site" in page and "Helsinki" in page
    assert f"{FIRST_DAY.day} " in page and "–" in page
    assert "Details last checked on 5 Dec 2025" in page


def test_a_free_self_paced_online_skills_course_by_an_administrator(app, client, auth):
    with app.app_context():
        university_id = make_university(name="University of Helsinki").id
        email = make_user(Role.ADMIN).email
        token = f"esco:{make_skills()['Python (computer programming)'].id}:Python"
    auth.login(email)
    response = client.post(
        "/opportunities/new/course",
        data=course_form(
            title="Python Programming MOOC",
            provider=f"university:{university_id}",
            instruction_language="en",
            teaches_language="",
            level_from="",
            level_to="",
            cost="free",
            price_eur="",
            course_format="online",
            municipality="",
            self_paced="y",
            starts_at="",
            ends_at="",
            deadline="",
            required_skills=token,
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    course = _course(app)
    assert course.self_paced is True and course.starts_at is None
    assert course.remote_mode is RemoteMode.REMOTE and course.municipality is None
    with app.app_context():
        course = db.session.get(Opportunity, course.id)
        assert [s.label for s in course.taught_skills] == ["Python (computer programming)"]
        assert all(s.required for s in course.skills)
    page = client.get(f"/opportunities/{course.id}").get_data(as_text=True)
    assert "Self-paced" in page and "Free" in page and "Online" in page
    assert "English: at least B1, to follow the teaching" in page


@pytest.mark.parametrize("editor", [Role.CAREER_SERVICES, Role.ADMIN])
def test_editing_a_course_keeps_the_changes(app, client, auth, editor):
    with app.app_context():
        university = make_university(name="University of Helsinki")
        course = make_opportunity(
            OpportunityKind.COURSE,
            title="Swedish A1",
            university=university,
            teaches_language="sv",
            level_to=int(CEFRLevel.A1),
        )
        email = make_user(editor, university=university).email
        course_id = course.id
    auth.login(email)
    form = client.get(f"/opportunities/{course_id}/edit").get_data(as_text=True)
    assert 'value="sv" selected' in form or '<option selected value="sv">' in form
    response = client.post(
        f"/opportunities/{course_id}/edit",
        data=course_form(
            title="Swedish A1 to A2",
            teaches_language="sv",
            level_from="A1",
            level_to="A2",
            cost="free",
            price_eur="",
            publish="",
            save="Save changes",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    course = _course(app)
    assert course.title == "Swedish A1 to A2"
    assert (course.level_from, course.level_to) == (CEFRLevel.A1, CEFRLevel.A2)
    assert course.cost is CourseCost.FREE and course.price_eur is None
    assert course.self_paced is False and course.starts_at == course_day(FIRST_DAY)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"instruction_language": ""}, "Choose the language the course is taught in."),
        ({"level_to": ""}, "Give the level a language course takes its participants to."),
        (
            {"level_from": "B1", "level_to": "B1"},
            "The level the course reaches must be above the level it starts from.",
        ),
        (
            {"level_from": "B2", "level_to": "A2"},
            "The level the course reaches must be above the level it starts from.",
        ),
        (
            {"teaches_language": ""},
            "Levels are for language courses: choose the language the course teaches",
        ),
        ({"level_to": "NATIVE"}, "Not a valid choice"),
        ({"cost": ""}, "Say whether the course is free or paid."),
        ({"cost": "free"}, "Only a paid course has a price: choose paid, or leave it empty."),
        ({"price_eur": "-5"}, "Give a price between 0 and 100,000 euros, or leave it empty."),
        ({"course_format": ""}, "Choose how the course is taught."),
        ({"municipality": ""}, "Choose the municipality where the course is taught"),
        ({"starts_at": "", "ends_at": ""}, "Give the course&#39;s first day, or tick self-paced."),
        (
            {"self_paced": "y"},
            "A self-paced course has no dates: leave them empty, or untick self-paced.",
        ),
        (
            {"ends_at": (FIRST_DAY - timedelta(days=1)).isoformat()},
            "The end must be after the start.",
        ),
        (
            {"deadline": (FIRST_DAY + timedelta(days=1)).isoformat()},
            "The enrolment deadline cannot be after the course&#39;s first day.",
        ),
        (
            {"starts_at": (date.today() - timedelta(days=2)).isoformat(), "deadline": ""},
            "This course has already started, so it cannot be published.",
        ),
        (
            {"details_checked_on": (date.today() + timedelta(days=3)).isoformat()},
            "The day the details were checked cannot be in the future.",
        ),
    ],
)
def test_bad_course_input_is_refused_with_its_reason(app, client, adviser, changes, message):
    response = client.post("/opportunities/new/course", data=course_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(app) == 0


def test_a_bad_edit_changes_nothing(app, client, adviser):
    client.post("/opportunities/new/course", data=course_form())
    course_id = _course(app).id
    response = client.post(
        f"/opportunities/{course_id}/edit",
        data=course_form(title="Renamed", cost="", publish="", save="Save changes"),
    )
    assert response.status_code == 400
    assert "Say whether the course is free or paid." in response.get_data(as_text=True)
    assert _course(app).title == "Finnish for work, A2 to B1"


def test_the_catalogue_kind_filter_finds_courses(app, client):
    with app.app_context():
        university = make_university(name="University of Helsinki")
        make_opportunity(
            OpportunityKind.COURSE,
            title="Finnish 1 for international students",
            university=university,
            teaches_language="fi",
            level_to=int(CEFRLevel.A1),
        )
        make_opportunity(OpportunityKind.PROGRAMME, title="UNITalent", university=university)
    page = client.get("/opportunities/?kind=course").get_data(as_text=True)
    assert "Finnish 1 for international students" in page and "UNITalent" not in page
    assert 'class="badge badge-course"' in page
    assert "Finnish from scratch → A1" in page and "Self-paced" in page and "Free" in page


def test_a_dated_course_leaves_the_catalogue_after_its_first_day(app, client):
    with app.test_request_context():
        today = site_today()
    with app.app_context():
        university = make_university()
        make_opportunity(
            OpportunityKind.COURSE,
            title="Started yesterday",
            university=university,
            starts_at=course_day(today - timedelta(days=1)),
            deadline=None,
        )
        make_opportunity(
            OpportunityKind.COURSE,
            title="Starts today",
            university=university,
            starts_at=course_day(today),
            deadline=None,
        )
    page = client.get("/opportunities/?kind=course").get_data(as_text=True)
    assert "Starts today" in page and "Started yesterday" not in page


def test_the_api_gives_a_courses_facts(app, client):
    with app.app_context():
        course = make_opportunity(
            OpportunityKind.COURSE,
            university=make_university(),
            teaches_language="sv",
            level_from=int(CEFRLevel.A2),
            level_to=int(CEFRLevel.B1),
            cost=CourseCost.PAID,
            price_eur=90,
        )
        course_id = course.id
    found = client.get(f"/api/opportunities/{course_id}").get_json()
    assert found["kind"] == "course"
    assert found["course"]["teaches_language"] == "sv"
    assert (found["course"]["level_from"], found["course"]["level_to"]) == ("A2", "B1")
    assert (found["course"]["cost"], found["course"]["price_eur"]) == ("paid", 90)
    assert found["course"]["self_paced"] is True


def test_language_requirements_i_meet_counts_a_courses_language_of_teaching(app, client, auth):
    with app.app_context():
        university = make_university()
        make_opportunity(
            OpportunityKind.COURSE,
            title="Finnish A2 to B1 taught in Finnish",
            university=university,
            instruction_language="fi",
            teaches_language="fi",
            level_from=int(CEFRLevel.A2),
            level_to=int(CEFRLevel.B1),
        )
        make_opportunity(
            OpportunityKind.COURSE,
            title="Data analysis taught in Swedish",
            university=university,
            instruction_language="sv",
        )
        make_opportunity(
            OpportunityKind.COURSE, title="Python taught in English", university=university
        )
        email = make_graduate(languages={"en": CEFRLevel.C1, "sv": CEFRLevel.A2}).email
    auth.login(email)
    page = client.get("/opportunities/?kind=course&meets_my_languages=y").get_data(as_text=True)
    assert "Finnish A2 to B1 taught in Finnish" in page
    assert "Python taught in English" in page
    assert "Data analysis taught in Swedish" not in page
