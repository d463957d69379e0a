"""A graduate's profile pages: filling the profile in, seeing it, and being refused bad input."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    ConsentPurpose,
    ConsentRecord,
    GraduateProfile,
    ProfileSkill,
    User,
    WorkPermit,
)
from tests.factories import make_employer, make_graduate, make_skills, make_university
from tests.mailbox import confirm_email

REGISTRATION = {
    "role": "graduate",
    "full_name": "Mei Lin",
    "email": "mei.lin@example.com",
    "password": "northern lights 42",
    "confirm": "northern lights 42",
    "university_id": "0",
}


def profile_form(**changes) -> dict[str, object]:
    """A complete profile form as a browser would post it."""
    form: dict[str, object] = {
        "headline": "Machine-learning engineer in the making",
        "about": "MSc student who likes data.",
        "university_id": "0",
        "degree_level": "master",
        "field_of_study": "Computer science",
        "graduation_year": "2025",
        "skills": [],
        "skills-typed": "",
        "languages-0-code": "en",
        "languages-0-level": "C1",
        "languages-1-code": "fi",
        "languages-1-level": "A2",
        "languages-2-code": "",
        "languages-2-level": "",
        "municipalities": ["Helsinki", "Espoo"],
        "remote_ok": "y",
        "work_permit": "post_study_job_seeker",
        "permit_end_date": (date.today() + timedelta(days=300)).isoformat(),
        "open_to_full_time": "y",
        "open_to_trainee": "y",
        "visibility": "employers",
    }
    form.update(changes)
    return form


def profile_of(app, email: str) -> dict[str, object]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        profile = user.profile
        return {
            "headline": profile.headline,
            "about": profile.about,
            "graduation_year": profile.graduation_year,
            "skills": [(s.skill_id is not None, s.label) for s in profile.skills],
            "languages": profile.language_levels(),
            "municipalities": [m.name for m in profile.municipalities],
            "work_permit": profile.work_permit,
            "visibility": profile.visibility,
        }


def test_new_graduate_fills_in_the_profile_and_sees_it(app, client, smtp_server):
    with app.app_context():
        skills = make_skills()
        python_id = skills["Python (computer programming)"].id
        sql_id = skills["SQL"].id
    client.post("/auth/register", data=REGISTRATION)
    response = confirm_email(client, smtp_server, REGISTRATION["email"].lower())
    assert response.headers["Location"].endswith("/graduates/profile/edit")
    page = client.get("/graduates/profile/edit")
    assert page.status_code == 200
    assert b"js/skill-picker.js" in page.data
    assert b'name="languages-1-code"' in page.data  # two blank language rows

    picked = [f"esco:{python_id}:Python (computer programming)", f"esco:{sql_id}:SQL"]
    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(
            skills=picked, **{"skills-typed": "koneoppiminen, project management, Kahvinkeitto"}
        ),
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/graduates/profile")
    page = client.get("/graduates/profile")
    text = page.get_data(as_text=True)
    assert "Your profile is saved." in text
    for label in ("Python (computer programming)", "SQL", "machine learning", "project management"):
        assert f'<li class="chip" title="ESCO skill">{label}</li>' in text
    assert '<li class="chip chip-free">Kahvinkeitto' in text
    assert "English: <strong>C1</strong>" in text
    assert "Finnish: <strong>A2</strong>" in text
    assert "Helsinki, Espoo" in text and "Remote work suits me too" in text
    assert "I have a permit to look for work after graduation." in text
    assert "Career services and employers" in text
    assert "Edit profile" in text
    saved = profile_of(app, "mei.lin@example.com")
    assert saved["skills"] == [
        (True, "Python (computer programming)"),
        (True, "SQL"),
        (True, "machine learning"),
        (True, "project management"),
        (False, "Kahvinkeitto"),
    ]
    assert saved["languages"] == {"en": CEFRLevel.C1, "fi": CEFRLevel.A2}
    with app.app_context():
        records = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.purpose))
        assert [(r.purpose, r.in_force) for r in records] == [
            (ConsentPurpose.CAREER_SERVICES_VISIBILITY, True),
            (ConsentPurpose.EMPLOYER_VISIBILITY, True),
        ]


def test_edit_form_shows_the_saved_profile(app, client, auth):
    with app.app_context():
        university_id = make_university("Aalto University").id
        make_graduate(
            "ana@example.com",
            languages={"sv": CEFRLevel.B2},
            municipalities=("Vantaa",),
            headline="Designer",
            university_id=university_id,
            graduation_year=2023,
        )
    auth.login("ana@example.com")

    text = client.get("/graduates/profile/edit").get_data(as_text=True)

    assert 'value="Designer"' in text
    assert f'<option selected value="{university_id}">Aalto University</option>' in text
    assert '<option selected value="sv">Swedish</option>' in text
    assert '<option selected value="B2">B2</option>' in text
    assert 'checked id="municipalities-2" name="municipalities" type="checkbox" value="Vantaa"' in (
        text
    )
    assert 'name="languages-2-code"' in text and 'name="languages-3-code"' not in text


def test_profile_page_lists_what_is_missing(app, client, smtp_server):
    client.post("/auth/register", data=REGISTRATION)
    confirm_email(client, smtp_server, REGISTRATION["email"].lower())

    text = client.get("/graduates/profile").get_data(as_text=True)

    assert "Complete your profile" in text
    assert "your skills" in text and "your work-permit situation" in text


def test_bad_input_is_refused_with_messages_and_nothing_changes(app, client, auth):
    with app.app_context():
        make_skills()
        make_graduate("omar@example.com", headline="Before", languages={"en": CEFRLevel.B2})
    auth.login("omar@example.com")
    before = profile_of(app, "omar@example.com")

    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(
            about="x" * 100_000,
            graduation_year="1800",
            skills=["esco:999999:Nope"],
            permit_end_date="",
        ),
    )

    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Use at most 10000 characters (you used 100000)." in text
    assert profile_of(app, "omar@example.com") == before


def test_service_rules_are_shown_on_the_form(app, client, auth):
    with app.app_context():
        make_skills()
        make_graduate("omar@example.com", headline="Before", languages={"en": CEFRLevel.B2})
    auth.login("omar@example.com")
    before = profile_of(app, "omar@example.com")

    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(
            headline="After",
            graduation_year="1800",
            skills=["esco:999999:Nope"],
            permit_end_date="",
            **{"languages-1-code": "en", "languages-1-level": "B1"},
        ),
    )

    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f"Enter a graduation year between 1950 and {date.today().year + 8}." in text
    assert "Unknown skill: please pick one from the list." in text
    assert "Give the date your permit to look for work ends." in text
    assert "List each language only once." in text
    assert 'value="After"' in text  # what was typed is kept for correcting
    assert profile_of(app, "omar@example.com") == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ConsentRecord)) == 0


def test_a_language_without_a_level_is_refused(app, client, auth):
    with app.app_context():
        make_graduate("omar@example.com")
    auth.login("omar@example.com")

    response = client.post(
        "/graduates/profile/edit", data=profile_form(**{"languages-1-level": ""})
    )

    assert response.status_code == 400
    assert "Choose both a language and a level." in response.get_data(as_text=True)


def test_unticking_everything_clears_skills_and_places(app, client, auth):
    with app.app_context():
        skills = make_skills()
        user = make_graduate("ana@example.com", municipalities=("Helsinki",))
        db.session.add(ProfileSkill(profile=user.profile, skill_id=skills["SQL"].id, label="SQL"))
        db.session.commit()
    auth.login("ana@example.com")

    form = profile_form(work_permit="eu_eea_citizen", permit_end_date="")
    del form["municipalities"], form["remote_ok"]
    response = client.post("/graduates/profile/edit", data=form)

    assert response.status_code == 302
    saved = profile_of(app, "ana@example.com")
    assert saved["skills"] == [] and saved["municipalities"] == []
    assert saved["work_permit"] is WorkPermit.EU_EEA_CITIZEN
    with app.app_context():
        assert db.session.scalar(select(GraduateProfile)).remote_ok is False


def test_anonymous_visitors_are_sent_to_login(client):
    for url in ("/graduates/profile", "/graduates/profile/edit"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")
    response = client.post("/graduates/profile/edit", data=profile_form())
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_employers_cannot_open_the_graduate_pages(app, client, auth):
    with app.app_context():
        make_employer(email="erik@example.com")
    auth.login("erik@example.com")

    for url in ("/graduates/profile", "/graduates/profile/edit"):
        assert client.get(url).status_code == 403
    assert client.post("/graduates/profile/edit", data=profile_form()).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(GraduateProfile)) == 0


def test_nul_characters_are_dropped_rather_than_breaking_the_save(app, client, auth):
    with app.app_context():
        make_skills()
        make_graduate("ana@example.com")
    auth.login("ana@example.com")

    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(
            headline="Data\x00 analyst", skills=["text:Bar\x00ista"], **{"skills-typed": "SQL\x00"}
        ),
    )

    assert response.status_code == 302
    saved = profile_of(app, "ana@example.com")
    assert saved["headline"] == "Data analyst"
    assert saved["skills"] == [(False, "Barista"), (True, "SQL")]
