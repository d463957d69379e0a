"""The catalogue: who may see drafts, and curated programmes, communities and events managed by
career services and administrators (searching is in catalogue_search)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    Role,
    University,
    User,
    Visibility,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import eligibility, events, opportunities, submissions, unpublishing
from talentmatch.services.eligibility import EligibilityInput
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.vetting import is_listed
from talentmatch.signals import announce_opportunity_changed

CURATED_KINDS = (OpportunityKind.PROGRAMME, OpportunityKind.COMMUNITY, OpportunityKind.EVENT)
# Programmes and events have dates and places; a community is ongoing.
DATED_KINDS = (OpportunityKind.PROGRAMME, OpportunityKind.EVENT)


def can_manage(viewer: User | None, opportunity: Opportunity) -> bool:
    """The opportunity's owners: its organisation's employers, its university's career
    services, and administrators."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if viewer.role is Role.ADMIN:
        return True
    if viewer.role is Role.EMPLOYER:
        return (
            opportunity.organisation_id is not None
            and viewer.organisation_id == opportunity.organisation_id
        )
    if viewer.role is Role.CAREER_SERVICES:
        return (
            opportunity.university_id is not None
            and viewer.university_id == opportunity.university_id
        )
    return False


def get_visible(opportunity_id: int, viewer: User | None) -> Opportunity:
    """An open, listed opportunity for anyone; a draft, a closed one or a job of an organisation
    not yet verified only for its owners (and administrators)."""
    opportunity = db.session.scalar(
        select(Opportunity)
        .where(Opportunity.id == opportunity_id)
        .options(
            selectinload(Opportunity.skills),
            selectinload(Opportunity.languages),
            selectinload(Opportunity.organisation),
            selectinload(Opportunity.university),
            selectinload(Opportunity.eligible_universities),
        )
    )
    if opportunity is None:
        raise NotFound()
    public = opportunity.status is OpportunityStatus.OPEN and is_listed(opportunity)
    if not public and not can_manage(viewer, opportunity):
        raise NotFound()
    return opportunity


# --- Curated items: programmes, communities and events ---------------------------------------


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


def _check_curator(actor: User) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.CAREER_SERVICES:
        if actor.university_id is None:
            raise NotAllowed(
                _("Your account is not linked to a university; ask an administrator to link it.")
            )
        return
    raise NotAllowed(_("Only career services and administrators curate programmes and events."))


def get_managed(actor: User, opportunity_id: int) -> Opportunity:
    """A curated item the actor may change: NotFound when missing, NotAllowed when not theirs."""
    _check_curator(actor)
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
    """Job-only fields never apply; dates and capacity only to programmes and events; only an
    event belongs to a community."""
    data = dataclasses.replace(
        data, employment_type=None, salary_min=None, salary_max=None, sponsors_permit=None
    )
    if kind not in DATED_KINDS:
        data = dataclasses.replace(data, starts_at=None, ends_at=None, capacity=None)
    if kind is not OpportunityKind.EVENT:
        data = dataclasses.replace(data, community_id=None)
    return data


def community_choices(actor: User) -> list[Opportunity]:
    """Communities an event of the actor's may belong to: those they curate, not closed."""
    _check_curator(actor)
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
    """A new programme, community or event, as a draft or published at once; `who` may take
    part (everyone by default). A repeated `submission_token` raises AlreadySubmitted.
    Event times are UTC."""
    _check_curator(actor)
    if kind not in CURATED_KINDS:
        raise NotAllowed(_("Jobs are posted by employers."))
    errors: dict[str, str] = {}
    chosen = _resolve_provider(actor, provider, errors)
    data = _fit_to_kind(kind, data)
    with unit_of_work():
        universities = eligibility.check_input(who, errors)
        skills = _check_item(actor, kind, data, today, errors, opening=publish, now=now)
        submission = submissions.claim(actor, submission_token, "catalogue_item")
        item = Opportunity(
            kind=kind,
            status=OpportunityStatus.OPEN if publish else OpportunityStatus.DRAFT,
            university_id=chosen.university_id,
            organisation_id=chosen.organisation_id,
            created_by_id=actor.id,
        )
        db.session.add(item)
        opportunities.apply_input(item, data, skills)
        eligibility.apply_input(item, who, universities)
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
        universities = eligibility.check_input(who, errors) if who is not None else []
        opening = publish is True or (publish is None and item.status is OpportunityStatus.OPEN)
        skills = _check_item(
            actor, item.kind, data, today, errors, existing=item, opening=opening, now=now
        )
        opportunities.apply_input(item, data, skills)
        if who is not None:
            eligibility.apply_input(item, who, universities)
        if publish is True:
            item.status = OpportunityStatus.OPEN
        elif publish is False:
            item.status = OpportunityStatus.DRAFT
        if item.kind is OpportunityKind.EVENT and item.status is OpportunityStatus.OPEN:
            events.fill_free_seats(item)
    announce_opportunity_changed(item.id)
    return item


