"""Benchmark files, metrics and baselines of the engine, on small hand-made data."""

from __future__ import annotations

import gzip
import json
import math

import pytest

from talentmatch.recommender.benchmarks import baselines, evaluate, metrics
from talentmatch.recommender.benchmarks.evaluate import BenchmarkError, MatchingBenchmark
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc, SkillRef

BENCHMARK = {
    "name": "tiny",
    "format": 1,
    "opportunities": [
        {
            "id": "job-1",
            "kind": "job",
            "title": "Data analyst",
            "description": "Analyse sales data with SQL.",
            "skills": ["SQL", "tilastotiede"],
            "nice_to_have_skills": ["python"],
            "languages": [{"code": "en", "min_level": "B2"}, {"code": "fi", "min_level": "B1"}],
            "municipality": "Espoo",
            "remote": "onsite",
            "employment_type": "full_time",
            "sponsors_permit": True,
        },
        {
            "id": "programme-1",
            "kind": "programme",
            "title": "Welding programme",
            "description": "",
            "skills": [],
            "languages": [],
            "municipality": None,
            "remote": "remote",
            "employment_type": None,
            "sponsors_permit": None,
        },
    ],
    "profiles": [
        {
            "id": "profile-1",
            "headline": "Analyst",
            "about": "",
            "skills": ["sql"],
            "languages": [{"code": "en", "level": "native"}, {"code": "fi", "level": "A2"}],
            "municipalities": ["Helsinki", "remote"],
            "work_permit": "needs_sponsorship",
        }
    ],
    "relevance": [{"profile": "profile-1", "opportunity": "job-1", "grade": 2}],
}


def test_ndcg_uses_exponential_gain_and_log_discount():
    ranked = ["a", "b", "c"]
    grades = {"a": 1, "c": 2, "d": 1}
    dcg = 1 / math.log2(2) + 3 / math.log2(4)
    ideal = 3 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert metrics.ndcg_at_k(ranked, grades) == pytest.approx(dcg / ideal)


def test_ndcg_is_one_for_the_ideal_order_and_undefined_without_relevant_items():
    assert metrics.ndcg_at_k(["c", "a"], {"a": 1, "c": 2}) == pytest.approx(1.0)
    assert metrics.ndcg_at_k(["a", "b"], {"a": 0}) is None


def test_ndcg_counts_only_the_top_k():
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert metrics.ndcg_at_k(ranked, {"a": 2}) == 0.0


def test_reciprocal_rank_is_zero_beyond_rank_ten():
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert metrics.reciprocal_rank_at_k(ranked, {"a"}) == 0.0
    assert metrics.reciprocal_rank_at_k(["x", "a"], {"a", "b"}) == 0.5
    assert metrics.reciprocal_rank_at_k(["x"], set()) is None


def test_a_repeated_item_counts_once():
    assert metrics.recall_at_k(["a", "a", "a"], {"a", "b"}) == 0.5
    assert metrics.reciprocal_rank_at_k(["x", "x", "a"], {"a"}) == 0.5


def test_r_precision_divides_by_the_correct_count_when_fewer_than_k():
    top = ["a", "x", "y", "z", "w"]
    assert metrics.r_precision_at_k(top, {"a", "b"}, 5) == 0.5
    assert metrics.r_precision_at_k(["a", "b", "x"], {"a", "b"}, 5) == 1.0
    many = {f"c{i}" for i in range(8)}
    assert metrics.r_precision_at_k(["c0", "c1", "x", "y", "z"], many, 5) == 0.4
    assert metrics.r_precision_at_k(top, set(), 5) is None


def test_accuracy_at_k_is_a_hit_in_the_top_k():
    assert metrics.hit_at_k(["x", "a"], {"a"}, 1) == 0.0
    assert metrics.hit_at_k(["x", "a"], {"a"}, 5) == 1.0


def _docs_bench(grades: dict[str, dict[str, int]]) -> MatchingBenchmark:
    kinds = {"job-1": "job", "job-2": "job", "programme-1": "programme", "community-1": "community"}
    return MatchingBenchmark(
        "hand-made",
        tuple(OpportunityDoc(id=i, kind=kind, title=i) for i, kind in kinds.items()),
        (ProfileDoc("p1"), ProfileDoc("p2")),
        grades,
    )


