"""Searching the catalogue: filters, and words found by meaning in English, Finnish and Swedish."""

from __future__ import annotations

import threading
import time
import unicodedata
from array import array
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, or_, select, union
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    EmploymentType,
    EscoSkill,
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    OpportunityText,
    ProfileLanguage,
    RemoteMode,
    Role,
    User,
)
from talentmatch.models.opportunities import COURSE_INSTRUCTION_LEVEL
from talentmatch.recommender import language
from talentmatch.services.errors import InvalidInput, NotFound
from talentmatch.services.vetting import listed

MAX_SEARCH_TEXT = 200
MAX_SEARCH_WORDS = 12
# The linker's confidence a skill needs before it widens a search: below it, "data analyst"
# would also find every job asking for statistics.
SKILL_LINK_CONFIDENCE = 0.7
SKILL_LINKS = 10
SURE_LINK = 0.9  # the best link this sure is searched for by its labels too
MEANINGS_KEPT = 2048
# Relevance of one query word: in the title above in a skill above in the description.
TITLE_WEIGHT, SKILL_WEIGHT, DESCRIPTION_WEIGHT = 4, 2, 1


@dataclass(frozen=True)
class SearchFilters:
    kind: OpportunityKind | None = None
    municipality: str | None = None
    remote: bool = False  # only remote or hybrid
    employment_type: EmploymentType | None = None
    meets_my_languages: bool = False
    text: str = ""
    page: int = 1
    # Only opportunities added after this (saved-search alerts).
    created_after: datetime | None = None


def clean_query(text: str) -> str:
    """The query as comparable text: NFKC, control and invisible format characters out."""
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for character in text:
        category = unicodedata.category(character)
        if category in ("Cc", "Cs", "Co", "Cn"):
            kept.append(" ")  # NUL and friends; PostgreSQL refuses NUL in any string
        elif category != "Cf":  # zero-width spaces, direction marks
            kept.append(character)
    return " ".join("".join(kept).split())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class _Meaning:
    """What the whole phrase means to ESCO: skills the linker is sure of, occupations it names."""

    skill_uris: tuple[str, ...] = ()
    occupation_labels: tuple[str, ...] = ()
    # the sure skills' labels in English, Finnish and Swedish: "koneoppiminen" also finds a
    # description that says "machine learning"
    skill_labels: tuple[str, ...] = ()


def _meaning(text: str) -> _Meaning:
    # Building the language models takes seconds; until the warm-up has done it, labels only.
    if not language.is_built():
        return _Meaning()
    return _linked_meaning(text)


@lru_cache(maxsize=MEANINGS_KEPT)
def _linked_meaning(text: str) -> _Meaning:
    """What the linker makes of a phrase: the same for everyone and tens of milliseconds of
    work, so each process keeps the latest MEANINGS_KEPT phrases' meanings."""
    skills = language.language_models().skills
    uris = tuple(
        uri
        for uri, confidence in skills.link(text, k=SKILL_LINKS)
        if confidence >= SKILL_LINK_CONFIDENCE
    )
    sure = [uri for uri, confidence in skills.link(text, k=1) if confidence >= SURE_LINK]
    labels = {skills.label(uri, locale) for uri in sure for locale in ("en", "fi", "sv")}
    return _Meaning(
        skill_uris=uris,
        occupation_labels=language.occupation_labels(text),
        skill_labels=tuple(sorted(label for label in labels if label)),
    )


# Each way a word can be found is a list of opportunity ids worked out once per search
# (`Opportunity.id IN (...)`), never a condition tested row by row: on PostgreSQL every one of
# these LIKEs is answered by a trigram index (migrations: search indexes), and a correlated
# EXISTS over the skills' labels cost seconds at 10,000 opportunities.
_Ids = Select[Any]


def _found_in(ids: list[_Ids]) -> ColumnElement[bool]:
    if not ids:
        return false()
    return Opportunity.id.in_(union(*ids) if len(ids) > 1 else ids[0])


def _linked_skill(uris: tuple[str, ...]) -> list[_Ids]:
    if not uris:
        return []
    return [
        select(OpportunitySkill.opportunity_id)
        .join(EscoSkill, EscoSkill.id == OpportunitySkill.skill_id)
        .where(EscoSkill.uri.in_(uris))
    ]


def _mentions(column, phrases: tuple[str, ...]) -> ColumnElement[bool]:
    return or_(*(column.ilike(f"%{_escape_like(phrase)}%", escape="\\") for phrase in phrases))


def _said(original, translated, phrases: tuple[str, ...]) -> list[_Ids]:
    """One of the phrases in the original's column or in the same column of a translation
    (OpportunityText): a Finnish title finds a job written in English with a Finnish version."""
    if not phrases:
        return []
    return [
        select(Opportunity.id).where(_mentions(original, phrases)),
        select(OpportunityText.opportunity_id).where(_mentions(translated, phrases)),
    ]


