"""Who may contact a graduate: the rules invitations, messages and introductions share, blocking
an organisation, and telling the organisation's side what happened.

An organisation reaches a graduate only while the graduate shares their profile with employers
and has not blocked it. Two kinds of thread are the graduate's own doing and so stay open when
the profile is not shared with employers: a thread about their application (they wrote to the
organisation by applying) and one their own career service opened by introducing them (while
the profile is still shared with that career service). A graduate can always read and answer
their threads, unless they blocked the organisation themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    NotificationKind,
    Organisation,
    OrganisationBlock,
    Role,
    User,
    Visibility,
)
from talentmatch.services import account_tokens, verification, vetting
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.transaction import unit_of_work

MAX_NOTE = 2_000


def clean_text(text: str, limit: int, field: str, required: bool) -> str:
    """Trimmed text without NUL characters, within `limit`; blank refused when `required`."""
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise InvalidInput(_("Write a message first."), field)
    if len(text) > limit:
        raise InvalidInput(
            _(
                "Use at most %(max)s characters (you used %(length)s).",
                max=formats.number(limit),
                length=formats.number(len(text)),
            ),
            field,
        )
    return text


def require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates can do this."))


def acting_organisation(actor: User) -> Organisation:
    """The verified organisation an employer writes for, from a confirmed address."""
    if not actor.has_role(Role.EMPLOYER) or actor.organisation is None:
        raise NotAllowed(_("Only employers of a registered organisation can do this."))
    verification.require_verified(actor)
    if not vetting.organisation_verified(actor):
        raise NotAllowed(
            _(
                "Your organisation awaits verification: until TalentMatch has verified it, "
                "you cannot contact graduates."
            )
        )
    return actor.organisation


def graduate_account(user_id: int) -> User:
    """An active graduate's account, or NotFound (which says nothing about who exists)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.has_role(Role.GRADUATE):
        raise NotFound(_("There is no such graduate."))
    return user


def visibility_of(graduate: User) -> Visibility:
    profile: GraduateProfile | None = graduate.profile
    return profile.visibility if profile is not None else Visibility.PRIVATE


def shares_with_employers(graduate: User) -> bool:
    return graduate.active and visibility_of(graduate) is Visibility.EMPLOYERS


def not_shared_problem() -> str:
    return _(
        "This graduate does not share their profile with employers, so your organisation "
        "cannot contact them."
    )


def is_blocked(graduate_id: int, organisation_id: int) -> bool:
    return (
        db.session.scalar(
            select(OrganisationBlock.id).where(
                OrganisationBlock.user_id == graduate_id,
                OrganisationBlock.organisation_id == organisation_id,
            )
        )
        is not None
    )


def blocked_problem() -> str:
    return _("This graduate does not accept contact from your organisation.")


def require_not_blocked(graduate: User, organisation: Organisation) -> None:
    if is_blocked(graduate.id, organisation.id):
        raise NotAllowed(blocked_problem())


def blocked_graduates(organisation_id: int | None):
    """SQL: the ids of graduates who blocked the organisation (for the Candidates tab)."""
    return select(OrganisationBlock.user_id).where(
        OrganisationBlock.organisation_id == organisation_id
    )


# --- Blocking ------------------------------------------------------------------------------------


def _blockable(actor: User, organisation_id: int) -> Organisation:
    """A verified organisation (one that could contact graduates), or one already blocked."""
    require_graduate(actor)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not (organisation.verified or is_blocked(actor.id, organisation.id)):
        raise NotFound(_("There is no such organisation."))
    return organisation


def block(actor: User, organisation_id: int) -> Organisation:
    """The graduate stops an organisation inviting or messaging them and finding them among its
    candidates. Blocking twice keeps one block."""
    organisation = _blockable(actor, organisation_id)
    try:
        with unit_of_work():
            db.session.add(OrganisationBlock(user_id=actor.id, organisation_id=organisation.id))
    except IntegrityError:
        pass  # blocked already (a double click): one block is what was asked for
    return organisation


def unblock(actor: User, organisation_id: int) -> Organisation:
    organisation = _blockable(actor, organisation_id)
    with unit_of_work():
        db.session.execute(
            delete(OrganisationBlock).where(
                OrganisationBlock.user_id == actor.id,
                OrganisationBlock.organisation_id == organisation.id,
            )
        )
    return organisation


def blocked_by(actor: User) -> list[Organisation]:
    """The organisations the graduate has blocked, by name."""
    require_graduate(actor)
    return list(
        db.session.scalars(
            select(Organisation)
            .join(OrganisationBlock, OrganisationBlock.organisation_id == Organisation.id)
            .where(OrganisationBlock.user_id == actor.id)
            .order_by(Organisation.name)
        )
    )


# --- Telling people ------------------------------------------------------------------------------


def organisation_users(organisation_id: int, besides: User | None = None) -> list[User]:
    """Everyone who may answer for the organisation (its active employers)."""
    users = db.session.scalars(
        select(User)
        .where(
            User.organisation_id == organisation_id,
            User.role == Role.EMPLOYER,
            User.active.is_(True),
        )
        .order_by(User.id)
    )
    return [user for user in users if besides is None or user.id != besides.id]


def tell(
    recipients: list[User],
    kind: NotificationKind,
    endpoint: str,
    values: dict[str, Any],
    render: Callable[[str], Notice],
    about: User | None = None,
) -> None:
    """Notify each recipient in the caller's transaction; `render` gets the email's link.
    `about` is the graduate the texts name, for recipients on the organisation's side."""
    link = url_for(endpoint, **values)
    url = account_tokens.link(endpoint, **values)
    for recipient in recipients:
        notify(recipient, kind, link, lambda: render(url), about=about)
