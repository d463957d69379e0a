"""The profile service: what a graduate may save, and what is refused before anything is written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    ConsentPurpose,
    ConsentRecord,
    DegreeLevel,
    GraduateProfile,
    ProfileLanguage,
    ProfileSkill,
    Visibility,
    WorkPermit,
)
from talentmatch.services import profiles
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.profiles import ProfileInput
from talentmatch.services.skills import SkillsInput
from tests.factories import (
    make_employer,
    make_graduate,
    make_skills,
    make_university,
    make_user,
)

pytestmark = pytest.mark.usefixtures("app_ctx")

TODAY = date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _english(app_ctx):
    """Services run here without a request, so there is no browser language to choose from."""
    with force_locale("en"):
        yield


def give_skills(user, *skills) -> None:
    for position, skill in enumerate(skills):
        user.profile.skills.append(
            ProfileSkill(skill_id=skill.id, label=skill.label_en, position=position)
        )
    db.session.commit()


def full_input(**changes) -> ProfileInput:
    university = make_university()
    data = ProfileInput(
        headline="Data analyst with a master's in statistics",
        about="I like turning messy data into decisions.",
        university_id=university.id,
        degree_level=DegreeLevel.MASTER,
        field_of_study="Statistics",
        graduation_year=2024,
        skills=SkillsInput(typed="SQL"),
        languages=[("en", CEFRLevel.C1), ("fi", CEFRLevel.A2)],
        municipalities=["Helsinki", "Espoo"],
        remote_ok=True,
        work_permit=WorkPermit.POST_STUDY_JOB_SEEKER,
        permit_end_date=TODAY + timedelta(days=200),
        open_to_internship=True,
        visibility=Visibility.CAREER_SERVICES,
    )
    return replace(data, **changes)


def refused(user, data: ProfileInput) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        profiles.update_profile(user, data, TODAY)
    return caught.value.errors


def test_graduate_saves_every_part_of_the_profile():
    skills = make_skills()
    user = make_graduate(municipalities=())
    python = skills["Python (computer programming)"]
    data = full_input(skills=SkillsInput(tokens=(f"esco:{python.id}:Python",), typed="SQL"))

    profile = profiles.update_profile(user, data, TODAY)

    db.session.expire_all()
    saved = db.session.get(GraduateProfile, profile.id)
    assert saved.headline == "Data analyst with a master's in statistics"
    assert saved.degree_level is DegreeLevel.MASTER
    assert saved.graduation_year == 2024
    assert [(s.skill_id, s.label) for s in saved.skills] == [
        (python.id, "Python (computer programming)"),
        (skills["SQL"].id, "SQL"),
    ]
    assert saved.language_levels() == {"en": CEFRLevel.C1, "fi": CEFRLevel.A2}
    assert [m.name for m in saved.municipalities] == ["Helsinki", "Espoo"]
    assert saved.work_permit is WorkPermit.POST_STUDY_JOB_SEEKER
    assert saved.permit_end_date == TODAY + timedelta(days=200)
    assert saved.open_to_internship and saved.remote_ok
    assert saved.visibility is Visibility.CAREER_SERVICES


def test_saving_replaces_skills_languages_and_municipalities():
    skills = make_skills()
    user = make_graduate(languages={"sv": CEFRLevel.B1}, municipalities=("Vantaa",))
    give_skills(user, skills["SQL"])
    data = full_input(
        skills=SkillsInput(typed="data analytics"),
        languages=[("sv", CEFRLevel.B2)],
        municipalities=["Vantaa", "Turku"],
    )

    profile = profiles.update_profile(user, data, TODAY)

    db.session.expire_all()
    assert [s.label for s in profile.skills] == ["data analytics"]
    assert profile.language_levels() == {"sv": CEFRLevel.B2}
    assert [m.name for m in profile.municipalities] == ["Vantaa", "Turku"]
    assert db.session.scalar(select(db.func.count()).select_from(ProfileSkill)) == 1


def test_typed_finnish_label_resolves_to_the_esco_skill():
    skills = make_skills()
    user = make_graduate()

    profile = profiles.update_profile(
        user, full_input(skills=SkillsInput(typed="koneoppiminen")), TODAY
    )

    assert [(s.skill_id, s.label) for s in profile.skills] == [
        (skills["machine learning"].id, "machine learning")
    ]


def test_free_text_is_kept_when_no_esco_skill_fits():
    make_skills()
    user = make_graduate()

    profile = profiles.update_profile(
        user, full_input(skills=SkillsInput(typed="Kahvinkeitto, SQL")), TODAY
    )

    assert [(s.skill_id is None, s.label) for s in profile.skills] == [
        (True, "Kahvinkeitto"),
        (False, "SQL"),
    ]


def test_unknown_skill_id_is_refused_on_the_skills_field():
    make_skills()
    user = make_graduate()

    errors = refused(user, full_input(skills=SkillsInput(tokens=("esco:999999:Nope",))))

    assert errors == {"skills": "Unknown skill: please pick one from the list."}


def test_a_100000_character_about_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(about="x" * 100_000))

    assert errors["about"] == "Use at most 10,000 characters (you used 100,000)."


def test_over_long_headline_and_field_of_study_are_refused():
    user = make_graduate()

    errors = refused(user, full_input(headline="h" * 161, field_of_study="f" * 161))

    assert set(errors) == {"headline", "field_of_study"}
    assert "at most 160 characters" in errors["headline"]


@pytest.mark.parametrize("year", [1800, 1949, TODAY.year + 9])
def test_graduation_year_outside_1950_to_eight_years_ahead_is_refused(year):
    user = make_graduate()

    errors = refused(user, full_input(graduation_year=year))

    assert errors["graduation_year"] == (
        f"Enter a graduation year between 1950 and {TODAY.year + 8}."
    )


def test_graduation_year_eight_years_ahead_is_accepted():
    user = make_graduate()

    profile = profiles.update_profile(user, full_input(graduation_year=TODAY.year + 8), TODAY)

    assert profile.graduation_year == TODAY.year + 8


def test_unknown_university_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(university_id=987654))

    assert errors["university_id"] == "Unknown university: choose one from the list."


def test_unknown_language_code_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(languages=[("en", CEFRLevel.C1), ("xx", CEFRLevel.B1)]))

    assert errors["languages"] == "Unknown language: xx."


def test_a_language_listed_twice_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(languages=[("fi", CEFRLevel.B1), ("fi", CEFRLevel.C1)]))

    assert errors["languages"] == "List each language only once."


def test_municipality_outside_the_list_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(municipalities=["Helsinki", "Atlantis"]))

    assert errors["municipalities"] == "Choose municipalities from the list."


def test_post_study_permit_needs_an_end_date():
    user = make_graduate()

    errors = refused(user, full_input(permit_end_date=None))

    assert errors["permit_end_date"] == "Give the date your permit to look for work ends."


def test_permit_end_date_in_the_past_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(permit_end_date=TODAY - timedelta(days=1)))

    assert errors["permit_end_date"] == "The permit end date cannot be in the past."


def test_end_date_is_dropped_for_citizens_who_need_no_permit():
    user = make_graduate()

    profile = profiles.update_profile(
        user, full_input(work_permit=WorkPermit.EU_EEA_CITIZEN), TODAY
    )

    assert profile.permit_end_date is None


def test_visibility_outside_the_choices_is_refused():
    user = make_graduate()

    errors = refused(user, full_input(visibility="everyone"))

    assert errors["visibility"] == "Choose who can see your profile."


def test_every_offending_field_is_reported_at_once():
    make_skills()
    user = make_graduate()

    errors = refused(
        user,
        full_input(
            about="x" * 100_000,
            graduation_year=1800,
            skills=SkillsInput(tokens=("esco:999999:Nope",)),
            municipalities=["Atlantis"],
            permit_end_date=None,
        ),
    )

    assert set(errors) == {
        "about",
        "graduation_year",
        "skills",
        "municipalities",
        "permit_end_date",
    }


def test_nothing_is_saved_when_input_is_refused():
    skills = make_skills()
    user = make_graduate(languages={"en": CEFRLevel.B2}, headline="Before")
    give_skills(user, skills["SQL"])

    refused(
        user,
        full_input(headline="After", languages=[("de", CEFRLevel.A1)], graduation_year=1800),
    )

    db.session.expire_all()
    profile = db.session.get(GraduateProfile, user.profile.id)
    assert profile.headline == "Before"
    assert [s.label for s in profile.skills] == ["SQL"]
    assert profile.language_levels() == {"en": CEFRLevel.B2}
    assert db.session.scalar(select(db.func.count()).select_from(ProfileLanguage)) == 1
    assert db.session.scalars(select(ConsentRecord)).all() == []


def test_changing_visibility_records_consent():
    user = make_graduate(visibility=Visibility.PRIVATE)

    profiles.update_profile(user, full_input(visibility=Visibility.EMPLOYERS), TODAY)

    records = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.purpose)).all()
    assert [(r.user_id, r.purpose, r.text_version, r.in_force) for r in records] == [
        (user.id, ConsentPurpose.CAREER_SERVICES_VISIBILITY, "2026-12-02", True),
        (user.id, ConsentPurpose.EMPLOYER_VISIBILITY, "2026-12-02", True),
    ]


def test_keeping_the_same_visibility_records_no_consent():
    user = make_graduate(visibility=Visibility.EMPLOYERS)

    profiles.update_profile(user, full_input(visibility=Visibility.EMPLOYERS), TODAY)

    assert db.session.scalars(select(ConsentRecord)).all() == []


def test_only_graduates_can_save_a_profile():
    employer = make_employer()

    with pytest.raises(NotAllowed):
        profiles.update_profile(employer, full_input(), TODAY)

    assert db.session.scalars(select(GraduateProfile)).all() == []


def test_get_profile_creates_an_empty_profile_when_missing():
    user = make_user()

    profile = profiles.get_profile(user)

    assert profile.id is not None
    assert profile.visibility is Visibility.PRIVATE
    assert "your skills" in profiles.missing_sections(profile)


def test_a_complete_profile_has_nothing_missing():
    user = make_graduate()

    profile = profiles.update_profile(user, full_input(), TODAY)

    assert profiles.missing_sections(profile) == []
