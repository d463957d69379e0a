"""The whole graduate journey across pages: sign up, fill the profile, find jobs that fit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import CEFRLevel, ProfileSkill, User
from tests.factories import make_job, make_organisation, make_skills
from tests.mailbox import confirm_email


def test_graduate_signs_up_fills_profile_in_two_languages_and_finds_jobs_they_can_do(
    app, client, smtp_server
):
    with app.app_context():
        skills = make_skills()
        machine_learning_id = skills["machine learning"].id
        employer = make_organisation("Nordic Data Oy")
        make_job(
            employer,
            title="Data Engineer (English)",
            languages={"en": CEFRLevel.B2},
            required_skills=[skills["SQL"]],
        )
        make_job(
            employer,
            title="Myyntipäällikkö (Finnish)",
            languages={"fi": CEFRLevel.C1, "en": CEFRLevel.B2},
        )

    signup = client.post(
        "/auth/register",
        data={
            "role": "graduate",
            "full_name": "Kwame Mensah",
            "email": "kwame@example.com",
            "password": "aurora borealis 7",
            "confirm": "aurora borealis 7",
            "university_id": "0",
        },
    )
    assert signup.headers["Location"].endswith("/auth/check-inbox")
    confirmed = confirm_email(client, smtp_server, "kwame@example.com")
    assert confirmed.headers["Location"].endswith("/graduates/profile/edit")

    # One skill picked from the Finnish autocomplete, two typed: a Finnish and an English label.
    suggestions = client.get("/api/skills", query_string={"q": "koneopp"}).get_json()
    assert suggestions["skills"][0]["label"] == "machine learning"
    saved = client.post(
        "/graduates/profile/edit",
        data={
            "headline": "Data engineer",
            "graduation_year": "2025",
            "skills": [f"esco:{machine_learning_id}:machine learning"],
            "skills-typed": "data-analytiikka, SQL, Kahoot quiz design",
            "languages-0-code": "en",
            "languages-0-level": "C1",
            "languages-1-code": "fi",
            "languages-1-level": "A2",
            "municipalities": ["Helsinki"],
            "work_permit": "post_study_job_seeker",
            "permit_end_date": (date.today() + timedelta(days=200)).isoformat(),
            "open_to_full_time": "y",
            "visibility": "employers",
        },
    )
    assert saved.status_code == 302

    profile_page = client.get("/graduates/profile").get_data(as_text=True)
    for label in ("machine learning", "data analytics", "SQL", "Kahoot quiz design"):
        assert label in profile_page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "kwame@example.com"))
        stored = db.session.scalars(
            select(ProfileSkill).where(ProfileSkill.profile_id == user.profile.id)
        ).all()
        assert {(s.label, s.skill_id is not None) for s in stored} == {
            ("machine learning", True),
            ("data analytics", True),
            ("SQL", True),
            ("Kahoot quiz design", False),
        }

    everything = client.get("/opportunities/", query_string={"kind": "job"}).get_data(as_text=True)
    assert "Data Engineer (English)" in everything
    assert "Myyntipäällikkö (Finnish)" in everything
    fitting = client.get(
        "/opportunities/", query_string={"kind": "job", "meets_my_languages": "y"}
    ).get_data(as_text=True)
    assert "Data Engineer (English)" in fitting
    assert "Myyntipäällikkö (Finnish)" not in fitting
