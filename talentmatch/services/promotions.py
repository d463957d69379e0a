"""Career services promote an opportunity, with a note, to one of their graduates or to a
cohort; who receives it, and the graduate's view of what they received (the counts per
promotion are in services/promotion_counts.py).

A graduate receives an opportunity through at most one promotion (the database refuses a
second delivery), never one they hid or marked "not interested", never one they are not
eligible for, and only while they share their profile with their university's career services.
A cohort promotion also reaches graduates who join the cohort later (`deliver_pending`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    Cohort,
    GraduateProfile,
    Interaction,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    Promotion,
    PromotionDelivery,
    Role,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import eligibility as rules
from talentmatch.services import cohorts, engagement, submissions
from talentmatch.services.eligibility import criteria_doc
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.links import absolute, path_for
from talentmatch.services.matching_documents import (
    is_recommendable,
    profile_doc,
    profiles_query,
    recommendable,
)
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.opportunity_texts import title_here
from talentmatch.services.transaction import unit_of_work

MAX_NOTE = 1_000
PROMOTABLE_KINDS = (
    OpportunityKind.JOB,
    OpportunityKind.PROGRAMME,
    OpportunityKind.COMMUNITY,
    OpportunityKind.EVENT,
    OpportunityKind.COURSE,
)
# A delivery refused by the database means another request delivered the same opportunity
# to the same graduate at that moment: the whole promotion is tried again, and then skips them.
ATTEMPTS = 3


def require_adviser(actor: User) -> int:
    """The university of career-services staff; anyone else is refused."""
    if not actor.has_role(Role.CAREER_SERVICES) or actor.university_id is None:
        raise NotAllowed(_("Only a university's career services promote opportunities."))
    return actor.university_id


def promotable(today: date) -> list[Opportunity]:
    """What may be promoted today: open, listed jobs, programmes, communities and events."""
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(Opportunity.kind.in_(PROMOTABLE_KINDS), recommendable(today))
            .options(selectinload(Opportunity.organisation), selectinload(Opportunity.university))
            .order_by(Opportunity.kind, Opportunity.title, Opportunity.id)
        )
    )


def graduate_to_promote(actor: User, user_id: int) -> User:
    """One of the adviser's university's graduates who share their profile with career
    services; anyone else is NotFound, so no name leaks."""
    university_id = require_adviser(actor)
    profile = db.session.scalar(
        cohorts.sharing_profiles(university_id).where(GraduateProfile.user_id == user_id)
    )
    if profile is None:
        raise NotFound(_("There is no such graduate among those sharing their profile with you."))
    return profile.user


def cohort_to_promote(actor: User, cohort_id: int) -> Cohort:
    university_id = require_adviser(actor)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.university_id != university_id:
        raise NotFound(_("There is no such cohort."))
    return cohort


@dataclass(frozen=True)
class PromotionInput:
    opportunity_id: int | None
    note: str
    graduate_id: int | None = None
    cohort_id: int | None = None


@dataclass(frozen=True)
class Promoted:
    promotion: Promotion
    delivered: int  # graduates who received it now


def _checked_opportunity(opportunity_id: int | None, today: date) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id) if opportunity_id else None
    if (
        opportunity is None
        or opportunity.kind not in PROMOTABLE_KINDS
        or not is_recommendable(opportunity, today)
    ):
        raise InvalidInput(
            _(
                "Choose an open job, programme, community or event: a closed, draft or "
                "past-deadline opportunity cannot be promoted."
            ),
            "opportunity_id",
        )
    return opportunity


def checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            _("Keep the note to at most %(n)s characters.", n=formats.number(MAX_NOTE)), "note"
        )
    return note


def promote(
    actor: User, data: PromotionInput, today: date, submission_token: str | None = None
) -> Promoted:
    """Promote an open opportunity with a note to one graduate or to a cohort; every receiving
    graduate is notified. Nothing is saved when anything is wrong; the same form sent twice
    promotes once (AlreadySubmitted)."""
    university_id = require_adviser(actor)
    errors: dict[str, str] = {}
    try:
        opportunity = _checked_opportunity(data.opportunity_id, today)
    except InvalidInput as error:
        errors.update(error.errors)
    try:
        note = checked_note(data.note)
    except InvalidInput as error:
        errors.update(error.errors)
    if (data.graduate_id is None) == (data.cohort_id is None):
        raise InvalidInput(_("Promote to one graduate or to one cohort."))
    graduate = graduate_to_promote(actor, data.graduate_id) if data.graduate_id else None
    cohort = cohort_to_promote(actor, data.cohort_id) if data.cohort_id else None
    if errors:
        raise InvalidInput(errors)
    for attempt in range(ATTEMPTS):
        try:
            with unit_of_work():
                submission = submissions.claim(actor, submission_token, "promotion")
                promotion = Promotion(
                    university_id=university_id,
                    opportunity_id=opportunity.id,
                    graduate_id=graduate.id if graduate else None,
                    cohort_id=cohort.id if cohort else None,
                    note=note,
                    created_by_id=actor.id,
                )
                db.session.add(promotion)
                db.session.flush()
                submissions.record_result(submission, promotion.id)
                if graduate is not None:
                    recipients = [graduate.id]
                else:
                    criteria = cohorts.CohortCriteria.from_json(cohort.criteria)  # type: ignore[union-attr]
                    recipients = cohorts.member_user_ids(university_id, criteria)
                delivered = _deliver(promotion, recipients, today)
            return Promoted(promotion, delivered)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _deliver(promotion: Promotion, user_ids: Iterable[int], today: date) -> int:
    """Deliver `promotion` to those of `user_ids` who may receive it, in the caller's unit of
    work; how many received it."""
    opportunity = promotion.opportunity
    user_ids = set(user_ids)
    if not user_ids:
        return 0
    skipped = set(
        db.session.scalars(
            select(PromotionDelivery.user_id).where(
                PromotionDelivery.opportunity_id == opportunity.id,
                PromotionDelivery.user_id.in_(user_ids),
            )
        )
    ) | set(
        db.session.scalars(
            select(Interaction.user_id).where(
                Interaction.opportunity_id == opportunity.id,
                Interaction.user_id.in_(user_ids),
                Interaction.kind.in_(engagement.EXCLUDING),
            )
        )
    )
    profiles = db.session.scalars(
        profiles_query()
        .where(GraduateProfile.user_id.in_(user_ids - skipped))
        .options(selectinload(GraduateProfile.user))
    )
    criteria = criteria_doc(opportunity) if opportunity.has_eligibility else None
    delivered = 0
    for profile in profiles:
        if criteria is not None and not rules.check(profile_doc(profile), criteria, today).eligible:
            continue
        db.session.add(
            PromotionDelivery(
                promotion_id=promotion.id, user_id=profile.user_id, opportunity_id=opportunity.id
            )
        )
        _tell(profile.user, promotion)
        delivered += 1
    db.session.flush()  # a delivery made at the same moment elsewhere fails here
    return delivered


def _tell(graduate: User, promotion: Promotion) -> None:
    link = path_for("catalogue.detail", opportunity_id=promotion.opportunity_id)
    university = promotion.university.name

    def render() -> Notice:
        title = title_here(promotion.opportunity)
        text = _(
            "%(university)s career services recommend “%(title)s” to you.",
            university=university,
            title=title,
        )
        note = _("Their note:\n%(note)s\n\n", note=promotion.note) if promotion.note else ""
        return Notice(
            text=text,
            subject=text,
            body=_(
                "%(text)s\n\n%(note)sSee it: %(url)s\n", text=text, note=note, url=absolute(link)
            ),
        )

    notify(graduate, NotificationKind.PROMOTION, link, render)


def deliver_pending(user: User, today: date) -> int:
    """Deliver the cohort promotions of the graduate's university whose cohort they belong to
    now and that they have not received: still open, not hidden, eligible. A graduate who does
    not share their profile with career services belongs to no cohort and receives nothing."""
    if user.role is not Role.GRADUATE:
        return 0
    profile = db.session.scalar(
        cohorts.sharing_profiles(None).where(GraduateProfile.user_id == user.id)
    )
    if profile is None:
        return 0
    already = select(PromotionDelivery.id).where(
        PromotionDelivery.user_id == user.id,
        PromotionDelivery.opportunity_id == Promotion.opportunity_id,
    )
    pending = list(
        db.session.scalars(
            select(Promotion)
            .join(Opportunity, Opportunity.id == Promotion.opportunity_id)
            .where(
                Promotion.cohort_id.is_not(None),
                Promotion.university_id == profile.university_id,
                recommendable(today),
                ~exists(already),
            )
            .options(selectinload(Promotion.cohort))
            .order_by(Promotion.created_at, Promotion.id)
        )
    )
    delivered = 0
    for promotion in pending:
        criteria = cohorts.CohortCriteria.from_json(promotion.cohort.criteria)  # type: ignore[union-attr]
        member = db.session.scalar(
            cohorts.filtered(cohorts.sharing_profiles(profile.university_id), criteria)
            .where(GraduateProfile.user_id == user.id)
            .with_only_columns(GraduateProfile.user_id)
        )
        if member is None:
            continue
        try:
            with unit_of_work():
                delivered += _deliver(promotion, [user.id], today)
        except IntegrityError:
            continue  # delivered by a simultaneous request: once is what is wanted
    return delivered


def deliver_all_pending(today: date) -> int:
    """`deliver_pending` for every graduate sharing their profile with career services."""
    users = list(
        db.session.scalars(
            cohorts.sharing_profiles(None).with_only_columns(GraduateProfile.user_id)
        )
    )
    total = 0
    for user_id in users:
        user = db.session.get(User, user_id)
        if user is not None:
            total += deliver_pending(user, today)
    return total


# --- the graduate's side ------------------------------------------------------------------------


def received(actor: User, today: date) -> list[PromotionDelivery]:
    """What career services recommended to the graduate that is still open and not hidden,
    newest first (one delivery per opportunity)."""
    hidden = select(Interaction.id).where(
        Interaction.user_id == actor.id,
        Interaction.opportunity_id == PromotionDelivery.opportunity_id,
        Interaction.kind.in_(engagement.EXCLUDING),
    )
    return list(
        db.session.scalars(
            select(PromotionDelivery)
            .join(Opportunity, Opportunity.id == PromotionDelivery.opportunity_id)
            .where(PromotionDelivery.user_id == actor.id, recommendable(today), ~exists(hidden))
            .options(
                selectinload(PromotionDelivery.promotion).selectinload(Promotion.university),
                selectinload(PromotionDelivery.promotion).selectinload(Promotion.opportunity),
            )
            .order_by(PromotionDelivery.delivered_at.desc(), PromotionDelivery.id.desc())
        )
    )


def mark_opened(actor: User | None, opportunity_id: int) -> None:
    """The graduate opened an opportunity recommended to them: noted once, the first time."""
    if actor is None or not actor.is_authenticated or actor.role is not Role.GRADUATE:
        return
    delivery = db.session.scalar(
        select(PromotionDelivery).where(
            PromotionDelivery.user_id == actor.id,
            PromotionDelivery.opportunity_id == opportunity_id,
            PromotionDelivery.opened_at.is_(None),
        )
    )
    if delivery is None:
        return
    with unit_of_work():
        delivery.opened_at = utcnow()
