"""Account settings a person changes themself: password and email address, each confirmed with
the current password."""

from __future__ import annotations

import importlib
import importlib.util

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from talentmatch.extensions import db
from talentmatch.models import User
from talentmatch.services import audit, mail
from talentmatch.services.accounts import _looks_like_email, find_by_email, normalise_email
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput
from talentmatch.services.passwords import password_problem
from talentmatch.services.sessions import end_all_sessions
from talentmatch.services.transaction import unit_of_work

VERIFICATION_MODULE = "talentmatch.services.verification"


def _check_current_password(user: User, current_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise InvalidInput(_("Your current password is not correct."), "current_password")


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A new password; every session and remember-me token of the account ends with the old one."""
    _check_current_password(user, current_password)
    problem = password_problem(new_password, user.email)
    if problem:
        raise InvalidInput(problem, "new_password")
    if check_password_hash(user.password_hash, new_password):
        raise InvalidInput(_("Choose a password different from your current one."), "new_password")
    with unit_of_work():
        user.password_hash = generate_password_hash(new_password)
        end_all_sessions(user)
        audit.record(AuditEventKind.PASSWORD_CHANGED, user)
        audit.record(AuditEventKind.SESSIONS_ENDED, user, reason="password_changed")
        with mail.in_language_of(user):
            mail.queue(
                user,
                _("Your TalentMatch password was changed"),
                _(
                    "Hello %(name)s,\n\nthe password of your TalentMatch account was just changed, "
                    "and every device signed in to the account was signed out.\n\n"
                    "If you did not change it, reset your password at once from the login page "
                    "and tell us by replying to this message.\n",
                    name=user.full_name,
                ),
            )


def change_email(user: User, new_email: str, current_password: str) -> None:
    """A new email address, unverified until confirmed; the old address is told of the change."""
    _check_current_password(user, current_password)
    email = normalise_email(new_email)
    if not _looks_like_email(new_email):
        raise InvalidInput(_("Enter a valid email address, such as name@example.com."), "email")
    if email == user.email:
        raise InvalidInput(_("This is already your email address."), "email")
    taken = _("Another account uses this email address.")
    if find_by_email(email) is not None:
        raise InvalidInput(taken, "email")
    old_email = user.email
    try:
        with unit_of_work():
            user.email = email
            user.email_verified = False
            audit.record(AuditEventKind.EMAIL_CHANGED, user, email=old_email)
            with mail.in_language_of(user):
                mail.queue(
                    old_email,
                    _("The email address of your TalentMatch account was changed"),
                    _(
                        "Hello %(name)s,\n\nthe email address of your TalentMatch account was just "
                        "changed from this address to %(new)s.\n\n"
                        "If you did not change it, reply to this message at once so that we can "
                        "give the account back to you.\n",
                        name=user.full_name,
                        new=email,
                    ),
                )
    except IntegrityError:  # the same address taken by a registration a moment ago
        raise InvalidInput(taken, "email") from None
    with unit_of_work():
        _request_verification(user)


def _request_verification(user: User) -> None:
    """Send `user` a link to confirm their address, when this build verifies email addresses."""
    if importlib.util.find_spec(VERIFICATION_MODULE) is None:
        return
    importlib.import_module(VERIFICATION_MODULE).send_verification(user)
    db.session.add(user)
