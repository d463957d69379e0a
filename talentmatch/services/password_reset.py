"""Password reset by a single-use, expiring link sent to the account's address.

A request answers the same whether or not the address has an account (the email itself says
which), so the reset form cannot be used to find out who is registered.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import generate_password_hash

from talentmatch.models import TokenPurpose, User
from talentmatch.services import account_tokens, audit, mail, sessions, staff_invitations
from talentmatch.services.accounts import find_by_email, normalise_email
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput
from talentmatch.services.passwords import password_problem
from talentmatch.services.transaction import unit_of_work


def _minutes() -> int:
    return int(current_app.config["PASSWORD_RESET_MINUTES"])


def link_problem() -> str:
    return _("This password reset link has expired or has already been used. Ask for a new one.")


def request_reset(email: str) -> None:
    """Email a reset link to the account with this address, or tell the address that it has no
    account; either way the caller shows the same "check your inbox" answer."""
    address = normalise_email(email)
    user = find_by_email(address)
    with unit_of_work():
        if user is None:
            mail.queue(address, *_no_account_message())
        elif staff_invitations.is_pending(user):
            with mail.in_language_of(user):
                mail.queue(user, *_invitation_pending_message(user))
        elif not user.active:
            with mail.in_language_of(user):
                mail.queue(user, *_deactivated_message(user))
        else:
            secret = account_tokens.issue(
                user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=_minutes())
            )
            url = account_tokens.link("auth.reset", token=secret)
            with mail.in_language_of(user):
                mail.queue(user, *_reset_message(user, url))
        audit.record(
            AuditEventKind.PASSWORD_RESET_REQUESTED,
            None,
            subject=user,
            email=address,
            account_found=user is not None,
        )


def _reset_message(user: User, url: str) -> tuple[str, str]:
    return _("Reset your TalentMatch password"), _(
        "Hello %(name)s,\n\n"
        "Someone (we hope you) asked to reset the password of your TalentMatch account. "
        "Choose a new password here:\n\n%(url)s\n\n"
        "The link works once and expires in %(minutes)d minutes. If you did not ask for this, "
        "ignore this message: your password stays as it is.\n",
        name=user.full_name,
        url=url,
        minutes=_minutes(),
    )


def _no_account_message() -> tuple[str, str]:
    return _("Password reset requested on TalentMatch"), _(
        "Hello,\n\n"
        "Someone asked to reset the TalentMatch password for this email address, but there is "
        "no TalentMatch account with it. If it was you, you may have signed up with another "
        "address, or you can create an account here:\n\n%(url)s\n\n"
        "If you did not ask for this, you can ignore this message.\n",
        url=account_tokens.link("auth.register"),
    )


def _invitation_pending_message(user: User) -> tuple[str, str]:
    return _("Password reset requested on TalentMatch"), _(
        "Hello %(name)s,\n\n"
        "Someone asked to reset the password of your TalentMatch account, but you have not yet "
        "accepted the invitation to it. Choose your password through the link in the invitation "
        "email; if it has expired, ask the administrator who invited you to send a new one.\n",
        name=user.full_name,
    )


def _deactivated_message(user: User) -> tuple[str, str]:
    return _("Password reset requested on TalentMatch"), _(
        "Hello %(name)s,\n\n"
        "Someone asked to reset the password of your TalentMatch account, but the account has "
        "been deactivated by an administrator, so its password cannot be reset. Reply to this "
        "message if you think this is a mistake.\n",
        name=user.full_name,
    )


def link_works(secret: str) -> bool:
    return account_tokens.find_usable(secret, TokenPurpose.RESET_PASSWORD) is not None


def reset_password(secret: str, new_password: str) -> User:
    """Set a new password through a reset link: the link is used up, every session of the
    account ends, and the account is told by email."""
    token = account_tokens.find_usable(secret, TokenPurpose.RESET_PASSWORD)
    if token is None:
        raise InvalidInput(link_problem())
    user = token.user
    problem = password_problem(new_password, user.email)
    if problem:
        raise InvalidInput(problem, "password")
    with unit_of_work():
        if not account_tokens.consume(token):
            raise InvalidInput(link_problem())
        account_tokens.revoke(user, TokenPurpose.RESET_PASSWORD)
        user.password_hash = generate_password_hash(new_password)
        # The link reached this address, which proves it as well as a confirmation link would.
        user.email_verified = True
        sessions.end_all_sessions(user)
        audit.record(AuditEventKind.PASSWORD_RESET, user)
        with mail.in_language_of(user):
            mail.queue(
                user,
                _("Your TalentMatch password was changed"),
                _(
                    "Hello %(name)s,\n\n"
                    "The password of your TalentMatch account was just changed through a reset "
                    "link, and every device signed in to the account was signed out.\n\n"
                    "If you did not do this, reset your password again at once:\n\n%(url)s\n",
                    name=user.full_name,
                    url=account_tokens.link("auth.forgot_password"),
                ),
            )
    return user
