"""Career-services staff invited by an administrator: the account is made at once, inactive and
without a password, and an emailed single-use link lets the person choose a password and start.

Until the link is used the account cannot sign in (no password matches it), and a password reset
is not offered to it: the invitation is the way in, and an administrator can send it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from talentmatch.extensions import db
from talentmatch.models import AccountToken, Role, TokenPurpose, User
from talentmatch.services import account_tokens, audit, mail, submissions
from talentmatch.services.accounts import (
    email_taken_problem,
    find_by_email,
    get_user,
    name_and_email_problems,
    normalise_email,
    university_problem,
)
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.passwords import password_problem
from talentmatch.services.transaction import unit_of_work

INVITATION_LIFETIME = timedelta(days=7)
# Not a werkzeug hash, so no password matches it; also how a pending invitation is recognised.
INVITED_PASSWORD = "!invited"


@dataclass(frozen=True)
class StaffInvitation:
    full_name: str
    email: str
    university_id: int | None


def link_problem() -> str:
    return _(
        "This invitation link has expired or has already been used. Ask the administrator who "
        "invited you to send a new one."
    )


def is_pending(user: User) -> bool:
    """Invited and not yet accepted (an erased account has another unusable password)."""
    return user.password_hash == INVITED_PASSWORD


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can invite career-services staff."))


def invite(actor: User, invitation: StaffInvitation, submission_token: str | None = None) -> User:
    """Create the career-services account, inactive until accepted, and email its link.

    A repeated `submission_token` (a double click) raises AlreadySubmitted.
    """
    _require_admin(actor)
    try:
        with unit_of_work():
            submission = submissions.claim(actor, submission_token, "staff_invitation")
            errors = name_and_email_problems(invitation.full_name, invitation.email)
            if "email" not in errors and find_by_email(invitation.email) is not None:
                errors["email"] = email_taken_problem()
            problem = university_problem(invitation.university_id)
            if problem:
                errors["university_id"] = problem
            if errors:
                raise InvalidInput(errors)
            user = User(
                email=normalise_email(invitation.email),
                password_hash=INVITED_PASSWORD,
                full_name=invitation.full_name.strip(),
                role=Role.CAREER_SERVICES,
                university_id=invitation.university_id,
                active=False,
            )
            db.session.add(user)
            db.session.flush()
            _send(actor, user)
            audit.record(
                AuditEventKind.STAFF_INVITED,
                actor,
                subject=user,
                role=user.role.value,
                university_id=user.university_id,
            )
            submissions.record_result(submission, user.id)
    except IntegrityError:
        # Someone registered the address between the check and the insert.
        if find_by_email(invitation.email) is None:
            raise
        raise InvalidInput(email_taken_problem(), "email") from None
    return user


def resend(actor: User, user_id: int) -> User:
    """A new link for a pending invitation; earlier links stop working."""
    _require_admin(actor)
    user = get_user(user_id)
    if not is_pending(user):
        raise InvalidInput(_("%(email)s has no pending invitation.", email=user.email))
    with unit_of_work():
        account_tokens.revoke(user, TokenPurpose.STAFF_INVITATION)
        _send(actor, user)
        audit.record(AuditEventKind.STAFF_INVITATION_RESENT, actor, subject=user)
    return user


def _send(actor: User, user: User) -> None:
    secret = account_tokens.issue(user, TokenPurpose.STAFF_INVITATION, INVITATION_LIFETIME)
    url = account_tokens.link("auth.accept_invitation", token=secret)
    university = user.university.name if user.university is not None else ""
    with mail.in_language_of(user):
        mail.queue(
            user,
            _("You are invited to TalentMatch"),
            _(
                "Hello %(name)s,\n\n"
                "%(admin)s has created a TalentMatch account for you as career-services staff of "
                "%(university)s. Choose your password here to start:\n\n%(url)s\n\n"
                "The link works once and expires in %(days)d days. If you did not expect this, "
                "you can ignore this message: the account stays unused.\n",
                name=user.full_name,
                admin=actor.full_name,
                university=university,
                url=url,
                days=INVITATION_LIFETIME.days,
            ),
        )


def find_invitation(secret: str) -> AccountToken | None:
    """The invitation behind a link, when it can still be accepted."""
    token = account_tokens.find_usable(secret, TokenPurpose.STAFF_INVITATION, require_active=False)
    if token is None or not is_pending(token.user):
        return None
    return token


def link_works(secret: str) -> bool:
    return find_invitation(secret) is not None


def accept(secret: str, password: str) -> User:
    """The invited person chooses a password: the account becomes active and its address is
    proved (the link reached it)."""
    token = find_invitation(secret)
    if token is None:
        raise InvalidInput(link_problem())
    user = token.user
    problem = password_problem(password, user.email)
    if problem:
        raise InvalidInput(problem, "password")
    with unit_of_work():
        if not account_tokens.consume(token):
            raise InvalidInput(link_problem())
        account_tokens.revoke(user, TokenPurpose.STAFF_INVITATION)
        user.password_hash = generate_password_hash(password)
        user.active = True
        user.email_verified = True
        audit.record(AuditEventKind.STAFF_INVITATION_ACCEPTED, user, subject=user)
    return user
