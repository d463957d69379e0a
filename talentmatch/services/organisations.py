"""Employers' organisations: the Finnish business ID rule and registering or editing one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talentmatch.extensions import db
from talentmatch.models import Organisation, OrganisationSize, Role, User
from talentmatch.services import audit, submissions, vetting
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.web_addresses import web_address, web_address_problem

MAX_NAME = 200
MAX_INDUSTRY = 120
MAX_WEBSITE = 300
MAX_DESCRIPTION = 5000

# Weights of the Y-tunnus check digit, from the Finnish Tax Administration's specification.
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_BUSINESS_ID = re.compile(r"(\d{6,7})-(\d)")
# A bare domain such as "example.fi" or "www.example.fi/careers" is taken as an https address.


def normalise_business_id(text: str) -> str:
    """The canonical `1234567-8` form; text that is not a business ID comes back just trimmed."""
    cleaned = "".join(text.split()).replace("\u2013", "-").replace("\u2010", "-").upper()
    # The VAT number FI01120389 carries the same eight digits without the hyphen.
    digits = cleaned.removeprefix("FI")
    if digits.isdigit() and len(digits) == 8:
        return f"{digits[:7]}-{digits[7]}"
    match = _BUSINESS_ID.fullmatch(cleaned)
    if match is None:
        return cleaned
    body, check = match.groups()
    return f"{body.zfill(7)}-{check}"


def business_id_check_digit(body: str) -> int | None:
    """The check digit for a 7-digit body, or None when no digit can make it valid."""
    remainder = sum(int(digit) * w for digit, w in zip(body, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None  # such bodies are never issued
    return 11 - remainder


def business_id_problem(text: str) -> str | None:
    """Why `text` is not a valid Finnish business ID (Y-tunnus), or None when it is."""
    normalised = normalise_business_id(text)
    if not normalised:
        return _("Please enter your organisation's business ID (Y-tunnus).")
    match = _BUSINESS_ID.fullmatch(normalised)
    if match is None:
        return _("A business ID has seven digits, a hyphen and a check digit, such as 1234567-8.")
    body, check = match.groups()
    expected = business_id_check_digit(body)
    if expected is None or expected != int(check):
        return _(
            "This business ID is not valid: its check digit does not match. Please copy it "
            "again from the Finnish Trade Register (ytj.fi)."
        )
    return None


@dataclass(frozen=True)
class OrganisationInput:
    """What the organisation form carries, as plain values."""

    name: str
    business_id: str
    industry: str = ""
    size: OrganisationSize | None = None
    website: str = ""
    description: str = ""


def _check(data: OrganisationInput, current: Organisation | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = _("Please enter your organisation's name.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("Keep the name under %(n)d characters.", n=MAX_NAME)
    problem = business_id_problem(data.business_id)
    if problem:
        errors["business_id"] = problem
    elif _registered_elsewhere(normalise_business_id(data.business_id), current):
        errors["business_id"] = _already_registered()
    if len(data.industry.strip()) > MAX_INDUSTRY:
        errors["industry"] = _("Keep the industry under %(n)d characters.", n=MAX_INDUSTRY)
    website = web_address(data.website)
    if website:
        problem = web_address_problem(website, MAX_WEBSITE)
        if problem:
            errors["website"] = problem
    if len(data.description.strip()) > MAX_DESCRIPTION:
        errors["description"] = _("Keep the description under %(n)d characters.", n=MAX_DESCRIPTION)
    return errors


def _registered_elsewhere(business_id: str, current: Organisation | None) -> bool:
    query = select(Organisation.id).where(Organisation.business_id == business_id)
    if current is not None:
        query = query.where(Organisation.id != current.id)
    return db.session.scalar(query.limit(1)) is not None


def _already_registered() -> str:
    return _(
        "An organisation with this business ID is already registered on TalentMatch. If you "
        "work there, the colleague who registered it posts its jobs for now; questions to "
        "%(contact)s.",
        contact=current_app.config["VERIFICATION_CONTACT"],
    )


def _comparable_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _verification_lapses(organisation: Organisation, name: str, business_id: str) -> str | None:
    """Why an edit sends a verified organisation back for verification, or None."""
    if organisation.business_id != business_id:
        return "business_id_changed"
    if _comparable_name(organisation.name) != _comparable_name(name):
        return "name_changed"
    return None


def save_organisation(
    actor: User, data: OrganisationInput, submission_token: str | None = None
) -> Organisation:
    """An employer registers its organisation (and joins it) or edits the one it belongs to.

    A new organisation, or one whose business ID or name changes, waits for an administrator to
    verify it; until then its jobs are unlisted.
    """
    if not actor.has_role(Role.EMPLOYER):
        raise NotAllowed(_("Only employers can register an organisation."))
    current = actor.organisation
    unverified = False
    try:
        with unit_of_work():
            if current is None:  # registering: a second click waits here, registers nothing
                submission = submissions.claim(actor, submission_token, "organisation")
            errors = _check(data, current)
            if errors:
                raise InvalidInput(errors)
            business_id = normalise_business_id(data.business_id)
            organisation = current or Organisation(verified=False)
            if current is None:
                db.session.add(organisation)
                actor.organisation = organisation
            elif organisation.verified and (
                reason := _verification_lapses(organisation, data.name, business_id)
            ):
                # Verification vouches for this name and business ID, not for new ones.
                organisation.verified = False
                unverified = True
                audit.record(
                    AuditEventKind.ORGANISATION_UNVERIFIED,
                    actor,
                    organisation_id=organisation.id,
                    organisation_name=organisation.name,
                    new_name=data.name.strip(),
                    reason=reason,
                )
            organisation.name = data.name.strip()
            organisation.business_id = business_id
            organisation.industry = data.industry.strip() or None
            organisation.size = data.size
            organisation.website = web_address(data.website) or None
            organisation.description = data.description.strip() or None
            if current is None:
                db.session.flush()
                submissions.record_result(submission, organisation.id)
    except IntegrityError:
        # Another employer registered the same business ID between our check and the commit.
        raise InvalidInput(_already_registered(), "business_id") from None
    if unverified:
        vetting.announce_jobs_changed(organisation.id)  # unlisted from now on
    return organisation
