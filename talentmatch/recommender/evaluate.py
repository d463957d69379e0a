"""The engine's benchmarks: reading the files, ranking, the metrics and the baselines."""

from __future__ import annotations

import csv
import gzip
import inspect
import io
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.recommender.types import (
    LanguageLevel,
    OpportunityDoc,
    ProfileDoc,
    SkillRef,
    cefr_level,
)

K = 10
MATCHING_KINDS = ("job", "programme", "community")
REMOTE_MODES = {"onsite": "on_site", "on_site": "on_site", "on-site": "on_site"}
KEPT_MATCH_TYPES = frozenset({"exactMatch", "closeMatch"})
RANDOM_SEED = 1_2021
Rankings = dict[str, list[str]]  # query -> ranked URIs


class BenchmarkError(ValueError):
    """A benchmark file that cannot be used; the message is one line for the command line."""


@dataclass(frozen=True)
class MatchingBenchmark:
    name: str
    opportunities: tuple[OpportunityDoc, ...]
    profiles: tuple[ProfileDoc, ...]
    grades: dict[str, dict[str, int]] = field(default_factory=dict)  # profile -> item -> grade


@dataclass(frozen=True)
class TitleQuery:
    title: str
    correct: frozenset[str]
    group: str  # source/language, e.g. "onet_us/en"


@dataclass(frozen=True)
class SkillQuery:
    sentence: str
    subset: str
    correct: frozenset[str]


# --- reading the files -----------------------------------------------------------------------


def read_text(path: str | Path) -> str:
    """A UTF-8 file, gunzipped when it is gzip whatever its name."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BenchmarkError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise BenchmarkError(f"{path}: cannot be read ({error.strerror})") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise BenchmarkError(f"{path}: damaged gzip file") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BenchmarkError(f"{path}: not UTF-8 text") from None


def load_matching(path: str | Path) -> MatchingBenchmark:
    """The matching benchmark (JSON, plain or gzipped) as engine documents and grades."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise BenchmarkError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise BenchmarkError(f"{path}: expected a JSON object with opportunities and profiles")
    for key in ("opportunities", "profiles"):
        if not isinstance(data.get(key), list):
            raise BenchmarkError(f"{path}: no '{key}' list")
    try:
        opportunities = tuple(_opportunity(item) for item in data["opportunities"])
        profiles = tuple(_profile(item) for item in data["profiles"])
        grades: dict[str, dict[str, int]] = {}
        for pair in data.get("relevance") or ():
            grades.setdefault(str(pair["profile"]), {})[str(pair["opportunity"])] = int(
                pair["grade"]
            )
    except KeyError as error:
        raise BenchmarkError(f"{path}: an entry has no {error}") from None
    except (TypeError, ValueError, AttributeError) as error:
        raise BenchmarkError(f"{path}: unexpected value ({error})") from None
    return MatchingBenchmark(
        str(data.get("name") or Path(path).name), opportunities, profiles, grades
    )


def _level(text: str | int) -> int:
    try:
        return cefr_level(text)
    except KeyError:
        raise ValueError(f"unknown CEFR level {text!r}") from None


def _skills(values: Iterable) -> tuple[SkillRef, ...]:
    return tuple(
        SkillRef(value["label"], value.get("uri")) if isinstance(value, dict) else SkillRef(value)
        for value in values or ()
    )


def _opportunity(item: dict) -> OpportunityDoc:
    remote = str(item.get("remote") or "on_site")
    return OpportunityDoc(
        id=str(item["id"]),
        kind=str(item["kind"]),
        title=str(item["title"]),
        description=item.get("description") or "",
        skills=_skills(item.get("skills")),
        nice_to_have_skills=_skills(item.get("nice_to_have_skills")),
        languages=tuple(
            LanguageLevel(entry["code"], _level(entry["min_level"]))
            for entry in item.get("languages") or ()
        ),
        municipality=item.get("municipality"),
        remote=REMOTE_MODES.get(remote, remote),
        employment_type=item.get("employment_type"),
        sponsors_permit=item.get("sponsors_permit"),
        provider=item.get("provider") or "",
    )


