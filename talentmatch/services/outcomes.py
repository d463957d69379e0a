"""The first-destination survey: asking graduates 6 and 12 months after graduating what they are
doing, their answers, and a hire made in TalentMatch offered to them as an answer.

Who is asked: active graduates with a university and a graduation year on their profile whose
consent OUTCOME_SHARING is in force, once per checkpoint, on or after the checkpoint's day (so
never before graduating: the first checkpoint is six months after it). A checkpoint long past
when the graduate first consents, or first names their university, is still asked, once: a late
answer still tells the university what happened, and may be the only one it ever gets. When both
checkpoints are due and unasked, one notice asks about both, so nobody gets two emails the same
day. Withdrawing the consent stops the asking; the answers stay the graduate's, and statistics
count them only while the consent is in force.

Only due checkpoints are answerable: a rate at a checkpoint then counts only what graduates said
at or after it. The answers are the graduate's own; nobody else reads or writes them here (career
services see statistics only, elsewhere).

A hire (services/outcome_hires.py): when an application of the graduate reaches "hired", it is
offered as the answer for the checkpoint reached on the day of the hire, or for the first
checkpoint when none was reached yet, from the day that checkpoint comes. Nothing is written
until the graduate records it (source "hire") or declines it; either way that hire is not
offered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    ConsentPurpose,
    GraduateProfile,
    NotificationKind,
    Role,
    User,
)
from talentmatch.models.enums import MUNICIPALITIES
from talentmatch.models.outcomes import (
    CHECKPOINTS,
    OUTSIDE_FINLAND,
    OutcomeResponse,
    OutcomeSource,
    OutcomeStatus,
    checkpoint_due,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import applications, cohorts, consent_records, outcome_hires
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.links import absolute, path_for
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work

MAX_EMPLOYER = outcome_hires.MAX_EMPLOYER
# Employed and own business say where; the other answers have no place.
NEEDS_PLACE = frozenset({OutcomeStatus.EMPLOYED, OutcomeStatus.OWN_BUSINESS})
# Places besides the listed municipalities (stored as these values, never a municipality's name).
ELSEWHERE_IN_FINLAND = "elsewhere_in_finland"
PLACE_LABELS = {
    ELSEWHERE_IN_FINLAND: _l("Elsewhere in Finland"),
    OUTSIDE_FINLAND: _l("Outside Finland"),
}


def place_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in MUNICIPALITIES] + [
        (value, str(label)) for value, label in PLACE_LABELS.items()
    ]


def place_label(value: str | None) -> str:
    return str(PLACE_LABELS.get(value or "", value or ""))


@dataclass(frozen=True)
class Checkpoint:
    months: int
    due_on: date
    is_due: bool
    response: OutcomeResponse | None
    hire_offer: outcome_hires.HireOffer | None

    @property
    def answered(self) -> bool:
        return self.response is not None and self.response.answered


@dataclass(frozen=True)
class Survey:
    """What the survey page shows one graduate."""

    graduation_year: int | None
    university: str | None
    consents: bool
    checkpoints: tuple[Checkpoint, ...]  # empty without a graduation year

    @property
    def ready(self) -> bool:
        """The profile says when and where they graduated, which the survey needs."""
        return self.graduation_year is not None and self.university is not None

    @property
    def open(self) -> bool:
        return self.ready and self.consents

    def checkpoint(self, months: int) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.months == months), None)


@dataclass(frozen=True)
class OutcomeInput:
    """An answer as the form sends it."""

    checkpoint: str
    status: str
    employer_name: str = ""
    municipality: str = ""
    found_through_talentmatch: bool = False


def consents(user: User) -> bool:
    return consent_records.in_force(user, ConsentPurpose.OUTCOME_SHARING) is not None


def _profile(actor: User) -> GraduateProfile | None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("The graduate survey is for graduates."))
    return actor.profile


def _responses(user_id: int) -> dict[int, OutcomeResponse]:
    rows = db.session.scalars(select(OutcomeResponse).where(OutcomeResponse.user_id == user_id))
    return {row.checkpoint: row for row in rows}


def survey(actor: User, today: date) -> Survey:
    """The graduate's checkpoints with their answers and any hire offered as an answer."""
    profile = _profile(actor)
    year = profile.graduation_year if profile is not None else None
    university = profile.university.name if profile is not None and profile.university else None
    consent = consents(actor)
    if year is None:
        return Survey(None, university, consent, ())
    responses = _responses(actor.id)
    offers = outcome_hires.offers(actor.id, year, responses) if consent else {}
    checkpoints = tuple(
        Checkpoint(
            months=months,
            due_on=checkpoint_due(year, months),
            is_due=checkpoint_due(year, months) <= today,
            response=responses.get(months),
            hire_offer=offers.get(months),
        )
        for months in CHECKPOINTS
    )
    return Survey(year, university, consent, checkpoints)


