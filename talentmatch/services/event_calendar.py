"""Events in calendars: an .ics file per event, and each graduate's feed of the events they
attend and the deadlines of their staying checklist, at a secret address that can be reset."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import CalendarFeed, Opportunity, OpportunityKind, User
from talentmatch.services import events, staying_reminders, visibility
from talentmatch.services.errors import NotFound
from talentmatch.services.opportunity_texts import shown_text, title_in
from talentmatch.services.participation import require_graduate
from talentmatch.services.staying_reminders import Deadline
from talentmatch.services.transaction import unit_of_work

PRODUCT_ID = "-//TalentMatch//Events//EN"
# Stable across exports, so a calendar updates the event instead of adding a copy.
UID_DOMAIN = "events.talentmatch"
# What `secrets.token_urlsafe(32)` gives; anything else is no feed address.
FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def event_uid(event: Opportunity) -> str:
    return f"event-{event.id}@{UID_DOMAIN}"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _vevent(event: Opportunity, link: str, locale: str) -> Event:
    text = shown_text(event, locale)  # in the reader's language when it is given in it
    entry = Event()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", _utc(event.updated_at))
    entry.add("summary", text.title)
    if event.starts_at is not None:
        entry.add("dtstart", _utc(event.starts_at))
        entry.add("dtend", _utc(event.ends_at or event.starts_at))
    if event.municipality:
        entry.add("location", event.municipality)
    entry.add("description", f"{text.description}\n\n{link}".strip())
    entry.add("url", link)
    return entry


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _render(
    name: str, items: Iterable[Opportunity], link: Callable[[int], str], locale: str
) -> bytes:
    calendar = _calendar(name)
    for event in items:
        calendar.add_component(_vevent(event, link(event.id), locale))
    return calendar.to_ical()


def event_file(opportunity_id: int, viewer: User | None, link: Callable[[int], str]) -> bytes:
    """One event as an .ics file, for anyone who may see the event."""
    event = visibility.get_visible(opportunity_id, viewer)
    if event.kind is not OpportunityKind.EVENT or event.starts_at is None:
        raise NotFound(_("There is no such event."))
    locale = str(get_locale() or "en")[:2]
    return _render(title_in(event, locale), [event], link, locale)


def feed_of(actor: User) -> CalendarFeed | None:
    require_graduate(actor)
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == actor.id))


def reset_feed(actor: User) -> CalendarFeed:
    """Give the graduate a new secret feed address; the old one stops working at once."""
    require_graduate(actor)
    with unit_of_work():
        feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == actor.id))
        if feed is None:
            feed = CalendarFeed(user_id=actor.id)
            db.session.add(feed)
        feed.token = secrets.token_urlsafe(32)
    return feed


def turn_off_feed(actor: User) -> None:
    """Stop the feed altogether (no address works until a new one is made)."""
    require_graduate(actor)
    with unit_of_work():
        feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == actor.id))
        if feed is not None:
            db.session.delete(feed)


def feed_file(token: str, now: datetime, link: Callable[[int], str]) -> bytes:
    """The events the feed's owner is going to, or NotFound for an address that is not (or
    no longer) in use."""
    if not FEED_TOKEN.fullmatch(token):
        raise NotFound()
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None:
        raise NotFound()
    user = db.session.get(User, feed.user_id)
    if user is None or not user.active:
        raise NotFound()
    going = events.attending(user, now, include_waiting=False)
    locale = user.locale or "en"
    with force_locale(locale):
        name = _("My events on TalentMatch")
        calendar = _calendar(name)
        for event in (r.event for r in going):
            calendar.add_component(_vevent(event, link(event.id), locale))
        for deadline in staying_reminders.calendar_deadlines(user, now.date()):
            calendar.add_component(_deadline_entry(user, deadline, now))
    return calendar.to_ical()


def _deadline_entry(user: User, deadline: Deadline, now: datetime) -> Event:
    """A deadline of the staying checklist as an all-day entry (call it in the reader's
    language)."""
    entry = Event()
    entry.add("uid", f"staying-{deadline.key}-{user.id}@{UID_DOMAIN}")
    entry.add("dtstamp", _utc(now))
    entry.add("summary", _("Deadline: %(step)s", step=deadline.title))
    entry.add("dtstart", deadline.due_on)
    entry.add("dtend", deadline.due_on + timedelta(days=1))
    entry.add("transp", "TRANSPARENT")
    entry.add(
        "description",
        _("A step of your staying checklist on TalentMatch.") + f"\n\n{deadline.url}",
    )
    entry.add("url", deadline.url)
    return entry
