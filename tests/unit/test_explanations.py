"""Every reason the engine gives has wording, and the lines say what the facts say."""

import pytest

from talentmatch.explanations import LANGUAGE_CODES, WORDING, fit_label, why_lines
from talentmatch.recommender.types import Explanation, Reason, ReasonCode


@pytest.mark.parametrize("code", list(ReasonCode))
def test_every_reason_code_has_wording(code):
    assert code in WORDING or code in LANGUAGE_CODES
    params = (("language", "fi"), ("required", "B2"), ("have", "B1"), ("municipality", "Espoo"))
    params += (("deadline", "2027-01-31"), ("who", "Hanken students"))
    for audience in ("graduate", "employer"):
        lines = why_lines(Explanation(reasons=(Reason(code, params),)), {"fi": "Finnish"}, audience)
        assert len(lines) == 1
        assert lines[0].text and code.value not in lines[0].text


def test_the_why_names_shared_related_and_missing_skills_and_the_count_met():
    explanation = Explanation(
        shared_skills=("SQL",),
        related_skills=(("Python", "computer programming"),),
        missing_skills=("computer programming", "Java"),
        required_count=3,
        required_met=1,
        required_close=1,
        missing_count=2,
    )
    texts = [line.text for line in why_lines(explanation)]
    assert texts == [
        "Shared skills: SQL.",
        "Related skills you have: Python (close to computer programming).",
        "1 of its 3 required skills met, 1 more through a close skill.",
        "Missing skills: computer programming, Java.",
    ]


def test_an_employer_reads_about_the_candidate_not_about_you():
    explanation = Explanation(related_skills=(("Python", "computer programming"),))
    assert why_lines(explanation, audience="employer")[0].text.startswith("Related skills they")


def test_no_band_has_no_label():
    assert fit_label(None) == ""
    assert fit_label("strong", mutual=True) == "Strong mutual fit"


def test_an_item_without_required_skills_says_what_it_builds():
    explanation = Explanation(
        shared_skills=("entrepreneurship",), offered_skills=("develop business plans",)
    )
    texts = [line.text for line in why_lines(explanation, is_job=False)]
    assert texts == ["Shared skills: entrepreneurship.", "What it builds: develop business plans."]