def _open_survey(actor: User, today: date) -> tuple[GraduateProfile, Survey]:
    """The survey of a graduate who may answer it: consenting, with a university and year."""
    found = survey(actor, today)
    profile = actor.profile
    if not found.consents:
        raise InvalidInput(
            _(
                "Nothing was saved: the survey's answers are kept only while you agree that "
                "your university may count what happened after you graduated. You can agree "
                "on your privacy page."
            )
        )
    if profile is None or not found.ready:
        raise InvalidInput(
            _(
                "Nothing was saved: add your university and graduation year to your profile "
                "first, so the survey knows when to ask."
            )
        )
    return profile, found


def due_checkpoint(found: Survey, value: str | int, today: date) -> Checkpoint:
    """The checkpoint an answer is for: one of the survey's, and due."""
    try:
        months = int(str(value).strip())
    except ValueError:
        months = 0
    checkpoint = found.checkpoint(months)
    if checkpoint is None:
        raise InvalidInput(
            _("There is no such checkpoint: the survey asks at 6 and 12 months after graduating.")
        )
    if not checkpoint.is_due:
        raise InvalidInput(
            _(
                "The %(months)d-month checkpoint opens on %(date)s. Only checkpoints that have "
                "come can be answered, so that the statistics stay honest.",
                months=checkpoint.months,
                date=formats.date(checkpoint.due_on),
            )
        )
    return checkpoint


def _checked(data: OutcomeInput) -> tuple[OutcomeStatus, str, str | None, bool | None]:
    errors: dict[str, str] = {}
    try:
        status = OutcomeStatus(data.status)
    except ValueError:
        raise InvalidInput(_("Choose what you are doing from the list."), "status") from None
    employer = (data.employer_name or "").replace("\x00", "").strip()
    place = (data.municipality or "").strip()
    if status is OutcomeStatus.EMPLOYED:
        if not employer:
            errors["employer_name"] = _("Write the name of your employer.")
        elif len(employer) > MAX_EMPLOYER:
            errors["employer_name"] = _(
                "Use at most %(max)s characters (you used %(length)s).",
                max=formats.number(MAX_EMPLOYER),
                length=formats.number(len(employer)),
            )
    if status in NEEDS_PLACE and place not in dict(place_choices()):
        errors["municipality"] = _(
            "Choose the municipality from the list, or “Elsewhere in Finland” or “Outside Finland”."
        )
    if errors:
        raise InvalidInput(errors)
    if status is OutcomeStatus.EMPLOYED:
        return status, employer, place, bool(data.found_through_talentmatch)
    return status, "", place if status in NEEDS_PLACE else None, None


def _response_for_update(profile: GraduateProfile, checkpoint: int) -> OutcomeResponse:
    """The graduate's row for a checkpoint, created when missing. Every writer of a graduate's
    answers (the graduate, the daily asking) holds the profile's lock first, so two of them at
    once never both create the row."""
    lock_for_update(profile)
    response = db.session.scalar(
        select(OutcomeResponse).where(
            OutcomeResponse.user_id == profile.user_id, OutcomeResponse.checkpoint == checkpoint
        )
    )
    if response is None:
        response = OutcomeResponse(user_id=profile.user_id, checkpoint=checkpoint)
        db.session.add(response)
    return response


def answer(actor: User, data: OutcomeInput, today: date) -> OutcomeResponse:
    """Record or change the graduate's answer for a due checkpoint."""
    profile, found = _open_survey(actor, today)
    checkpoint = due_checkpoint(found, data.checkpoint, today)
    status, employer, place, found_here = _checked(data)
    with unit_of_work():
        response = _response_for_update(profile, checkpoint.months)
        response.status = status
        response.employer_name = employer
        response.municipality = place
        response.found_through_talentmatch = found_here
        response.source = OutcomeSource.GRADUATE
        response.answered_at = utcnow()
    return response


def _offer(
    actor: User, application_id: int, today: date
) -> tuple[GraduateProfile, outcome_hires.HireOffer]:
    application = applications.get_own(actor, application_id)  # anyone else's: NotFound
    profile, found = _open_survey(actor, today)
    offer = next(
        (
            c.hire_offer
            for c in found.checkpoints
            if c.hire_offer is not None and c.hire_offer.application_id == application.id
        ),
        None,
    )
    if offer is None:
        raise InvalidInput(_("This application is not offered as a survey answer."))
    checkpoint = found.checkpoint(offer.checkpoint)
    if checkpoint is None or not checkpoint.is_due:
        raise InvalidInput(
            _("You can record this hire as your answer once its checkpoint has come.")
        )
    return profile, offer