def _in_title(phrases: tuple[str, ...]) -> list[_Ids]:
    return _said(Opportunity.title, OpportunityText.title, phrases)


def _in_description(phrases: tuple[str, ...]) -> list[_Ids]:
    return _said(Opportunity.description, OpportunityText.description, phrases)


def _skill_mentions(word: str) -> list[_Ids]:
    """A skill of the opportunity has `word` in its label or in any ESCO label, any language."""
    pattern = f"%{_escape_like(word)}%"
    # search_text holds every label lower-cased
    named = select(EscoSkill.id).where(EscoSkill.search_text.like(pattern.lower(), escape="\\"))
    return [
        select(OpportunitySkill.opportunity_id).where(
            OpportunitySkill.label.ilike(pattern, escape="\\")
        ),
        select(OpportunitySkill.opportunity_id).where(OpportunitySkill.skill_id.in_(named)),
    ]


def _text_relevance(text: str) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    """Which opportunities the words find, and how relevant each is.

    Every word must be found somewhere (so "python analyst" narrows); a skill the linker ties to
    the whole phrase, or an occupation it names, counts as found for every word.
    """
    words = list(dict.fromkeys(text.lower().split()))
    if len(words) > MAX_SEARCH_WORDS:
        raise InvalidInput({"q": _("Search with at most %(n)d words.", n=MAX_SEARCH_WORDS)})
    meaning = _meaning(text)
    linked = _linked_skill(meaning.skill_uris)
    whole_in_title = _in_title(meaning.occupation_labels) + _in_title(meaning.skill_labels)
    said_in_description = _in_description(meaning.skill_labels)
    conditions = []
    relevance: ColumnElement[int] | int = 0
    for word in words:
        title_ids = _in_title((word,)) + whole_in_title
        skill_ids = _skill_mentions(word) + linked
        description_ids = _in_description((word,)) + said_in_description
        conditions.append(_found_in(title_ids + skill_ids + description_ids))
        in_title = _found_in(title_ids)
        in_skills = _found_in(skill_ids)
        in_description = _found_in(description_ids)
        relevance = (
            relevance
            + case((in_title, TITLE_WEIGHT), else_=0)
            + case((in_skills, SKILL_WEIGHT), else_=0)
            + case((in_description, DESCRIPTION_WEIGHT), else_=0)
        )
    return and_(*conditions), relevance  # type: ignore[return-value]


def _languages_met_by(profile_id: int):
    """No language requirement of the opportunity is above the profile's level in it."""
    profile_meets = exists(
        select(ProfileLanguage.id).where(
            ProfileLanguage.profile_id == profile_id,
            ProfileLanguage.code == OpportunityLanguage.code,
            ProfileLanguage.level >= OpportunityLanguage.min_level,
        )
    )
    unmet = select(OpportunityLanguage.id).where(
        OpportunityLanguage.opportunity_id == Opportunity.id, ~profile_meets
    )
    # A course asks for its language of instruction instead (Opportunity.instruction_requirement).
    follows_teaching = exists(
        select(ProfileLanguage.id).where(
            ProfileLanguage.profile_id == profile_id,
            ProfileLanguage.code == Opportunity.instruction_language,
            ProfileLanguage.level >= int(COURSE_INSTRUCTION_LEVEL),
        )
    )
    course_unmet = and_(
        Opportunity.kind == OpportunityKind.COURSE,
        Opportunity.instruction_language != func.coalesce(Opportunity.teaches_language, ""),
        ~follows_teaching,
    )
    return and_(~exists(unmet), ~course_unmet)


def _profile_with_languages(viewer: User | None) -> GraduateProfile:
    profile = viewer.profile if viewer is not None and viewer.role is Role.GRADUATE else None
    if profile is None or not profile.languages:
        if profile is None:
            message = _(
                "To filter by the language requirements you meet, log in as a graduate and "
                "add your languages to your profile."
            )
        else:
            message = _(
                "Add your languages and their levels to your profile to filter by the "
                "language requirements you meet."
            )
        raise InvalidInput({"meets_my_languages": message})
    return profile


def _open_query(today: date) -> Select:
    return (
        select(Opportunity)
        .where(
            Opportunity.open_on(today),
            listed(),
        )
        .options(
            selectinload(Opportunity.languages),
            selectinload(Opportunity.organisation),
            selectinload(Opportunity.university),
            selectinload(Opportunity.texts),
        )
    )


class RankedPage(Pagination):
    """One page of a ranking worked out as a list of ids: the count is the list's length and
    only the page's own opportunities are read."""

    def _query_items(self) -> list[Opportunity]:
        ids = list(self._query_args["ids"][self._query_offset : self._query_offset + self.per_page])
        rows = {
            o.id: o
            for o in db.session.scalars(
                _open_query(self._query_args["today"]).where(Opportunity.id.in_(ids))
            )
        }
        return [rows[i] for i in ids if i in rows]

    def _query_count(self) -> int:
        return len(self._query_args["ids"])


