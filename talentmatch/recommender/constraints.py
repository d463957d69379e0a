"""Constraints beside similarity: languages, permit, location, deadlines, closed and hidden items.

Every opportunity's requirements live in flat arrays so one profile is checked against all of
them with a few vector operations; the same rules give the `Reason`s of a single match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from talentmatch.recommender.config import EngineConfig
from talentmatch.recommender.types import (
    CEFR_NAMES,
    MatchFilters,
    OpportunityDoc,
    ProfileDoc,
    Reason,
    ReasonCode,
)

REMOTE_CODES = {"on_site": 0, "onsite": 0, "on-site": 0, "hybrid": 1, "remote": 2}
ON_SITE, HYBRID, REMOTE = 0, 1, 2
NO_PLACE = -1
DEADLINE_SOON_DAYS = 14
JOB_SIDE = frozenset(
    {ReasonCode.LANGUAGE_BELOW, ReasonCode.LANGUAGE_MISSING, ReasonCode.PERMIT_NEEDS_SPONSORSHIP}
)


def remote_code(value: str | None) -> int:
    return REMOTE_CODES.get((value or "").strip().lower(), ON_SITE)


def place_key(name: str | None) -> str:
    return (name or "").strip().casefold()


def needs_sponsorship(profile: ProfileDoc) -> bool:
    return profile.work_permit == "needs_sponsorship"


def profile_places(profile: ProfileDoc) -> tuple[set[str], bool]:
    """The municipalities a graduate named, and whether remote work suits them."""
    places = {place_key(name) for name in profile.municipalities}
    remote_ok = profile.remote_ok or "remote" in places
    places.discard("remote")
    places.discard("")
    return places, remote_ok


@dataclass
class Assessment:
    """Per opportunity: the score multiplier and whether it may be shown at all."""

    multiplier: np.ndarray
    allowed: np.ndarray


class ConstraintTable:
    """Requirements of every opportunity as arrays, row i = opportunity i of the model."""

    def __init__(self) -> None:
        self.language_columns: dict[str, int] = {}
        self.places: dict[str, int] = {}
        self.minimums = np.zeros((0, 0), dtype=np.int8)
        self.sponsors = np.zeros(0, dtype=np.int8)  # 1 yes, 0 no, -1 not stated
        self.place = np.zeros(0, dtype=np.int32)
        self.remote = np.zeros(0, dtype=np.int8)
        self.deadline = np.zeros(0, dtype=np.int32)  # proleptic ordinal, 0 = none

    def __len__(self) -> int:
        return len(self.sponsors)

    def extend(self, docs: Iterable[OpportunityDoc]) -> None:
        docs = list(docs)
        for doc in docs:
            for need in doc.languages:
                self._language_column(need.code)
        minimums = np.zeros((len(docs), len(self.language_columns)), dtype=np.int8)
        for row, doc in enumerate(docs):
            for need in doc.languages:
                column = self.language_columns[need.code.lower()]
                minimums[row, column] = max(minimums[row, column], need.level)
        self.minimums = np.vstack([self.minimums, minimums])
        self.sponsors = np.concatenate([self.sponsors, [_sponsors(d) for d in docs]]).astype(
            np.int8
        )
        places = [self._place(d.municipality) for d in docs]
        self.place = np.concatenate([self.place, places]).astype(np.int32)
        remote = [remote_code(d.remote) for d in docs]
        self.remote = np.concatenate([self.remote, remote]).astype(np.int8)
        deadlines = [d.deadline.toordinal() if d.deadline else 0 for d in docs]
        self.deadline = np.concatenate([self.deadline, deadlines]).astype(np.int32)

    def replace(self, row: int, doc: OpportunityDoc) -> None:
        for need in doc.languages:
            self._language_column(need.code)
        self.minimums[row] = 0
        for need in doc.languages:
            column = self.language_columns[need.code.lower()]
            self.minimums[row, column] = max(self.minimums[row, column], need.level)
        self.sponsors[row] = _sponsors(doc)
        self.place[row] = self._place(doc.municipality)
        self.remote[row] = remote_code(doc.remote)
        self.deadline[row] = doc.deadline.toordinal() if doc.deadline else 0

    def assess(
        self,
        profile: ProfileDoc,
        filters: MatchFilters,
        today: date,
        config: EngineConfig,
        rows: np.ndarray | None = None,
    ) -> Assessment:
        """Vectorised over all opportunities (or `rows` of them); agrees with `reasons`."""
        pick = (lambda values: values) if rows is None else (lambda values: values[rows])
        minimums, sponsors, place = pick(self.minimums), pick(self.sponsors), pick(self.place)
        remote, deadline = pick(self.remote), pick(self.deadline)
        count = len(sponsors)
        levels = np.zeros(len(self.language_columns), dtype=np.int8)
        for have in profile.languages:
            column = self.language_columns.get(have.code.lower())
            if column is not None:
                levels[column] = max(levels[column], have.level)
        short = np.zeros(count, dtype=bool)
        for column, level in enumerate(levels):
            short |= minimums[:, column] > level
        permit_short = (sponsors == 0) & needs_sponsorship(profile)
        places, remote_ok = profile_places(profile)
        elsewhere = np.zeros(count, dtype=bool)
        if places:
            mine = np.zeros(len(self.places) + 1, dtype=bool)  # last slot: no municipality given
            mine[[self.places[p] for p in places if p in self.places]] = True
            mine[-1] = True
            elsewhere = ~mine[place] & (remote != REMOTE)
        # one multiplier per combination of shortfalls, looked up rather than multiplied out
        table = np.ones((2, 2, 3), dtype=np.float32)
        table[1] *= 1.0 - config.language_penalty
        table[:, 1] *= 1.0 - config.permit_penalty
        table[:, :, 1] *= 1.0 - location_penalty(config, HYBRID, remote_ok)
        table[:, :, 2] *= 1.0 - location_penalty(config, ON_SITE, remote_ok)
        where = elsewhere * np.where(remote == HYBRID, 1, 2)
        multiplier = table[short.view(np.int8), permit_short.view(np.int8), where]
        allowed = (deadline == 0) | (deadline >= today.toordinal())
        if filters.languages_met:
            allowed &= ~short
        if filters.sponsors_permit:
            allowed &= sponsors != 0
        if filters.my_municipalities:
            allowed &= ~elsewhere
        return Assessment(multiplier, allowed)

    def _language_column(self, code: str) -> int:
        code = code.lower()
        if code not in self.language_columns:
            self.language_columns[code] = len(self.language_columns)
            padding = np.zeros((len(self), 1), dtype=np.int8)
            self.minimums = np.hstack([self.minimums, padding])
        return self.language_columns[code]

    def _place(self, name: str | None) -> int:
        key = place_key(name)
        if not key:
            return NO_PLACE
        return self.places.setdefault(key, len(self.places))


def location_penalty(config: EngineConfig, remote: int, remote_ok: bool) -> float:
    """Hybrid work elsewhere costs half as much to someone open to remote work."""
    if remote == HYBRID and remote_ok:
        return config.location_penalty / 2
    return config.location_penalty


def _sponsors(doc: OpportunityDoc) -> int:
    return -1 if doc.sponsors_permit is None else int(bool(doc.sponsors_permit))


def reasons(
    profile: ProfileDoc, doc: OpportunityDoc, today: date, config: EngineConfig
) -> tuple[Reason, ...]:
    """Language, permit, location and deadline reasons for one match, penalties included."""
    found: list[Reason] = []
    levels: dict[str, int] = {}
    for spoken in profile.languages:
        code = spoken.code.lower()
        levels[code] = max(levels.get(code, 0), spoken.level)
    minimums: dict[str, int] = {}
    for need in doc.languages:
        code = need.code.lower()
        minimums[code] = max(minimums.get(code, 0), need.level)
    charged = False  # the penalty counts once however many languages fall short
    for code, level in minimums.items():
        have = levels.get(code, 0)
        params = [("language", code), ("required", CEFR_NAMES.get(level, str(level)))]
        if have >= level:
            params.append(("have", CEFR_NAMES.get(have, str(have))))
            found.append(Reason(ReasonCode.LANGUAGE_OK, tuple(params)))
            continue
        penalty = 0.0 if charged else config.language_penalty
        charged = True
        if have == 0:
            found.append(Reason(ReasonCode.LANGUAGE_MISSING, tuple(params), penalty))
        else:
            params.append(("have", CEFR_NAMES.get(have, str(have))))
            found.append(Reason(ReasonCode.LANGUAGE_BELOW, tuple(params), penalty))
    if needs_sponsorship(profile) and doc.sponsors_permit is not None:
        if doc.sponsors_permit:
            found.append(Reason(ReasonCode.PERMIT_OK))
        else:
            found.append(Reason(ReasonCode.PERMIT_NEEDS_SPONSORSHIP, (), config.permit_penalty))
    found.extend(_location_reasons(profile, doc, config))
    if doc.deadline and doc.deadline >= today:
        days = (doc.deadline - today).days
        if days <= DEADLINE_SOON_DAYS:
            found.append(
                Reason(
                    ReasonCode.DEADLINE_SOON,
                    (("deadline", doc.deadline.isoformat()), ("days", str(days))),
                )
            )
    return tuple(found)


def _location_reasons(profile: ProfileDoc, doc: OpportunityDoc, config: EngineConfig):
    places, remote_ok = profile_places(profile)
    remote = remote_code(doc.remote)
    municipality = doc.municipality or ""
    if remote == REMOTE:
        return [Reason(ReasonCode.LOCATION_REMOTE)]
    if not municipality or not places:
        return []
    params = (("municipality", municipality),)
    if place_key(municipality) in places:
        return [Reason(ReasonCode.LOCATION_OK, params)]
    return [
        Reason(ReasonCode.LOCATION_ELSEWHERE, params, location_penalty(config, remote, remote_ok))
    ]


def multiplier(found: Iterable[Reason]) -> float:
    value = 1.0
    for reason in found:
        value *= 1.0 - reason.penalty
    return value


def is_job_side(reason: Reason) -> bool:
    """Requirements the opportunity sets (languages, permit), not the graduate's wishes."""
    return reason.code in JOB_SIDE
