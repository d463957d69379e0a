"""A person's consents: what they agreed to and when, and giving or withdrawing each one.

The two visibility consents follow the profile's visibility, which is what career services and
employers are actually shown; changing them goes through the profile service."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import ConsentPurpose, ConsentRecord, User
from talentmatch.services import consent_records, profiles
from talentmatch.services.consent_texts import ConsentText, purposes_for, text_for
from talentmatch.services.errors import InvalidInput
from talentmatch.services.transaction import unit_of_work


@dataclass(frozen=True)
class ConsentStatus:
    text: ConsentText
    in_force: bool
    current: ConsentRecord | None  # the record in force, when there is one
    history: list[ConsentRecord]  # every record for this purpose, newest first

    @property
    def purpose(self) -> ConsentPurpose:
        return self.text.purpose


def _purpose(user: User, value: str) -> ConsentPurpose:
    try:
        purpose = ConsentPurpose(value)
    except ValueError:
        raise InvalidInput(_("There is no such consent."), "purpose") from None
    if purpose not in purposes_for(user.role):
        raise InvalidInput(_("This consent does not apply to your account."), "purpose")
    return purpose


def _visibility_in_force(user: User, purpose: ConsentPurpose) -> bool:
    profile = user.profile
    visibility = profile.visibility if profile is not None else None
    return visibility is not None and purpose in consent_records.VISIBILITY_CONSENTS[visibility]


def overview(user: User) -> list[ConsentStatus]:
    """Every purpose this person is asked about, with its state and history."""
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.given_at.desc(), ConsentRecord.id.desc())
    ).all()
    statuses = []
    for purpose in purposes_for(user.role):
        history = [r for r in records if r.purpose is purpose]
        current = next((r for r in history if r.in_force), None)
        if purpose in consent_records.VISIBILITY_PURPOSES:
            in_force = _visibility_in_force(user, purpose)
        else:
            in_force = current is not None
        statuses.append(ConsentStatus(text_for(purpose), in_force, current, history))
    return statuses


def _change(user: User, purpose_value: str, giving: bool) -> ConsentText:
    purpose = _purpose(user, purpose_value)
    if purpose in consent_records.VISIBILITY_PURPOSES:
        current = profiles.get_profile(user).visibility
        rule = consent_records.visibility_with if giving else consent_records.visibility_without
        profiles.set_visibility(user, rule(current, purpose))
    else:
        with unit_of_work():
            (consent_records.give if giving else consent_records.withdraw)(user, purpose)
    return text_for(purpose)


def give(user: User, purpose_value: str) -> ConsentText:
    """The person agrees to one purpose, with the text version they were shown."""
    return _change(user, purpose_value, giving=True)


def withdraw(user: User, purpose_value: str) -> ConsentText:
    """The person withdraws one consent; what it allowed stops at once."""
    return _change(user, purpose_value, giving=False)
