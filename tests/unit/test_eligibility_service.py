"""Saving who may take part, handing it to the engine, and the demo programmes' real criteria."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    DegreeLevel,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
    TargetGroup,
    WorkPermit,
)
from talentmatch.models.opportunities import opportunity_universities
from talentmatch.services import curation, matching, matching_documents
from talentmatch.services.eligibility import EligibilityInput, for_viewer, parse_keywords
from talentmatch.services.errors import InvalidInput
from talentmatch.services.opportunities import OpportunityInput
from tests.factories import make_graduate, make_opportunity, make_university, make_user

TODAY = date.today()


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def _curator(university):
    return make_user(Role.CAREER_SERVICES, university=university)


def test_a_curator_saves_every_criterion_and_the_engine_gets_them(app_ctx):
    hanken = make_university("Hanken School of Economics")
    programme = curation.create_item(
        _curator(hanken),
        OpportunityKind.PROGRAMME,
        OpportunityInput(title="Hanken International Talent"),
        publish=True,
        today=TODAY,
        who=EligibilityInput(
            university_ids=(hanken.id,),
            degree_levels=(DegreeLevel.MASTER,),
            max_years_since_graduation=2,
            work_permits=(WorkPermit.PERMIT_ALLOWS_WORK, WorkPermit.POST_STUDY_JOB_SEEKER),
            fields_of_study=parse_keywords("Economics, business ,, economics"),
            target_groups=(TargetGroup.INTERNATIONAL,),
        ),
    )
    db.session.expire_all()
    saved = db.session.get(Opportunity, programme.id)
    assert [u.name for u in saved.eligible_universities] == ["Hanken School of Economics"]
    assert saved.eligible_degree_levels == [DegreeLevel.MASTER]
    assert saved.max_years_since_graduation == 2
    assert saved.eligible_work_permits == [
        WorkPermit.PERMIT_ALLOWS_WORK,
        WorkPermit.POST_STUDY_JOB_SEEKER,
    ]
    assert saved.eligible_fields_of_study == ["Economics", "business"]
    assert saved.target_groups == [TargetGroup.INTERNATIONAL]
    criteria = matching_documents.opportunity_doc(saved).eligibility
    assert criteria.universities == (str(hanken.id),)
    assert criteria.university_names == ("Hanken School of Economics",)
    assert criteria.work_permits == ("permit_allows_work", "post_study_job_seeker")


def test_editing_without_criteria_keeps_them_and_empty_criteria_open_the_item(app_ctx):
    university = make_university()
    curator = _curator(university)
    item = make_opportunity(
        OpportunityKind.COMMUNITY,
        university=university,
        target_groups=[TargetGroup.NEWCOMERS],
        eligible_universities=[university],
    )
    curation.update_item(curator, item.id, OpportunityInput(title="Renamed"), today=TODAY)
    assert db.session.get(Opportunity, item.id).target_groups == [TargetGroup.NEWCOMERS]
    curation.update_item(
        curator, item.id, OpportunityInput(title="Renamed"), today=TODAY, who=EligibilityInput()
    )
    db.session.expire_all()
    opened = db.session.get(Opportunity, item.id)
    assert not opened.has_eligibility
    assert db.session.scalar(select(func.count()).select_from(opportunity_universities)) == 0


def test_bad_criteria_are_refused_whole_and_nothing_is_saved(app_ctx):
    university = make_university()
    curator = _curator(university)
    item = make_opportunity(OpportunityKind.COMMUNITY, title="Fair", university=university)
    with pytest.raises(InvalidInput) as refused:
        curation.update_item(
            curator,
            item.id,
            OpportunityInput(title="Renamed fair"),
            today=TODAY,
            who=EligibilityInput(
                university_ids=(university.id, 999_999),
                max_years_since_graduation=-1,
                fields_of_study=("x" * 61,),
            ),
        )
    assert set(refused.value.errors) == {
        "eligible_universities",
        "max_years_since_graduation",
        "eligible_fields_of_study",
    }
    db.session.expire_all()
    unchanged = db.session.get(Opportunity, item.id)
    assert unchanged.title == "Fair" and not unchanged.has_eligibility
    with pytest.raises(InvalidInput):
        curation.create_item(
            curator,
            OpportunityKind.COMMUNITY,
            OpportunityInput(title="New fair"),
            publish=True,
            today=TODAY,
            who=EligibilityInput(max_years_since_graduation=51),
        )
    assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 1


def test_an_ineligible_programme_is_never_recommended_and_an_eligible_one_says_why(app_ctx):
    helsinki = make_university("University of Helsinki")
    metropolia = make_university("Metropolia University of Applied Sciences")
    description = "Careers in data analytics and statistics for international students."
    make_opportunity(
        OpportunityKind.PROGRAMME,
        title="UNITalent",
        description=description,
        university=helsinki,
        eligible_universities=[helsinki],
    )
    make_opportunity(OpportunityKind.PROGRAMME, title="Open to all", description=description)
    nurse = make_graduate(university=metropolia, about=description)
    student = make_graduate(university=helsinki, about=description)
    for_nurse = matching.recommend_for(nurse, OpportunityKind.PROGRAMME, k=10)
    assert [r.opportunity.title for r in for_nurse] == ["Open to all"]
    for_student = {
        r.opportunity.title: r for r in matching.recommend_for(student, OpportunityKind.PROGRAMME)
    }
    assert set(for_student) == {"UNITalent", "Open to all"}
    reasons = for_student["UNITalent"].explanation.reasons
    (reason,) = [r for r in reasons if r.code in ("eligible", "not_eligible")]
    assert (reason.code, reason.param("university")) == ("eligible", "University of Helsinki")
    refused = for_viewer(
        nurse, db.session.get(Opportunity, for_student["UNITalent"].opportunity.id), TODAY
    )
    assert refused is not None and not refused.eligible


def test_a_graduate_who_never_moved_to_finland_is_not_offered_a_newcomers_network(app_ctx):
    network = make_opportunity(
        OpportunityKind.COMMUNITY,
        title="Startup Refugees network",
        target_groups=[TargetGroup.NEWCOMERS],
    )
    local = make_graduate()
    newcomer = make_graduate(moved_to_finland_year=TODAY.year - 1)
    assert not for_viewer(local, network, TODAY).eligible
    assert for_viewer(newcomer, network, TODAY).eligible
    lane = [r.opportunity.title for r in matching.recommend_for(local, OpportunityKind.COMMUNITY)]
    assert "Startup Refugees network" not in lane


def test_the_demo_programmes_carry_their_real_eligibility(runner, app):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        items = {
            o.title: o
            for o in db.session.scalars(
                select(Opportunity).where(Opportunity.status == OpportunityStatus.OPEN)
            )
        }
        unitalent = next(o for title, o in items.items() if title.startswith("UNITalent"))
        assert [u.name for u in unitalent.eligible_universities] == ["University of Helsinki"]
        assert unitalent.target_groups == [TargetGroup.INTERNATIONAL]
        assert unitalent.max_years_since_graduation == 2
        hanken = next(o for title, o in items.items() if "Hanken International Talent" in title)
        assert [u.name for u in hanken.eligible_universities] == ["Hanken School of Economics"]
        refugees = items["Startup Refugees network"]
        assert refugees.target_groups == [TargetGroup.NEWCOMERS]
        assert not refugees.eligible_universities
        assert not items["Maria 01 startup community"].has_eligibility
        assert all(not o.has_eligibility for o in items.values() if o.kind is OpportunityKind.JOB)
