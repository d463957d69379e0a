"""An evaluation every fit can afford, on the data it was fitted on: does the engine find a job
for a graduate who holds half of what the job asks for?

For a sample of jobs, a profile is made of half of the job's required skills and its languages,
in its municipality, free to work and open to its kind of contract; the job should rank at or
near the top among all jobs. A model whose skill matching has broken (a lost taxonomy, an
empty vocabulary) fails it at once. Like any test set built from the catalogue itself it
flatters the engine, so the labelled benchmarks (`flask recommender evaluate`) remain the
measure of quality; this number is for noticing that a new version is worse than the last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from talentmatch.recommender.model import Recommender
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc

SAMPLE = 60
K = 10


@dataclass(frozen=True)
class SelfCheck:
    jobs: int  # jobs tried
    first: float  # share ranked first
    in_top_k: float  # share ranked within the best K
    mrr: float  # mean reciprocal rank (0 when not within the best K)

    def as_metrics(self) -> dict[str, float | int]:
        return {
            "jobs": self.jobs,
            "first": round(self.first, 4),
            f"top_{K}": round(self.in_top_k, 4),
            "mrr": round(self.mrr, 4),
        }


def _profile_for(job: OpportunityDoc) -> ProfileDoc:
    return ProfileDoc(
        id=f"self-check-{job.id}",
        headline=job.title,
        # Half of what it requires: a perfect copy is found too easily to tell versions apart.
        skills=job.skills[: max(1, len(job.skills) // 2)],
        languages=job.languages,
        municipalities=(job.municipality,) if job.municipality else (),
        remote_ok=True,
        work_permit="eu_eea_citizen",
        open_to=(job.employment_type,) if job.employment_type else (),
    )


def sample_jobs(
    opportunities: Sequence[OpportunityDoc], size: int = SAMPLE
) -> list[OpportunityDoc]:
    """Jobs with at least one skill, spread evenly over the catalogue (the same ones each time
    for the same catalogue)."""
    jobs = sorted((o for o in opportunities if o.kind == "job" and o.skills), key=lambda o: o.id)
    if len(jobs) <= size:
        return jobs
    step = len(jobs) / size
    return [jobs[int(i * step)] for i in range(size)]


def run(
    engine: Recommender, opportunities: Sequence[OpportunityDoc], today: date
) -> SelfCheck | None:
    """The check on a sample of the fitted jobs; None when there is no job to try."""
    jobs = sample_jobs(opportunities)
    if not jobs:
        return None
    first = top = 0
    reciprocal = 0.0
    for job in jobs:
        ranked = [
            m.opportunity_id
            for m in engine.recommend(
                _profile_for(job), kind="job", k=K, today=today, diversify=False
            )
        ]
        if job.id in ranked:
            rank = ranked.index(job.id) + 1
            top += 1
            first += rank == 1
            reciprocal += 1 / rank
    return SelfCheck(len(jobs), first / len(jobs), top / len(jobs), reciprocal / len(jobs))
