"""Constraints beside similarity: languages, permit, location, deadlines, row by row and at once."""

from datetime import date, timedelta

import numpy as np
import pytest

from talentmatch.recommender.config import EngineConfig
from talentmatch.recommender.constraints import ConstraintTable, multiplier, reasons
from talentmatch.recommender.types import LanguageLevel, MatchFilters, OpportunityDoc, ProfileDoc

TODAY = date(2025, 3, 1)
CONFIG = EngineConfig()


def opportunity(id, **fields):
    return OpportunityDoc(id=id, kind="job", title=id, **fields)


OPPORTUNITIES = (
    opportunity("finnish-b2", languages=(LanguageLevel("en", 4), LanguageLevel("fi", 4))),
    opportunity("swedish-b1", languages=(LanguageLevel("sv", 3),), municipality="Espoo"),
    opportunity("no-sponsor", sponsors_permit=False, municipality="Helsinki"),
    opportunity("sponsor", sponsors_permit=True, municipality="Vantaa", remote="hybrid"),
    opportunity("remote", municipality="Kerava", remote="remote"),
    opportunity("closed-yesterday", deadline=TODAY - timedelta(days=1)),
    opportunity("closes-soon", deadline=TODAY + timedelta(days=5), municipality="Helsinki"),
)

A2_GRADUATE = ProfileDoc(
    id="a2",
    languages=(LanguageLevel("en", 5), LanguageLevel("fi", 2)),
    municipalities=("Helsinki",),
    work_permit="needs_sponsorship",
)
REMOTE_GRADUATE = ProfileDoc(
    id="remote",
    languages=(LanguageLevel("en", 7), LanguageLevel("fi", 4), LanguageLevel("sv", 2)),
    municipalities=("Espoo", "remote"),
    work_permit="eu_eea_citizen",
)


@pytest.fixture()
def table():
    found = ConstraintTable()
    found.extend(OPPORTUNITIES)
    return found


def codes(profile, doc):
    return {reason.code: reason for reason in reasons(profile, doc, TODAY, CONFIG)}


def test_finnish_a2_falls_short_of_b2_with_levels_in_the_reason():
    found = codes(A2_GRADUATE, OPPORTUNITIES[0])
    below = found["language_below"]
    assert (below.param("language"), below.param("required"), below.param("have")) == (
        "fi",
        "B2",
        "A2",
    )
    assert below.penalty == CONFIG.language_penalty
    assert found["language_ok"].param("language") == "en"


def test_a_language_the_graduate_lacks_is_missing_and_penalised_once():
    doc = opportunity("two", languages=(LanguageLevel("sv", 3), LanguageLevel("de", 3)))
    found = reasons(A2_GRADUATE, doc, TODAY, CONFIG)
    assert [r.code for r in found if r.code.startswith("language")] == [
        "language_missing",
        "language_missing",
    ]
    assert multiplier(found) == pytest.approx(1 - CONFIG.language_penalty)


def test_permit_reasons_follow_sponsorship_only_for_graduates_who_need_it():
    assert "permit_needs_sponsorship" in codes(A2_GRADUATE, OPPORTUNITIES[2])
    assert "permit_ok" in codes(A2_GRADUATE, OPPORTUNITIES[3])
    assert not {"permit_ok", "permit_needs_sponsorship"} & set(
        codes(REMOTE_GRADUATE, OPPORTUNITIES[2])
    )
    assert not {"permit_ok", "permit_needs_sponsorship"} & set(codes(A2_GRADUATE, OPPORTUNITIES[0]))


def test_location_reasons_name_the_municipality():
    assert codes(A2_GRADUATE, OPPORTUNITIES[2])["location_ok"].param("municipality") == "Helsinki"
    elsewhere = codes(A2_GRADUATE, OPPORTUNITIES[1])["location_elsewhere"]
    assert elsewhere.param("municipality") == "Espoo" and elsewhere.penalty > 0
    assert "location_remote" in codes(A2_GRADUATE, OPPORTUNITIES[4])
    hybrid = codes(REMOTE_GRADUATE, OPPORTUNITIES[3])["location_elsewhere"]
    assert 0 < hybrid.penalty < elsewhere.penalty


def test_deadline_soon_reason_counts_the_days():
    soon = codes(A2_GRADUATE, OPPORTUNITIES[6])["deadline_soon"]
    assert soon.param("days") == "5" and soon.param("deadline") == "2025-03-06"


def test_vectorised_assessment_agrees_with_the_reasons(table):
    for profile in (A2_GRADUATE, REMOTE_GRADUATE, ProfileDoc(id="empty")):
        assessment = table.assess(profile, MatchFilters(), TODAY, CONFIG)
        expected = [multiplier(reasons(profile, doc, TODAY, CONFIG)) for doc in OPPORTUNITIES]
        np.testing.assert_allclose(assessment.multiplier, expected, rtol=1e-6)
        some = np.array([0, 3, 4])
        subset = table.assess(profile, MatchFilters(), TODAY, CONFIG, some)
        np.testing.assert_allclose(subset.multiplier, np.asarray(expected)[some], rtol=1e-6)


def test_passed_deadlines_are_never_allowed_and_hard_filters_exclude(table):
    plain = table.assess(A2_GRADUATE, MatchFilters(), TODAY, CONFIG).allowed
    assert plain.tolist() == [True, True, True, True, True, False, True]
    strict = table.assess(
        A2_GRADUATE,
        MatchFilters(languages_met=True, sponsors_permit=True, my_municipalities=True),
        TODAY,
        CONFIG,
    ).allowed
    assert [doc.id for doc, ok in zip(OPPORTUNITIES, strict, strict=True) if ok] == [
        "remote",
        "closes-soon",
    ]


def test_replacing_a_row_adds_new_languages_and_keeps_the_others(table):
    table.replace(2, opportunity("no-sponsor", languages=(LanguageLevel("de", 5),)))
    assessment = table.assess(A2_GRADUATE, MatchFilters(languages_met=True), TODAY, CONFIG)
    assert assessment.allowed.tolist() == [False, False, False, True, True, False, True]
    assert assessment.multiplier[2] == pytest.approx(1 - CONFIG.language_penalty)
