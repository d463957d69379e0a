"""Communities: joining and leaving, what each member shows in the member directory, and the
community's upcoming events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    InteractionKind,
    Membership,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    ProfileSkill,
    User,
)
from talentmatch.services import engagement
from talentmatch.services.errors import NotFound
from talentmatch.services.participation import (
    require_eligible,
    require_graduate,
    visible_to_graduates,
)
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.vetting import listed


@dataclass(frozen=True)
class Listing:
    """What a member lets fellow members see: nothing at all unless `listed`, then the name and
    each detail ticked."""

    listed: bool = False
    headline: bool = False
    university: bool = False
    field_of_study: bool = False
    skills: bool = False


NOT_LISTED = Listing()


@dataclass(frozen=True)
class DirectoryEntry:
    """One listed member as the directory shows them; None where they chose not to show it."""

    name: str
    headline: str | None
    university: str | None
    field_of_study: str | None
    skills: tuple[ProfileSkill, ...] | None  # named in the reader's language by the page


@dataclass(frozen=True)
class CommunityPage:
    member_count: int
    membership: Membership | None
    # Only members see the directory: it is shown to the people members agreed to be seen by.
    directory: list[DirectoryEntry] | None
    upcoming_events: list[Opportunity]


def _community(community_id: int, today: date) -> Opportunity:
    community = engagement.open_opportunity(community_id, today)
    if community.kind is not OpportunityKind.COMMUNITY:
        raise NotFound(_("There is no such community."))
    return community


def _membership(user_id: int, community_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user_id, Membership.community_id == community_id
        )
    )


def _apply(membership: Membership, listing: Listing) -> None:
    membership.listed = listing.listed
    # Details are shown only with the name: a member who is not listed shows nothing.
    membership.show_headline = listing.listed and listing.headline
    membership.show_university = listing.listed and listing.university
    membership.show_field_of_study = listing.listed and listing.field_of_study
    membership.show_skills = listing.listed and listing.skills


def listing_of(membership: Membership | None) -> Listing:
    if membership is None:
        return NOT_LISTED
    return Listing(
        listed=membership.listed,
        headline=membership.show_headline,
        university=membership.show_university,
        field_of_study=membership.show_field_of_study,
        skills=membership.show_skills,
    )


def join(actor: User, community_id: int, listing: Listing, today: date) -> Membership:
    """Become a member of an open community (joining again only changes the listing)."""
    require_graduate(actor)
    community = _community(community_id, today)
    require_eligible(actor, community, today)
    with unit_of_work():
        # One person's joins one at a time: a double click still makes one membership.
        lock_for_update(actor)
        membership = _membership(actor.id, community_id)
        if membership is None:
            membership = Membership(user_id=actor.id, community_id=community_id)
            db.session.add(membership)
        _apply(membership, listing)
        engagement.note(actor, community_id, InteractionKind.JOIN)
    return membership


def update_listing(actor: User, community_id: int, listing: Listing) -> Membership:
    """Change what the member shows in the directory."""
    require_graduate(actor)
    with unit_of_work():
        membership = _membership(actor.id, community_id)
        if membership is None:
            raise NotFound(_("You are not a member of this community."))
        _apply(membership, listing)
    return membership


def leave(actor: User, community_id: int) -> Opportunity:
    """Stop being a member: out of the directory, and the join no longer counts as interest.
    Leaving a community one is not in changes nothing."""
    require_graduate(actor)
    community = db.session.get(Opportunity, community_id)
    if community is None or community.kind is not OpportunityKind.COMMUNITY:
        raise NotFound(_("There is no such community."))
    with unit_of_work():
        gone = db.session.execute(
            delete(Membership).where(
                Membership.user_id == actor.id, Membership.community_id == community_id
            )
        )
        if not getattr(gone, "rowcount", 0) and not visible_to_graduates(community):
            raise NotFound(_("There is no such community."))
        engagement.forget(actor, community_id, InteractionKind.JOIN)
    return community


def page(viewer: User | None, community: Opportunity, now: datetime) -> CommunityPage:
    """What the community's page shows this viewer."""
    membership = None
    if viewer is not None and viewer.is_authenticated:
        membership = _membership(viewer.id, community.id)
    count = db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.community_id == community.id, User.active.is_(True))
    )
    return CommunityPage(
        member_count=count or 0,
        membership=membership,
        directory=directory(community.id) if membership is not None else None,
        upcoming_events=upcoming_events(community.id, now),
    )


def directory(community_id: int) -> list[DirectoryEntry]:
    """Listed members of active accounts, by name, each with only what they chose to show."""
    rows = db.session.scalars(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.community_id == community_id,
            Membership.listed.is_(True),
            User.active.is_(True),
        )
        .options(
            selectinload(Membership.user)
            .selectinload(User.profile)
            .selectinload(GraduateProfile.university),
            selectinload(Membership.user)
            .selectinload(User.profile)
            .selectinload(GraduateProfile.skills)
            .selectinload(ProfileSkill.skill),
        )
        .order_by(func.lower(User.full_name), Membership.id)
    )
    return [_entry(m) for m in rows]


def _entry(membership: Membership) -> DirectoryEntry:
    profile = membership.user.profile
    headline = profile.headline if profile else ""
    university = profile.university.name if profile and profile.university else ""
    field = profile.field_of_study if profile else ""
    skills = tuple(profile.skills) if profile else ()
    return DirectoryEntry(
        name=membership.user.full_name,
        headline=headline if membership.show_headline else None,
        university=university if membership.show_university else None,
        field_of_study=field if membership.show_field_of_study else None,
        skills=skills if membership.show_skills else None,
    )


def upcoming_events(community_id: int, now: datetime) -> list[Opportunity]:
    """The community's open events that have not started yet, soonest first."""
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(
                Opportunity.community_id == community_id,
                Opportunity.kind == OpportunityKind.EVENT,
                Opportunity.status == OpportunityStatus.OPEN,
                Opportunity.starts_at >= now,
                listed(),
            )
            .order_by(Opportunity.starts_at, Opportunity.id)
        )
    )
