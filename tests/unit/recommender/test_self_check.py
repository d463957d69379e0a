"""The evaluation each fit runs: jobs ranked for a graduate holding half of their skills."""

from talentmatch.recommender import self_check
from talentmatch.recommender.model import Recommender
from talentmatch.recommender.types import OpportunityDoc
from tests.unit.recommender.test_model import OPPORTUNITIES, TODAY, job


def test_each_job_is_found_among_the_best_for_half_of_its_skills():
    engine = Recommender.fit(OPPORTUNITIES, ())
    check = self_check.run(engine, OPPORTUNITIES, TODAY)
    jobs = [o for o in OPPORTUNITIES if o.kind == "job" and o.skills]
    assert check is not None and check.jobs == len(jobs)
    assert check.in_top_k == 1.0
    # The two data analyst jobs ask for nearly the same skills: each may rank the other first.
    assert check.first >= (len(jobs) - 1) / len(jobs)
    assert check.as_metrics()["top_10"] == 1.0


def test_a_catalogue_without_jobs_has_nothing_to_check():
    programmes = [o for o in OPPORTUNITIES if o.kind != "job"]
    engine = Recommender.fit(programmes, ())
    assert self_check.run(engine, programmes, TODAY) is None


def test_the_sample_is_spread_over_the_catalogue_and_stable():
    many: list[OpportunityDoc] = [job(f"j{n:03d}", f"Job {n}", ("SQL",)) for n in range(150)]
    sample = self_check.sample_jobs(many, size=60)
    assert len(sample) == 60 and len({o.id for o in sample}) == 60
    assert sample[0].id == "j000" and sample[-1].id > "j140"
    assert sample == self_check.sample_jobs(list(reversed(many)), size=60)
