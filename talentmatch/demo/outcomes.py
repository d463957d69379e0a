"""Demo first-destination answers: consent to count outcomes from most graduates who share their
profile with career services, and their answers at 6 and 12 months where those are due.

Each class (university and graduation year) gets a mix a real one would have, dealt from a
deck so every class shows it: most employed in the Helsinki region, someone who left Finland,
someone still looking, now and then further study, work elsewhere in Finland or a business of
their own, and an unanswered survey in about half of the classes. At 12 months most of those
still looking at 6 have found work. One graduate per university was hired through TalentMatch
before their 6-month checkpoint, and that hire filled in the answer.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from talentmatch.demo.classes import class_years
from talentmatch.extensions import db
from talentmatch.models import ConsentPurpose, ConsentRecord, GraduateProfile, Visibility
from talentmatch.models.enums import HELSINKI_REGION
from talentmatch.models.outcomes import (
    OutcomeResponse,
    OutcomeSource,
    OutcomeStatus,
    checkpoint_due,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import consent_records

SEED = 7007
WITHOUT_CONSENT_EVERY = 7  # one graduate in seven does not let their outcome be counted

# A deck's "employed" cards say where; None is a survey left unanswered.
REGION, ELSEWHERE = "region", "elsewhere"
Card = OutcomeStatus | str | None
EXTRAS: tuple[Card, ...] = (OutcomeStatus.FURTHER_STUDY, ELSEWHERE, OutcomeStatus.OWN_BUSINESS)
ELSEWHERE_IN_FINLAND = ("Tampere", "Turku", "Oulu", "Jyväskylä")


@dataclass(frozen=True)
class Hire:
    """A hire made through TalentMatch that fills in a checkpoint's answer."""

    employer_name: str
    municipality: str
    hired_at: datetime


def load_outcome_consents(profiles: list[GraduateProfile], added: Counter[str]) -> None:
    """Consent to count outcomes from graduates sharing their profile, except one in seven per
    class; graduates with any outcome consent on record (given or withdrawn) are left alone."""
    recorded = set(
        db.session.scalars(
            select(ConsentRecord.user_id).where(
                ConsentRecord.purpose == ConsentPurpose.OUTCOME_SHARING
            )
        )
    )
    sharing = _classes(p for p in profiles if p.visibility is not Visibility.PRIVATE)
    # Only graduates with no such consent on record get one: no pending record to flush first.
    with db.session.no_autoflush:
        for group in sharing:
            for number, profile in enumerate(group):
                if number % WITHOUT_CONSENT_EVERY == 3 or profile.user_id in recorded:
                    continue
                consent_records.give(profile.user, ConsentPurpose.OUTCOME_SHARING)
                added["outcome consents"] += 1


def _classes(profiles) -> list[list[GraduateProfile]]:
    """Profiles by university and graduation year (the latest first, so the hire through
    TalentMatch is a recent one), each class in user-id order."""
    groups: defaultdict[tuple[int | None, int | None], list[GraduateProfile]] = defaultdict(list)
    for profile in profiles:
        groups[profile.university_id, profile.graduation_year].append(profile)
    order = sorted(groups, key=lambda key: (key[0] or 0, -(key[1] or 0)))
    return [sorted(groups[key], key=lambda p: p.user_id) for key in order]


def _deck(size: int, number: int, rng: random.Random) -> list[Card]:
    """The 6-month answers of a class of `size`, the `number`th class dealt."""
    cards: list[Card] = [OutcomeStatus.LEFT_FINLAND, OutcomeStatus.SEEKING]
    if number % 2:
        cards.append(None)
    if size >= 8 or number % 2 == 0:
        cards.append(EXTRAS[number % len(EXTRAS)])
    if size >= 12:
        cards += [OutcomeStatus.SEEKING, EXTRAS[(number + 1) % len(EXTRAS)]]
    cards += [REGION] * max(0, size - len(cards))
    rng.shuffle(cards)
    return cards[:size]


def _twelve_months(six: list[Card], number: int) -> list[Card]:
    """A year on: most still looking found work in the region, those who had not answered did,
    the rest stayed where they were; one of the employed did not answer this time."""
    year_on: list[Card] = []
    kept_looking = number % 3 == 0
    silent = number % 2 == 0
    for card in six:
        if card == OutcomeStatus.SEEKING and kept_looking:
            kept_looking = False
            year_on.append(card)
        elif card in (OutcomeStatus.SEEKING, None):
            year_on.append(REGION)
        elif card == REGION and silent:
            silent = False
            year_on.append(None)
        else:
            year_on.append(card)
    return year_on


