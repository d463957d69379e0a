"""`flask recommender`: rankings, evaluation and speed of the matching engine, the gap counts
of "what would open more doors"; refitting it.

rank, evaluate and bench read files and synthetic data only: they never open the database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click
from flask.cli import AppGroup

from talentmatch.recommender.benchmarks import bench as speed
from talentmatch.recommender.benchmarks import evaluate
from talentmatch.recommender.benchmarks.evaluate import BenchmarkError
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc
from talentmatch.review import review
from talentmatch.services import matching
from talentmatch.services.matching_documents import open_opportunity_docs

recommender_cli = AppGroup("recommender", help="Rank, evaluate, benchmark and refit the engine.")

TASKS = click.Choice(["matching", "titles", "skills", "phrases"])


class CommandError(click.ClickException):
    """A one-line message and exit code 2, like any other bad input to a command."""

    exit_code = 2


def _write_json(data: object, out: str | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if out is None:
        click.echo(text)
        return
    try:
        Path(out).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise CommandError(f"{out}: cannot be written ({error.strerror})") from None


@recommender_cli.command("rank", with_appcontext=False)
@click.argument("task", type=TASKS)
@click.argument("path")
@click.option("--k", default=evaluate.K, show_default=True, type=click.IntRange(1, 1000))
@click.option("--out", help="File to write the rankings to (JSON); standard output if left out.")
def rank(task: str, path: str, k: int, out: str | None) -> None:
    """Rank opportunities, occupations or skills for every profile, title, sentence or phrase."""
    try:
        if task == "matching":
            rankings: dict | list = evaluate.rank_matching(evaluate.load_matching(path), k)
        elif task == "titles":
            titles = [query.title for query in evaluate.load_titles(path)]
            rankings = evaluate.as_ranking_list(evaluate.rank_titles(titles, k))
        elif task == "skills":
            sentences = [query.sentence for query in evaluate.load_skill_sentences(path)]
            rankings = evaluate.as_ranking_list(evaluate.rank_skills(sentences, k))
        else:
            phrases = [query.phrase for query in evaluate.load_skill_phrases(path)]
            rankings = evaluate.as_ranking_list(evaluate.rank_phrases(phrases, k))
    except BenchmarkError as error:
        raise CommandError(str(error)) from None
    _write_json(rankings, out)
    if out is not None:
        click.echo(f"Rankings for {len(rankings)} queries written to {out}.", err=True)


@recommender_cli.command("evaluate", with_appcontext=False)
@click.argument("task", type=TASKS)
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_command(task: str, path: str, as_json: bool) -> None:
    """Score the engine and, in the same run, the baselines against a benchmark's labels."""
    try:
        if task == "matching":
            report = evaluate.evaluate_matching(evaluate.load_matching(path))
        elif task == "titles":
            report = evaluate.evaluate_titles(_labelled(evaluate.load_titles(path), path))
        elif task == "skills":
            report = evaluate.evaluate_skills(_labelled(evaluate.load_skill_sentences(path), path))
        else:
            report = evaluate.evaluate_phrases(_labelled(evaluate.load_skill_phrases(path), path))
    except BenchmarkError as error:
        raise CommandError(str(error)) from None
    report["path"] = path
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        click.echo(report_table(report))


def _labelled(queries: list, path: str) -> list:
    if not any(query.correct for query in queries):
        raise BenchmarkError(f"{path}: no labelled queries to score")
    return queries


def report_table(report: dict) -> str:
    """The evaluation as a plain-text table: one row per scorer and group, one column per metric."""
    scorers = {"model": report["model"], **report["baselines"]}
    groups = list(report["model"])
    metrics = [
        name
        for name in dict.fromkeys(m for group in groups for m in report["model"][group])
        if "@" in name
    ]
    head = f"{'group':<22}{'scorer':<12}" + "".join(f"{name:>11}" for name in metrics)
    lines = [f"{report['benchmark']} benchmark: {report['name']} ({report['path']})", head]
    for group in groups:
        for label, scores in scorers.items():
            values = scores.get(group, {})
            cells = "".join(_cell(values.get(name)) for name in metrics)
            lines.append(f"{group:<22}{label:<12}{cells}")
    for label, found in report["ratios"].items():
        for group, values in found.items():
            text = ", ".join(f"{name} {value:.2f}x" for name, value in values.items())
            lines.append(f"model / {label} [{group}]: {text}")
    lines.extend(f"note: {note}" for note in report["notes"])
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return f"{'-':>11}" if value is None else f"{value:>11.4f}"