def _profile(item: dict) -> ProfileDoc:
    municipalities = tuple(item.get("municipalities") or ())
    return ProfileDoc(
        id=str(item["id"]),
        headline=item.get("headline") or "",
        about=item.get("about") or "",
        skills=_skills(item.get("skills")),
        languages=tuple(
            LanguageLevel(entry["code"], _level(entry["level"]))
            for entry in item.get("languages") or ()
        ),
        municipalities=municipalities,
        remote_ok="remote" in municipalities,
        work_permit=item.get("work_permit"),
        field_of_study=item.get("field_of_study") or "",
    )


def _csv_rows(path: str | Path, needed: Sequence[str]) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    columns = list(reader.fieldnames or ())
    if not any(name in columns for name in needed):
        raise BenchmarkError(f"{path}: no '{' or '.join(needed)}' column")
    try:
        return columns, list(reader)
    except csv.Error as error:
        raise BenchmarkError(f"{path}: not valid CSV ({error})") from None


def load_titles(path: str | Path) -> list[TitleQuery]:
    """Distinct titles with their correct occupations: a `job_title` file or the crosswalk."""
    columns, rows = _csv_rows(path, ("job_title", "source_title"))
    crosswalk = "job_title" not in columns
    correct: dict[str, set[str]] = {}
    groups: dict[str, str] = {}
    for row in rows:
        title = row.get("source_title" if crosswalk else "job_title") or ""
        uri = (row.get("esco_uri") or "").strip()
        if crosswalk and (
            row.get("esco_type") != "occupation" or row.get("match_type") not in KEPT_MATCH_TYPES
        ):
            continue
        if not title.strip():
            continue
        correct.setdefault(title, set())
        if uri:
            correct[title].add(uri)
        groups.setdefault(title, f"{row.get('source') or 'titles'}/{row.get('language') or 'en'}")
    return [TitleQuery(title, frozenset(uris), groups[title]) for title, uris in correct.items()]


def load_skill_sentences(path: str | Path) -> list[SkillQuery]:
    """Distinct sentences per subset with their correct skills (rows labelled esco_skill)."""
    _, rows = _csv_rows(path, ("sentence",))
    correct: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        sentence = row.get("sentence") or ""
        if not sentence.strip():
            continue
        uris = correct.setdefault((row.get("subset") or "all", sentence), set())
        if row.get("label_status") == "esco_skill" and row.get("esco_skill_uri"):
            uris.add(row["esco_skill_uri"])
    return [
        SkillQuery(sentence, subset, frozenset(uris))
        for (subset, sentence), uris in correct.items()
    ]


# --- metrics (BENCHMARKS.md) -----------------------------------------------------------------


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


# --- rankings: the engine -----------------------------------------------------------------------


def rank_matching(bench: MatchingBenchmark, k: int = K) -> dict[str, dict[str, list[str]]]:
    """Fit on the benchmark's opportunities and profiles only; the top k of each kind."""
    from talentmatch.recommender.model import Recommender

    recommender = Recommender.fit(bench.opportunities, bench.profiles)
    return {
        profile.id: {
            kind: [match.opportunity_id for match in recommender.recommend(profile, kind=kind, k=k)]
            for kind in MATCHING_KINDS
        }
        for profile in bench.profiles
    }


def rank_titles(
    titles: Sequence[str], k: int = K, *, leave_own_title_out: bool = False
) -> Rankings:
    """Ranked ESCO occupations per title; leaving out a title's own training example if asked."""
    from talentmatch.recommender.language import language_models

    normaliser = language_models().titles
    options = {"leave_out": True} if leave_own_title_out and learns_from_titles() else {}
    return {
        title: [uri for uri, _ in normaliser.rank(title, k=k, **options)]
        for title in dict.fromkeys(titles)
    }


def learns_from_titles() -> bool:
    """Whether the shipped title normaliser holds training titles (and can leave one out)."""
    from talentmatch.recommender.language import language_models

    rank = language_models().titles.rank
    return "leave_out" in inspect.signature(rank).parameters


