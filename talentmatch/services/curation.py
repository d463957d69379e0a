"""Curating programmes, communities, events and courses: what career services (for their own
university) and administrators create, edit, publish, close and reopen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    Role,
    University,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import (
    courses,
    eligibility,
    events,
    opportunities,
    submissions,
    unpublishing,
)
from talentmatch.services.eligibility import EligibilityInput
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.signals import announce_opportunity_changed

CURATED_KINDS = (
    OpportunityKind.PROGRAMME,
    OpportunityKind.COMMUNITY,
    OpportunityKind.EVENT,
    OpportunityKind.COURSE,
)
# Programmes and events have dates and places, a course its first and last day (unless it is
# self-paced); a community is ongoing.
DATED_KINDS = (OpportunityKind.PROGRAMME, OpportunityKind.EVENT, OpportunityKind.COURSE)


@dataclass(frozen=True)
class Provider:
    """Who offers an item: a university or an organisation (administrators choose)."""

    university_id: int | None = None
    organisation_id: int | None = None


def provider_choices() -> tuple[list[University], list[Organisation]]:
    """Universities and organisations an administrator may name as a provider."""
    universities = list(db.session.scalars(select(University).order_by(University.name)))
    organisations = list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
    return universities, organisations


def check_curator(actor: User) -> None:
    """Career services linked to a university, and administrators, curate."""
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.CAREER_SERVICES:
        if actor.university_id is None:
            raise NotAllowed(
                _("Your account is not linked to a university; ask an administrator to link it.")
            )
        return
    raise NotAllowed(
        _("Only career services and administrators curate programmes, events and courses.")
    )


def get_managed(actor: User, opportunity_id: int) -> Opportunity:
    """A curated item the actor may change: NotFound when missing, NotAllowed when not theirs."""
    check_curator(actor)
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise NotFound()
    if opportunity.kind not in CURATED_KINDS:
        raise NotAllowed(_("Jobs are managed by the employer that posted them."))
    if actor.role is Role.CAREER_SERVICES and opportunity.university_id != actor.university_id:
        raise NotAllowed(_("This item belongs to another university's career services."))
    return opportunity


def _resolve_provider(actor: User, provider: Provider | None, errors: dict[str, str]) -> Provider:
    if actor.role is Role.CAREER_SERVICES:
        if provider is not None and provider != Provider(university_id=actor.university_id):
            raise NotAllowed(_("Career services publish items of their own university only."))
        return Provider(university_id=actor.university_id)
    provider = provider or Provider()
    if (provider.university_id is None) == (provider.organisation_id is None):
        errors["provider"] = _("Choose one university or one organisation as the provider.")
    elif provider.university_id is not None and not db.session.get(
        University, provider.university_id
    ):
        errors["provider"] = _("Choose a provider from the list.")
    elif provider.organisation_id is not None and not db.session.get(
        Organisation, provider.organisation_id
    ):
        errors["provider"] = _("Choose a provider from the list.")
    return provider


def _fit_to_kind(kind: OpportunityKind, data: opportunities.OpportunityInput):
    """Job-only fields never apply; dates and capacity only to programmes and events (dates
    to courses); only an event belongs to a community; course facts only to courses."""
    data = dataclasses.replace(
        data, employment_type=None, salary_min=None, salary_max=None, sponsors_permit=None
    )
    if kind is OpportunityKind.COURSE:
        return courses.fit(data)
    data = courses.without_course_facts(data)
    if kind not in DATED_KINDS:
        data = dataclasses.replace(data, starts_at=None, ends_at=None, capacity=None)
    if kind is not OpportunityKind.EVENT:
        data = dataclasses.replace(data, community_id=None)
    return data


def _resolve_own_graduates(
    who: EligibilityInput, university_id: int | None, errors: dict[str, str]
) -> EligibilityInput:
    """ "Own students and alumni only" names the providing university as the only one."""
    if not who.own_graduates_only:
        return who
    if university_id is None:
        errors["own_graduates_only"] = _(
            "An organisation has no students or alumni of its own: choose the universities instead."
        )
        return who
    return dataclasses.replace(who, university_ids=(university_id,), own_graduates_only=False)


def community_choices(actor: User) -> list[Opportunity]:
    """Communities an event of the actor's may belong to: those they curate, not closed."""
    check_curator(actor)
    query = select(Opportunity).where(
        Opportunity.kind == OpportunityKind.COMMUNITY,
        Opportunity.status != OpportunityStatus.CLOSED,
    )
    if actor.role is Role.CAREER_SERVICES:
        query = query.where(Opportunity.university_id == actor.university_id)
    return list(db.session.scalars(query.order_by(Opportunity.title, Opportunity.id)))


def _check_event(
    data: opportunities.OpportunityInput,
    opening: bool,
    now: datetime,
    errors: dict[str, str],
    existing: Opportunity | None,
) -> None:
    """An event cannot be published once it has started, nor take sign-ups after its start."""
    if data.starts_at is None:
        errors["starts_at"] = _("Give the date and time the event starts.")
        return
    unchanged_open = (
        existing is not None
        and existing.status is OpportunityStatus.OPEN
        and existing.starts_at == data.starts_at
    )
    if opening and data.starts_at < now and not unchanged_open:
        errors["starts_at"] = _(
            "This event starts in the past, so it cannot be published. Give a future start, "
            "or save it as a draft."
        )
    if data.deadline is not None and data.deadline > to_user_timezone(data.starts_at).date():
        errors["deadline"] = _("The sign-up deadline cannot be after the day the event starts.")


def _check_community(actor: User, community_id: int, errors: dict[str, str]) -> None:
    if community_id not in {c.id for c in community_choices(actor)}:
        errors["community_id"] = _("Choose a community from the list.")