@recommender_cli.command("bench", with_appcontext=False)
@click.option("--opportunities", type=click.IntRange(1, 2_000_000), required=True)
@click.option("--profiles", type=click.IntRange(1, 2_000_000), required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_command(opportunities: int, profiles: int, as_json: bool) -> None:
    """Fit time, one-profile recommendation latency and peak memory on synthetic ESCO data."""
    try:
        result = speed.measure_in_fresh_process(opportunities, profiles)
    except speed.BenchFailed as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{opportunities} opportunities, {profiles} profiles (synthetic, from ESCO)\n"
        f"fit: {result['fit_seconds']:.2f} s\n"
        f"one recommendation: p50 {result['recommend_ms_p50']:.2f} ms, "
        f"p95 {result['recommend_ms_p95']:.2f} ms\n"
        f"what would open more doors over {result['jobs']} jobs: "
        f"p50 {result['gaps_ms_p50']:.2f} ms, p95 {result['gaps_ms_p95']:.2f} ms\n"
        f"peak memory: {result['peak_memory_mb']:.0f} MB ({speed.MEMORY_NOTE})"
    )


def _profiles_and_catalogue(
    profiles_path: str, catalogue: str | None, purpose: str
) -> tuple[list[ProfileDoc], Sequence[OpportunityDoc]]:
    """The profiles of a file, and the opportunities of a benchmark file (the database's open
    ones when none is given); a bad file or an empty catalogue is a one-line error."""
    try:
        profiles = evaluate.load_profiles(profiles_path)
        opportunities: Sequence[OpportunityDoc]
        if catalogue:
            opportunities = evaluate.load_matching(catalogue).opportunities
        else:
            opportunities = open_opportunity_docs()
    except BenchmarkError as error:
        raise CommandError(str(error)) from None
    if not opportunities:
        raise CommandError(f"the catalogue holds no opportunities to {purpose}")
    return list(profiles), opportunities


@recommender_cli.command("review")
@click.argument("profiles_path", metavar="PROFILES")
@click.option(
    "--catalogue",
    help="Benchmark JSON (plain or gzipped) whose opportunities are ranked; "
    "the database's open opportunities when left out.",
)
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--out", help="File to write the results to (JSON); standard output if left out.")
def review_command(profiles_path: str, catalogue: str | None, k: int, out: str | None) -> None:
    """Top results with fit and why for every profile, the way the app shows them."""
    profiles, opportunities = _profiles_and_catalogue(profiles_path, catalogue, "rank")
    results = review(profiles, opportunities, k=k)
    _write_json(results, out)
    if out is not None:
        click.echo(f"Results for {len(results)} profiles written to {out}.", err=True)


@recommender_cli.command("gaps")
@click.argument("profiles_path", metavar="PROFILES")
@click.option(
    "--catalogue",
    help="Benchmark JSON (plain or gzipped) whose jobs are counted; the database's open "
    "opportunities when left out.",
)
@click.option("--out", help="File to write the counts to (JSON); standard output if left out.")
def gaps_command(profiles_path: str, catalogue: str | None, out: str | None) -> None:
    """What would open more doors for every profile: the jobs the next level of Finnish,
    Swedish and English, and the five skills near-miss jobs ask for most, would make good or
    strong fits."""
    from talentmatch.recommender.model import Recommender

    profiles, opportunities = _profiles_and_catalogue(profiles_path, catalogue, "count over")
    model = Recommender.fit(opportunities, profiles)
    results = [_gap_counts(profile.id, model.gaps(profile)) for profile in profiles]
    _write_json(results, out)
    if out is not None:
        click.echo(f"Counts for {len(results)} profiles written to {out}.", err=True)


def _gap_counts(profile_id: str, found) -> dict:
    return {
        "profile": profile_id,
        "thin_profile": found.thin_profile,
        "jobs_considered": found.jobs_considered,
        "fits_now": found.fits_now,
        "languages": [
            {
                "language": line.code,
                "level_now": line.level_now,
                "level_next": line.level_next,
                "jobs_opened": len(line.jobs),
                "jobs": list(line.jobs),
            }
            for line in found.languages
        ],
        "skills": [
            {
                "skill": line.label,
                "uri": line.uri,
                "jobs_opened": len(line.jobs),
                "jobs": list(line.jobs),
            }
            for line in found.skills
        ],
    }


@recommender_cli.command("fit")
def fit() -> None:
    """Refit the engine on open opportunities and visible profiles; make it the active version."""
    version = matching.fit_and_activate()
    click.echo(
        f"Model version {version.id} is active: {version.opportunity_count} opportunities, "
        f"{version.profile_count} profiles, fitted in {version.fit_seconds:.1f} s."
    )
