"""Email verification: a single-use link proves that a person reads the address they gave.

What an account may do before its address is verified: sign in, fill in a graduate profile or
an organisation, browse and save opportunities. What it may not do until verified: an employer
cannot publish a job or see candidates (`require_verified`), because both act in an
organisation's name towards graduates.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from talentmatch.models import TokenPurpose, User
from talentmatch.services import account_tokens, audit, mail
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.transaction import unit_of_work


def _lifetime() -> timedelta:
    return timedelta(hours=int(current_app.config["EMAIL_VERIFICATION_HOURS"]))


def link_problem() -> str:
    return _(
        "This confirmation link has expired or has already been used. Log in and ask for a new "
        "one from the notice at the top of the page."
    )


def queue_verification(user: User) -> None:
    """Store a fresh link for the account's current address and its email, in the caller's
    transaction; its commit starts the delivery."""
    secret = account_tokens.issue(user, TokenPurpose.VERIFY_EMAIL, _lifetime())
    url = account_tokens.link("auth.verify_email", token=secret)
    with mail.in_language_of(user):
        hours = int(current_app.config["EMAIL_VERIFICATION_HOURS"])
        mail.queue(
            user,
            _("Confirm your email address for TalentMatch"),
            _(
                "Hello %(name)s,\n\n"
                "Please confirm that this is your email address by opening this link:\n\n"
                "%(url)s\n\n"
                "The link works once and expires in %(hours)d hours. If you did not create a "
                "TalentMatch account or give this address to one, you can ignore this message.\n",
                name=user.full_name,
                url=url,
                hours=hours,
            ),
        )


def send_verification(user: User) -> None:
    """Send `user` a new confirmation link for their current address and mark it unverified
    until they follow it. Commits its own unit of work (with anything the caller has pending)
    and delivers the email."""
    with unit_of_work():
        user.email_verified = False
        account_tokens.revoke(user, TokenPurpose.VERIFY_EMAIL)
        queue_verification(user)


def resend(user: User) -> bool:
    """A new link for an account that asks for one; False when it is verified already."""
    if user.email_verified:
        return False
    send_verification(user)
    return True


def link_works(secret: str) -> bool:
    return account_tokens.find_usable(secret, TokenPurpose.VERIFY_EMAIL) is not None


def verify_email(secret: str) -> User:
    """Follow a confirmation link: the account's address is verified; the link is used up."""
    token = account_tokens.find_usable(secret, TokenPurpose.VERIFY_EMAIL)
    if token is None:
        raise InvalidInput(link_problem())
    user = token.user
    with unit_of_work():
        if not account_tokens.consume(token):
            raise InvalidInput(link_problem())
        account_tokens.revoke(user, TokenPurpose.VERIFY_EMAIL)
        user.email_verified = True
        audit.record(AuditEventKind.EMAIL_VERIFIED, user)
    return user


def unverified_problem(user: User) -> str | None:
    """Why `user` may not yet act towards graduates, or None when their address is confirmed."""
    if user.email_verified:
        return None
    return _(
        "Confirm your email address first: open the link we emailed to %(email)s, or ask for a "
        "new one from the notice at the top of the page.",
        email=user.email,
    )


def require_verified(user: User) -> None:
    """Refuse what only accounts with a confirmed address may do."""
    problem = unverified_problem(user)
    if problem:
        raise NotAllowed(problem)
