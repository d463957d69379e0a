"""Speed and memory of the engine on synthetic opportunities and profiles drawn from ESCO."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from talentmatch.recommender.taxonomy import Taxonomy, shipped_taxonomy
from talentmatch.recommender.types import LanguageLevel, OpportunityDoc, ProfileDoc, SkillRef

SEED = 20_240_607
WARM_UP = 20
SAMPLES = 300
MUNICIPALITIES = (
    "Helsinki",
    "Espoo",
    "Vantaa",
    "Kauniainen",
    "Kerava",
    "Järvenpää",
    "Kirkkonummi",
    "Tuusula",
    "Sipoo",
)
REMOTE_MODES = ("on_site", "hybrid", "remote")
EMPLOYMENT_TYPES = ("full_time", "part_time", "internship", "trainee")
PERMITS = ("eu_eea_citizen", "permit_allows_work", "post_study_job_seeker", "needs_sponsorship")
KINDS, KIND_SHARES = ("job", "programme", "community"), (0.9, 0.05, 0.05)
LABEL_LANGUAGES, LABEL_SHARES = ("en", "fi", "sv"), (0.6, 0.25, 0.15)
MEMORY_NOTE = (
    "peak resident set size, resource.getrusage ru_maxrss, of a fresh process that built the "
    "ESCO language models and the synthetic data, fitted and recommended"
)


class BenchFailed(RuntimeError):
    """The measuring process did not finish; the message is its last line of error output."""


class _Generator:
    """Occupations -> skill labels in en/fi/sv, languages, municipalities, permits; seeded."""

    def __init__(self, taxonomy: Taxonomy, seed: int) -> None:
        self.taxonomy = taxonomy
        self.rng = np.random.default_rng(seed)
        matrix = taxonomy.occupation_skill.tocsr()
        self.essential, self.optional = [], []
        for row in range(matrix.shape[0]):
            columns = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
            weights = matrix.data[matrix.indptr[row] : matrix.indptr[row + 1]]
            self.essential.append(columns[weights >= 2])
            self.optional.append(columns[weights < 2])
        self.occupations = np.array(
            [i for i, found in enumerate(self.essential) if len(found) >= 3]
        )

    def occupation(self) -> int:
        return int(self.rng.choice(self.occupations))

    def label(self, concept) -> str:
        language = self.rng.choice(LABEL_LANGUAGES, p=LABEL_SHARES)
        text = getattr(concept, f"label_{language}") or concept.label_en
        return text.lower() if self.rng.random() < 0.3 else text

    def skills(self, pool: np.ndarray, low: int, high: int) -> tuple[SkillRef, ...]:
        if not len(pool):
            return ()
        count = min(len(pool), int(self.rng.integers(low, high + 1)))
        chosen = self.rng.choice(pool, size=count, replace=False)
        return tuple(SkillRef(self.label(self.taxonomy.skills[i])) for i in chosen)

    def opportunity(self, number: int) -> OpportunityDoc:
        position = self.occupation()
        occupation = self.taxonomy.occupations[position]
        kind = str(self.rng.choice(KINDS, p=KIND_SHARES))
        job = kind == "job"
        languages = [LanguageLevel("en", int(self.rng.integers(3, 6)))]
        if self.rng.random() < 0.3:
            languages.append(LanguageLevel("fi", int(self.rng.integers(2, 5))))
        return OpportunityDoc(
            id=f"{kind}-{number}",
            kind=kind,
            title=self.label(occupation),
            description=occupation.description[:600],
            skills=self.skills(self.essential[position], 4, 8),
            nice_to_have_skills=self.skills(self.optional[position], 0, 4),
            languages=tuple(languages),
            municipality=str(self.rng.choice(MUNICIPALITIES)),
            remote=str(self.rng.choice(REMOTE_MODES)),
            employment_type=str(self.rng.choice(EMPLOYMENT_TYPES)) if job else None,
            sponsors_permit=bool(self.rng.random() < 0.5) if job else None,
        )

    def profile(self, number: int) -> ProfileDoc:
        position = self.occupation()
        pool = np.concatenate([self.essential[position], self.optional[position]])
        languages = [LanguageLevel("en", int(self.rng.integers(4, 8)))]
        for code in ("fi", "sv"):
            if self.rng.random() < 0.4:
                languages.append(LanguageLevel(code, int(self.rng.integers(1, 8))))
        places = self.rng.choice(MUNICIPALITIES, size=int(self.rng.integers(1, 4)), replace=False)
        remote = bool(self.rng.random() < 0.4)
        return ProfileDoc(
            id=f"profile-{number}",
            headline=self.label(self.taxonomy.occupations[position]),
            skills=self.skills(pool, 5, 12),
            languages=tuple(languages),
            municipalities=(*(str(place) for place in places), *(("remote",) if remote else ())),
            remote_ok=remote,
            work_permit=str(self.rng.choice(PERMITS)),
        )


def synthetic_data(
    opportunities: int, profiles: int, seed: int = SEED, taxonomy: Taxonomy | None = None
) -> tuple[list[OpportunityDoc], list[ProfileDoc]]:
    """The same documents for the same sizes and seed."""
    generator = _Generator(taxonomy or shipped_taxonomy(), seed)
    items = [generator.opportunity(number) for number in range(1, opportunities + 1)]
    people = [generator.profile(number) for number in range(1, profiles + 1)]
    return items, people


def measure(opportunities: int, profiles: int, seed: int = SEED) -> dict:
    """Fit once, then recommend for one profile at a time (after a warm-up); in this process."""
    from talentmatch.recommender.language import language_models
    from talentmatch.recommender.model import Recommender

    language_models()  # a worker builds these once per process, not once per fit
    items, people = synthetic_data(opportunities, profiles, seed)
    started = time.perf_counter()
    recommender = Recommender.fit(items, people)
    fit_seconds = time.perf_counter() - started
    rng = np.random.default_rng(seed + 1)
    chosen = rng.choice(
        len(people), size=WARM_UP + SAMPLES, replace=len(people) < WARM_UP + SAMPLES
    )
    latencies = []
    for turn, index in enumerate(chosen):
        started = time.perf_counter()
        recommender.recommend(people[index], k=10)
        if turn >= WARM_UP:
            latencies.append((time.perf_counter() - started) * 1000)
    # what would open more doors: one profile over every job of the index
    gap_latencies = []
    for turn, index in enumerate(chosen):
        started = time.perf_counter()
        recommender.gaps(people[index])
        if turn >= WARM_UP:
            gap_latencies.append((time.perf_counter() - started) * 1000)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "opportunities": opportunities,
        "jobs": sum(1 for item in items if item.kind == "job"),
        "profiles": profiles,
        "fit_seconds": round(fit_seconds, 3),
        "recommend_ms_p50": round(float(np.percentile(latencies, 50)), 3),
        "recommend_ms_p95": round(float(np.percentile(latencies, 95)), 3),
        "gaps_ms_p50": round(float(np.percentile(gap_latencies, 50)), 3),
        "gaps_ms_p95": round(float(np.percentile(gap_latencies, 95)), 3),
        "peak_memory_mb": round(peak_kib / 1024, 1),
    }


def measure_in_fresh_process(opportunities: int, profiles: int, seed: int = SEED) -> dict:
    """`measure` in a new Python process, so that nothing allocated before counts."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "talentmatch.recommender.benchmarks.bench",
            f"--opportunities={opportunities}",
            f"--profiles={profiles}",
            f"--seed={seed}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no error output"]
        raise BenchFailed(f"the measuring process failed: {lines[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=measure.__doc__)
    parser.add_argument("--opportunities", type=int, required=True)
    parser.add_argument("--profiles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.opportunities, arguments.profiles, arguments.seed)))


if __name__ == "__main__":
    main()
