"""Which notifications a person also receives by email, and unsubscribing in one click.

In-app notifications are always recorded; email is chosen per kind (on unless turned off).
Account emails (confirmation, password reset, account warnings) are not notifications and are
always sent.

How this relates to the consent EMAIL_NOTIFICATIONS ("TalentMatch may email me news I did not
ask for", on the privacy page): the digest of new matches and saved-search alerts are news of
opportunities, so they are emailed only while that consent is in force. Choosing a daily or
weekly digest, or turning on a search alert, is asking for that news, and records the consent
(with its text version) in the same transaction; withdrawing the consent stops those emails at
once, while the digests and alerts stay in the notification centre. Notifications about what a
person takes part in (their applications, invitations, messages, seats) are not news: their
per-kind choice alone decides.

Unsubscribe links carry a signed token naming the account and the kind, so they work without
signing in and cannot be forged for another account.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    ConsentPurpose,
    DigestFrequency,
    EmailPreference,
    MatchDigest,
    NotificationKind,
    Role,
    User,
)
from talentmatch.services import consent_records
from talentmatch.services.errors import InvalidInput, NotFound
from talentmatch.services.links import absolute
from talentmatch.services.transaction import unit_of_work

# News of opportunities: emailed only with the EMAIL_NOTIFICATIONS consent in force.
NEWS_KINDS = frozenset({NotificationKind.DIGEST, NotificationKind.SEARCH_ALERT})

LABELS: dict[NotificationKind, LazyString] = {
    NotificationKind.APPLICATION_RECEIVED: _l("Applications to our jobs"),
    NotificationKind.APPLICATION_STATUS: _l("Changes to my applications"),
    NotificationKind.INVITATION: _l("Invitations to apply"),
    NotificationKind.INVITATION_ANSWER: _l("Answers to our invitations"),
    NotificationKind.MESSAGE: _l("Messages"),
    NotificationKind.INTRODUCTION: _l("Introductions by career services"),
    NotificationKind.PROMOTION: _l("Opportunities my career services recommend"),
    NotificationKind.OUTCOME_SURVEY: _l("Questions about what I did after graduating"),
    NotificationKind.EVENT_SEAT: _l("A seat freed for an event"),
    NotificationKind.DIGEST: _l("Digest of new strong matches"),
    NotificationKind.SEARCH_ALERT: _l("Alerts for my saved searches"),
    NotificationKind.STAYING_DEADLINE: _l("Deadlines on my staying checklist"),
    NotificationKind.OPPORTUNITY_UNPUBLISHED: _l(
        "Ours unpublished or republished by an administrator"
    ),
}

# The kinds each role can receive, in the order the preferences page lists them.
KINDS_FOR_ROLE: dict[Role, tuple[NotificationKind, ...]] = {
    Role.GRADUATE: (
        NotificationKind.APPLICATION_STATUS,
        NotificationKind.INVITATION,
        NotificationKind.MESSAGE,
        NotificationKind.INTRODUCTION,
        NotificationKind.PROMOTION,
        NotificationKind.OUTCOME_SURVEY,
        NotificationKind.EVENT_SEAT,
        NotificationKind.SEARCH_ALERT,
        NotificationKind.STAYING_DEADLINE,
    ),
    Role.EMPLOYER: (
        NotificationKind.APPLICATION_RECEIVED,
        NotificationKind.INVITATION_ANSWER,
        NotificationKind.MESSAGE,
        NotificationKind.INTRODUCTION,
        NotificationKind.OPPORTUNITY_UNPUBLISHED,
    ),
    Role.CAREER_SERVICES: (
        NotificationKind.MESSAGE,
        NotificationKind.INTRODUCTION,
        NotificationKind.OPPORTUNITY_UNPUBLISHED,
    ),
    Role.ADMIN: (NotificationKind.MESSAGE,),
}

_SALT = "unsubscribe"


@dataclass(frozen=True)
class KindPreference:
    kind: NotificationKind
    label: str
    email: bool


@dataclass(frozen=True)
class Preferences:
    kinds: list[KindPreference]
    digest: DigestFrequency | None  # None: the role gets no digest
    news_consent: bool


@dataclass(frozen=True)
class PreferenceChoices:
    """What the preferences form sends: the kinds to email, and the digest frequency."""

    email_kinds: frozenset[NotificationKind]
    digest: DigestFrequency | None = None


def _stored(user: User) -> dict[NotificationKind, bool]:
    rows = db.session.scalars(select(EmailPreference).where(EmailPreference.user_id == user.id))
    return {row.kind: row.email for row in rows}


def digest_of(user: User) -> MatchDigest | None:
    return db.session.scalar(select(MatchDigest).where(MatchDigest.user_id == user.id))


def has_news_consent(user: User) -> bool:
    return consent_records.in_force(user, ConsentPurpose.EMAIL_NOTIFICATIONS) is not None


def wants_email(user: User, kind: NotificationKind) -> bool:
    """Whether a notification of `kind` is also emailed to `user`."""
    if not (user.active and user.email_verified):
        return False
    if kind is NotificationKind.DIGEST:
        digest = digest_of(user)
        chosen = digest is not None and digest.frequency is not DigestFrequency.OFF
    else:
        chosen = _stored(user).get(kind, True)
    return chosen and (kind not in NEWS_KINDS or has_news_consent(user))


def preferences_for(user: User) -> Preferences:
    stored = _stored(user)
    digest = digest_of(user)
    kinds = [
        KindPreference(kind, str(LABELS[kind]), stored.get(kind, True))
        for kind in KINDS_FOR_ROLE.get(user.role, ())
    ]
    return Preferences(
        kinds=kinds,
        digest=(
            (digest.frequency if digest else DigestFrequency.OFF)
            if user.has_role(Role.GRADUATE)
            else None
        ),
        news_consent=has_news_consent(user),
    )


def _set_email(user: User, kind: NotificationKind, email: bool) -> None:
    row = db.session.scalar(
        select(EmailPreference).where(
            EmailPreference.user_id == user.id, EmailPreference.kind == kind
        )
    )
    if row is None:
        db.session.add(EmailPreference(user_id=user.id, kind=kind, email=email))
    else:
        row.email = email


def set_digest(user: User, frequency: DigestFrequency) -> None:
    """In the caller's transaction: the digest frequency; choosing one gives the news consent."""
    digest = digest_of(user)
    was_off = digest is None or digest.frequency is DigestFrequency.OFF
    if digest is None:
        digest = MatchDigest(user_id=user.id, frequency=frequency)
        db.session.add(digest)
    digest.frequency = frequency
    if was_off and frequency is not DigestFrequency.OFF:
        give_news_consent(user)