def test_matching_scores_leave_out_profiles_without_relevant_items_per_kind():
    bench = _docs_bench({"p1": {"job-1": 2, "job-2": 1, "programme-1": 1}})
    rankings = {
        "p1": {"job": ["job-2", "job-1"], "programme": ["programme-1"], "community": []},
        "p2": {"job": ["job-1", "job-2"], "programme": ["programme-1"], "community": []},
    }
    scores = metrics.matching_scores(rankings, bench)
    ideal = 3 + 1 / math.log2(3)
    assert scores["job"]["ndcg@10"] == pytest.approx((1 + 3 / math.log2(3)) / ideal)
    assert scores["job"]["recall@10"] == 1.0
    assert scores["job"]["mrr@10"] == 0.5
    assert scores["job"]["profiles_with_relevant"] == 1
    assert scores["programme"]["ndcg@10"] == 1.0
    assert scores["programme"]["mrr@10"] is None  # no grade-2 programme anywhere
    assert scores["community"]["ndcg@10"] is None


def test_ratios_divide_model_by_baseline_metrics_only():
    model = {"job": {"ndcg@10": 0.8, "profiles_with_relevant": 3, "mrr@10": None}}
    baseline = {"job": {"ndcg@10": 0.4, "profiles_with_relevant": 3, "mrr@10": 0.2}}
    assert metrics.ratios(model, baseline) == {"job": {"ndcg@10": 2.0}}


@pytest.mark.parametrize("compressed", [True, False])
def test_matching_benchmark_loads_from_plain_or_gzipped_json(tmp_path, compressed):
    raw = json.dumps(BENCHMARK).encode()
    path = tmp_path / ("bench.json.gz" if compressed else "bench.json")
    path.write_bytes(gzip.compress(raw) if compressed else raw)
    bench = evaluate.load_matching(path)
    job, programme = bench.opportunities
    assert job.remote == "on_site" and programme.remote == "remote"
    assert [(entry.code, entry.level) for entry in job.languages] == [("en", 4), ("fi", 3)]
    assert job.skills == (SkillRef("SQL"), SkillRef("tilastotiede"))
    assert job.nice_to_have_skills == (SkillRef("python"),)
    profile = bench.profiles[0]
    assert [(entry.code, entry.level) for entry in profile.languages] == [("en", 7), ("fi", 2)]
    assert profile.remote_ok and profile.work_permit == "needs_sponsorship"
    assert bench.grades == {"profile-1": {"job-1": 2}}