def load_outcomes(
    profiles: list[GraduateProfile],
    employers: list[str],
    hire_for: Callable[[GraduateProfile, date], Hire | None],
    today: date,
    added: Counter[str],
    featured: frozenset[str] = frozenset(),
) -> None:
    """Answers at each checkpoint due by `today` from graduates who consent to count outcomes,
    for checkpoints not answered yet. `hire_for` makes a hire through TalentMatch for the
    first graduate of each university employed in the region at 6 months. `featured`
    graduates (by email), whose accounts people sign in to, were asked and have not answered:
    the survey waits for whoever tries the demo, next to their own applications."""
    rng = random.Random(SEED)
    counting = set(
        db.session.scalars(
            select(ConsentRecord.user_id).where(
                ConsentRecord.purpose == ConsentPurpose.OUTCOME_SHARING,
                ConsentRecord.withdrawn_at.is_(None),
            )
        )
    )
    existing: set[tuple[int, int]] = {
        (user_id, checkpoint)
        for user_id, checkpoint in db.session.execute(
            select(OutcomeResponse.user_id, OutcomeResponse.checkpoint)
        )
    }
    years = class_years(today)
    hired_universities: set[int | None] = set()
    now = utcnow()
    classes = _classes(p for p in profiles if p.user_id in counting and p.graduation_year in years)
    for number, group in enumerate(classes):
        year = group[0].graduation_year
        if year is None:  # never: only classes of `years` are here
            continue
        six = _deck(len(group), number, rng)
        twelve = _twelve_months(six, number)
        for profile, card_at_six, card_at_twelve in zip(group, six, twelve, strict=True):
            if profile.user.email in featured:
                _ask_only(profile, year, existing, today, added)
                continue
            place = _Place(rng.choice(employers), _region_municipality(rng), rng.random() < 0.3)
            hire = None
            if (
                card_at_six == REGION
                and profile.university_id not in hired_universities
                and checkpoint_due(year, 6) <= today
                and (profile.user_id, 6) not in existing
            ):
                hire = hire_for(profile, checkpoint_due(year, 6))
            if hire is not None:
                hired_universities.add(profile.university_id)
                place = _Place(hire.employer_name, hire.municipality, True)
            for checkpoint, card in ((6, card_at_six), (12, card_at_twelve)):
                due = checkpoint_due(year, checkpoint)
                if due > today or (profile.user_id, checkpoint) in existing:
                    continue
                # The hire answered the 6-month survey; at 12 months the graduate did.
                filled = hire if checkpoint == 6 else None
                answer = _answer(card, place, filled, rng)
                asked = datetime.combine(due, time(8))
                answered = filled.hired_at if filled else asked + timedelta(days=rng.randint(1, 24))
                db.session.add(
                    OutcomeResponse(
                        user_id=profile.user_id,
                        checkpoint=checkpoint,
                        asked_at=asked,
                        answered_at=min(answered, now) if answer else None,
                        **answer,
                    )
                )
                added["survey answers" if answer else "unanswered surveys"] += 1


def _ask_only(
    profile: GraduateProfile,
    year: int,
    existing: set[tuple[int, int]],
    today: date,
    added: Counter[str],
) -> None:
    for checkpoint in (6, 12):
        due = checkpoint_due(year, checkpoint)
        if due <= today and (profile.user_id, checkpoint) not in existing:
            db.session.add(
                OutcomeResponse(
                    user_id=profile.user_id,
                    checkpoint=checkpoint,
                    asked_at=datetime.combine(due, time(8)),
                )
            )
            added["unanswered surveys"] += 1


@dataclass(frozen=True)
class _Place:
    """Where a graduate employed in the region works, the same at both checkpoints."""

    employer_name: str
    municipality: str
    found_through_talentmatch: bool


def _region_municipality(rng: random.Random) -> str:
    return rng.choices(HELSINKI_REGION, weights=(12, 5, 3, 1))[0]


def _answer(card: Card, place: _Place, hire: Hire | None, rng: random.Random) -> dict:
    """The response's fields for a card; empty for an unanswered survey."""
    if card is None:
        return {}
    if hire is not None:
        return {
            "status": OutcomeStatus.EMPLOYED,
            "employer_name": hire.employer_name,
            "municipality": hire.municipality,
            "found_through_talentmatch": True,
            "source": OutcomeSource.HIRE,
        }
    if card == REGION:
        return {
            "status": OutcomeStatus.EMPLOYED,
            "employer_name": place.employer_name,
            "municipality": place.municipality,
            "found_through_talentmatch": place.found_through_talentmatch,
            "source": OutcomeSource.GRADUATE,
        }
    if card == ELSEWHERE:
        return {
            "status": OutcomeStatus.EMPLOYED,
            "employer_name": place.employer_name,
            "municipality": rng.choice(ELSEWHERE_IN_FINLAND),
            "found_through_talentmatch": False,
            "source": OutcomeSource.GRADUATE,
        }
    status = OutcomeStatus(card)
    municipality = place.municipality if status is OutcomeStatus.OWN_BUSINESS else None
    return {"status": status, "municipality": municipality, "source": OutcomeSource.GRADUATE}
