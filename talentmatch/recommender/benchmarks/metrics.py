"""The benchmark metrics exactly as BENCHMARKS.md defines them; None marks a left-out query."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talentmatch.recommender.benchmarks.evaluate import (
        MatchingBenchmark,
        PhraseQuery,
        SkillQuery,
        TitleQuery,
    )

K = 10
MATCHING_KINDS = ("job", "programme", "community")


def _top(ranked: Sequence[str], k: int) -> list[str]:
    """The first k distinct items: a repeated item never counts twice."""
    return list(dict.fromkeys(ranked))[:k]


def _discount(rank: int) -> float:
    return 1.0 / math.log2(rank + 1)


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = K) -> float | None:
    """Gain 2^grade - 1, discount 1/log2(rank + 1); None when nothing is relevant."""
    ideal = sorted((grade for grade in grades.values() if grade > 0), reverse=True)[:k]
    if not ideal:
        return None
    dcg = sum(
        (2 ** grades.get(item, 0) - 1) * _discount(rank)
        for rank, item in enumerate(_top(ranked, k), start=1)
    )
    return dcg / sum((2**grade - 1) * _discount(rank) for rank, grade in enumerate(ideal, 1))


def recall_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int = K) -> float | None:
    relevant = set(relevant)
    if not relevant:
        return None
    return len(relevant.intersection(_top(ranked, k))) / len(relevant)


def reciprocal_rank_at_k(
    ranked: Sequence[str], relevant: Iterable[str], k: int = K
) -> float | None:
    """1 / rank of the first relevant item; 0 when none is in the top k."""
    relevant = set(relevant)
    if not relevant:
        return None
    for rank, item in enumerate(_top(ranked, k), start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def hit_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float | None:
    relevant = set(relevant)
    if not relevant:
        return None
    return 1.0 if relevant.intersection(_top(ranked, k)) else 0.0


def r_precision_at_k(ranked: Sequence[str], correct: Iterable[str], k: int) -> float | None:
    """|correct in top k| / min(k, |correct|)."""
    correct = set(correct)
    if not correct:
        return None
    return len(correct.intersection(_top(ranked, k))) / min(k, len(correct))


def mean_of(values: Iterable[float | None]) -> tuple[float | None, int]:
    """The mean of the defined values (None = left out) and how many there were."""
    kept = [value for value in values if value is not None]
    return (sum(kept) / len(kept) if kept else None), len(kept)


def matching_scores(
    rankings: Mapping[str, Mapping[str, Sequence[str]]], bench: MatchingBenchmark
) -> dict[str, dict]:
    """Per kind: nDCG@10 over profiles with a relevant item, Recall@10 and MRR@10 on grade 2."""
    kind_of = {item.id: item.kind for item in bench.opportunities}
    scores = {}
    for kind in MATCHING_KINDS:
        ndcg, recall, mrr = [], [], []
        for profile in bench.profiles:
            grades = {
                item: grade
                for item, grade in bench.grades.get(profile.id, {}).items()
                if kind_of.get(item) == kind and grade > 0
            }
            best = {item for item, grade in grades.items() if grade == 2}
            ranked = rankings.get(profile.id, {}).get(kind, [])
            ndcg.append(ndcg_at_k(ranked, grades))
            recall.append(recall_at_k(ranked, best))
            mrr.append(reciprocal_rank_at_k(ranked, best))
        ndcg_mean, with_relevant = mean_of(ndcg)
        scores[kind] = {
            "ndcg@10": ndcg_mean,
            "recall@10": mean_of(recall)[0],
            "mrr@10": mean_of(mrr)[0],
            "profiles_with_relevant": with_relevant,
            "profiles_with_grade_2": mean_of(mrr)[1],
        }
    return scores


def title_scores(rankings: Mapping[str, Sequence[str]], queries: Sequence[TitleQuery]) -> dict:
    """MRR@10 and Acc@1/5/10 over all labelled titles, and per source/language."""
    groups: dict[str, list[TitleQuery]] = {"all": list(queries)}
    for query in queries:
        groups.setdefault(query.group, []).append(query)
    if len(groups) == 2:  # one group: "all" says it already
        groups = {"all": groups["all"]}
    scores = {}
    for name, members in groups.items():
        result: dict = {}
        result["mrr@10"], result["titles"] = mean_of(
            reciprocal_rank_at_k(rankings.get(q.title, []), q.correct) for q in members
        )
        for k in (1, 5, 10):
            result[f"acc@{k}"] = mean_of(
                hit_at_k(rankings.get(q.title, []), q.correct, k) for q in members
            )[0]
        result["unlabelled_left_out"] = len(members) - result["titles"]
        scores[name] = result
    return scores


def skill_scores(rankings: Mapping[str, Sequence[str]], queries: Sequence[SkillQuery]) -> dict:
    """RP@5, RP@10 and MRR@10 per subset, and their mean over the subsets."""
    scores: dict[str, dict] = {}
    for subset in sorted({query.subset for query in queries}):
        members = [query for query in queries if query.subset == subset]
        result: dict = {}
        for k in (5, 10):
            result[f"rp@{k}"] = mean_of(
                r_precision_at_k(rankings.get(q.sentence, []), q.correct, k) for q in members
            )[0]
        result["mrr@10"], result["sentences"] = mean_of(
            reciprocal_rank_at_k(rankings.get(q.sentence, []), q.correct) for q in members
        )
        scores[subset] = result
    metrics = ("rp@5", "rp@10", "mrr@10")
    scores["mean_over_subsets"] = {
        name: mean_of(scores[subset][name] for subset in list(scores))[0] for name in metrics
    }
    return scores


def phrase_scores(rankings: Mapping[str, Sequence[str]], queries: Sequence[PhraseQuery]) -> dict:
    """MRR@10, Acc@1 and Acc@5 over the distinct labelled phrases."""
    result: dict = {}
    result["mrr@10"], result["phrases"] = mean_of(
        reciprocal_rank_at_k(rankings.get(q.phrase, []), q.correct) for q in queries
    )
    for k in (1, 5):
        result[f"acc@{k}"] = mean_of(
            hit_at_k(rankings.get(q.phrase, []), q.correct, k) for q in queries
        )[0]
    result["unlabelled_left_out"] = len(queries) - result["phrases"]
    return {"all": result}


def ratios(model: Mapping, baseline: Mapping) -> dict:
    """Model / baseline for every metric (keys with '@') both define and the baseline is > 0."""
    found: dict = {}
    for key, value in model.items():
        other = baseline.get(key)
        if isinstance(value, Mapping) and isinstance(other, Mapping):
            inner = ratios(value, other)
            if inner:
                found[key] = inner
        elif "@" in key and isinstance(value, float) and isinstance(other, float) and other > 0:
            found[key] = round(value / other, 3)
    return found
