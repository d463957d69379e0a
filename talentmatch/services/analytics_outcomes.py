"""First-destination outcomes of a group's graduates per graduation year and checkpoint, as
NACE defines its rates, and staying in the Helsinki region.

Counted: graduates in the group with a graduation year whose checkpoint (6 or 12 months) has
come and who consent to their outcomes being counted. Knowledge rate = graduates whose outcome
at the checkpoint is known / graduates counted; outcomes rate = employed, in further study or
running their own business / known outcomes ("left Finland" is known but not a positive
outcome). Staying = employed in Helsinki, Espoo, Vantaa or Kauniainen / known outcomes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, OutcomeResponse, OutcomeStatus
from talentmatch.models.enums import HELSINKI_REGION
from talentmatch.models.outcomes import CHECKPOINTS, checkpoint_due
from talentmatch.services import cohorts
from talentmatch.services.analytics import (
    Count,
    Group,
    Rate,
    counts_of,
    member_profiles,
    member_user_ids,
)

POSITIVE_OUTCOMES = frozenset(
    {OutcomeStatus.EMPLOYED, OutcomeStatus.FURTHER_STUDY, OutcomeStatus.OWN_BUSINESS}
)
_REGION = frozenset(name.casefold() for name in HELSINKI_REGION)


@dataclass(frozen=True)
class OutcomeRow:
    graduation_year: int
    checkpoint: int  # months after graduation
    graduates: Count  # counted: checkpoint due, consenting
    known: Count
    knowledge_rate: Rate  # known / graduates
    outcomes_rate: Rate  # positive outcomes / known
    by_status: tuple[tuple[OutcomeStatus, Count], ...]  # in OutcomeStatus order


@dataclass(frozen=True)
class StayingRow:
    graduation_year: int
    checkpoint: int
    known: Count
    staying: Rate  # employed in the Helsinki region / known
    left_finland: Rate
    seeking: Rate


@dataclass(frozen=True)
class _Answer:
    status: OutcomeStatus
    municipality: str


def _stays(answer: _Answer) -> bool:
    """Employed in Helsinki, Espoo, Vantaa or Kauniainen."""
    municipality = " ".join(answer.municipality.split()).casefold()
    return answer.status is OutcomeStatus.EMPLOYED and municipality in _REGION


def _share(known: list[_Answer], whole: Count, matches: Callable[[_Answer], bool]) -> Rate:
    return Rate(Count.of(sum(1 for answer in known if matches(answer))), whole)


def _cohorts_due(group: Group, today: date) -> dict[tuple[int, int], list[int]]:
    """The counted graduates' user ids by (graduation year, checkpoint), oldest year first."""
    rows = db.session.execute(
        member_profiles(group)
        .with_only_columns(GraduateProfile.user_id, GraduateProfile.graduation_year)
        .where(
            GraduateProfile.graduation_year.is_not(None),
            cohorts.outcome_sharing(GraduateProfile.user_id),
        )
    )
    due: dict[tuple[int, int], list[int]] = defaultdict(list)
    for user_id, year in rows:
        if year is None:
            continue
        for months in CHECKPOINTS:
            if checkpoint_due(year, months) <= today:
                due[(year, months)].append(user_id)
    return dict(sorted(due.items()))


def _answers(group: Group) -> dict[tuple[int, int], _Answer]:
    answers = {}
    for user_id, months, status, municipality in db.session.execute(
        select(
            OutcomeResponse.user_id,
            OutcomeResponse.checkpoint,
            OutcomeResponse.status,
            OutcomeResponse.municipality,
        ).where(
            OutcomeResponse.user_id.in_(member_user_ids(group)),
            OutcomeResponse.status.is_not(None),
        )
    ):
        if status is not None:
            answers[(user_id, months)] = _Answer(status, municipality or "")
    return answers


def _known(group: Group, today: date) -> Iterator[tuple[int, int, int, list[_Answer]]]:
    """Per (year, checkpoint): the number counted and the answers known."""
    due = _cohorts_due(group, today)
    answers = _answers(group)
    for (year, months), users in due.items():
        known = [answers[(u, months)] for u in users if (u, months) in answers]
        yield year, months, len(users), known


def outcomes(group: Group, today: date) -> tuple[OutcomeRow, ...]:
    """Per graduation year and checkpoint: counted, known, knowledge and outcomes rates and
    the count of each status."""
    rows = []
    for year, months, counted, known in _known(group, today):
        graduates, known_count = Count.of(counted), Count.of(len(known))
        positive = Count.of(sum(answer.status in POSITIVE_OUTCOMES for answer in known))
        rows.append(
            OutcomeRow(
                graduation_year=year,
                checkpoint=months,
                graduates=graduates,
                known=known_count,
                knowledge_rate=Rate(known_count, graduates),
                outcomes_rate=Rate(positive, known_count),
                by_status=tuple(
                    zip(
                        OutcomeStatus,
                        counts_of(
                            [sum(a.status is status for a in known) for status in OutcomeStatus]
                        ),
                        strict=True,
                    )
                ),
            )
        )
    return tuple(rows)


def staying(group: Group, today: date) -> tuple[StayingRow, ...]:
    """Per graduation year and checkpoint: of the known outcomes, the shares employed in the
    Helsinki region, left Finland and still seeking."""
    rows = []
    for year, months, _counted, known in _known(group, today):
        whole = Count.of(len(known))
        rows.append(
            StayingRow(
                graduation_year=year,
                checkpoint=months,
                known=whole,
                staying=_share(known, whole, _stays),
                left_finland=_share(known, whole, lambda a: a.status is OutcomeStatus.LEFT_FINLAND),
                seeking=_share(known, whole, lambda a: a.status is OutcomeStatus.SEEKING),
            )
        )
    return tuple(rows)
