"""What graduates do with what they are shown: save, hide, not interested, apply; the saved and
hidden lists."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunityStatus,
    Role,
    User,
)
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.vetting import is_listed, listed

# Feedback the recommender learns from: these pull results toward an item …
POSITIVE = frozenset(
    {
        InteractionKind.SAVE,
        InteractionKind.APPLY,
        InteractionKind.JOIN,
        InteractionKind.RSVP,
        InteractionKind.TAKING,
        InteractionKind.FINISHED,
    }
)
# … and these push away from it and keep it out of "For you" for good.
EXCLUDING = frozenset({InteractionKind.HIDE, InteractionKind.NOT_INTERESTED})
RECORDABLE = POSITIVE | EXCLUDING


def _require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates save, hide and apply for opportunities."))


def open_opportunity(opportunity_id: int, today: date) -> Opportunity:
    """An open, listed opportunity whose deadline has not passed, or NotFound."""
    opportunity = db.session.get(Opportunity, opportunity_id)
    if (
        opportunity is None
        or opportunity.status is not OpportunityStatus.OPEN
        or not is_listed(opportunity)
    ):
        raise NotFound(_("There is no such opportunity, or it is no longer open."))
    if opportunity.deadline_passed(today):
        raise NotFound(_("The deadline of this opportunity has passed."))
    if not opportunity.is_open_on(today):
        raise NotFound(_("This event is over."))
    return opportunity


def record(actor: User, opportunity_id: int, kind: InteractionKind, today: date) -> Opportunity:
    """Note that the graduate saved, hid, applied for … an open opportunity.

    Saving twice keeps one save; hiding or "not interested" also removes a save, since the
    graduate no longer wants the item in front of them.
    """
    _require_graduate(actor)
    if kind not in RECORDABLE:
        raise InvalidInput(_("Unknown action."))
    opportunity = open_opportunity(opportunity_id, today)
    with unit_of_work():
        # One graduate's clicks one at a time: twenty saves at once still keep one save.
        lock_for_update(actor)
        if kind in EXCLUDING:
            _delete(actor, opportunity_id, InteractionKind.SAVE)
        elif kind is InteractionKind.SAVE and _exists(actor, opportunity_id, kind):
            return opportunity
        db.session.add(Interaction(user_id=actor.id, opportunity_id=opportunity_id, kind=kind))
    return opportunity


def _may_keep_saved(opportunity: Opportunity) -> bool:
    """Shown on a saved list: closed ones too, but never a draft or an unlisted job."""
    return opportunity.status is not OpportunityStatus.DRAFT and is_listed(opportunity)


def _on_own_list(
    actor: User, opportunity_id: int, kinds: frozenset[InteractionKind]
) -> Opportunity:
    """An opportunity the graduate can see (open and listed) or has on one of their lists
    (closed ones too); anything else is NotFound, so its title never reaches someone who may
    not see it."""
    _require_graduate(actor)
    opportunity = db.session.get(Opportunity, opportunity_id)
    if (
        opportunity is None
        or not _may_keep_saved(opportunity)
        or (
            opportunity.status is not OpportunityStatus.OPEN
            and not _exists(actor, opportunity_id, *kinds)
        )
    ):
        raise NotFound(_("There is no such opportunity."))
    return opportunity


def unsave(actor: User, opportunity_id: int) -> Opportunity:
    """Take an opportunity off the graduate's saved list (closed ones too)."""
    opportunity = _on_own_list(actor, opportunity_id, frozenset({InteractionKind.SAVE}))
    with unit_of_work():
        _delete(actor, opportunity_id, InteractionKind.SAVE)
    return opportunity


def unhide(actor: User, opportunity_id: int) -> Opportunity:
    """Take back a hide or a "not interested": the opportunity may appear in "For you" again."""
    opportunity = _on_own_list(actor, opportunity_id, EXCLUDING)
    with unit_of_work():
        _delete(actor, opportunity_id, *EXCLUDING)
    return opportunity


def _exists(actor: User, opportunity_id: int, *kinds: InteractionKind) -> bool:
    return (
        db.session.scalar(
            select(Interaction.id)
            .where(
                Interaction.user_id == actor.id,
                Interaction.opportunity_id == opportunity_id,
                Interaction.kind.in_(kinds),
            )
            .limit(1)
        )
        is not None
    )


def _delete(actor: User, opportunity_id: int, *kinds: InteractionKind) -> None:
    db.session.execute(
        delete(Interaction).where(
            Interaction.user_id == actor.id,
            Interaction.opportunity_id == opportunity_id,
            Interaction.kind.in_(kinds),
        )
    )


def forget(actor: User, opportunity_id: int, kind: InteractionKind) -> None:
    """Drop the graduate's `kind` interactions with an opportunity, in the caller's unit of
    work (leaving a community takes back its join, cancelling an RSVP the RSVP)."""
    _delete(actor, opportunity_id, kind)


def note(actor: User, opportunity_id: int, kind: InteractionKind) -> None:
    """Record a join or an RSVP once, in the caller's unit of work."""
    if not _exists(actor, opportunity_id, kind):
        db.session.add(Interaction(user_id=actor.id, opportunity_id=opportunity_id, kind=kind))


def _listed_for(actor: User, kinds: frozenset[InteractionKind]) -> list[Opportunity]:
    """Opportunities the graduate marked with one of `kinds`, most recent first (closed ones
    included; one turned back into a draft, or a job whose organisation lost its verification,
    is not)."""
    _require_graduate(actor)
    rows = db.session.execute(
        select(Opportunity, Interaction.created_at)
        .join(Interaction, Interaction.opportunity_id == Opportunity.id)
        .where(
            Interaction.user_id == actor.id,
            Interaction.kind.in_(kinds),
            Opportunity.status != OpportunityStatus.DRAFT,
            listed(),
        )
        .options(selectinload(Opportunity.organisation), selectinload(Opportunity.university))
        .order_by(Interaction.created_at.desc(), Interaction.id.desc())
    ).all()
    return list(dict.fromkeys(opportunity for opportunity, _when in rows))


def saved_for(actor: User) -> list[Opportunity]:
    """The graduate's saved opportunities, most recently saved first."""
    return _listed_for(actor, frozenset({InteractionKind.SAVE}))


def hidden_for(actor: User) -> list[Opportunity]:
    """What the graduate hid or marked "not interested", most recent first."""
    return _listed_for(actor, EXCLUDING)


def saved_ids(actor: User) -> set[int]:
    return set(
        db.session.scalars(
            select(Interaction.opportunity_id).where(
                Interaction.user_id == actor.id, Interaction.kind == InteractionKind.SAVE
            )
        )
    )


def feedback_on(actor: User, opportunity_id: int) -> set[InteractionKind]:
    """What the graduate has done with one opportunity (saved, hidden, joined …)."""
    return set(
        db.session.scalars(
            select(Interaction.kind).where(
                Interaction.user_id == actor.id, Interaction.opportunity_id == opportunity_id
            )
        )
    )


def feedback_for(actor: User) -> list[tuple[int, InteractionKind]]:
    """The graduate's saves, applications, joins, RSVPs and hides, oldest first."""
    rows = db.session.execute(
        select(Interaction.opportunity_id, Interaction.kind)
        .where(Interaction.user_id == actor.id, Interaction.kind.in_(RECORDABLE))
        .order_by(Interaction.created_at, Interaction.id)
    ).all()
    return [(opportunity_id, kind) for opportunity_id, kind in rows]
