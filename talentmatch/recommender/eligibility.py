"""Who may take part: universities, degrees, years since graduation, permits, fields, groups.

An opportunity the profile is not eligible for is never recommended. Criteria live in flat
arrays (`EligibilityTable`) so one profile is checked against every opportunity at once, and
`check` gives the same answer for one pair together with the reasons, criterion by criterion.
A criterion the profile has no answer for (no university given, say) is not met.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from talentmatch.recommender.text import fold
from talentmatch.recommender.types import (
    OPEN_TO_ALL,
    Eligibility,
    OpportunityDoc,
    ProfileDoc,
    Reason,
    ReasonCode,
)

NEWCOMERS = "newcomers"
INTERNATIONAL = "international"
NEWCOMER_YEARS = 5  # moved to Finland at most this many years ago
NO_LIMIT = -1
# A failed criterion takes the score to nothing: the item is not shown, whatever its fit.
NOT_ELIGIBLE_PENALTY = 1.0


@dataclass(frozen=True)
class EligibilityCheck:
    """Whether a profile may take part, with one reason per criterion the opportunity sets."""

    eligible: bool
    met: tuple[Reason, ...] = ()
    failed: tuple[Reason, ...] = ()

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.failed + self.met


def code(value: str | None) -> str:
    return (value or "").strip().lower()


def keyword(value: str) -> str:
    return fold(value)


def field_has(field_of_study: str, wanted: str) -> bool:
    """'nursing' is in 'Nursing Science' and 'health' in 'Health care', but 'art' is not in
    'Artificial intelligence': a keyword must start a word."""
    return (
        bool(wanted) and re.search(rf"(?<!\w){re.escape(wanted)}", fold(field_of_study)) is not None
    )


def years_since_graduation(profile: ProfileDoc, today: date) -> int | None:
    """None when unknown; zero or less while still studying."""
    if profile.graduation_year is None:
        return None
    return today.year - profile.graduation_year


def target_groups_of(profile: ProfileDoc, today: date) -> set[str]:
    """The groups a profile belongs to, from the year its owner moved to Finland."""
    moved = profile.moved_to_finland_year
    if moved is None:
        return set()
    groups = {INTERNATIONAL}
    if today.year - moved <= NEWCOMER_YEARS:
        groups.add(NEWCOMERS)
    return groups


def _joined(values: Iterable[str]) -> str:
    return ", ".join(values)


def check(profile: ProfileDoc, criteria: Eligibility, today: date) -> EligibilityCheck:
    """Every criterion that is set, met or failed; eligible when none failed."""
    met: list[Reason] = []
    failed: list[Reason] = []

    def add(ok: bool, criterion: str, *params: tuple[str, str]) -> None:
        given = (("criterion", criterion), *params)
        if ok:
            met.append(Reason(ReasonCode.ELIGIBLE, given))
        else:
            failed.append(Reason(ReasonCode.NOT_ELIGIBLE, given, NOT_ELIGIBLE_PENALTY))

    years = criteria.max_years_since_graduation
    since = years_since_graduation(profile, today)
    recent = years is None or (since is not None and since <= years)
    years_param = (("years", str(years)),) if years is not None else ()
    if criteria.universities:
        names = dict(zip(criteria.universities, criteria.university_names, strict=False))
        mine = profile.university
        if mine in criteria.universities:
            add(True, "university", ("university", names.get(mine, "")), *years_param)
        else:
            missing = (("missing", "1"),) if mine is None else ()
            add(
                False,
                "university",
                ("universities", _joined(names.values())),
                *years_param,
                *missing,
            )
    if years is not None and not (recent and criteria.universities):
        graduated = (
            (("graduation_year", str(profile.graduation_year)),) if since is not None else ()
        )
        missing = (("missing", "1"),) if since is None else ()
        add(recent, "graduation", ("years", str(years)), *graduated, *missing)
    for criterion, wanted, have in (
        ("degree_level", criteria.degree_levels, profile.degree_level),
        ("work_permit", criteria.work_permits, profile.work_permit),
    ):
        if wanted:
            ok = code(have) in {code(value) for value in wanted}
            extra = (("have", code(have)),) if have else (("missing", "1"),)
            add(ok, criterion, ("wanted", ",".join(code(v) for v in wanted)), *extra)
    if criteria.fields_of_study:
        field = profile.field_of_study.strip()
        ok = any(field_has(field, keyword(value)) for value in criteria.fields_of_study)
        extra = (("have", field),) if field else (("missing", "1"),)
        add(ok, "field_of_study", ("fields", _joined(criteria.fields_of_study)), *extra)
    if criteria.target_groups:
        wanted_groups = [code(value) for value in criteria.target_groups]
        mine_groups = target_groups_of(profile, today)
        belongs = [group for group in wanted_groups if group in mine_groups]
        moved = profile.moved_to_finland_year
        extra = (("moved", str(moved)),) if moved is not None else (("missing", "1"),)
        group = belongs[0] if belongs else ",".join(wanted_groups)
        add(bool(belongs), "target_group", ("wanted", group), *extra)
    return EligibilityCheck(not failed, tuple(met), tuple(failed))


def reasons(profile: ProfileDoc, doc: OpportunityDoc, today: date) -> tuple[Reason, ...]:
    """The eligibility reasons of one match; none when the opportunity is open to everyone."""
    if doc.eligibility.is_open:
        return ()
    return check(profile, doc.eligibility, today).reasons


class _Membership:
    """A set-valued criterion over every opportunity: one boolean column per value."""

    def __init__(self) -> None:
        self.columns: dict[str, np.ndarray] = {}
        self.restricted = np.zeros(0, dtype=bool)

    def extend(self, values: Sequence[Iterable[str]]) -> None:
        start, count = len(self.restricted), len(values)
        for column in self.columns:
            self.columns[column] = np.concatenate([self.columns[column], np.zeros(count, bool)])
        self.restricted = np.concatenate([self.restricted, np.zeros(count, dtype=bool)])
        for offset, row_values in enumerate(values):
            self._set(start + offset, row_values)

    def replace(self, row: int, values: Iterable[str]) -> None:
        for column in self.columns.values():
            column[row] = False
        self.restricted[row] = False
        self._set(row, values)

    def allows(self, have: Iterable[str], rows: np.ndarray | None) -> np.ndarray:
        """Rows with no restriction, or naming one of the values the profile has."""
        pick = (lambda values: values) if rows is None else (lambda values: values[rows])
        allowed = ~pick(self.restricted)
        for value in have:
            column = self.columns.get(value)
            if column is not None:
                allowed |= pick(column)
        return allowed

    def _set(self, row: int, values: Iterable[str]) -> None:
        for value in values:
            if value not in self.columns:
                self.columns[value] = np.zeros(len(self.restricted), dtype=bool)
            self.columns[value][row] = True
            self.restricted[row] = True


class EligibilityTable:
    """Criteria of every opportunity, row i = opportunity i of the model."""

    def __init__(self) -> None:
        self.universities = _Membership()
        self.degree_levels = _Membership()
        self.work_permits = _Membership()
        self.fields = _Membership()
        self.target_groups = _Membership()
        self.max_years = np.zeros(0, dtype=np.int32)

    def __len__(self) -> int:
        return len(self.max_years)

    def _sets(self, criteria: Eligibility) -> tuple[tuple[_Membership, list[str]], ...]:
        return (
            (self.universities, list(criteria.universities)),
            (self.degree_levels, [code(v) for v in criteria.degree_levels]),
            (self.work_permits, [code(v) for v in criteria.work_permits]),
            (self.fields, [keyword(v) for v in criteria.fields_of_study if keyword(v)]),
            (self.target_groups, [code(v) for v in criteria.target_groups]),
        )

    def extend(self, docs: Iterable[OpportunityDoc]) -> None:
        docs = list(docs)
        rows = [self._sets(doc.eligibility) for doc in docs]
        for index, (membership, _values) in enumerate(self._sets(OPEN_TO_ALL)):
            membership.extend([row[index][1] for row in rows])
        limits = [_limit(doc.eligibility) for doc in docs]
        self.max_years = np.concatenate([self.max_years, limits]).astype(np.int32)

    def replace(self, row: int, doc: OpportunityDoc) -> None:
        for membership, values in self._sets(doc.eligibility):
            membership.replace(row, values)
        self.max_years[row] = _limit(doc.eligibility)

    def allows(
        self, profile: ProfileDoc, today: date, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Vectorised over all opportunities (or `rows` of them); agrees with `check`."""
        limits = self.max_years if rows is None else self.max_years[rows]
        since = years_since_graduation(profile, today)
        allowed = limits == NO_LIMIT
        if since is not None:
            allowed |= since <= limits
        field = profile.field_of_study
        fields = [value for value in self.fields.columns if field and field_has(field, value)]
        for membership, have in (
            (self.universities, [profile.university] if profile.university else []),
            (self.degree_levels, [code(profile.degree_level)] if profile.degree_level else []),
            (self.work_permits, [code(profile.work_permit)] if profile.work_permit else []),
            (self.fields, fields),
            (self.target_groups, target_groups_of(profile, today)),
        ):
            allowed &= membership.allows(have, rows)
        return allowed


def _limit(criteria: Eligibility) -> int:
    years = criteria.max_years_since_graduation
    return NO_LIMIT if years is None else years
