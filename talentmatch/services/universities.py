"""Universities: listing and administration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from talentmatch.extensions import db
from talentmatch.models import Role, University, User
from talentmatch.models.enums import MUNICIPALITIES
from talentmatch.services import submissions
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.web_addresses import web_address, web_address_problem

MAX_NAME = 200
MAX_SHORT_NAME = 40
MAX_WEBSITE = 300


@dataclass(frozen=True)
class UniversityInput:
    """What the university form carries, as plain values."""

    name: str
    short_name: str
    municipality: str
    website: str = ""


def list_universities() -> list[University]:
    return list(db.session.scalars(select(University).order_by(University.name)))


def get_university(university_id: int) -> University:
    university = db.session.get(University, university_id)
    if university is None:
        raise NotFound(_("No such university."))
    return university


def find_university(reference: str) -> University | None:
    """A university by its id or its short name (any case): how the command line names one."""
    reference = reference.strip()
    if reference.isascii() and reference.isdigit():
        # Longer than any id: the database would refuse the number rather than not find it.
        return db.session.get(University, int(reference)) if len(reference) <= 9 else None
    return db.session.scalar(
        select(University).where(func.lower(University.short_name) == reference.lower())
    )


def create_university(
    actor: User, data: UniversityInput, submission_token: str | None = None
) -> University:
    """An administrator adds a university whose career services can then be given accounts.

    A repeated `submission_token` (a double click) raises AlreadySubmitted."""
    _require_admin(actor)
    data = _cleaned(data)
    with _unique_name_guard():
        with unit_of_work():
            # The claim first: a repeat is told the form was sent, not that the name is taken.
            submission = submissions.claim(actor, submission_token, "university")
            _check(data, university_id=None)
            university = University()
            _apply(university, data)
            db.session.add(university)
            db.session.flush()
            submissions.record_result(submission, university.id)
    return university


def update_university(actor: User, university_id: int, data: UniversityInput) -> University:
    """An administrator corrects a university's name, municipality or website."""
    _require_admin(actor)
    university = get_university(university_id)
    data = _cleaned(data)
    _check(data, university_id=university.id)
    with _unique_name_guard():
        with unit_of_work():
            _apply(university, data)
    return university


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only an administrator can manage universities."))


def _cleaned(data: UniversityInput) -> UniversityInput:
    return UniversityInput(
        name=" ".join(data.name.split()),
        short_name=data.short_name.strip(),
        municipality=data.municipality.strip(),
        website=data.website.strip(),
    )


def _check(data: UniversityInput, university_id: int | None) -> None:
    errors: dict[str, str] = {}
    if not data.name:
        errors["name"] = _("Enter the university's name.")
    elif len(data.name) > MAX_NAME:
        errors["name"] = _("Use at most %(n)d characters.", n=MAX_NAME)
    elif _name_taken(data.name, university_id):
        errors["name"] = _("A university with this name already exists.")
    if not data.short_name:
        errors["short_name"] = _("Enter a short name, such as UH or Aalto.")
    elif len(data.short_name) > MAX_SHORT_NAME:
        errors["short_name"] = _("Use at most %(n)d characters.", n=MAX_SHORT_NAME)
    if data.municipality not in MUNICIPALITIES:
        errors["municipality"] = _("Choose a municipality from the list.")
    if data.website:
        problem = web_address_problem(web_address(data.website), MAX_WEBSITE)
        if problem:
            errors["website"] = problem
    if errors:
        raise InvalidInput(errors)


def _name_taken(name: str, university_id: int | None) -> bool:
    # Compared in Python: SQLite's lower() leaves non-ASCII letters (Å, Ä, Ö) as they are,
    # and a region has a few dozen universities at most.
    rows = db.session.execute(select(University.id, University.name))
    wanted = name.casefold()
    return any(row.name.casefold() == wanted and row.id != university_id for row in rows)


def _apply(university: University, data: UniversityInput) -> None:
    university.name = data.name
    university.short_name = data.short_name
    university.municipality = data.municipality
    university.website = web_address(data.website) or None


@contextmanager
def _unique_name_guard() -> Iterator[None]:
    """Two admins saving the same name at once: the database decides, the loser gets a message."""
    try:
        yield
    except IntegrityError as error:
        raise InvalidInput(_("A university with this name already exists."), "name") from error