def _check_item(
    actor: User,
    kind: OpportunityKind,
    data: opportunities.OpportunityInput,
    today: date,
    errors: dict[str, str],
    existing: Opportunity | None = None,
    opening: bool = False,
    now: datetime | None = None,
) -> opportunities.CheckedSkills:
    """`opening`: the item will be open (published) once saved."""
    if kind is OpportunityKind.EVENT:
        _check_event(data, opening, now or utcnow(), errors, existing)
    if kind is OpportunityKind.COURSE:
        courses.check(data, today, opening, errors, existing)
    if data.ends_at is not None and data.starts_at is None:
        errors["starts_at"] = _("Give a start as well as an end.")
    if data.community_id is not None and (
        existing is None or existing.community_id != data.community_id
    ):
        _check_community(actor, data.community_id, errors)
    try:
        skills = opportunities.check_input(data, today, existing)
    except InvalidInput as error:
        errors = {**error.errors, **errors}
        raise InvalidInput(errors) from None
    if errors:
        raise InvalidInput(errors)
    return skills


def create_item(
    actor: User,
    kind: OpportunityKind,
    data: opportunities.OpportunityInput,
    publish: bool,
    today: date,
    provider: Provider | None = None,
    who: EligibilityInput = eligibility.OPEN_TO_EVERYONE,
    submission_token: str | None = None,
    now: datetime | None = None,
) -> Opportunity:
    """A new programme, community, event or course, as a draft or published at once; `who` may take
    part (everyone by default). A repeated `submission_token` raises AlreadySubmitted.
    Event times are UTC."""
    check_curator(actor)
    if kind not in CURATED_KINDS:
        raise NotAllowed(_("Jobs are posted by employers."))
    errors: dict[str, str] = {}
    chosen = _resolve_provider(actor, provider, errors)
    data = _fit_to_kind(kind, data)
    who = _resolve_own_graduates(who, chosen.university_id, errors)
    with unit_of_work():
        universities = eligibility.check_input(who, errors)
        skills = _check_item(actor, kind, data, today, errors, opening=publish, now=now)
        submission = submissions.claim(actor, submission_token, "catalogue_item")
        item = Opportunity(
            kind=kind,
            status=OpportunityStatus.DRAFT,
            university_id=chosen.university_id,
            organisation_id=chosen.organisation_id,
            created_by_id=actor.id,
        )
        db.session.add(item)
        opportunities.apply_input(item, data, skills)
        eligibility.apply_input(item, who, universities)
        if publish:
            with opportunities.lifecycle_rules():
                item.publish(today, now)
        db.session.flush()
        submissions.record_result(submission, item.id)
    announce_opportunity_changed(item.id)
    return item


def update_item(
    actor: User,
    opportunity_id: int,
    data: opportunities.OpportunityInput,
    today: date,
    publish: bool | None = None,
    who: EligibilityInput | None = None,
    now: datetime | None = None,
) -> Opportunity:
    """Change an item; `publish` True opens it, False makes it a draft, None keeps its status.
    `who` replaces the eligibility criteria; None keeps them. More places for an event go to
    its waiting list at once."""
    with unit_of_work():
        item = get_managed(actor, opportunity_id)
        lock_for_update(item)
        if publish is not None:
            unpublishing.refuse_if_unpublished(item)
        data = _fit_to_kind(item.kind, data)
        errors: dict[str, str] = {}
        if who is not None:
            who = _resolve_own_graduates(who, item.university_id, errors)
        universities = eligibility.check_input(who, errors) if who is not None else []
        opening = publish is True or (publish is None and item.status is OpportunityStatus.OPEN)
        skills = _check_item(
            actor, item.kind, data, today, errors, existing=item, opening=opening, now=now
        )
        opportunities.apply_input(item, data, skills)
        if who is not None:
            eligibility.apply_input(item, who, universities)
        if publish is True:
            with opportunities.lifecycle_rules():
                item.publish(today, now)
        elif publish is False:
            item.status = OpportunityStatus.DRAFT
        if item.kind is OpportunityKind.EVENT and item.status is OpportunityStatus.OPEN:
            events.fill_free_seats(item)
    announce_opportunity_changed(item.id)
    return item


def close_item(actor: User, opportunity_id: int) -> Opportunity:
    """Take an item out of the catalogue by the rules every opportunity closes by."""
    with unit_of_work():
        item = get_managed(actor, opportunity_id)
        with opportunities.lifecycle_rules():
            item.close()
    announce_opportunity_changed(item.id)
    return item


def reopen_item(
    actor: User, opportunity_id: int, today: date, now: datetime | None = None
) -> Opportunity:
    """Put a closed item back in the catalogue by the rules every opportunity reopens by:
    not once its deadline has passed (or, for an event, it has started)."""
    with unit_of_work():
        item = get_managed(actor, opportunity_id)
        with opportunities.lifecycle_rules():
            item.reopen(today, now)
    announce_opportunity_changed(item.id)
    return item


def list_items_for(actor: User) -> list[Opportunity]:
    """The curated items the actor manages: drafts first, then open, then closed; newest first."""
    check_curator(actor)
    query = select(Opportunity).where(Opportunity.kind.in_(CURATED_KINDS))
    if actor.role is Role.CAREER_SERVICES:
        query = query.where(Opportunity.university_id == actor.university_id)
    items = db.session.scalars(
        query.options(
            selectinload(Opportunity.organisation), selectinload(Opportunity.university)
        ).order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
    ).all()
    order = {OpportunityStatus.DRAFT: 0, OpportunityStatus.OPEN: 1, OpportunityStatus.CLOSED: 2}
    return sorted(items, key=lambda item: order[item.status])
