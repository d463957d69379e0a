"""Matching and engagement services without HTTP: documents, recommendations, candidates."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

import pytest

from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    InteractionKind,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    OpportunityStatus,
    RemoteMode,
    Role,
    Visibility,
    WorkPermit,
)
from talentmatch.recommender.types import LanguageLevel, ProfileDoc, SkillRef
from talentmatch.services import engagement, matching, matching_documents
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
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


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def test_profile_documents_carry_skills_languages_places_and_permit_but_no_identity(app_ctx):
    skills = make_skills()
    user = make_graduate(
        skills=[skills["SQL"]],
        languages={"fi": CEFRLevel.B1, "sv": CEFRLevel.NATIVE},
        municipalities=("Espoo",),
        work_permit=WorkPermit.NEEDS_SPONSORSHIP,
        field_of_study="Statistics",
        open_to_internship=True,
        remote_ok=True,
    )
    doc = matching_documents.profile_doc(user.profile)
    assert doc.id == str(user.profile.id)
    assert doc.skills == (SkillRef("SQL", skills["SQL"].uri),)
    assert set(doc.languages) == {LanguageLevel("fi", 3), LanguageLevel("sv", 7)}
    assert doc.municipalities == ("Espoo",)
    assert doc.remote_ok
    assert doc.work_permit == "needs_sponsorship"
    assert doc.field_of_study == "Statistics"
    assert set(doc.open_to) == {"full_time", "internship"}
    names = {f.name for f in fields(ProfileDoc)}
    assert not names & {"nationality", "name", "email", "country", "full_name"}
    assert user.full_name not in repr(doc)


def test_opportunity_documents_keep_esco_uris_and_free_text_skills(app_ctx):
    skills = make_skills()
    job = make_job(
        title="Data analyst",
        required_skills=[skills["SQL"]],
        nice_skills=[skills["machine learning"]],
        languages={"fi": CEFRLevel.B2},
        sponsors_permit=True,
    )
    job.skills.append(OpportunitySkill(label="Power BI", required=True, position=5))
    doc = matching_documents.opportunity_doc(job)
    assert doc.skills == (SkillRef("SQL", skills["SQL"].uri), SkillRef("Power BI", None))
    assert doc.nice_to_have_skills == (
        SkillRef("machine learning", skills["machine learning"].uri),
    )
    assert doc.languages == (LanguageLevel("fi", 4),)
    assert (doc.kind, doc.municipality, doc.remote) == ("job", "Helsinki", "on_site")
    assert doc.employment_type == "full_time"
    assert doc.sponsors_permit is True
    assert doc.provider == job.organisation.name


def test_a_course_document_has_its_taught_skills_and_asks_for_its_language_of_teaching(
    app_ctx,
):
    skills = make_skills()
    university = make_university(name="University of Helsinki")
    skills_course = make_opportunity(
        OpportunityKind.COURSE,
        title="Python Programming MOOC",
        university=university,
        required_skills=[skills["Python (computer programming)"], skills["SQL"]],
        municipality=None,
        remote_mode=RemoteMode.REMOTE,
    )
    doc = matching_documents.opportunity_doc(skills_course)
    assert doc.kind == "course"
    assert doc.skills == (
        SkillRef("Python (computer programming)", skills["Python (computer programming)"].uri),
        SkillRef("SQL", skills["SQL"].uri),
    )
    assert doc.nice_to_have_skills == ()
    assert doc.languages == (LanguageLevel("en", int(CEFRLevel.B1)),)
    assert (doc.remote, doc.provider) == ("remote", "University of Helsinki")

    # A Finnish course taught in Finnish asks for no Finnish: it is how people learn it.
    in_finnish = make_opportunity(
        OpportunityKind.COURSE,
        university=university,
        instruction_language="fi",
        teaches_language="fi",
        level_from=int(CEFRLevel.A2),
        level_to=int(CEFRLevel.B1),
    )
    assert matching_documents.opportunity_doc(in_finnish).languages == ()
    # Taught in English, it asks for English.
    in_english = make_opportunity(
        OpportunityKind.COURSE, university=university, teaches_language="fi", level_to=1
    )
    assert matching_documents.opportunity_doc(in_english).languages == (LanguageLevel("en", 3),)


def test_rankings_of_every_kind_leave_courses_out(app_ctx):
    skills = make_skills()
    graduate = make_graduate(skills=[skills["SQL"]])
    job = make_job(title="SQL analyst", required_skills=[skills["SQL"]])
    make_opportunity(
        OpportunityKind.COURSE, university=make_university(), required_skills=[skills["SQL"]]
    )
    found = matching.recommend_for(graduate, k=10)
    assert [r.opportunity.id for r in found] == [job.id]


def test_only_open_opportunities_before_their_deadline_are_fitted(app_ctx):
    make_job(title="Open")
    make_job(title="Draft", status=OpportunityStatus.DRAFT)
    make_job(title="Closed", status=OpportunityStatus.CLOSED)
    make_job(title="Past", deadline=TODAY - timedelta(days=1))
    make_job(title="No deadline", deadline=None)
    version = matching.fit_and_activate()
    assert version.opportunity_count == 2
    served = matching_engine.holder.recommender.opportunity_ids
    assert {db.session.get(Opportunity, int(i)).title for i in served} == {"Open", "No deadline"}


def test_recommendations_leave_out_hidden_items_and_mark_saved_ones(app_ctx):
    skills = make_skills()
    graduate = make_graduate(skills=[skills["SQL"]])
    kept = make_job(title="SQL analyst", required_skills=[skills["SQL"]])
    hidden = make_job(title="SQL developer", required_skills=[skills["SQL"]])
    engagement.record(graduate, kept.id, InteractionKind.SAVE, TODAY)
    engagement.record(graduate, hidden.id, InteractionKind.HIDE, TODAY)
    found = matching.recommend_for(graduate, OpportunityKind.JOB, k=10)
    assert [r.opportunity.id for r in found] == [kept.id]
    assert found[0].saved
    assert 0 <= found[0].score <= 1


def test_recommendations_are_for_graduates(app_ctx):
    with pytest.raises(NotAllowed):
        matching.recommend_for(make_employer(make_organisation()))


def test_for_you_has_a_lane_for_every_kind_but_courses(app_ctx):
    graduate = make_graduate()
    make_opportunity(OpportunityKind.EVENT, title="Meetup", organisation=make_organisation())
    page = matching.for_you(graduate, matching.NO_FILTERS)
    assert [lane.kind for lane in page.lanes] == [
        kind for kind in OpportunityKind if kind is not OpportunityKind.COURSE
    ]
    assert page.ready
    assert [r.opportunity.title for r in page.lanes[-1].items] == ["Meetup"]


def test_candidates_are_only_graduates_who_let_employers_see_them(app_ctx):
    skills = make_skills()
    organisation = make_organisation()
    employer = make_employer(organisation)
    job = make_job(organisation, required_skills=[skills["SQL"]])
    shown = make_graduate(visibility=Visibility.EMPLOYERS, skills=[skills["SQL"]])
    make_graduate(visibility=Visibility.PRIVATE, skills=[skills["SQL"]])
    make_graduate(visibility=Visibility.CAREER_SERVICES, skills=[skills["SQL"]])
    inactive = make_graduate(visibility=Visibility.EMPLOYERS, skills=[skills["SQL"]])
    inactive.active = False
    result = matching.candidates_for(employer, job.id)
    assert result.ranked
    assert [c.profile.user_id for c in result.candidates] == [shown.id]
    assert 0 < result.candidates[0].score <= 1


def test_candidates_are_for_the_jobs_own_organisation(app_ctx):
    job = make_job()
    outsider = make_employer(make_organisation())
    with pytest.raises(NotAllowed):
        matching.candidates_for(outsider, job.id)
    with pytest.raises(NotFound):
        matching.candidates_for(outsider, 999_999)
    with pytest.raises(NotAllowed):
        matching.candidates_for(make_graduate(), job.id)


def test_hiding_a_saved_item_takes_it_off_the_saved_list(app_ctx):
    graduate = make_graduate()
    first, second = make_job(title="First"), make_job(title="Second")
    engagement.record(graduate, first.id, InteractionKind.SAVE, TODAY)
    engagement.record(graduate, second.id, InteractionKind.SAVE, TODAY)
    assert [o.title for o in engagement.saved_for(graduate)] == ["Second", "First"]
    engagement.record(graduate, second.id, InteractionKind.HIDE, TODAY)
    assert [o.title for o in engagement.saved_for(graduate)] == ["First"]
    assert engagement.feedback_for(graduate) == [
        (first.id, InteractionKind.SAVE),
        (second.id, InteractionKind.HIDE),
    ]


def test_feedback_rules(app_ctx):
    job = make_job()
    with pytest.raises(NotAllowed):
        engagement.record(make_user(Role.EMPLOYER), job.id, InteractionKind.SAVE, TODAY)
    with pytest.raises(InvalidInput):
        engagement.record(make_graduate(), job.id, InteractionKind.VIEW, TODAY)
    with pytest.raises(NotFound):
        engagement.record(make_graduate(), job.id, InteractionKind.SAVE, TODAY + timedelta(90))


def test_suggestions_refuse_oversized_input_and_ignore_blank_text(app_ctx):
    with pytest.raises(InvalidInput):
        matching.suggest_skills("x" * (matching.MAX_SUGGESTION_TEXT + 1))
    with pytest.raises(InvalidInput):
        matching.suggest_occupations("x" * (matching.MAX_TITLE_TEXT + 1))
    assert matching.suggest_skills(" \n ") == []
    assert matching.suggest_occupations("") == []


def test_suggested_skills_become_skill_picker_tokens(app_ctx):
    skills = make_skills()
    found = {s.label: s for s in matching.suggest_skills("We use SQL and Python every day.")}
    assert found["SQL"].token == f"esco:{skills['SQL'].id}:SQL"