def test_unreadable_benchmarks_raise_one_line_errors(tmp_path):
    with pytest.raises(BenchmarkError, match="no such file"):
        evaluate.load_matching(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"opportunities": [')
    with pytest.raises(BenchmarkError, match="not valid JSON"):
        evaluate.load_matching(broken)
    no_profiles = tmp_path / "no_profiles.json"
    no_profiles.write_text('{"opportunities": []}')
    with pytest.raises(BenchmarkError, match="'profiles'"):
        evaluate.load_matching(no_profiles)
    bad_level = tmp_path / "bad_level.json"
    bad = json.loads(json.dumps(BENCHMARK))
    bad["profiles"][0]["languages"][0]["level"] = "Z9"
    bad_level.write_text(json.dumps(bad))
    with pytest.raises(BenchmarkError, match="unexpected value"):
        evaluate.load_matching(bad_level)


def test_vacancy_titles_are_distinct_with_every_labelled_occupation(tmp_path):
    path = tmp_path / "titles.csv.gz"
    rows = [
        "split,job_title,esco_label_en,esco_uri",
        "val,Data Analyst,data analyst,occ:analyst",
        "val,Data Analyst,statistician,occ:statistician",
        "val,Welder,welder,",
    ]
    path.write_bytes(gzip.compress("\n".join(rows).encode()))
    queries = evaluate.load_titles(path)
    assert [(q.title, q.correct) for q in queries] == [
        ("Data Analyst", frozenset({"occ:analyst", "occ:statistician"})),
        ("Welder", frozenset()),
    ]


def test_crosswalk_titles_keep_exact_and_close_occupation_matches(tmp_path):
    path = tmp_path / "crosswalk.csv"
    path.write_text(
        "source,language,source_id,source_title,source_description,esco_uri,esco_type,match_type\n"
        "jobtech_se,sv,1,Svetsare,,occ:welder,occupation,exactMatch\n"
        "jobtech_se,sv,1,Svetsare,,occ:cutter,occupation,closeMatch\n"
        "jobtech_se,sv,1,Svetsare,,occ:smith,occupation,broadMatch\n"
        "jobtech_se,sv,2,Chefer,,isco:1120,isco_group,exactMatch\n"
        "onet_us,en,3,Welders,,occ:welder,occupation,narrowMatch\n"
    )
    queries = evaluate.load_titles(path)
    assert [(q.title, q.correct, q.group) for q in queries] == [
        ("Svetsare", frozenset({"occ:welder", "occ:cutter"}), "jobtech_se/sv")
    ]


def test_skill_sentences_are_correct_only_for_esco_labelled_rows_per_subset(tmp_path):
    path = tmp_path / "sentences.csv"
    path.write_text(
        "subset,split,sentence,span,sub_span,label_status,esco_label_en,esco_skill_uri\n"
        "tech,validation,Know SQL well,SQL,,esco_skill,SQL,skill:sql\n"
        "tech,validation,Know SQL well,well,,LABEL NOT PRESENT,,\n"
        "house,validation,Be smart,smart,,UNDERSPECIFIED,,\n"
    )
    queries = evaluate.load_skill_sentences(path)
    assert [(q.subset, q.sentence, q.correct) for q in queries] == [
        ("tech", "Know SQL well", frozenset({"skill:sql"})),
        ("house", "Be smart", frozenset()),
    ]


@pytest.mark.parametrize("compressed", [True, False])
def test_skill_phrases_are_distinct_labelled_spans_with_all_their_skills(tmp_path, compressed):
    rows = (
        b"subset,split,sentence,span,sub_span,label_status,esco_label_en,esco_skill_uri\n"
        b"tech,validation,Cloud and SQL,cloud,,esco_skill,cloud,skill:cloud\n"
        b"tech,validation,Cloud and SQL,SQL,,esco_skill,SQL,skill:sql\n"
        b"house,validation,Run the cloud,cloud ,,esco_skill,cloud ops,skill:ops\n"
        b"house,validation,Run the cloud,Run,,LABEL NOT PRESENT,,\n"
        b"house,validation,Be smart,   ,,esco_skill,smart,skill:smart\n"
    )
    path = tmp_path / ("phrases.csv.gz" if compressed else "phrases.csv")
    path.write_bytes(gzip.compress(rows) if compressed else rows)
    queries = evaluate.load_skill_phrases(path)
    assert [(q.phrase, q.correct) for q in queries] == [
        ("cloud", frozenset({"skill:cloud", "skill:ops"})),
        ("SQL", frozenset({"skill:sql"})),
    ]


def test_skill_phrases_without_label_status_take_every_span(tmp_path):
    path = tmp_path / "typed.csv"
    path.write_text("span,esco_skill_uri\nSQL,skill:sql\nSQL,\nWelding,\n")
    queries = evaluate.load_skill_phrases(path)
    assert [(q.phrase, q.correct) for q in queries] == [
        ("SQL", frozenset({"skill:sql"})),
        ("Welding", frozenset()),
    ]


def test_phrase_scores_count_a_hit_on_any_correct_skill_and_leave_out_unlabelled():
    queries = [
        evaluate.PhraseQuery("cloud", frozenset({"a", "b"})),
        evaluate.PhraseQuery("SQL", frozenset({"c"})),
        evaluate.PhraseQuery("Welding", frozenset()),
    ]
    scores = metrics.phrase_scores({"cloud": ["x", "b", "a"], "SQL": ["c"]}, queries)["all"]
    assert scores["mrr@10"] == 0.75
    assert scores["acc@1"] == 0.5 and scores["acc@5"] == 1.0
    assert scores["phrases"] == 2 and scores["unlabelled_left_out"] == 1


def test_a_csv_without_the_needed_column_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("title,uri\nWelder,occ:welder\n")
    with pytest.raises(BenchmarkError, match="no 'job_title or source_title' column"):
        evaluate.load_titles(path)
    with pytest.raises(BenchmarkError, match="no 'sentence' column"):
        evaluate.load_skill_sentences(path)
    with pytest.raises(BenchmarkError, match="no 'span' column"):
        evaluate.load_skill_phrases(path)


def test_skill_scores_average_each_subset_then_the_subsets():
    queries = [
        evaluate.SkillQuery("s1", "tech", frozenset({"a"})),
        evaluate.SkillQuery("s2", "tech", frozenset({"b"})),
        evaluate.SkillQuery("s3", "house", frozenset({"c"})),
        evaluate.SkillQuery("s4", "house", frozenset()),
    ]
    scores = metrics.skill_scores({"s1": ["a"], "s2": ["x"], "s3": ["c"]}, queries)
    assert scores["tech"]["rp@5"] == 0.5
    assert scores["house"] == {"rp@5": 1.0, "rp@10": 1.0, "mrr@10": 1.0, "sentences": 1}
    assert scores["mean_over_subsets"]["rp@5"] == 0.75


def test_title_scores_per_group_and_unlabelled_titles_left_out():
    queries = [
        evaluate.TitleQuery("Svetsare", frozenset({"w"}), "jobtech_se/sv"),
        evaluate.TitleQuery("Welders", frozenset({"w"}), "onet_us/en"),
        evaluate.TitleQuery("Unknown", frozenset(), "onet_us/en"),
    ]
    scores = metrics.title_scores({"Svetsare": ["w"], "Welders": ["x", "w"]}, queries)
    assert scores["all"]["mrr@10"] == 0.75
    assert scores["all"]["acc@1"] == 0.5 and scores["all"]["acc@5"] == 1.0
    assert scores["onet_us/en"]["titles"] == 1
    assert scores["onet_us/en"]["unlabelled_left_out"] == 1


def _text_bench() -> MatchingBenchmark:
    jobs = (
        OpportunityDoc("job-1", "job", "Welder", "Weld steel", (SkillRef("welding"),)),
        OpportunityDoc("job-2", "job", "Data analyst", "SQL reports", (SkillRef("SQL"),)),
        OpportunityDoc("job-3", "job", "Baker", "Bake bread", (SkillRef("baking"),)),
    )
    people = (
        ProfileDoc("p1", headline="analyst", skills=(SkillRef("SQL"),)),
        ProfileDoc("p2", headline="welder", skills=(SkillRef("welding"),)),
    )
    return MatchingBenchmark("text", jobs, people, {})


def test_text_baseline_ranks_the_item_sharing_the_words_first():
    rankings = baselines.rank_matching_text(_text_bench())
    assert rankings["p1"]["job"][0] == "job-2"
    assert rankings["p2"]["job"][0] == "job-1"
    assert rankings["p1"]["programme"] == []


def test_random_and_popularity_baselines_are_repeatable_and_label_free():
    bench = _text_bench()
    assert baselines.rank_matching_random(bench) == baselines.rank_matching_random(bench)
    popular = baselines.rank_matching_popularity(bench, k=2)
    assert popular["p1"] == popular["p2"]
    assert len(popular["p1"]["job"]) == 2
    assert set(popular["p1"]["job"]) == {"job-1", "job-2"}  # both shown by the text top 2


def test_label_text_baseline_and_random_rank_concepts():
    class Concept:
        def __init__(self, uri: str, *labels: str) -> None:
            self.uri, self.labels = uri, labels

    concepts = [Concept("occ:welder", "welder", "hitsaaja"), Concept("occ:baker", "baker")]
    ranked = baselines.rank_by_labels_text(["Hitsaaja", "Baker"], concepts, k=1)
    assert ranked == {"Hitsaaja": ["occ:welder"], "Baker": ["occ:baker"]}
    typo = baselines.rank_by_label_characters(["hitsaja", "bakers"], concepts, k=1)
    assert typo == {"hitsaja": ["occ:welder"], "bakers": ["occ:baker"]}
    drawn = baselines.rank_at_random(["q"], ["a", "b", "c"], k=2)
    assert len(set(drawn["q"])) == 2 and drawn == baselines.rank_at_random(
        ["q"], ["a", "b", "c"], 2
    )
