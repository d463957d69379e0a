"""What every ranking for one graduate reads, loaded once per page: their profile (as the
engine sees it) and what they did with opportunities. For you ranks four lanes, counts the
doors and the jobs each course would open from the same reading, so a page costs a fixed
number of queries however many items it shows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from talentmatch.models import GraduateProfile, InteractionKind, Opportunity, User
from talentmatch.recommender.types import Interaction, ProfileDoc
from talentmatch.services import engagement
from talentmatch.services.matching_documents import profile_doc


@dataclass
class Reading:
    actor: User
    profile: GraduateProfile
    feedback: list[tuple[int, InteractionKind]]  # oldest first (engagement.feedback_for)

    @cached_property
    def doc(self) -> ProfileDoc:
        return profile_doc(self.profile)

    @cached_property
    def hidden(self) -> frozenset[str]:
        """What the graduate hid or marked "not interested" (the engine's ids)."""
        return frozenset(
            str(oid) for oid, action in self.feedback if action in engagement.EXCLUDING
        )

    @cached_property
    def saved(self) -> frozenset[int]:
        return frozenset(oid for oid, action in self.feedback if action is InteractionKind.SAVE)

    @cached_property
    def interactions(self) -> list[Interaction]:
        return [Interaction(str(oid), action.value) for oid, action in self.feedback]


def reading(actor: User, profile: GraduateProfile) -> Reading:
    """The graduate's reading, their feedback read once."""
    return Reading(actor, profile, engagement.feedback_for(actor))


def cards_query():
    """Opportunities as lists of them show them: title and texts, provider, languages (and
    the organisation, whose verification decides whether a job is listed)."""
    return select(Opportunity).options(
        joinedload(Opportunity.organisation),
        joinedload(Opportunity.university),
        selectinload(Opportunity.languages),
    )
