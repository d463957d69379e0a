"""The engine's benchmarks: reading the files, ranking, the metrics and the baselines."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from talentmatch.recommender.benchmarks.baselines import (
    Rankings,
    rank_at_random,
    rank_by_label_characters,
    rank_by_labels_text,
    rank_matching_popularity,
    rank_matching_random,
    rank_matching_text,
)
from talentmatch.recommender.benchmarks.metrics import (
    MATCHING_KINDS,
    K,
    matching_scores,
    phrase_scores,
    ratios,
    skill_scores,
    title_scores,
)
from talentmatch.recommender.types import (
    LanguageLevel,
    OpportunityDoc,
    ProfileDoc,
    SkillRef,
    cefr_level,
)

REMOTE_MODES = {"onsite": "on_site", "on_site": "on_site", "on-site": "on_site"}
KEPT_MATCH_TYPES = frozenset({"exactMatch", "closeMatch"})


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


@dataclass(frozen=True)
class PhraseQuery:
    phrase: str
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


def load_profiles(path: str | Path) -> tuple[ProfileDoc, ...]:
    """Profiles in the benchmark's profile format: a JSON list, or an object with 'profiles'."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise BenchmarkError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno})"
        ) from None
    items = data.get("profiles") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise BenchmarkError(f"{path}: expected a non-empty list of profiles")
    try:
        return tuple(_profile(item) for item in items)
    except KeyError as error:
        raise BenchmarkError(f"{path}: a profile has no {error}") from None
    except (TypeError, ValueError, AttributeError) as error:
        raise BenchmarkError(f"{path}: unexpected value ({error})") from None


def _level(text: str | int) -> int:
    try:
        return cefr_level(text)
    except KeyError:
        raise ValueError(f"unknown CEFR level {text!r}") from None


def _skills(values: Iterable | None) -> tuple[SkillRef, ...]:
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


def load_skill_phrases(path: str | Path) -> list[PhraseQuery]:
    """Distinct stripped spans with every skill they were labelled with.

    With a `label_status` column only the rows labelled esco_skill count; without one, every
    row with a span does. Empty spans are skipped.
    """
    columns, rows = _csv_rows(path, ("span",))
    if "span" not in columns:
        raise BenchmarkError(f"{path}: no 'span' column")
    labelled = "label_status" in columns
    correct: dict[str, set[str]] = {}
    for row in rows:
        phrase = (row.get("span") or "").strip()
        if not phrase or (labelled and row.get("label_status") != "esco_skill"):
            continue
        uris = correct.setdefault(phrase, set())
        if uri := (row.get("esco_skill_uri") or "").strip():
            uris.add(uri)
    return [PhraseQuery(phrase, frozenset(uris)) for phrase, uris in correct.items()]


# --- rankings: the engine -----------------------------------------------------------------------


def rank_matching(bench: MatchingBenchmark, k: int = K) -> dict[str, dict[str, list[str]]]:
    """Fit on the benchmark's opportunities and profiles only; the top k of each kind."""
    # Imported here: the commands module loads with every app, the engine only when used.
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
    return {
        title: [
            uri
            for uri, _ in normaliser.rank(title, k=k, exclude_training_title=leave_own_title_out)
        ]
        for title in dict.fromkeys(titles)
    }


def rank_skills(sentences: Sequence[str], k: int = K) -> Rankings:
    """Ranked ESCO skills suggested from each sentence."""
    from talentmatch.recommender.language import language_models

    normaliser = language_models().skills
    return {
        sentence: [uri for uri, _ in normaliser.suggest(sentence, k=k)]
        for sentence in dict.fromkeys(sentences)
    }


def rank_phrases(phrases: Sequence[str], k: int = K) -> Rankings:
    """Ranked ESCO skills per typed phrase, from the engine's phrase linker."""
    from talentmatch.recommender.language import language_models

    normaliser = language_models().skills
    return {
        phrase: [uri for uri, _ in normaliser.link(phrase, k)] for phrase in dict.fromkeys(phrases)
    }


def as_ranking_list(rankings: Rankings) -> list[dict]:
    """The rankings file of titles, skills and phrases: [{"query": ..., "ranked": [...]}]."""
    return [{"query": query, "ranked": ranked} for query, ranked in rankings.items()]


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
    if leave_own_title_out:
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


def evaluate_phrases(queries: Sequence[PhraseQuery]) -> dict:
    from talentmatch.recommender.taxonomy import shipped_taxonomy

    taxonomy = shipped_taxonomy()
    phrases = [query.phrase for query in queries]
    skill_ids = [skill.uri for skill in taxonomy.skills]
    return _report(
        "phrases",
        "phrases",
        phrase_scores(rank_phrases(phrases), queries),
        {
            "random": phrase_scores(rank_at_random(phrases, skill_ids), queries),
            "tfidf_text": phrase_scores(rank_by_labels_text(phrases, taxonomy.skills), queries),
            "tfidf_chars": phrase_scores(
                rank_by_label_characters(phrases, taxonomy.skills), queries
            ),
        },
        [
            "one query per distinct span; a span labelled with several skills counts a hit on "
            "any of them",
            "tfidf_text: word TF-IDF over each skill's labels (en, fi, sv, alternatives); "
            "tfidf_chars: the same with character 2-4-grams within words",
        ],
    )
