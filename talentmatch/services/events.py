"""Events: RSVPs up to the event's capacity, a waiting list served in order, cancelling, and
the events a graduate attends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    EventRegistration,
    InteractionKind,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    RegistrationStatus,
    User,
)
from talentmatch.services import engagement
from talentmatch.services.errors import InvalidInput, NotFound
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.participation import (
    require_eligible,
    require_graduate,
    visible_to_graduates,
)
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.vetting import listed

ACTIVE = (RegistrationStatus.GOING, RegistrationStatus.WAITING)
# The calendar feed keeps events for a while after they happened.
FEED_HISTORY = timedelta(days=30)


@dataclass(frozen=True)
class Seats:
    """How full an event is, and where the viewer stands."""

    capacity: int | None
    going: int
    waiting: int
    registration: EventRegistration | None = None
    place_in_line: int | None = None  # 1 = next to get a seat

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.going)

    @property
    def full(self) -> bool:
        return self.left == 0


def _open_event(event_id: int, today: date) -> Opportunity:
    event = engagement.open_opportunity(event_id, today)
    if event.kind is not OpportunityKind.EVENT:
        raise NotFound(_("There is no such event."))
    return event


def _registration(user_id: int, event_id: int) -> EventRegistration | None:
    return db.session.scalar(
        select(EventRegistration).where(
            EventRegistration.user_id == user_id, EventRegistration.event_id == event_id
        )
    )


def _count(event_id: int, status: RegistrationStatus) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                EventRegistration.event_id == event_id, EventRegistration.status == status
            )
        )
        or 0
    )


def _next_position(event_id: int) -> int:
    last = db.session.scalar(
        select(func.max(EventRegistration.position)).where(EventRegistration.event_id == event_id)
    )
    return (last or 0) + 1


def _has_free_seat(event: Opportunity) -> bool:
    return event.capacity is None or _count(event.id, RegistrationStatus.GOING) < event.capacity


def rsvp(actor: User, event_id: int, today: date, now: datetime) -> EventRegistration:
    """Take a seat at an open event, or a place on its waiting list when it is full.

    The event's row is locked while seats are counted, so RSVPs arriving together are served one
    after another: never more going than the capacity, and the waiting list in arrival order.
    RSVPing again keeps the place already held.
    """
    require_graduate(actor)
    event = _open_event(event_id, today)
    if event.starts_at is not None and event.starts_at <= now:
        raise InvalidInput(_("This event has already started."))
    require_eligible(actor, event, today)
    with unit_of_work():
        lock_for_update(event)
        registration = _registration(actor.id, event_id)
        if registration is not None and registration.status in ACTIVE:
            return registration
        # A seat freed without a cancel (an erased account) goes to the line first.
        fill_free_seats(event)
        waiting = _count(event_id, RegistrationStatus.WAITING)
        status = (
            RegistrationStatus.GOING
            if not waiting and _has_free_seat(event)
            else RegistrationStatus.WAITING
        )
        position = _next_position(event_id)
        if registration is None:
            registration = EventRegistration(user_id=actor.id, event_id=event_id)
            db.session.add(registration)
        registration.status = status
        registration.position = position
        engagement.note(actor, event_id, InteractionKind.RSVP)
    return registration


def cancel(actor: User, event_id: int, now: datetime) -> Opportunity:
    """Give up a seat or a place in line; a freed seat goes to the first one waiting, who is
    told. Cancelling what was never booked changes nothing."""
    require_graduate(actor)
    with unit_of_work():
        event = db.session.get(Opportunity, event_id)
        if event is None or event.kind is not OpportunityKind.EVENT:
            raise NotFound(_("There is no such event."))
        lock_for_update(event)
        registration = _registration(actor.id, event_id)
        if registration is None or registration.status not in ACTIVE:
            if not visible_to_graduates(event):
                raise NotFound(_("There is no such event."))
            return event
        if event.starts_at is not None and event.starts_at <= now:
            raise InvalidInput(_("This event has already started."))
        registration.status = RegistrationStatus.CANCELLED
        engagement.forget(actor, event_id, InteractionKind.RSVP)
        db.session.flush()
        fill_free_seats(event)
    return event


def fill_free_seats(event: Opportunity) -> list[EventRegistration]:
    """Give free seats to the waiting list in order and tell each person promoted; in the
    caller's unit of work, with the event's row locked."""
    promoted = []
    while _has_free_seat(event):
        first = db.session.scalar(
            select(EventRegistration)
            .where(
                EventRegistration.event_id == event.id,
                EventRegistration.status == RegistrationStatus.WAITING,
            )
            .order_by(EventRegistration.position)
            .limit(1)
        )
        if first is None:
            break
        first.status = RegistrationStatus.GOING
        db.session.flush()
        _tell_seat_freed(first.user, event)
        promoted.append(first)
    return promoted


def _tell_seat_freed(person: User, event: Opportunity) -> None:
    def render() -> Notice:
        when = formats.datetime(event.starts_at) if event.starts_at else ""
        title = title_here(event)
        text = _("A seat came free: you are going to “%(title)s”.", title=title)
        return Notice(
            text=text,
            subject=_("You have a seat at %(title)s", title=title),
            body=_(
                "Good news: someone cancelled, and the seat is yours. You are now going to "
                "“%(title)s” (%(when)s).\n\nIf you can no longer come, please cancel on the "
                "event's page so the next person on the waiting list gets the seat.",
                title=title,
                when=when,
            ),
        )

    notify(person, NotificationKind.EVENT_SEAT, f"/opportunities/{event.id}", render)


def seats(viewer: User | None, event: Opportunity) -> Seats:
    """The event's seats, and the viewer's registration and place in line if they have one."""
    going = _count(event.id, RegistrationStatus.GOING)
    waiting = _count(event.id, RegistrationStatus.WAITING)
    registration = None
    place = None
    if viewer is not None and viewer.is_authenticated:
        registration = _registration(viewer.id, event.id)
        if registration is not None and registration.status is RegistrationStatus.WAITING:
            place = (
                db.session.scalar(
                    select(func.count()).where(
                        EventRegistration.event_id == event.id,
                        EventRegistration.status == RegistrationStatus.WAITING,
                        EventRegistration.position <= registration.position,
                    )
                )
                or None
            )
    return Seats(event.capacity, going, waiting, registration, place)


def attending(user: User, now: datetime, include_waiting: bool = True) -> list[EventRegistration]:
    """The user's RSVPs to events not yet over (a month back), soonest first."""
    statuses = ACTIVE if include_waiting else (RegistrationStatus.GOING,)
    return list(
        db.session.scalars(
            select(EventRegistration)
            .join(Opportunity, Opportunity.id == EventRegistration.event_id)
            .where(
                EventRegistration.user_id == user.id,
                EventRegistration.status.in_(statuses),
                Opportunity.status != OpportunityStatus.DRAFT,
                Opportunity.starts_at >= now - FEED_HISTORY,
                listed(),
            )
            .options(selectinload(EventRegistration.event))
            .order_by(Opportunity.starts_at, Opportunity.id)
        )
    )