# Rankings of the same words and filters are the same for everyone on a day: each process keeps
# the latest SEARCHES_KEPT of them while the catalogue has not changed (its row count and newest
# change, looked at most every CATALOGUE_CHECK_SECONDS; any edit, close, verification or new
# opportunity moves them, on any host). "Meets my languages" depends on the reader: never kept.
SEARCHES_KEPT = 512
RANKINGS_KEY = "search_rankings"


class Rankings:
    """One app's kept rankings (ids, best first), shared by the threads of its process."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self._config = config  # the app's config, read on every use
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, array] = OrderedDict()
        self._stamp: tuple | None = None
        self._checked_at = float("-inf")

    def get(self, key: tuple) -> array | None:
        interval = float(self._config["CATALOGUE_CHECK_SECONDS"])
        with self._lock:
            if time.monotonic() - self._checked_at >= interval:
                stamp = tuple(
                    db.session.execute(
                        select(func.count(Opportunity.id), func.max(Opportunity.updated_at))
                    ).one()
                )
                if stamp != self._stamp:
                    self._kept.clear()
                    self._stamp = stamp
                self._checked_at = time.monotonic()
            ids = self._kept.get(key)
            if ids is not None:
                self._kept.move_to_end(key)
            return ids

    def keep(self, key: tuple, ids: array) -> None:
        with self._lock:
            self._kept[key] = ids
            while len(self._kept) > SEARCHES_KEPT:
                self._kept.popitem(last=False)


def _rankings() -> Rankings:
    extensions = current_app.extensions
    found = extensions.get(RANKINGS_KEY)
    if found is None:
        found = extensions.setdefault(RANKINGS_KEY, Rankings(current_app.config))
    return found


def _ranking_key(filters: SearchFilters, text: str, today: date) -> tuple:
    return (
        text.lower(),
        filters.kind,
        filters.municipality,
        filters.remote,
        filters.employment_type,
        filters.created_after,
        today,
    )


def _ranked_ids(query: Select, filters: SearchFilters, text: str, today: date) -> array:
    """The ids of every opportunity the words find, most relevant first (kept, see above)."""
    key = None if filters.meets_my_languages else _ranking_key(filters, text, today)
    ids = _rankings().get(key) if key is not None else None
    if ids is None:
        found, relevance = _text_relevance(text)
        newest = (Opportunity.created_at.desc(), Opportunity.id.desc())
        ranked = query.where(found).order_by(relevance.desc(), *newest)
        ids = array("l", db.session.scalars(ranked.with_only_columns(Opportunity.id)))
        if key is not None:
            _rankings().keep(key, ids)
    return ids


def search(filters: SearchFilters, viewer: User | None, today: date, per_page: int) -> Pagination:
    """Opportunities open today (Opportunity.open_on), narrowed by `filters`.

    Without words, newest first; with words, most relevant first (a title match, then a skill
    match in any of our languages, then a description match), newest first among equals.
    A page beyond the last one raises NotFound; the first page of no results is just empty.
    """
    if filters.page < 1:
        raise InvalidInput({"page": _("The page number must be at least 1.")})
    if len(filters.text) > MAX_SEARCH_TEXT:
        raise InvalidInput({"q": _("Search with at most %(n)d characters.", n=MAX_SEARCH_TEXT)})
    text = clean_query(filters.text)
    query = _open_query(today)
    if filters.meets_my_languages:
        query = query.where(_languages_met_by(_profile_with_languages(viewer).id))
    if filters.kind is not None:
        query = query.where(Opportunity.kind == filters.kind)
    if filters.municipality:
        query = query.where(Opportunity.municipality == filters.municipality)
    if filters.remote:
        query = query.where(Opportunity.remote_mode.in_([RemoteMode.REMOTE, RemoteMode.HYBRID]))
    if filters.employment_type is not None:
        query = query.where(Opportunity.employment_type == filters.employment_type)
    if filters.created_after is not None:
        query = query.where(Opportunity.created_at > filters.created_after)
    if text:
        ids = _ranked_ids(query, filters, text, today)
        page: Pagination = RankedPage(
            page=filters.page, per_page=per_page, error_out=False, ids=ids, today=today
        )
    else:
        newest = (Opportunity.created_at.desc(), Opportunity.id.desc())
        page = db.paginate(
            query.order_by(*newest), page=filters.page, per_page=per_page, error_out=False
        )
    if filters.page > 1 and filters.page > page.pages:
        raise NotFound(_("There is no page %(page)d of these results.", page=filters.page))
    return page
