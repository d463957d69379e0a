"""Eligibility rules: each criterion both ways, pair by pair and over every opportunity at once."""

from datetime import date

import numpy as np
import pytest

from talentmatch.recommender.eligibility import EligibilityTable, check, reasons
from talentmatch.recommender.types import (
    Eligibility,
    OpportunityDoc,
    ProfileDoc,
    ReasonCode,
)

TODAY = date(2025, 3, 1)
UH, HANKEN, METROPOLIA = "1", "2", "3"


def programme(id, **criteria):
    return OpportunityDoc(id=id, kind="programme", title=id, eligibility=Eligibility(**criteria))


def graduate(**facts):
    return ProfileDoc(id=facts.pop("id", "p"), **facts)


OPPORTUNITIES = (
    programme("open"),
    programme("uh", universities=(UH,), university_names=("University of Helsinki",)),
    programme(
        "hanken-2y",
        universities=(HANKEN,),
        university_names=("Hanken School of Economics",),
        max_years_since_graduation=2,
    ),
    programme("masters", degree_levels=("master", "doctorate")),
    programme("recent", max_years_since_graduation=3),
    programme("sponsored", work_permits=("needs_sponsorship",)),
    programme("nursing", fields_of_study=("nursing", "health care")),
    programme("newcomers", target_groups=("newcomers",)),
    programme("international", target_groups=("international",)),
)

CASES = [
    # (opportunity, profile facts, eligible)
    ("open", {}, True),
    ("uh", {"university": UH}, True),
    ("uh", {"university": METROPOLIA}, False),
    ("uh", {}, False),
    ("hanken-2y", {"university": HANKEN, "graduation_year": 2023}, True),
    ("hanken-2y", {"university": HANKEN, "graduation_year": 2022}, False),
    ("hanken-2y", {"university": HANKEN, "graduation_year": 2026}, True),  # still studying
    ("hanken-2y", {"university": UH, "graduation_year": 2024}, False),
    ("masters", {"degree_level": "master"}, True),
    ("masters", {"degree_level": "bachelor"}, False),
    ("masters", {}, False),
    ("recent", {"graduation_year": 2022}, True),  # exactly three years ago
    ("recent", {"graduation_year": 2021}, False),  # four
    ("recent", {}, False),
    ("sponsored", {"work_permit": "needs_sponsorship"}, True),
    ("sponsored", {"work_permit": "eu_eea_citizen"}, False),
    ("nursing", {"field_of_study": "Nursing Science"}, True),
    ("nursing", {"field_of_study": "Social and health care"}, True),
    ("nursing", {"field_of_study": "Computer Science"}, False),
    ("newcomers", {"moved_to_finland_year": 2020}, True),  # exactly five years ago
    ("newcomers", {"moved_to_finland_year": 2019}, False),
    ("newcomers", {}, False),  # never moved here, or did not say
    ("international", {"moved_to_finland_year": 2001}, True),
    ("international", {}, False),
]


@pytest.mark.parametrize(("opportunity_id", "facts", "eligible"), CASES)
def test_each_criterion_admits_and_refuses(opportunity_id, facts, eligible):
    doc = next(d for d in OPPORTUNITIES if d.id == opportunity_id)
    result = check(graduate(**facts), doc.eligibility, TODAY)
    assert result.eligible is eligible
    assert bool(result.failed) is not eligible


@pytest.mark.parametrize(("opportunity_id", "facts", "eligible"), CASES)
def test_the_table_agrees_with_the_pair_check(opportunity_id, facts, eligible):
    table = EligibilityTable()
    table.extend(OPPORTUNITIES)
    row = [d.id for d in OPPORTUNITIES].index(opportunity_id)
    assert table.allows(graduate(**facts), TODAY)[row] is np.bool_(eligible)
    only = table.allows(graduate(**facts), TODAY, rows=np.array([row, 0]))
    assert list(only) == [eligible, True]


def test_empty_criteria_let_everyone_in_and_say_nothing():
    for facts in ({}, {"university": UH, "degree_level": "bachelor", "graduation_year": 1990}):
        profile = graduate(**facts)
        assert check(profile, Eligibility(), TODAY).eligible
        assert reasons(profile, OPPORTUNITIES[0], TODAY) == ()


def test_a_met_university_criterion_names_the_university_and_the_years():
    profile = graduate(university=HANKEN, graduation_year=2024)
    result = check(profile, OPPORTUNITIES[2].eligibility, TODAY)
    assert [r.code for r in result.reasons] == [ReasonCode.ELIGIBLE]
    reason = result.met[0]
    assert reason.param("criterion") == "university"
    assert reason.param("university") == "Hanken School of Economics"
    assert reason.param("years") == "2"


def test_a_failed_criterion_says_what_was_asked_and_what_is_missing():
    result = check(graduate(), OPPORTUNITIES[1].eligibility, TODAY)
    (reason,) = result.failed
    assert reason.code is ReasonCode.NOT_ELIGIBLE
    assert reason.param("universities") == "University of Helsinki"
    assert reason.param("missing") == "1"
    assert reason.penalty == 1.0