def rank_skills(sentences: Sequence[str], k: int = K) -> Rankings:
    """Ranked ESCO skills suggested from each sentence."""
    from talentmatch.recommender.language import language_models

    normaliser = language_models().skills
    return {
        sentence: [uri for uri, _ in normaliser.suggest(sentence, k=k)]
        for sentence in dict.fromkeys(sentences)
    }


def as_ranking_list(rankings: Rankings) -> list[dict]:
    """The rankings file of titles and skills: [{"query": ..., "ranked": [...]}]."""
    return [{"query": query, "ranked": ranked} for query, ranked in rankings.items()]


# --- baselines ----------------------------------------------------------------------------------


def _text_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32)


def _best(scores: np.ndarray, ids: Sequence[str], k: int) -> list[list[str]]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[ids[column] for column in row] for row in order]


def _rank_documents(
    queries: sparse.csr_matrix, documents: sparse.csr_matrix, ids: Sequence[str], k: int
) -> list[list[str]]:
    ranked: list[list[str]] = []
    for start in range(0, queries.shape[0], 500):  # bounded memory for many queries
        ranked.extend(_best((queries[start : start + 500] @ documents.T).toarray(), ids, k))
    return ranked


def _profile_text(profile: ProfileDoc) -> str:
    return " ".join([profile.headline, profile.about, *(skill.label for skill in profile.skills)])


def _opportunity_text(item: OpportunityDoc) -> str:
    labels = (skill.label for skill in (*item.skills, *item.nice_to_have_skills))
    return " ".join([item.title, item.description, *labels])


def _by_kind(bench: MatchingBenchmark) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {kind: [] for kind in MATCHING_KINDS}
    for position, item in enumerate(bench.opportunities):
        positions.setdefault(item.kind, []).append(position)
    return positions


def rank_matching_random(bench: MatchingBenchmark, k: int = K) -> dict[str, dict[str, list[str]]]:
    rng = np.random.default_rng(RANDOM_SEED)
    ids = [item.id for item in bench.opportunities]
    by_kind = _by_kind(bench)
    return {
        profile.id: {
            kind: [ids[i] for i in rng.permutation(by_kind[kind])[:k]] for kind in MATCHING_KINDS
        }
        for profile in bench.profiles
    }


def rank_matching_text(bench: MatchingBenchmark, k: int = K) -> dict[str, dict[str, list[str]]]:
    """Cosine of word TF-IDF: headline + about + skill labels vs title + description + labels."""
    vectorizer = _text_vectorizer()
    items = [_opportunity_text(item) for item in bench.opportunities]
    people = [_profile_text(profile) for profile in bench.profiles]
    vectorizer.fit(items + people)
    item_vectors, people_vectors = vectorizer.transform(items), vectorizer.transform(people)
    rankings: dict[str, dict[str, list[str]]] = {profile.id: {} for profile in bench.profiles}
    for kind, positions in _by_kind(bench).items():
        if kind not in MATCHING_KINDS:
            continue
        ids = [bench.opportunities[i].id for i in positions]
        ranked = _rank_documents(people_vectors, item_vectors[positions], ids, k)
        for profile, top in zip(bench.profiles, ranked, strict=True):
            rankings[profile.id][kind] = top
    return rankings


def rank_matching_popularity(
    bench: MatchingBenchmark, k: int = K
) -> dict[str, dict[str, list[str]]]:
    """One list for everyone: items by how many profiles' text top k they appear in.

    No grades are used: an item is "popular" when the text baseline would show it to many
    profiles, the stand-in for views or applications that a benchmark file does not have.
    Ties are broken at random (seeded).
    """
    text = rank_matching_text(bench, k)
    rng = np.random.default_rng(RANDOM_SEED)
    shown: dict[str, int] = {}
    for per_kind in text.values():
        for top in per_kind.values():
            for item in top:
                shown[item] = shown.get(item, 0) + 1
    popular = {}
    for kind, positions in _by_kind(bench).items():
        ids = [bench.opportunities[i].id for i in positions]
        tie_break = rng.random(len(ids))
        order = sorted(range(len(ids)), key=lambda i: (-shown.get(ids[i], 0), tie_break[i]))
        popular[kind] = [ids[i] for i in order[:k]]
    return {
        profile.id: {kind: list(popular.get(kind, [])) for kind in MATCHING_KINDS}
        for profile in bench.profiles
    }


