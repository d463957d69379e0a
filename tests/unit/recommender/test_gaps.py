"""What would open more doors, counted by hand on small catalogues: the next level of a language,
the skills near-miss jobs ask for, and the filters and hidden jobs the counts respect."""

from datetime import date

import pytest

from talentmatch.recommender.model import Recommender
from talentmatch.recommender.taxonomy import shipped_taxonomy
from talentmatch.recommender.types import LanguageLevel, MatchFilters, ProfileDoc
from tests.unit.recommender.test_model import job, skills

TODAY = date(2026, 12, 5)
A2, B1, B2, C1 = 2, 3, 4, 5
COOKING = (
    "use cooking techniques",
    "prepare desserts",
    "use food cutting tools",
    "prepare salad dressings",
)


def finnish(level):
    return (LanguageLevel("en", B2), LanguageLevel("fi", level))


CATALOGUE = (
    # Data jobs asking for Finnish: B1 opens the first two, not the third.
    job("fi-b1-a", "Data analyst", ("SQL", "statistics"), languages=finnish(B1)),
    job("fi-b1-b", "Reporting analyst", ("SQL",), languages=finnish(B1)),
    job("fi-b2", "Senior analyst", ("SQL", "statistics"), languages=finnish(B2)),
    job(
        "fi-b1-tampere",
        "Analyst in Tampere",
        ("SQL",),
        languages=finnish(B1),
        municipality="Tampere",
    ),
    # Fits today.
    job("open-now", "Junior data analyst", ("SQL", "statistics")),
    # Near misses: SQL in common, one of five required skills; any cooking skill more makes two
    # of five, a good fit, so each cooking skill opens all three.
    job("cook-1", "Canteen cook", ("SQL", *COOKING)),
    job("cook-2", "Line cook", ("SQL", *COOKING)),
    job("cook-3", "Restaurant cook", ("SQL", *COOKING)),
    # Nothing in common with her: no near miss, however few skills it asks for.
    job("pastry", "Pastry cook", ("prepare desserts",)),
    # Not a job: never counted.
    job("course", "Finnish course", ("SQL",), kind="programme", languages=finnish(B1)),
)

GRACE = ProfileDoc(
    id="grace",
    skills=skills("SQL", "statistics", "Python (computer programming)"),
    languages=(LanguageLevel("en", C1), LanguageLevel("fi", A2)),
    municipalities=("Helsinki",),
)


@pytest.fixture(scope="module")
def model():
    return Recommender.fit(CATALOGUE, [GRACE])


def uri_of(label):
    return next(s.uri for s in shipped_taxonomy().skills if s.label_en == label)


def cooking_uri():
    return uri_of("use cooking techniques")


def test_the_next_level_of_finnish_opens_exactly_the_jobs_asking_for_it(model):
    found = model.gaps(GRACE, today=TODAY)
    assert not found.thin_profile
    assert found.fits_now == 1  # open-now; the Finnish jobs are capped by her A2
    fi = next(line for line in found.languages if line.code == "fi")
    assert (fi.level_now, fi.level_next) == (A2, B1)
    assert set(fi.jobs) == {"fi-b1-a", "fi-b1-b", "fi-b1-tampere"}
    sv = next(line for line in found.languages if line.code == "sv")
    assert (sv.level_now, sv.level_next, sv.jobs) == (0, 1, ())


def test_a_skill_required_by_three_near_miss_jobs_is_counted_three_times(model):
    found = model.gaps(GRACE, today=TODAY)
    cooking = next(line for line in found.skills if line.uri == cooking_uri())
    assert set(cooking.jobs) == {"cook-1", "cook-2", "cook-3"}
    assert len(cooking.jobs) == 3  # counted once for each of the three near-miss jobs
    assert [len(line.jobs) for line in found.skills] == [3, 3, 3, 3]  # the four cooking skills


def test_counts_respect_hidden_jobs_and_filters(model):
    hidden = model.gaps(GRACE, today=TODAY, exclude=frozenset({"cook-2", "fi-b1-b"}))
    fi = next(line for line in hidden.languages if line.code == "fi")
    assert set(fi.jobs) == {"fi-b1-a", "fi-b1-tampere"}
    cooking = next(line for line in hidden.skills if line.uri == cooking_uri())
    assert set(cooking.jobs) == {"cook-1", "cook-3"}

    mine = model.gaps(GRACE, today=TODAY, filters=MatchFilters(my_municipalities=True))
    fi = next(line for line in mine.languages if line.code == "fi")
    assert set(fi.jobs) == {"fi-b1-a", "fi-b1-b"}  # Tampere is not among her places

    # Showing only jobs whose languages she meets: the Finnish jobs are hidden today and
    # would be shown, and fit, with B1.
    met = model.gaps(GRACE, today=TODAY, filters=MatchFilters(languages_met=True))
    fi = next(line for line in met.languages if line.code == "fi")
    assert set(fi.jobs) == {"fi-b1-a", "fi-b1-b", "fi-b1-tampere"}


def test_a_course_to_b2_opens_more_than_one_to_b1(model):
    to_b1 = model.jobs_opened(GRACE, language=("fi", B1), today=TODAY)
    to_b2 = model.jobs_opened(GRACE, language=("fi", B2), today=TODAY)
    assert set(to_b1) == {"fi-b1-a", "fi-b1-b", "fi-b1-tampere"}
    assert set(to_b2) == {"fi-b1-a", "fi-b1-b", "fi-b1-tampere", "fi-b2"}
    # A skill taught opens every job it would make a good fit, near miss or not.
    # A skill taught opens every job it would make a good fit, near miss or not.
    assert set(model.jobs_opened(GRACE, skill_uri=uri_of("prepare desserts"), today=TODAY)) == {
        "cook-1",
        "cook-2",
        "cook-3",
        "pastry",
    }
    assert model.jobs_opened(GRACE, skill_uri=uri_of("SQL"), today=TODAY) == ()  # she has it


def test_an_empty_profile_gets_no_numbers(model):
    empty = ProfileDoc(id="new", languages=(LanguageLevel("en", C1),))
    found = model.gaps(empty, today=TODAY)
    assert found.thin_profile
    assert found.languages == () and found.skills == ()
    assert model.jobs_opened(empty, language=("fi", B1), today=TODAY) == ()
