"""Fit bands come from facts a person can check, never from a raw similarity."""

from talentmatch.recommender.explain import fit_band
from talentmatch.recommender.types import Reason, ReasonCode

FINNISH_BELOW = Reason(ReasonCode.LANGUAGE_BELOW, (("language", "fi"),), 0.6)


def band(**facts):
    defaults = {"profile_skills": 5, "required": 4, "met": 0, "close": 0, "shared": 0}
    return fit_band(**(defaults | facts))


def test_a_job_sharing_no_skill_directly_is_never_strong():
    assert band(met=0, close=0) is None
    assert band(met=0, close=1, required=4) == "some"
    assert band(met=0, close=4, required=4) == "good"  # close skills alone never make it strong


def test_half_the_required_skills_met_directly_is_strong():
    assert band(met=2, required=4) == "strong"
    assert band(met=1, close=2, required=4) == "strong"
    assert band(met=1, required=4) == "good"
    assert band(met=1, required=10) == "some"


def test_an_unmet_language_or_permit_requirement_caps_the_band_at_some():
    assert band(met=4, required=4, reasons=(FINNISH_BELOW,)) == "some"
    permit = Reason(ReasonCode.PERMIT_NEEDS_SPONSORSHIP, (), 0.6)
    assert band(met=4, required=4, reasons=(permit,)) == "some"


def test_an_empty_or_thin_profile_gets_no_band_at_all():
    assert band(profile_skills=0, met=0) is None
    assert band(profile_skills=2, met=4, required=4) is None
    assert band(profile_skills=3, met=4, required=4) == "strong"


def test_an_opportunity_without_required_skills_is_at_most_a_good_fit():
    assert band(required=0, shared=5) == "good"
    assert band(required=0, shared=1) == "some"
    assert band(required=0, shared=0) is None
    eligible = Reason(ReasonCode.ELIGIBLE, (("who", "University of Helsinki students"),))
    assert band(required=0, shared=0, reasons=(eligible,)) == "some"
