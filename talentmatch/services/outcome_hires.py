"""Hires made in TalentMatch offered to the graduate as a survey answer: which checkpoint a hire
answers, the offers a graduate has, and the sentence the "hired" notification adds.

A hire answers the checkpoint reached on the day of the hire, or the first checkpoint when none
was reached yet (it is offered from the day that checkpoint comes). An offer stands until the
graduate records or declines that hire (services/outcomes.py); a newer hire for the same
checkpoint replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import select

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConsentPurpose,
    User,
)
from talentmatch.models.enums import MUNICIPALITIES
from talentmatch.models.outcomes import CHECKPOINTS, OutcomeResponse, checkpoint_due
from talentmatch.services import consent_records
from talentmatch.services.links import absolute, path_for

MAX_EMPLOYER = 200  # the length of OutcomeResponse.employer_name


@dataclass(frozen=True)
class HireOffer:
    """A hire in TalentMatch the graduate may record as a checkpoint's answer in one click."""

    application_id: int
    checkpoint: int
    organisation: str
    municipality: str | None  # None when the job is not tied to a listed municipality
    title: str


def hire_checkpoint(graduation_year: int, hired_on: date) -> int:
    """The checkpoint a hire answers: the last one reached on its day, else the first."""
    reached = [m for m in CHECKPOINTS if checkpoint_due(graduation_year, m) <= hired_on]
    return reached[-1] if reached else CHECKPOINTS[0]


def _local_day(moment: datetime) -> date:
    return to_user_timezone(moment).date()


def offers(
    user_id: int, graduation_year: int, responses: dict[int, OutcomeResponse]
) -> dict[int, HireOffer]:
    """Per checkpoint, the newest hire answering it that the graduate has not yet recorded or
    declined."""
    hires = db.session.execute(
        select(Application, ApplicationEvent.created_at)
        .join(ApplicationEvent, ApplicationEvent.application_id == Application.id)
        .where(
            Application.user_id == user_id,
            Application.status == ApplicationStatus.HIRED,
            ApplicationEvent.status == ApplicationStatus.HIRED,
        )
        .order_by(ApplicationEvent.created_at.desc(), Application.id.desc())
    ).all()
    offers: dict[int, HireOffer] = {}
    considered: set[int] = set()
    for application, hired_at in hires:
        checkpoint = hire_checkpoint(graduation_year, _local_day(hired_at))
        if checkpoint in offers or checkpoint in considered:
            continue  # a newer hire answers this checkpoint
        response = responses.get(checkpoint)
        if response is not None and response.hire_application_id == application.id:
            considered.add(checkpoint)
            continue
        job = application.opportunity
        offers[checkpoint] = HireOffer(
            application_id=application.id,
            checkpoint=checkpoint,
            organisation=job.provider_name[:MAX_EMPLOYER],
            municipality=job.municipality if job.municipality in MUNICIPALITIES else None,
            title=job.title,
        )
    return offers


def hire_note(graduate: User, hired_on: date) -> str:
    """A sentence for the "hired" notification: the hire can become the survey's answer (empty
    when the graduate does not take part in the survey). Called in the graduate's language."""
    profile = graduate.profile
    if profile is None or profile.graduation_year is None or profile.university_id is None:
        return ""
    if consent_records.in_force(graduate, ConsentPurpose.OUTCOME_SHARING) is None:
        return ""
    url = absolute(path_for("outcomes.index"))
    due_on = checkpoint_due(
        profile.graduation_year, hire_checkpoint(profile.graduation_year, hired_on)
    )
    if due_on <= hired_on:
        return _(
            "Congratulations! You can record this job as your answer to the graduate survey in "
            "one click: %(url)s",
            url=url,
        )
    return _(
        "Congratulations! From %(date)s you can record this job as your answer to the graduate "
        "survey in one click: %(url)s",
        date=formats.date(due_on),
        url=url,
    )