def _concept_documents(concepts: Iterable) -> tuple[list[str], list[str]]:
    """Each ESCO concept as one document of all its labels (en, fi, sv, alternatives)."""
    ids, documents = [], []
    for concept in concepts:
        ids.append(concept.uri)
        documents.append(" ".join(concept.labels))
    return ids, documents


def rank_by_labels_text(queries: Sequence[str], concepts: Iterable, k: int = K) -> Rankings:
    """Word TF-IDF over the concepts' labels, cosine with the query's words."""
    ids, documents = _concept_documents(concepts)
    queries = list(dict.fromkeys(queries))
    vectorizer = _text_vectorizer().fit(documents)
    ranked = _rank_documents(vectorizer.transform(queries), vectorizer.transform(documents), ids, k)
    return dict(zip(queries, ranked, strict=True))


def rank_at_random(queries: Sequence[str], ids: Sequence[str], k: int = K) -> Rankings:
    rng = np.random.default_rng(RANDOM_SEED)
    return {
        query: [ids[i] for i in rng.choice(len(ids), size=min(k, len(ids)), replace=False)]
        for query in dict.fromkeys(queries)
    }


# --- whole evaluations --------------------------------------------------------------------------


def _report(
    task: str, name: str, model: dict, baselines: dict[str, dict], notes: list[str]
) -> dict:
    return {
        "benchmark": task,
        "name": name,
        "k": K,
        "model": model,
        "baselines": baselines,
        "ratios": {label: ratios(model, scores) for label, scores in baselines.items()},
        "notes": notes,
    }


def evaluate_matching(bench: MatchingBenchmark) -> dict:
    def score(rank: Callable) -> dict:
        return matching_scores(rank(bench), bench)

    return _report(
        "matching",
        bench.name,
        score(rank_matching),
        {
            "random": score(rank_matching_random),
            "tfidf_text": score(rank_matching_text),
            "popularity": score(rank_matching_popularity),
        },
        [
            "model fitted on the benchmark's opportunities and profiles only",
            "popularity: one list for all profiles, items by how many profiles' TF-IDF top 10 "
            "show them (no relevance labels used)",
        ],
    )


def evaluate_titles(queries: Sequence[TitleQuery], *, leave_own_title_out: bool = True) -> dict:
    from talentmatch.recommender.taxonomy import shipped_taxonomy

    taxonomy = shipped_taxonomy()
    titles = [query.title for query in queries]
    occupation_ids = [occupation.uri for occupation in taxonomy.occupations]
    notes = ["an unlabelled title (no known ESCO occupation) is left out of the metrics"]
    if leave_own_title_out and learns_from_titles():
        notes.append(
            "model evaluated leaving each title's own training example out (the JobBERT "
            "vacancy titles the title normaliser learns from)"
        )
    return _report(
        "titles",
        "titles",
        title_scores(rank_titles(titles, leave_own_title_out=leave_own_title_out), queries),
        {
            "random": title_scores(rank_at_random(titles, occupation_ids), queries),
            "tfidf_text": title_scores(rank_by_labels_text(titles, taxonomy.occupations), queries),
        },
        notes,
    )


def evaluate_skills(queries: Sequence[SkillQuery]) -> dict:
    from talentmatch.recommender.taxonomy import shipped_taxonomy

    taxonomy = shipped_taxonomy()
    sentences = [query.sentence for query in queries]
    skill_ids = [skill.uri for skill in taxonomy.skills]
    return _report(
        "skills",
        "skills",
        skill_scores(rank_skills(sentences), queries),
        {
            "random": skill_scores(rank_at_random(sentences, skill_ids), queries),
            "tfidf_text": skill_scores(rank_by_labels_text(sentences, taxonomy.skills), queries),
        },
        ["a sentence without an ESCO-labelled skill is left out of the metrics"],
    )
