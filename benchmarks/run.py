"""Run every engine benchmark through `flask recommender`, save the JSON, print ratios and goals.

.venv/bin/python benchmarks/run.py [--data DIR] [--matching PATH] [--titles PATH ...]
                                   [--skills PATH] [--phrases PATH] [--no-speed]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DATA = ROOT.parent / "shared" / "data"
SPEED_SIZES = ((10_000, 5_000), (100_000, 50_000))


def flask(*arguments: str) -> dict:
    """One `flask recommender ... --json` command; its JSON output."""
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "recommender", *arguments, "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed:\n{done.stderr or done.stdout}")
    report = json.loads(done.stdout)
    print(f"  ({' '.join(arguments[:2])}: {time.perf_counter() - started:.0f} s)")
    return report


def save(name: str, report: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


def show(report: dict) -> None:
    """Metrics of the model and each baseline, then model/baseline ratios."""
    for group, scores in report["model"].items():
        metrics = [name for name, value in scores.items() if "@" in name and value is not None]
        if not metrics:
            continue
        print(f"  [{group}]")
        for label, found in {"model": report["model"], **report["baselines"]}.items():
            values = found.get(group, {})
            cells = "  ".join(f"{name} {values.get(name) or 0:.4f}" for name in metrics)
            print(f"    {label:<11} {cells}")
        for label in report["baselines"]:
            ratio = report["ratios"].get(label, {}).get(group, {})
            cells = "  ".join(f"{name} {value:.2f}x" for name, value in ratio.items())
            print(f"    model / {label:<11} {cells or '(baseline scores 0)'}")
    for note in report.get("notes", ()):
        print(f"  note: {note}")


def check(goals: list, label: str, value: float | None, ok: bool) -> None:
    goals.append({"goal": label, "value": value, "met": bool(ok)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the dev files")
    parser.add_argument("--matching", type=Path)
    parser.add_argument("--titles", type=Path, nargs="*")
    parser.add_argument("--skills", type=Path)
    parser.add_argument("--phrases", type=Path, help="spans file (default: the skills file)")
    parser.add_argument("--no-speed", action="store_true", help="skip the bench runs")
    arguments = parser.parse_args()
    data = arguments.data
    matching = arguments.matching or data / "bench_matching_dev.json.gz"
    titles = arguments.titles or [
        data / "eval_jobbert_vacancy_titles.csv.gz",
        data / "eval_crosswalk_titles_to_esco.csv.gz",
    ]
    skills = arguments.skills or data / "eval_skill_extraction_sentences.csv.gz"
    phrases = arguments.phrases or skills
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    goals: list[dict] = []

    print(f"matching: {matching}")
    report = flask("evaluate", "matching", str(matching.resolve()))
    save("matching", report)
    show(report)
    jobs = report["model"]["job"]
    text_jobs = report["baselines"]["tfidf_text"]["job"]
    check(
        goals,
        "matching job nDCG@10 >= 0.90 (regression check)",
        jobs["ndcg@10"],
        jobs["ndcg@10"] >= 0.90,
    )
    ratio = jobs["ndcg@10"] / text_jobs["ndcg@10"] if text_jobs["ndcg@10"] else None
    check(goals, "matching job nDCG@10 >= 1.75 x TF-IDF text", ratio, (ratio or 0) >= 1.75)
    check(goals, "matching job MRR@10 >= 0.82", jobs["mrr@10"], jobs["mrr@10"] >= 0.82)

    for path in titles:
        name = "titles_" + path.name.split(".")[0].removeprefix("eval_")
        print(f"titles: {path}")
        report = flask("evaluate", "titles", str(path.resolve()))
        save(name, report)
        show(report)
        for group, scores in report["model"].items():
            if group.endswith("/sv"):
                value = scores["mrr@10"]
                check(goals, f"titles MRR@10 >= 0.75 on Swedish ({group})", value, value >= 0.75)
            elif "vacancy" in name and group == "all":
                value = scores["mrr@10"]
                check(
                    goals, "titles MRR@10 >= 0.45 on English vacancy titles", value, value >= 0.45
                )

    print(f"skills: {skills}")
    report = flask("evaluate", "skills", str(skills.resolve()))
    save("skills", report)
    show(report)
    value = report["model"]["mean_over_subsets"]["rp@5"]
    check(goals, "skills RP@5 >= 0.50 averaged over subsets", value, value >= 0.50)

    print(f"phrases: {phrases}")
    report = flask("evaluate", "phrases", str(phrases.resolve()))
    save("phrases", report)
    show(report)
    value = report["model"]["all"]["mrr@10"]
    baseline = report["baselines"]["tfidf_text"]["all"]["mrr@10"]
    ratio = value / baseline if baseline else None
    check(goals, "phrases MRR@10 > TF-IDF over labels", ratio, (ratio or 0) > 1.0)
    check(goals, "phrases MRR@10 >= 0.55", value, value >= 0.55)

    if not arguments.no_speed:
        for opportunities, profiles in SPEED_SIZES:
            print(f"speed: {opportunities} opportunities, {profiles} profiles")
            measured = flask(
                "bench", "--opportunities", str(opportunities), "--profiles", str(profiles)
            )
            save(f"bench_{opportunities}x{profiles}", measured)
            print("  " + json.dumps(measured))
            limit = 5 if opportunities <= 10_000 else 25
            p95 = measured["recommend_ms_p95"]
            check(goals, f"p95 over {opportunities} <= {limit} ms", p95, p95 <= limit)
            if opportunities >= 100_000:
                fit, memory = measured["fit_seconds"], measured["peak_memory_mb"]
                check(goals, "fit 100,000 x 50,000 <= 60 s", fit, fit <= 60)
                check(goals, "peak memory <= 2 GB", memory, memory <= 2048)

    save("goals", {"cores": os.cpu_count(), "goals": goals})
    print("goals:")
    for goal in goals:
        value = "-" if goal["value"] is None else f"{goal['value']:.3f}"
        print(f"  {'met    ' if goal['met'] else 'NOT met'}  {goal['goal']}: {value}")


if __name__ == "__main__":
    main()