def test_graduating_too_long_ago_fails_the_years_not_the_university():
    result = check(
        graduate(university=HANKEN, graduation_year=2020), OPPORTUNITIES[2].eligibility, TODAY
    )
    assert [r.param("criterion") for r in result.met] == ["university"]
    assert [r.param("criterion") for r in result.failed] == ["graduation"]
    assert result.failed[0].param("graduation_year") == "2020"


def test_every_criterion_must_hold():
    criteria = Eligibility(universities=(UH,), degree_levels=("master",))
    assert check(graduate(university=UH, degree_level="master"), criteria, TODAY).eligible
    assert not check(graduate(university=UH, degree_level="bachelor"), criteria, TODAY).eligible


def test_a_keyword_must_start_a_word():
    criteria = Eligibility(fields_of_study=("art",))
    assert check(graduate(field_of_study="Fine Arts"), criteria, TODAY).eligible
    assert not check(graduate(field_of_study="Smart systems"), criteria, TODAY).eligible


def test_replacing_a_row_changes_who_may_take_part():
    table = EligibilityTable()
    table.extend(OPPORTUNITIES[:2])
    metropolia = graduate(university=METROPOLIA)
    assert list(table.allows(metropolia, TODAY)) == [True, False]
    table.replace(1, programme("uh", universities=(UH, METROPOLIA)))
    assert list(table.allows(metropolia, TODAY)) == [True, True]
    table.replace(0, programme("open", target_groups=("newcomers",)))
    table.extend([programme("later", degree_levels=("master",))])
    assert list(table.allows(metropolia, TODAY)) == [False, True, False]


# --- In the engine ---------------------------------------------------------------------------


def _engine():
    from talentmatch.recommender.model import Recommender
    from talentmatch.recommender.types import SkillRef

    data = (SkillRef("SQL"), SkillRef("data analytics"), SkillRef("statistics"))
    docs = [
        OpportunityDoc(
            id="unitalent",
            kind="programme",
            title="UNITalent data careers programme",
            description="Data analytics careers for international students.",
            skills=data,
            eligibility=Eligibility(
                universities=(UH,),
                university_names=("University of Helsinki",),
                target_groups=("international",),
            ),
        ),
        OpportunityDoc(
            id="open-programme",
            kind="programme",
            title="Data careers programme",
            description="Data analytics careers in Helsinki.",
            skills=data,
        ),
    ]
    profile = graduate(
        id="p",
        skills=data,
        field_of_study="Data science",
        university=METROPOLIA,
        moved_to_finland_year=2021,
    )
    return Recommender.fit(docs, [profile]), profile


def test_an_ineligible_programme_is_never_recommended_and_an_eligible_one_says_why():
    engine, metropolia = _engine()
    found = engine.recommend(metropolia, kind="programme", k=10, today=TODAY)
    assert [m.opportunity_id for m in found] == ["open-programme"]
    assert all(r.code is not ReasonCode.ELIGIBLE for r in found[0].explanation.reasons)
    uh = ProfileDoc(**{**metropolia.__dict__, "university": UH})
    found = {m.opportunity_id: m for m in engine.recommend(uh, kind="programme", today=TODAY)}
    assert set(found) == {"unitalent", "open-programme"}
    eligible = [r for r in found["unitalent"].explanation.reasons if r.code is ReasonCode.ELIGIBLE]
    assert [(r.param("criterion"), r.param("university")) for r in eligible[:1]] == [
        ("university", "University of Helsinki")
    ]
    assert {r.param("criterion") for r in eligible} == {"university", "target_group"}


def test_an_edited_programme_is_gated_at_once():
    engine, metropolia = _engine()
    doc = OpportunityDoc(
        id="open-programme",
        kind="programme",
        title="Data careers programme",
        description="Data analytics careers in Helsinki.",
        eligibility=Eligibility(degree_levels=("doctorate",)),
    )
    engine.upsert(doc)
    assert engine.recommend(metropolia, kind="programme", today=TODAY) == []
    explained = engine.explain(metropolia, "open-programme", today=TODAY)
    assert explained.score == 0
    assert [r.param("criterion") for r in explained.explanation.reasons] == ["degree_level"]


def test_an_engine_loaded_from_its_artefact_rebuilds_the_eligibility_table_from_its_documents():
    from talentmatch.recommender import store

    engine, metropolia = _engine()
    key = b"k" * 32
    artefact = store.dump(engine, key)
    restored = store.load(artefact.blob, artefact.signature, key)
    ids = {m.opportunity_id for m in restored.recommend(metropolia, today=TODAY)}
    assert ids == {"open-programme"}
    assert restored.recommend(metropolia, today=TODAY) == engine.recommend(metropolia, today=TODAY)