def give_news_consent(user: User) -> None:
    """In the caller's transaction: asking for news of opportunities is consenting to it."""
    consent_records.give(user, ConsentPurpose.EMAIL_NOTIFICATIONS)


def save(user: User, choices: PreferenceChoices) -> None:
    """Store the person's choices for every kind their role receives."""
    if choices.digest is not None and not user.has_role(Role.GRADUATE):
        raise InvalidInput(_("Digests of new matches are for graduates."), "digest")
    with unit_of_work():
        for kind in KINDS_FOR_ROLE.get(user.role, ()):
            _set_email(user, kind, kind in choices.email_kinds)
        if choices.digest is not None:
            set_digest(user, choices.digest)


# --- One-click unsubscribe -----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user: User, kind: NotificationKind) -> str:
    return _serializer().dumps([user.id, kind.value])


def unsubscribe_url(user: User, kind: NotificationKind) -> str:
    return absolute(f"/notifications/unsubscribe/{unsubscribe_token(user, kind)}")


def preferences_url() -> str:
    return absolute("/notifications/preferences")


@dataclass(frozen=True)
class Unsubscription:
    user: User
    kind: NotificationKind

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


def read_token(token: str) -> Unsubscription:
    """The account and kind a link names; InvalidInput for a damaged or forged token, NotFound
    when the account no longer exists."""
    problem = _("This unsubscribe link is not valid. Copy the whole link from the email.")
    try:
        user_id, kind_value = _serializer().loads(token)
        kind = NotificationKind(kind_value)
    except (BadSignature, ValueError, TypeError):
        raise InvalidInput(problem) from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        raise NotFound(_("The account this link was for no longer exists."))
    return Unsubscription(user, kind)


def unsubscribe(token: str) -> Unsubscription:
    """Stop emails of the link's kind to its account (the digest stops altogether)."""
    found = read_token(token)
    with unit_of_work():
        if found.kind is NotificationKind.DIGEST:
            set_digest(found.user, DigestFrequency.OFF)
        else:
            _set_email(found.user, found.kind, False)
    return found
