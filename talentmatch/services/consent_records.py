"""Writing consent records in the caller's transaction: give, withdraw, and keeping the two
visibility consents in line with a profile's visibility. The profile service uses this module;
the use cases people reach from their privacy page are in services/consents.py."""

from __future__ import annotations

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import ConsentPurpose, ConsentRecord, User, Visibility
from talentmatch.models.timestamps import utcnow
from talentmatch.services import audit
from talentmatch.services.consent_texts import text_for

# Which visibility consents each visibility level stands for: "employers" includes career
# services (the profile form offers it as "Career services and employers").
VISIBILITY_CONSENTS: dict[Visibility, frozenset[ConsentPurpose]] = {
    Visibility.PRIVATE: frozenset(),
    Visibility.CAREER_SERVICES: frozenset({ConsentPurpose.CAREER_SERVICES_VISIBILITY}),
    Visibility.EMPLOYERS: frozenset(
        {ConsentPurpose.CAREER_SERVICES_VISIBILITY, ConsentPurpose.EMPLOYER_VISIBILITY}
    ),
}
VISIBILITY_PURPOSES = VISIBILITY_CONSENTS[Visibility.EMPLOYERS]


def in_force(user: User, purpose: ConsentPurpose) -> ConsentRecord | None:
    return db.session.scalar(
        select(ConsentRecord).where(
            ConsentRecord.user_id == user.id,
            ConsentRecord.purpose == purpose,
            ConsentRecord.withdrawn_at.is_(None),
        )
    )


def give(user: User, purpose: ConsentPurpose) -> ConsentRecord:
    """Record consent to the current text of `purpose` (nothing new if already in force)."""
    current = in_force(user, purpose)
    if current is not None:
        return current
    version = text_for(purpose).version
    record = ConsentRecord(user_id=user.id, purpose=purpose, text_version=version)
    db.session.add(record)
    audit.record(
        audit.AuditEventKind.CONSENT_GIVEN, user, purpose=purpose.value, text_version=version
    )
    return record


def withdraw(user: User, purpose: ConsentPurpose) -> ConsentRecord | None:
    """End the consent in force for `purpose`, if there is one."""
    current = in_force(user, purpose)
    if current is None:
        return None
    current.withdrawn_at = utcnow()
    audit.record(audit.AuditEventKind.CONSENT_WITHDRAWN, user, purpose=purpose.value)
    return current


def follow_visibility(user: User, visibility: Visibility) -> None:
    """Give or withdraw the visibility consents so they say what `visibility` says."""
    wanted = VISIBILITY_CONSENTS[visibility]
    for purpose in sorted(VISIBILITY_PURPOSES):
        if purpose in wanted:
            give(user, purpose)
        else:
            withdraw(user, purpose)


def visibility_without(current: Visibility, purpose: ConsentPurpose) -> Visibility:
    """The visibility left when the visibility consent `purpose` is withdrawn."""
    if purpose is ConsentPurpose.CAREER_SERVICES_VISIBILITY:
        return Visibility.PRIVATE
    if current is Visibility.EMPLOYERS:
        return Visibility.CAREER_SERVICES
    return current


def visibility_with(current: Visibility, purpose: ConsentPurpose) -> Visibility:
    """The visibility reached when the visibility consent `purpose` is given."""
    if purpose is ConsentPurpose.EMPLOYER_VISIBILITY:
        return Visibility.EMPLOYERS
    if current is Visibility.PRIVATE:
        return Visibility.CAREER_SERVICES
    return current
