"""`flask recommender` rank, evaluate and bench: output shapes, errors, no database needed."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select

from talentmatch import create_app
from talentmatch.extensions import db
from talentmatch.models import ModelVersion, Visibility
from tests.factories import make_graduate, make_job, make_skills

ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
WELDER = ESCO_OCCUPATION + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"
METRICS = {
    "matching": {"ndcg@10", "recall@10", "mrr@10"},
    "titles": {"mrr@10", "acc@1", "acc@5", "acc@10"},
    "skills": {"rp@5", "rp@10", "mrr@10"},
    "phrases": {"mrr@10", "acc@1", "acc@5"},
}
PYTHON = ESCO_SKILL + "ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = ESCO_SKILL + "598de5b0-5b58-4ea7-8058-a4bc4d18c742"
PHRASE_ROWS = (
    "subset,split,sentence,span,sub_span,label_status,esco_label_en,esco_skill_uri\n"
    f"tech,validation,You know Python and SQL.,Python,,esco_skill,Python,{PYTHON}\n"
    f"tech,validation,You know Python and SQL.,SQL ,,esco_skill,SQL,{SQL}\n"
    f"house,validation,SQL is a plus.,SQL,,esco_skill,SQL,{SQL}\n"
    "house,validation,Weld steel frames.,Weld,,UNDERSPECIFIED,,\n"
    f"house,validation,Good with data.,,,esco_skill,SQL,{SQL}\n"
)


def _job(number: int, title: str, skills: list[str], **extra) -> dict:
    return {
        "id": f"job-{number}",
        "kind": "job",
        "title": title,
        "description": f"We are hiring a {title.lower()}.",
        "skills": skills,
        "nice_to_have_skills": [],
        "languages": [{"code": "en", "min_level": "B2"}],
        "municipality": "Espoo",
        "remote": "onsite",
        "employment_type": "full_time",
        "sponsors_permit": True,
        **extra,
    }


def _benchmark() -> dict:
    other = {"employment_type": None, "sponsors_permit": None, "languages": []}
    return {
        "name": "tiny",
        "format": 1,
        "opportunities": [
            _job(1, "Welder", ["use welding equipment", "hitsata metallia"]),
            _job(2, "Baker", ["bake goods", "leipoa"]),
            _job(3, "Software developer", ["Python", "SQL"], remote="remote"),
            {
                "id": "programme-1",
                "kind": "programme",
                "title": "Metal trades programme",
                **{**_job(0, "x", ["welding"]), **other, "id": "programme-1", "kind": "programme"},
            },
            {
                **_job(0, "Bakers network", ["bake goods"]),
                **other,
                "id": "community-1",
                "kind": "community",
            },
        ],
        "profiles": [
            {
                "id": "profile-1",
                "headline": "Welder",
                "about": "",
                "skills": ["use welding equipment", "welding"],
                "languages": [{"code": "en", "level": "C1"}],
                "municipalities": ["Espoo"],
                "work_permit": "eu_eea_citizen",
            },
            {
                "id": "profile-2",
                "headline": "Python developer",
                "about": "I write Python and SQL.",
                "skills": ["python", "sql"],
                "languages": [{"code": "en", "level": "native"}, {"code": "fi", "level": "A1"}],
                "municipalities": ["Helsinki", "remote"],
                "work_permit": "needs_sponsorship",
            },
        ],
        "relevance": [
            {"profile": "profile-1", "opportunity": "job-1", "grade": 2},
            {"profile": "profile-1", "opportunity": "programme-1", "grade": 1},
            {"profile": "profile-2", "opportunity": "job-3", "grade": 2},
        ],
    }


def _write_benchmark(tmp_path) -> str:
    path = tmp_path / "bench.json.gz"
    path.write_bytes(gzip.compress(json.dumps(_benchmark()).encode()))
    return str(path)


def _write_titles(tmp_path) -> str:
    path = tmp_path / "titles.csv"
    path.write_text(
        "split,job_title,esco_label_en,esco_uri\n"
        f"val,Welder,welder,{WELDER}\n"
        f"val,Welder,welder,{WELDER}\n"
        f"val,Hitsaaja,welder,{WELDER}\n"
    )
    return str(path)


def _write_sentences(tmp_path) -> str:
    path = tmp_path / "sentences.csv"
    path.write_text(
        "subset,split,sentence,span,sub_span,label_status,esco_label_en,esco_skill_uri\n"
        "tech,validation,You know Python and SQL.,Python,,esco_skill,Python,"
        f"{ESCO_SKILL}ccd0a1d9-afda-43d9-b901-96344886e14d\n"
        "tech,validation,You know Python and SQL.,SQL,,esco_skill,SQL,"
        f"{ESCO_SKILL}598de5b0-5b58-4ea7-8058-a4bc4d18c742\n"
        "house,validation,Weld steel frames.,Weld,,UNDERSPECIFIED,,\n"
    )
    return str(path)


def test_rank_matching_writes_top_k_ids_of_each_kind_for_every_profile(runner, tmp_path):
    out = tmp_path / "rankings.json"
    result = runner.invoke(
        args=["recommender", "rank", "matching", _write_benchmark(tmp_path), "--k", "2"]
        + ["--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rankings = json.loads(out.read_text())
    assert set(rankings) == {"profile-1", "profile-2"}
    for per_kind in rankings.values():
        assert set(per_kind) == {"job", "programme", "community"}
        assert len(per_kind["job"]) == 2
        assert all(item.startswith("job-") for item in per_kind["job"])
        assert per_kind["programme"] == ["programme-1"]
        assert per_kind["community"] == ["community-1"]
    assert rankings["profile-1"]["job"][0] == "job-1"


def test_rank_titles_writes_one_ranking_per_distinct_title(runner, tmp_path):
    out = tmp_path / "titles.json"
    result = runner.invoke(
        args=["recommender", "rank", "titles", _write_titles(tmp_path), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rankings = json.loads(out.read_text())
    assert [entry["query"] for entry in rankings] == ["Welder", "Hitsaaja"]
    for entry in rankings:
        assert set(entry) == {"query", "ranked"}
        assert 0 < len(entry["ranked"]) <= 10
        assert all(uri.startswith(ESCO_OCCUPATION) for uri in entry["ranked"])


def test_rank_skills_writes_esco_skill_rankings(runner, tmp_path):
    out = tmp_path / "skills.json"
    path = _write_sentences(tmp_path)
    result = runner.invoke(args=["recommender", "rank", "skills", path, "--k", "3", "--out", out])
    assert result.exit_code == 0, result.output
    rankings = json.loads(out.read_text())
    assert [entry["query"] for entry in rankings] == [
        "You know Python and SQL.",
        "Weld steel frames.",
    ]
    assert all(uri.startswith(ESCO_SKILL) for entry in rankings for uri in entry["ranked"])
    assert all(len(entry["ranked"]) <= 3 for entry in rankings)


def _write_phrases(tmp_path, compressed: bool = False) -> str:
    path = tmp_path / ("phrases.csv.gz" if compressed else "phrases.csv")
    raw = PHRASE_ROWS.encode()
    path.write_bytes(gzip.compress(raw) if compressed else raw)
    return str(path)


@pytest.mark.parametrize("compressed", [False, True])
def test_rank_phrases_writes_one_ranking_per_distinct_labelled_span(runner, tmp_path, compressed):
    out = tmp_path / "phrases.json"
    path = _write_phrases(tmp_path, compressed)
    result = runner.invoke(args=["recommender", "rank", "phrases", path, "--k", "3", "--out", out])
    assert result.exit_code == 0, result.output
    rankings = json.loads(out.read_text())
    # "SQL " and "SQL" are one span; the unlabelled "Weld" and the empty span are skipped
    assert [entry["query"] for entry in rankings] == ["Python", "SQL"]
    assert all(0 < len(entry["ranked"]) <= 3 for entry in rankings)
    assert all(uri.startswith(ESCO_SKILL) for entry in rankings for uri in entry["ranked"])
    assert rankings[1]["ranked"][0] == SQL


def test_rank_phrases_without_a_label_status_column_ranks_every_span(runner, tmp_path):
    path = tmp_path / "typed.csv"
    path.write_text("span\nmachine learning\n\nSQL\nmachine learning\n")
    result = runner.invoke(args=["recommender", "rank", "phrases", str(path)])
    assert result.exit_code == 0, result.output
    assert [entry["query"] for entry in json.loads(result.output)] == ["machine learning", "SQL"]


def test_evaluate_phrases_json_scores_the_linker_and_the_label_baselines(runner, tmp_path):
    report = _evaluate_json(runner, "phrases", _write_phrases(tmp_path, compressed=True))
    assert report["benchmark"] == "phrases"
    assert set(report["baselines"]) == {"random", "tfidf_text", "tfidf_chars"}
    for scores in (report["model"], *report["baselines"].values()):
        assert METRICS["phrases"] <= set(scores["all"])
        assert scores["all"]["phrases"] == 2
    assert report["model"]["all"]["acc@5"] == 1.0
    assert set(report["ratios"]) <= {"random", "tfidf_text", "tfidf_chars"}


def _evaluate_json(runner, task: str, path: str) -> dict:
    result = runner.invoke(args=["recommender", "evaluate", task, path, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_evaluate_matching_json_scores_the_model_and_every_baseline(runner, tmp_path):
    report = _evaluate_json(runner, "matching", _write_benchmark(tmp_path))
    assert set(report["baselines"]) == {"random", "tfidf_text", "popularity"}
    for scores in (report["model"], *report["baselines"].values()):
        assert set(scores) == {"job", "programme", "community"}
        assert METRICS["matching"] <= set(scores["job"])
    assert report["model"]["job"]["profiles_with_grade_2"] == 2
    assert report["model"]["community"]["ndcg@10"] is None  # nobody has a relevant community


def test_evaluate_titles_and_skills_json_score_the_model_and_baselines(runner, tmp_path):
    titles = _evaluate_json(runner, "titles", _write_titles(tmp_path))
    skills = _evaluate_json(runner, "skills", _write_sentences(tmp_path))
    for report, task, group in ((titles, "titles", "all"), (skills, "skills", "tech")):
        assert set(report["baselines"]) == {"random", "tfidf_text"}
        for scores in (report["model"], *report["baselines"].values()):
            assert METRICS[task] <= set(scores[group])
    assert titles["model"]["all"]["titles"] == 2
    assert any("own training example out" in note for note in titles["notes"])
    assert skills["model"]["tech"]["sentences"] == 1
    assert "house" not in skills["model"] or skills["model"]["house"]["sentences"] == 0


def test_evaluate_prints_a_table_by_default(runner, tmp_path):
    result = runner.invoke(args=["recommender", "evaluate", "titles", _write_titles(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "mrr@10" in result.output and "acc@1" in result.output
    assert "tfidf_text" in result.output and "random" in result.output


def test_bad_input_files_exit_with_code_2_and_a_one_line_message(runner, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    wrong_columns = tmp_path / "wrong.csv"
    wrong_columns.write_text("title\nWelder\n")
    unlabelled = tmp_path / "unlabelled.csv"
    unlabelled.write_text("span,label_status\nWeld,UNDERSPECIFIED\n")
    cases = [
        (["rank", "matching", str(tmp_path / "missing.json")], "no such file"),
        (["evaluate", "matching", str(broken), "--json"], "not valid JSON"),
        (["rank", "titles", str(wrong_columns)], "column"),
        (["evaluate", "skills", str(wrong_columns)], "no 'sentence' column"),
        (["rank", "phrases", str(wrong_columns)], "no 'span' column"),
        (["evaluate", "phrases", str(unlabelled)], "no labelled queries"),
        (["evaluate", "phrases", str(tmp_path)], "is a directory"),
    ]
    for arguments, message in cases:
        result = runner.invoke(args=["recommender", *arguments])
        assert result.exit_code == 2, (arguments, result.output)
        assert message in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_bench_json_prints_exactly_the_measurements(runner):
    result = runner.invoke(
        args=["recommender", "bench", "--opportunities", "200", "--profiles", "50", "--json"]
    )
    assert result.exit_code == 0, result.output
    measured = json.loads(result.output)
    assert list(measured) == [
        "opportunities",
        "jobs",
        "profiles",
        "fit_seconds",
        "recommend_ms_p50",
        "recommend_ms_p95",
        "gaps_ms_p50",
        "gaps_ms_p95",
        "peak_memory_mb",
    ]
    assert measured["opportunities"] == 200 and measured["profiles"] == 50
    assert 0 < measured["jobs"] <= 200
    assert 0 < measured["recommend_ms_p50"] <= measured["recommend_ms_p95"]
    assert 0 < measured["gaps_ms_p50"] <= measured["gaps_ms_p95"]
    assert measured["fit_seconds"] > 0 and measured["peak_memory_mb"] > 0


def test_rank_and_evaluate_work_when_the_database_is_unreachable(tmp_path):
    app = create_app(
        {
            "TALENTMATCH_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/unreachable",
        }
    )
    try:
        runner = app.test_cli_runner()
        out = tmp_path / "titles.json"
        ranked = runner.invoke(
            args=["recommender", "rank", "titles", _write_titles(tmp_path), "--out", str(out)]
        )
        assert ranked.exit_code == 0, ranked.output
        assert len(json.loads(out.read_text())) == 2
        evaluated = runner.invoke(
            args=["recommender", "evaluate", "matching", _write_benchmark(tmp_path), "--json"]
        )
        assert evaluated.exit_code == 0, evaluated.output
    finally:
        with app.app_context():
            db.engine.dispose()


def test_fit_stores_and_activates_a_new_model_version(app, runner):
    with app.app_context():
        skills = make_skills()
        make_job(title="Data analyst", required_skills=list(skills.values())[:2])
        make_graduate(skills=list(skills.values())[:1], visibility=Visibility.EMPLOYERS)
        make_graduate(skills=list(skills.values())[:1])  # private: never part of a fit
    result = runner.invoke(args=["recommender", "fit"])
    assert result.exit_code == 0, result.output
    assert "is active: 1 opportunities, 1 profiles" in result.output
    with app.app_context():
        versions = db.session.scalars(select(ModelVersion)).all()
        assert [(v.active, v.opportunity_count, v.profile_count) for v in versions] == [
            (True, 1, 1)
        ]


def _write_profiles(tmp_path) -> str:
    profiles = [
        {
            "id": "welder",
            "headline": "Welder",
            "about": "I weld steel frames.",
            "skills": ["use welding equipment", "welding", "hitsaus", "read engineering drawings"],
            "languages": [{"code": "en", "level": "C1"}],
            "municipalities": ["Espoo"],
            "work_permit": "eu_eea_citizen",
        },
        {"id": "thin", "headline": "Developer", "skills": ["Python"], "languages": []},
    ]
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(profiles), encoding="utf-8")
    return str(path)


def test_review_writes_each_profiles_top_results_with_fit_and_why(runner, tmp_path):
    out = tmp_path / "review.json"
    args = ["recommender", "review", _write_profiles(tmp_path)]
    result = runner.invoke(
        args=[*args, "--catalogue", _write_benchmark(tmp_path), "--k", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    review = json.loads(out.read_text(encoding="utf-8"))
    assert set(review) == {"welder", "thin"}
    assert set(review["welder"]) == {"job", "programme", "community"}
    first = review["welder"]["job"][0]
    assert set(first) == {
        "id", "title", "fit", "why", "shared_skills", "related_skills", "missing_skills"
    }  # fmt: skip
    assert first["title"] == "Welder"
    assert first["fit"] in {"strong", "good"}
    assert "Shared skills: use welding equipment." in first["why"]
    assert any(line.startswith("You have English C1") for line in first["why"])
    assert len(review["welder"]["job"]) == 2
    # one skill is too thin a profile for any band
    assert all(item["fit"] is None for item in review["thin"]["job"])


def test_review_refuses_a_profiles_file_that_is_not_a_list_of_profiles(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"name": "no profiles"}', encoding="utf-8")
    result = runner.invoke(
        args=["recommender", "review", str(path), "--catalogue", _write_benchmark(tmp_path)]
    )
    assert result.exit_code == 2
    assert "expected a non-empty list of profiles" in result.output


def test_gaps_writes_each_profiles_counts_and_refuses_a_bad_file(runner, tmp_path):
    out = tmp_path / "gaps.json"
    catalogue = _write_benchmark(tmp_path)
    result = runner.invoke(
        args=[
            "recommender",
            "gaps",
            _write_profiles(tmp_path),
            "--catalogue",
            catalogue,
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Counts for 2 profiles written to" in result.output
    counts = {row["profile"]: row for row in json.loads(out.read_text(encoding="utf-8"))}
    assert set(counts) == {"welder", "thin"}
    welder = counts["welder"]
    assert set(welder) == {
        "profile", "thin_profile", "jobs_considered", "fits_now", "languages", "skills"
    }  # fmt: skip
    assert not welder["thin_profile"] and welder["fits_now"] >= 1
    for line in welder["languages"]:
        assert line["jobs_opened"] == len(line["jobs"])
        assert line["level_next"] == line["level_now"] + 1
    # one skill is too thin a profile for any count
    assert counts["thin"]["thin_profile"] and counts["thin"]["languages"] == []

    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "no profiles"}', encoding="utf-8")
    refused = runner.invoke(args=["recommender", "gaps", str(bad), "--catalogue", catalogue])
    assert refused.exit_code == 2
    assert "expected a non-empty list of profiles" in refused.output
