"""Demo community life: events tied to their communities, members (some in the directory), and
RSVPs, one event full with a waiting list."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    EventRegistration,
    Interaction,
    InteractionKind,
    Membership,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    RegistrationStatus,
    Role,
    User,
)

# The demo's events are planned in the wall-clock time of the region.
HELSINKI = ZoneInfo("Europe/Helsinki")

# Example events shown on the page of the community they belong to.
EVENT_COMMUNITIES = {
    "Networking evening for international talent": "Maria 01 startup community",
    "Information session: working in Finland": (
        "International House Helsinki: services, networks and events"
    ),
    "Starting a business in Helsinki: an introduction": "Helsinki Think Company",
}
# Filled to the last seat, with people waiting.
FULL_EVENT = "CV and LinkedIn clinic"
WAITING = 4
# Every n-th demo graduate joins a community, and every n-th RSVPs to an event.
MEMBER_EVERY = 3
RSVP_EVERY = 5


def helsinki_to_utc(local: datetime) -> datetime:
    """A Helsinki wall-clock time as the naive UTC time the database keeps."""
    return local.replace(tzinfo=HELSINKI).astimezone(UTC).replace(tzinfo=None)


def load_community_life(added: Counter[str]) -> None:
    """Tie events to communities, then add memberships and RSVPs unless there are some."""
    opportunities = {
        o.title: o
        for o in db.session.scalars(
            select(Opportunity).where(Opportunity.status == OpportunityStatus.OPEN)
        )
    }
    for event_title, community_title in EVENT_COMMUNITIES.items():
        event, community = opportunities.get(event_title), opportunities.get(community_title)
        if event is not None and community is not None and event.community_id is None:
            event.community_id = community.id
    graduates = list(
        db.session.scalars(
            select(User).where(User.role == Role.GRADUATE).order_by(User.email, User.id)
        )
    )
    if not graduates:
        return
    communities = sorted(
        (
            o
            for o in opportunities.values()
            if o.kind is OpportunityKind.COMMUNITY and not o.has_eligibility
        ),
        key=lambda o: o.title,
    )
    events = sorted(
        (o for o in opportunities.values() if o.kind is OpportunityKind.EVENT and o.capacity),
        key=lambda o: o.title,
    )
    if not db.session.scalar(select(func.count()).select_from(Membership)):
        _memberships(graduates, communities, added)
    if not db.session.scalar(select(func.count()).select_from(EventRegistration)):
        _registrations(graduates, events, added)


def _memberships(graduates: list[User], communities: list[Opportunity], added: Counter[str]):
    if not communities:
        return
    for index, graduate in enumerate(graduates[::MEMBER_EVERY]):
        community = communities[index % len(communities)]
        # Half are in the directory; of those, each shows a little more than the last.
        listed = index % 2 == 0
        shown = index % 5
        db.session.add(
            Membership(
                user_id=graduate.id,
                community_id=community.id,
                listed=listed,
                show_headline=listed and shown >= 1,
                show_university=listed and shown >= 2,
                show_field_of_study=listed and shown >= 3,
                show_skills=listed and shown >= 4,
            )
        )
        db.session.add(
            Interaction(user_id=graduate.id, opportunity_id=community.id, kind=InteractionKind.JOIN)
        )
        added["memberships"] += 1


def _registrations(graduates: list[User], events: list[Opportunity], added: Counter[str]):
    full = next((e for e in events if e.title == FULL_EVENT), None)
    others = [e for e in events if e is not full]
    if full is not None and full.capacity is not None:
        people = graduates[: full.capacity + WAITING]
        for position, graduate in enumerate(people, start=1):
            status = (
                RegistrationStatus.GOING
                if position <= full.capacity
                else RegistrationStatus.WAITING
            )
            _register(graduate, full, status, position, added)
    if not others:
        return
    positions: Counter[int] = Counter()
    for index, graduate in enumerate(graduates[1::RSVP_EVERY]):
        event = others[index % len(others)]
        positions[event.id] += 1
        _register(graduate, event, RegistrationStatus.GOING, positions[event.id], added)


def _register(
    graduate: User,
    event: Opportunity,
    status: RegistrationStatus,
    position: int,
    added: Counter[str],
) -> None:
    db.session.add(
        EventRegistration(user_id=graduate.id, event_id=event.id, status=status, position=position)
    )
    db.session.add(
        Interaction(user_id=graduate.id, opportunity_id=event.id, kind=InteractionKind.RSVP)
    )
    added["registrations"] += 1