def record_hire(actor: User, application_id: int, today: date) -> OutcomeResponse:
    """The graduate agrees: the hire becomes the checkpoint's answer, found through TalentMatch."""
    profile, offer = _offer(actor, application_id, today)
    with unit_of_work():
        response = _response_for_update(profile, offer.checkpoint)
        response.status = OutcomeStatus.EMPLOYED
        response.employer_name = offer.organisation
        response.municipality = offer.municipality
        response.found_through_talentmatch = True
        response.source = OutcomeSource.HIRE
        response.answered_at = utcnow()
        response.hire_application_id = offer.application_id
    return response


def decline_hire(actor: User, application_id: int, today: date) -> outcome_hires.HireOffer:
    """The graduate declines: the hire is not offered again and their answer stays as it is."""
    profile, offer = _offer(actor, application_id, today)
    with unit_of_work():
        response = _response_for_update(profile, offer.checkpoint)
        response.hire_application_id = offer.application_id
    return offer


# --- Asking --------------------------------------------------------------------------------------


def _unasked(response: OutcomeResponse | None) -> bool:
    return response is None or (response.asked_at is None and not response.answered)


def ask_due(today: date) -> int:
    """Ask every consenting graduate whose checkpoint has come and who was not asked about it
    yet (in-app, and by email as their preferences say); returns how many were asked. Running
    it again the same day, or any later day, asks nobody twice about the same checkpoint."""
    settled = (
        select(func.count(OutcomeResponse.id))
        .where(
            OutcomeResponse.user_id == GraduateProfile.user_id,
            or_(OutcomeResponse.asked_at.is_not(None), OutcomeResponse.status.is_not(None)),
        )
        .scalar_subquery()
    )
    profile_ids = db.session.scalars(
        select(GraduateProfile.id)
        .join(User, User.id == GraduateProfile.user_id)
        .where(
            User.role == Role.GRADUATE,
            User.active.is_(True),
            GraduateProfile.university_id.is_not(None),
            GraduateProfile.graduation_year.is_not(None),
            # The first checkpoint is on 31 December of the graduation year.
            GraduateProfile.graduation_year <= today.year,
            cohorts.outcome_sharing(User.id),
            settled < len(CHECKPOINTS),
        )
        .order_by(GraduateProfile.id)
    ).all()
    return sum(_ask_one(profile_id, today) for profile_id in profile_ids)


def _ask_one(profile_id: int, today: date) -> bool:
    profile = db.session.get(GraduateProfile, profile_id)
    if profile is None:
        return False
    with unit_of_work():
        lock_for_update(profile)  # another run at the same moment waits here, then asks nobody
        user = profile.user
        year = profile.graduation_year
        if year is None or profile.university is None or not consents(user):
            return False
        responses = _responses(user.id)
        due = [
            months
            for months in CHECKPOINTS
            if checkpoint_due(year, months) <= today and _unasked(responses.get(months))
        ]
        if not due:
            return False
        now = utcnow()
        for months in due:
            response = responses.get(months)
            if response is None:
                response = OutcomeResponse(user_id=user.id, checkpoint=months)
                db.session.add(response)
            response.asked_at = now
        _ask(user, profile.university.name, due)
    return True


def _ask(user: User, university: str, due: list[int]) -> None:
    link = path_for("outcomes.index")

    def render() -> Notice:
        if len(due) == 1:
            when = _("%(months)d months", months=due[0])
        else:
            when = _("%(first)d and %(second)d months", first=due[0], second=due[-1])
        text = _(
            "The graduate survey: what were you doing %(when)s after graduating? It takes a "
            "minute.",
            when=when,
        )
        body = _(
            "Tell %(university)s what you were doing %(when)s after graduating: working, "
            "studying further, running your own business, still looking for work, or living "
            "outside Finland. It takes a minute.\n\n"
            "Your answer counts only in statistics about the university's graduates, which "
            "never show anyone by name. You can change it at any time, and withdraw your "
            "consent on your privacy page.\n\n"
            "Answer the survey: %(url)s",
            university=university,
            when=when,
            url=absolute(link),
        )
        subject = _("The graduate survey: %(when)s after graduating", when=when)
        return Notice(text, subject, body)

    notify(user, NotificationKind.OUTCOME_SURVEY, link, render, html_template="outcome_survey.html")
