"""What a group's graduates did with what they were recommended: the funnel from recommended
to hired, and promoted opportunities against organic recommendations.

Everything is counted as distinct (graduate, opportunity) pairs; a step is shown only when at
least PRIVACY_MINIMUM graduates are behind it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Interaction,
    InteractionKind,
    MatchSummary,
    PromotionDelivery,
)
from talentmatch.services.analytics import Count, Group, Rate, member_user_ids

Pair = tuple[int, int]  # (graduate's user id, opportunity id)

FUNNEL_STEPS = ("recommended", "opened", "saved", "applied", "interview", "offer", "hired")

# An application reached a step when its history reached that status or a later one.
_REACHED = {
    "interview": {ApplicationStatus.INTERVIEW, ApplicationStatus.OFFER, ApplicationStatus.HIRED},
    "offer": {ApplicationStatus.OFFER, ApplicationStatus.HIRED},
    "hired": {ApplicationStatus.HIRED},
}


@dataclass(frozen=True)
class Engagement:
    """The group's pairs at each kind of step, read once for both charts."""

    top_listed: frozenset[Pair]  # in any of the graduate's match summaries' top lists
    delivered: frozenset[Pair]  # received through a promotion
    delivery_opened: frozenset[Pair]
    viewed: frozenset[Pair]
    saved: frozenset[Pair]
    applied: frozenset[Pair]  # an application or an apply interaction
    reached: dict[str, frozenset[Pair]]  # "interview", "offer", "hired"


def _top_pairs(rows: Iterable[tuple[int, str]]) -> set[Pair]:
    pairs = set()
    for user_id, top in rows:
        try:
            entries = json.loads(top or "[]")
        except ValueError:
            continue  # an unreadable summary recommends nothing
        for entry in entries if isinstance(entries, list) else ():
            opportunity_id = entry.get("opportunity_id") if isinstance(entry, dict) else None
            if isinstance(opportunity_id, int) and not isinstance(opportunity_id, bool):
                pairs.add((user_id, opportunity_id))
    return pairs


def load_engagement(group: Group) -> Engagement:
    members = member_user_ids(group)
    top = _top_pairs(
        db.session.execute(
            select(MatchSummary.user_id, MatchSummary.top)
            .where(MatchSummary.user_id.in_(members))
            .distinct()
        )
    )
    delivered, delivery_opened = set(), set()
    for user_id, opportunity_id, opened_at in db.session.execute(
        select(
            PromotionDelivery.user_id, PromotionDelivery.opportunity_id, PromotionDelivery.opened_at
        ).where(PromotionDelivery.user_id.in_(members))
    ):
        delivered.add((user_id, opportunity_id))
        if opened_at is not None:
            delivery_opened.add((user_id, opportunity_id))
    by_kind: dict[InteractionKind, set[Pair]] = {
        InteractionKind.VIEW: set(),
        InteractionKind.SAVE: set(),
        InteractionKind.APPLY: set(),
    }
    for user_id, opportunity_id, kind in db.session.execute(
        select(Interaction.user_id, Interaction.opportunity_id, Interaction.kind)
        .where(Interaction.user_id.in_(members), Interaction.kind.in_(list(by_kind)))
        .distinct()
    ):
        by_kind[kind].add((user_id, opportunity_id))
    applied = set(by_kind[InteractionKind.APPLY])
    reached: dict[str, set[Pair]] = {step: set() for step in _REACHED}
    application_rows = db.session.execute(
        select(Application.user_id, Application.opportunity_id, Application.status).where(
            Application.user_id.in_(members)
        )
    )
    event_rows = db.session.execute(
        select(Application.user_id, Application.opportunity_id, ApplicationEvent.status)
        .join(Application, Application.id == ApplicationEvent.application_id)
        .where(Application.user_id.in_(members))
        .distinct()
    )
    for user_id, opportunity_id, status in [*application_rows, *event_rows]:
        applied.add((user_id, opportunity_id))
        for step, statuses in _REACHED.items():
            if status in statuses:
                reached[step].add((user_id, opportunity_id))
    return Engagement(
        top_listed=frozenset(top),
        delivered=frozenset(delivered),
        delivery_opened=frozenset(delivery_opened),
        viewed=frozenset(by_kind[InteractionKind.VIEW]),
        saved=frozenset(by_kind[InteractionKind.SAVE]),
        applied=frozenset(applied),
        reached={step: frozenset(pairs) for step, pairs in reached.items()},
    )


def _count(pairs: Iterable[Pair]) -> Count:
    pairs = set(pairs)
    return Count.of(len(pairs), people=len({user_id for user_id, _ in pairs}))


# --- the funnel ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    step: str  # one of FUNNEL_STEPS
    pairs: Count
    of_recommended: Rate  # this step's pairs against the recommended ones


def funnel(engagement: Engagement) -> tuple[FunnelStep, ...]:
    """recommended → opened → saved → applied → interview → offer → hired, each step counted
    by its own definition (a pair may be applied to without having been recommended)."""
    found = {
        "recommended": engagement.top_listed | engagement.delivered,
        "opened": engagement.viewed | engagement.delivery_opened,
        "saved": engagement.saved,
        "applied": engagement.applied,
        **engagement.reached,
    }
    recommended = _count(found["recommended"])
    steps = []
    for step in FUNNEL_STEPS:
        pairs = _count(found[step])
        steps.append(FunnelStep(step, pairs, Rate(pairs, recommended)))
    return tuple(steps)


def has_engagement(engagement: Engagement) -> bool:
    return bool(
        engagement.top_listed
        or engagement.delivered
        or engagement.viewed
        or engagement.saved
        or engagement.applied
    )


# --- promoted against organic ----------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    source: str  # "promoted" or "organic"
    pairs: Count
    opened: Rate
    applied: Rate


def promotions_against_organic(engagement: Engagement) -> tuple[Reach, Reach]:
    """Open and apply rates of promoted pairs (a promotion delivered) against organic ones (in
    a match summary's top list, never promoted)."""
    promoted = engagement.delivered
    organic = engagement.top_listed - promoted
    opened = engagement.viewed | engagement.delivery_opened

    def reach(source: str, pairs: frozenset[Pair]) -> Reach:
        whole = _count(pairs)
        return Reach(
            source,
            whole,
            Rate(_count(pairs & opened), whole),
            Rate(_count(pairs & engagement.applied), whole),
        )

    return reach("promoted", promoted), reach("organic", organic)
