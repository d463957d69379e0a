"""A graduate's staying checklist: the steps that apply to their permit situation and stage,
when each is due, and the steps they ticked off; and where they live now.

The stage follows their applications: an application at "offer" means an offer, one at
"hired" means employed. A permit end date and a move come from the profile and the
checklist's own "where you live" form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationStatus,
    GraduateProfile,
    Role,
    StayingSituation,
    StayingStepDone,
    User,
    WorkPermit,
)
from talentmatch.models.enums import MUNICIPALITIES
from talentmatch.services import staying_steps
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.staying_steps import Content, Partner, Step
from talentmatch.services.transaction import unit_of_work

MOVING_NOTICE = "moving_notice"  # the step a recorded move brings, undone by each new move
EARLIEST_DAY = date(2000, 1, 1)
LATEST_PLANNED_MOVE = timedelta(days=366)
OFFER_STATUSES = (ApplicationStatus.OFFER, ApplicationStatus.HIRED)


@dataclass(frozen=True)
class Situation:
    """What decides which steps apply to a graduate."""

    permit: WorkPermit | None
    permit_end: date | None
    stage: str  # one of staying_steps.STAGES
    municipality: str  # "" when elsewhere or not told
    moved_on: date | None


@dataclass(frozen=True)
class Item:
    """One step as one graduate sees it."""

    step: Step
    partner: Partner
    due_on: date | None
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today

    def due_soon(self, today: date) -> bool:
        """Not done, and its deadline is within the step's reminder window."""
        if self.done or self.due_on is None or self.step.due is None:
            return False
        return today <= self.due_on <= today + timedelta(days=self.step.due.remind_days_before)


@dataclass(frozen=True)
class Checklist:
    situation: Situation
    items: tuple[Item, ...]  # to do (soonest due first), then done

    @property
    def to_do(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.done)

    @property
    def done(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.done)


def stage_of(statuses: Iterable[ApplicationStatus]) -> str:
    found = set(statuses)
    if ApplicationStatus.HIRED in found:
        return "employed"
    if ApplicationStatus.OFFER in found:
        return "offer"
    return "searching"


def applies(step: Step, situation: Situation) -> bool:
    if step.permits and situation.permit not in step.permits:
        return False
    if step.stages and situation.stage not in step.stages:
        return False
    if "permit_end" in step.needs and situation.permit_end is None:
        return False
    return not ("move" in step.needs and situation.moved_on is None)


def due_on(step: Step, situation: Situation) -> date | None:
    if step.due is None:
        return None
    if step.due.source == "permit_end":
        return situation.permit_end
    if situation.moved_on is None:
        return None
    return situation.moved_on + timedelta(days=step.due.days_after)


def items_for(content: Content, situation: Situation, done: dict[str, date]) -> tuple[Item, ...]:
    """The steps that apply, to do first (those with the nearest deadline first, then in the
    checklist's order), then those done."""
    items = [
        Item(
            step,
            content.partner_for(step, situation.municipality),
            due_on(step, situation),
            done.get(step.key),
        )
        for step in content.steps
        if applies(step, situation)
    ]
    return tuple(
        sorted(
            items,
            key=lambda item: (
                item.done,
                item.due_on is None,
                item.due_on or date.max,
                item.step.position,
            ),
        )
    )


def _require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("The staying checklist is for graduates."))


def situation_of(user: User) -> Situation:
    profile = db.session.scalar(select(GraduateProfile).where(GraduateProfile.user_id == user.id))
    home = db.session.scalar(select(StayingSituation).where(StayingSituation.user_id == user.id))
    statuses = db.session.scalars(
        select(Application.status).where(
            Application.user_id == user.id, Application.status.in_(OFFER_STATUSES)
        )
    )
    return Situation(
        permit=profile.work_permit if profile else None,
        permit_end=profile.permit_end_date if profile else None,
        stage=stage_of(statuses),
        municipality=home.municipality if home else "",
        moved_on=home.moved_on if home else None,
    )


