"""Who may take part in a community or an event: graduates, who qualify for it."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from talentmatch.models import Opportunity, OpportunityKind, OpportunityStatus, Role, User
from talentmatch.services import eligibility
from talentmatch.services.errors import NotAllowed
from talentmatch.services.vetting import is_listed


def require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates join communities and sign up for events."))


def require_eligible(actor: User, opportunity: Opportunity, today: date) -> None:
    """Refuse someone the opportunity's criteria leave out, saying which ones."""
    check = eligibility.for_viewer(actor, opportunity, today)
    if check is not None and not check.eligible:
        if opportunity.kind is OpportunityKind.COMMUNITY:
            raise NotAllowed(_("This community is not open to you: see who can take part."))
        raise NotAllowed(_("This event is not open to you: see who can take part."))


def visible_to_graduates(opportunity: Opportunity) -> bool:
    return opportunity.status is OpportunityStatus.OPEN and is_listed(opportunity)