def close_item(actor: User, opportunity_id: int) -> Opportunity:
    """Take an item out of the catalogue; closing a closed item changes nothing."""
    with unit_of_work():
        item = get_managed(actor, opportunity_id)
        item.status = OpportunityStatus.CLOSED
    announce_opportunity_changed(item.id)
    return item


def reopen_item(
    actor: User, opportunity_id: int, today: date, now: datetime | None = None
) -> Opportunity:
    """Put a closed item back in the catalogue, unless its deadline has passed (or, for an
    event, it has started)."""
    with unit_of_work():
        item = get_managed(actor, opportunity_id)
        if item.status is not OpportunityStatus.CLOSED:
            raise InvalidInput(_("Only a closed item can be reopened."))
        unpublishing.refuse_if_unpublished(item)
        if (
            item.kind is OpportunityKind.EVENT
            and item.starts_at is not None
            and item.starts_at < (now or utcnow())
        ):
            raise InvalidInput(_("This event has already started, so it cannot be reopened."))
        if item.deadline is not None and item.deadline < today:
            raise InvalidInput(
                _("The deadline has passed: edit the deadline before reopening this item.")
            )
        item.status = OpportunityStatus.OPEN
    announce_opportunity_changed(item.id)
    return item


def list_items_for(actor: User) -> list[Opportunity]:
    """The curated items the actor manages: drafts first, then open, then closed; newest first."""
    _check_curator(actor)
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


@dataclass(frozen=True)
class CareerServicesOverview:
    university: University | None
    open_by_kind: dict[OpportunityKind, int]
    drafts: int
    sharing_graduates: int


def career_services_overview(actor: User) -> CareerServicesOverview:
    """Dashboard numbers: the actor's open items by kind, drafts, and graduates who share
    their profile (administrators see every university)."""
    _check_curator(actor)
    scope: list[ColumnElement[bool]] = [Opportunity.kind.in_(CURATED_KINDS)]
    graduates: list[ColumnElement[bool]] = [
        GraduateProfile.visibility.in_([Visibility.CAREER_SERVICES, Visibility.EMPLOYERS])
    ]
    if actor.role is Role.CAREER_SERVICES:
        scope.append(Opportunity.university_id == actor.university_id)
        graduates.append(GraduateProfile.university_id == actor.university_id)
    counts = db.session.execute(
        select(Opportunity.kind, Opportunity.status, func.count())
        .where(and_(*scope))
        .group_by(Opportunity.kind, Opportunity.status)
    ).all()
    open_by_kind = {kind: 0 for kind in CURATED_KINDS}
    drafts = 0
    for kind, status, count in counts:
        if status is OpportunityStatus.OPEN:
            open_by_kind[kind] = count
        elif status is OpportunityStatus.DRAFT:
            drafts += count
    sharing = db.session.scalar(
        select(func.count()).select_from(GraduateProfile).where(and_(*graduates))
    )
    return CareerServicesOverview(
        university=actor.university if actor.role is Role.CAREER_SERVICES else None,
        open_by_kind=open_by_kind,
        drafts=drafts,
        sharing_graduates=sharing or 0,
    )