def done_steps(user_id: int) -> dict[str, date]:
    rows = db.session.execute(
        select(StayingStepDone.step_key, StayingStepDone.done_on).where(
            StayingStepDone.user_id == user_id
        )
    )
    return {key: day for key, day in rows}


def checklist_of(user: User) -> Checklist:
    """The checklist of any graduate (for reminders and feeds; no actor check)."""
    situation = situation_of(user)
    return Checklist(situation, items_for(staying_steps.current(), situation, done_steps(user.id)))


def checklist(actor: User) -> Checklist:
    """The graduate's own checklist."""
    _require_graduate(actor)
    return checklist_of(actor)


def _checked_day(value: date | None, today: date, field: str) -> date:
    if value is None:
        raise InvalidInput(_("Give the day you did it."), field)
    if value > today:
        raise InvalidInput(_("The day cannot be in the future."), field)
    if value < EARLIEST_DAY:
        raise InvalidInput(_("Give a day after 2000."), field)
    return value


def item_of(actor: User, key: str) -> Item:
    """A step on the graduate's checklist; NotFound for one that does not apply to them."""
    item = next((item for item in checklist(actor).items if item.step.key == key), None)
    if item is None:
        raise NotFound(_("This step is not on your checklist."))
    return item


def mark_done(actor: User, key: str, done_on: date | None, today: date) -> Item:
    """Tick a step that applies to the graduate off, on the day they say they did it (a
    second tick changes the day)."""
    item = item_of(actor, key)
    day = _checked_day(done_on, today, "done_on")
    with unit_of_work():
        record = db.session.scalar(
            select(StayingStepDone).where(
                StayingStepDone.user_id == actor.id, StayingStepDone.step_key == key
            )
        )
        if record is None:
            record = StayingStepDone(user_id=actor.id, step_key=key, done_on=day)
            db.session.add(record)
        record.done_on = day
    return Item(item.step, item.partner, item.due_on, day)


def mark_not_done(actor: User, key: str) -> None:
    """Untick a step (nothing happens for a step that was not ticked)."""
    _require_graduate(actor)
    staying_steps.shipped().step(key)  # NotFound for a step that does not exist
    with unit_of_work():
        db.session.execute(
            delete(StayingStepDone).where(
                StayingStepDone.user_id == actor.id, StayingStepDone.step_key == key
            )
        )


def home_of(actor: User) -> StayingSituation | None:
    _require_graduate(actor)
    return db.session.scalar(select(StayingSituation).where(StayingSituation.user_id == actor.id))


def update_home(actor: User, municipality: str, moved_on: date | None, today: date) -> Situation:
    """Record where the graduate lives now. Moving to another municipality is a move: it
    brings the step of telling DVV (due a week after the move day, today when not given),
    undone again for each new move, and the municipality's own employment services."""
    _require_graduate(actor)
    municipality = municipality.strip()
    errors: dict[str, str] = {}
    if municipality and municipality not in MUNICIPALITIES:
        errors["municipality"] = _("Choose your municipality from the list.")
    if moved_on is not None and moved_on > today + LATEST_PLANNED_MOVE:
        errors["moved_on"] = _("Give a moving day within the next year.")
    elif moved_on is not None and moved_on < EARLIEST_DAY:
        errors["moved_on"] = _("Give a moving day after 2000.")
    if errors:
        raise InvalidInput(errors)
    with unit_of_work():
        home = db.session.scalar(
            select(StayingSituation).where(StayingSituation.user_id == actor.id)
        )
        if home is None:
            home = StayingSituation(user_id=actor.id, municipality="")
            db.session.add(home)
        moved = bool(home.municipality) and municipality != home.municipality
        if moved and moved_on is None:
            moved_on = today
        if moved_on != home.moved_on:
            db.session.execute(
                delete(StayingStepDone).where(
                    StayingStepDone.user_id == actor.id,
                    StayingStepDone.step_key == MOVING_NOTICE,
                )
            )
        home.municipality = municipality
        home.moved_on = moved_on
    return situation_of(actor)
