"""Accounts: registration, sign-in checks and staff accounts created by an administrator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, Role, TokenPurpose, University, User, Visibility
from talentmatch.models.timestamps import utcnow
from talentmatch.services import account_tokens, audit, erasure, mail, submissions, verification
from talentmatch.services.account_tokens import link
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.passwords import password_problem
from talentmatch.services.sessions import end_all_sessions
from talentmatch.services.transaction import unit_of_work
from talentmatch.signals import announce_profile_withdrawn

SELF_SERVICE_ROLES = (Role.GRADUATE, Role.EMPLOYER)
MAX_EMAIL = 254
MAX_FULL_NAME = 120


@dataclass(frozen=True)
class NewAccount:
    email: str
    password: str
    full_name: str
    role: Role
    university_id: int | None = None
    locale: str = "en"  # the interface language the account was made in; emails use it


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _looks_like_email(email: str) -> bool:
    """The shape forms already check; repeated here for callers without a form (the CLI)."""
    local, at, domain = normalise_email(email).partition("@")
    return (
        bool(at and local and "." in domain)
        and len(email.strip()) <= MAX_EMAIL
        and not any(c.isspace() or c == "@" for c in local + domain)
    )


def _check_new_account(account: NewAccount) -> dict[str, str]:
    errors: dict[str, str] = {}
    problem = password_problem(account.password, account.email)
    if problem:
        errors["password"] = problem
    errors.update(name_and_email_problems(account.full_name, account.email))
    return errors


def name_and_email_problems(full_name: str, email: str) -> dict[str, str]:
    """What is wrong with a new account's name and address, by field (empty when nothing)."""
    errors: dict[str, str] = {}
    if not full_name.strip():
        errors["full_name"] = _("Please enter your name.")
    elif len(full_name.strip()) > MAX_FULL_NAME:
        errors["full_name"] = _("Use at most %(n)d characters.", n=MAX_FULL_NAME)
    if not _looks_like_email(email):
        errors["email"] = _("Enter a valid email address, such as name@example.com.")
    return errors


def email_taken_problem() -> str:
    return _("An account with this email address already exists.")


def university_problem(university_id: int | None) -> str | None:
    """Why career-services staff cannot belong to this university, or None when they can."""
    if university_id is None:
        return _("Career-services staff belong to a university.")
    if db.session.get(University, university_id) is None:
        return _("Unknown university.")
    return None


def register(account: NewAccount) -> None:
    """A graduate or an employer signs up; graduates get an empty profile to fill in.

    The new account gets a confirmation link by email. An address that already has an account
    gets a notice instead, and the caller answers exactly as for a new account, so registration
    does not tell anyone which addresses are registered. Simultaneous sign-ups with one address
    make one account: the unique email decides, and the others are answered as duplicates.
    """
    if account.role not in SELF_SERVICE_ROLES:
        raise NotAllowed(_("Only graduates and employers can register themselves."))
    errors = _check_new_account(account)
    if errors:
        raise InvalidInput(errors)
    existing = find_by_email(account.email)
    if existing is None:
        try:
            with unit_of_work():
                user = _add_user(account)
                if account.role is Role.GRADUATE:
                    db.session.add(GraduateProfile(user=user, university_id=account.university_id))
                audit.record(AuditEventKind.REGISTERED, user, role=account.role.value)
                verification.queue_verification(user)
        except IntegrityError:
            existing = find_by_email(account.email)
            if existing is None:
                raise
    if existing is not None:
        # As costly as creating the account, so the answer takes as long.
        generate_password_hash(account.password)
        with unit_of_work():
            _queue_already_registered(existing)


def _queue_already_registered(user: User) -> None:
    with mail.in_language_of(user):
        mail.queue(
            user,
            _("Someone tried to sign up with your address on TalentMatch"),
            _(
                "Hello %(name)s,\n\n"
                "Someone just tried to create a TalentMatch account with this email address, "
                "which already has one. If it was you, log in here:\n\n%(login)s\n\n"
                "or, if you have forgotten your password, reset it here:\n\n%(reset)s\n\n"
                "If it was not you, you can ignore this message; your account is unchanged.\n",
                name=user.full_name,
                login=link("auth.login"),
                reset=link("auth.forgot_password"),
            ),
        )


