"""Courses recommended for a graduate's gaps, not for likeness: ranked by the jobs each would open
(a course to B1 above one to A2), then cost; For you's course lane; "I'm taking this"; and a
finished course adding its level and skills to the profile once confirmed."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    CourseCost,
    GraduateProfile,
    Interaction,
    InteractionKind,
    OpportunityKind,
    User,
)
from talentmatch.services import matching
from tests.factories import (
    COOKING,
    make_esco_skill,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)

GRACE = "grace@example.com"


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _world(app) -> dict:
    """Grace has Finnish A1. Two jobs ask for Finnish A2 and three for B1; three canteen jobs
    lack one cooking skill. Courses: Finnish A1 → A2 (free), A1 → B1 (paid and free), B1 → B2
    (not from her level), and a cooking course."""
    with app.app_context():
        skills = make_skills()
        sql, python = skills["SQL"], skills["Python (computer programming)"]
        cooking = [make_esco_skill(label) for label in COOKING]
        make_graduate(
            email=GRACE,
            skills=[sql, python, skills["data analytics"]],
            languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A1},
        )
        org = make_organisation(name="Nordic Data Oy")
        for n in range(2):
            make_job(
                org,
                title=f"A2 job {n}",
                required_skills=[sql, python],
                languages={"fi": CEFRLevel.A2},
            )
        for n in range(3):
            make_job(
                org,
                title=f"B1 job {n}",
                required_skills=[sql, python],
                languages={"fi": CEFRLevel.B1},
            )
        for n in range(3):
            make_job(org, title=f"Cook {n}", required_skills=[sql, *cooking])
        uni = make_university("University of Helsinki")

        def course(title, **fields):
            return make_opportunity(
                OpportunityKind.COURSE, title=title, university=uni, **fields
            ).id

        ids = {
            "to-a2": course(
                "Finnish 1", teaches_language="fi", level_from=None, level_to=CEFRLevel.A2
            ),
            "to-b1-paid": course(
                "Finnish intensive",
                teaches_language="fi",
                level_from=CEFRLevel.A1,
                level_to=CEFRLevel.B1,
                cost=CourseCost.PAID,
                price_eur=150,
            ),
            "to-b1-free": course(
                "Finnish for work",
                teaches_language="fi",
                level_from=CEFRLevel.A1,
                level_to=CEFRLevel.B1,
            ),
            "b1-to-b2": course(
                "Finnish 3", teaches_language="fi", level_from=CEFRLevel.B1, level_to=CEFRLevel.B2
            ),
            "cooking": course("Kitchen basics", required_skills=[cooking[0]]),
        }
        matching.fit_and_activate()
        return {"courses": ids, "cooking": cooking[0].id}


def _linked(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/opportunities/(\d+)"', html)]


def test_a_course_to_b1_ranks_above_one_to_a2_then_free_before_paid(app, client, auth):
    world = _world(app)
    courses = world["courses"]
    auth.login(GRACE)
    html = page(client.get("/graduates/doors/languages/fi"))
    listed = html[html.index('id="courses-heading"') :]
    order = [i for i in _linked(listed) if i in courses.values()]
    assert order == [courses["to-b1-free"], courses["to-b1-paid"], courses["to-a2"]]
    assert "Would open 5 more jobs for you" in listed  # B1: the two A2 jobs and three B1 jobs
    assert "Would open 2 more jobs for you" in listed  # A2
    assert courses["b1-to-b2"] not in order  # starts above her level


def test_a_skill_gap_lists_the_course_that_teaches_it_and_for_you_has_a_course_lane(
    app, client, auth
):
    world = _world(app)
    courses = world["courses"]
    auth.login(GRACE)
    html = page(client.get(f"/graduates/doors/skills/{world['cooking']}"))
    assert courses["cooking"] in _linked(html[html.index('id="courses-heading"') :])

    html = page(client.get("/graduates/for-you"))
    lane = html[html.index('id="lane-course"') :]
    lane = lane[: lane.index("</section>")]
    assert _linked(lane)[0] == courses["to-b1-free"]
    assert set(_linked(lane)) >= {courses["to-b1-free"], courses["cooking"]}
    doors = html[html.index('id="doors-heading"') :]
    doors = doors[: doors.index("</section>")]
    assert "Courses:" in doors  # under each line, the courses that close it


def test_taking_a_course_and_finishing_it_adds_its_level_and_skills_once_confirmed(
    app, client, auth
):
    world = _world(app)
    course_id = world["courses"]["to-b1-free"]
    auth.login(GRACE)
    assert client.post(f"/graduates/courses/{course_id}/taking").status_code == 302
    with app.app_context():
        grace = db.session.scalar(select(User).where(User.email == GRACE))
        kinds = set(
            db.session.scalars(
                select(Interaction.kind).where(
                    Interaction.user_id == grace.id, Interaction.opportunity_id == course_id
                )
            )
        )
        assert kinds == {InteractionKind.TAKING}
    detail = page(client.get(f"/opportunities/{course_id}"))
    assert "You are taking this course." in detail

    confirm = page(client.get(f"/graduates/courses/{course_id}/finish"))
    assert "Finnish at level B1" in confirm
    with app.app_context():  # nothing changes before the confirmation
        profile = db.session.scalar(select(GraduateProfile).join(User).where(User.email == GRACE))
        assert {lang.code: lang.level for lang in profile.languages}["fi"] == CEFRLevel.A1
    assert client.post(f"/graduates/courses/{course_id}/finish").status_code == 302
    with app.app_context():
        profile = db.session.scalar(select(GraduateProfile).join(User).where(User.email == GRACE))
        assert {lang.code: lang.level for lang in profile.languages}["fi"] == CEFRLevel.B1
        kinds = set(
            db.session.scalars(
                select(Interaction.kind).where(
                    Interaction.user_id == profile.user_id, Interaction.opportunity_id == course_id
                )
            )
        )
        assert kinds == {InteractionKind.FINISHED}

    # The cooking course adds its skill.
    cooking = world["courses"]["cooking"]
    assert "use cooking techniques" in page(client.get(f"/graduates/courses/{cooking}/finish"))
    client.post(f"/graduates/courses/{cooking}/finish")
    with app.app_context():
        profile = db.session.scalar(select(GraduateProfile).join(User).where(User.email == GRACE))
        assert "use cooking techniques" in {s.label for s in profile.skills}


def test_a_job_is_no_course_to_take_or_finish(app, client, auth):
    _world(app)
    with app.app_context():
        job_id = make_job(make_organisation(name="Other Oy"), title="Analyst").id
    auth.login(GRACE)
    assert client.post(f"/graduates/courses/{job_id}/taking").status_code == 404
    assert client.get(f"/graduates/courses/{job_id}/finish").status_code == 404
    assert client.post("/graduates/courses/999999/finish").status_code == 404
