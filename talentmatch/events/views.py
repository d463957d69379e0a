"""RSVP and cancel, an event's .ics file, and the graduate's calendar feed with its page."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.content_language import plain_title
from talentmatch.models import RegistrationStatus, Role, User
from talentmatch.models.timestamps import utcnow
from talentmatch.services import event_calendar, events
from talentmatch.site_dates import site_today

bp = Blueprint("events", __name__, url_prefix="/events")

ICS_TYPE = "text/calendar; charset=utf-8"


def _graduate() -> User:
    return current_user._get_current_object()


def _to_event(event_id: int):
    return redirect(url_for("catalogue.detail", opportunity_id=event_id, _anchor="rsvp"))


def _link(event_id: int) -> str:
    return url_for("catalogue.detail", opportunity_id=event_id, _external=True)


@bp.post("/<int:opportunity_id>/rsvp")
@role_required(Role.GRADUATE)
def rsvp(opportunity_id: int):
    """Take a seat, or a place on the waiting list when the event is full."""
    registration = events.rsvp(_graduate(), opportunity_id, site_today(), utcnow())
    title = plain_title(registration.event)
    if registration.status is RegistrationStatus.GOING:
        flash(_("You are going to “%(title)s”.", title=title), "success")
    else:
        flash(
            _(
                "“%(title)s” is full: you are on the waiting list, and we will tell you if a "
                "seat comes free.",
                title=title,
            ),
            "info",
        )
    return _to_event(opportunity_id)


@bp.post("/<int:opportunity_id>/cancel")
@role_required(Role.GRADUATE)
def cancel(opportunity_id: int):
    """Give up a seat or a place on the waiting list."""
    event = events.cancel(_graduate(), opportunity_id, utcnow())
    flash(_("You are no longer signed up for “%(title)s”.", title=plain_title(event)), "success")
    return _to_event(opportunity_id)


@bp.get("/<int:opportunity_id>/event.ics")
def event_file(opportunity_id: int):
    """The event for a calendar application."""
    viewer = current_user if current_user.is_authenticated else None
    body = event_calendar.event_file(opportunity_id, viewer, _link)
    return Response(
        body,
        content_type=ICS_TYPE,
        headers={"Content-Disposition": f'attachment; filename="event-{opportunity_id}.ics"'},
    )


@bp.get("/calendar")
@role_required(Role.GRADUATE)
def calendar():
    """The events the graduate signed up for, and the secret address of their calendar feed."""
    feed = event_calendar.feed_of(_graduate())
    return render_template(
        "events/calendar.html",
        registrations=events.attending(_graduate(), utcnow()),
        feed_url=url_for("events.feed", feed_token=feed.token, _external=True) if feed else None,
    )


@bp.post("/calendar/reset")
@role_required(Role.GRADUATE)
def reset_feed():
    """Make a new feed address; the old one stops working."""
    had_one = event_calendar.feed_of(_graduate()) is not None
    event_calendar.reset_feed(_graduate())
    if had_one:
        flash(_("Your calendar has a new address: the old one no longer works."), "success")
    else:
        flash(_("Your calendar address is ready: add it to your calendar application."), "success")
    return redirect(url_for("events.calendar"))


@bp.post("/calendar/turn-off")
@role_required(Role.GRADUATE)
def turn_off_feed():
    """Stop the feed: no address works until a new one is made."""
    event_calendar.turn_off_feed(_graduate())
    flash(_("Your calendar feed is turned off."), "success")
    return redirect(url_for("events.calendar"))


@bp.get("/feed/<feed_token>.ics")
def feed(feed_token: str):
    """The graduate's events as a calendar feed; the secret address is the only key."""
    body = event_calendar.feed_file(feed_token, utcnow(), _link)
    response = Response(body, content_type=ICS_TYPE)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