def _add_user(account: NewAccount) -> User:
    user = User(
        email=normalise_email(account.email),
        password_hash=generate_password_hash(account.password),
        full_name=account.full_name.strip(),
        role=account.role,
        university_id=account.university_id if account.role is Role.CAREER_SERVICES else None,
        locale=account.locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_staff_account(
    account: NewAccount, actor: User | None, submission_token: str | None = None
) -> User:
    """An administrator creates a career-services or admin account.

    `actor` is None from the command line, which creates career-services staff and the very
    first administrator only. A repeated `submission_token` (a double click) raises
    AlreadySubmitted.
    """
    if actor is None:
        if account.role is Role.ADMIN and _admin_exists():
            raise NotAllowed(_("Only an administrator can create staff accounts."))
    elif not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can create staff accounts."))
    if account.role not in (Role.CAREER_SERVICES, Role.ADMIN):
        raise InvalidInput(_("Staff accounts are for career services or administrators."), "role")
    with unit_of_work():
        # The claim first: a repeat waits for the first request and is told the form was sent,
        # rather than that the email address is now taken.
        submission = submissions.claim(actor, submission_token, "staff_account") if actor else None
        errors = _check_new_account(account)
        if "email" not in errors and find_by_email(account.email) is not None:
            errors["email"] = email_taken_problem()
        if account.role is Role.CAREER_SERVICES:
            problem = university_problem(account.university_id)
            if problem:
                errors["university_id"] = problem
        if errors:
            raise InvalidInput(errors)
        user = _add_user(account)
        user.email_verified = True
        audit.record(
            AuditEventKind.STAFF_ACCOUNT_CREATED,
            actor,
            subject=user,
            role=user.role.value,
            university_id=user.university_id,
        )
        submissions.record_result(submission, user.id)
    return user


def _admin_exists() -> bool:
    return bool(db.session.scalar(select(func.count()).where(User.role == Role.ADMIN)))


def authenticate(email: str, password: str) -> User:
    """The account for these credentials; one message for every failure, so nothing leaks."""
    user = find_by_email(email)
    # An unknown address still costs one hash check, so timing does not tell who is registered.
    stored_hash = user.password_hash if user is not None else _dummy_password_hash()
    if not check_password_hash(stored_hash, password) or user is None:
        with unit_of_work():
            audit.record(AuditEventKind.LOGIN_FAILED, None, subject=user, email=_printable(email))
        raise InvalidInput(_("Wrong email address or password."))
    if not user.active:
        raise NotAllowed(_("This account has been deactivated."))
    with unit_of_work():
        user.last_login_at = utcnow()
    return user


@cache
def _dummy_password_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def _printable(text: str) -> str:
    return "".join(c for c in text if c.isprintable())


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    return user


def list_staff() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.CAREER_SERVICES, Role.ADMIN)))
            .order_by(User.role, User.email)
        )
    )


def set_locale(user: User, locale: str, supported: tuple[str, ...]) -> None:
    """Remember the interface language `user` chose (one of `supported`)."""
    if locale not in supported:
        raise InvalidInput(_("Choose one of the languages offered."))
    with unit_of_work():
        user.locale = locale


def set_active(user_id: int, active: bool, actor: User) -> User:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can deactivate accounts."))
    user = get_user(user_id)
    if user.id == actor.id:
        raise InvalidInput(_("You cannot deactivate your own account."))
    if active and erasure.is_erased(user):
        raise InvalidInput(_("This account has been deleted; it cannot be reactivated."))
    profile = db.session.scalar(select(GraduateProfile).where(GraduateProfile.user_id == user.id))
    was_candidate = (
        user.active and profile is not None and profile.visibility is Visibility.EMPLOYERS
    )
    with unit_of_work():
        user.active = active
        if active:
            audit.record(AuditEventKind.ACCOUNT_REACTIVATED, actor, subject=user)
        else:
            end_all_sessions(user)  # every session and remember-me token of the account ends
            account_tokens.revoke(user, TokenPurpose.STAFF_INVITATION)  # a pending one too
            audit.record(AuditEventKind.ACCOUNT_DEACTIVATED, actor, subject=user)
    if was_candidate and not active and profile is not None:
        announce_profile_withdrawn(profile.id)
    return user
