"""Generated demo employers: fictional organisations of the kinds that hire in each field."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from talentmatch.demo.names import (
    COMPANY_WORDS,
    CONTACT_FIRST_NAMES,
    CONTACT_LAST_NAMES,
    SWEDISH_PLACE_WORDS,
)
from talentmatch.demo.workplaces import WORKPLACES, Workplace
from talentmatch.models import OrganisationSize
from talentmatch.services.organisations import business_id_check_digit

SIZES = (
    (OrganisationSize.MICRO, 2),
    (OrganisationSize.SMALL, 4),
    (OrganisationSize.MEDIUM, 3),
    (OrganisationSize.LARGE, 2),
)
SIZE_JOB_WEIGHTS = {
    OrganisationSize.MICRO: 1,
    OrganisationSize.SMALL: 2,
    OrganisationSize.MEDIUM: 3,
    OrganisationSize.LARGE: 5,
}
EMPLOYER_MUNICIPALITIES = (("Helsinki", 55), ("Espoo", 25), ("Vantaa", 15), ("Kauniainen", 5))
# Legal forms the generated names end with: limited company, its bilingual form, foundation.
LEGAL_FORMS = (" Oy Ab", " Oy", " sr")


@dataclass(frozen=True)
class EmployerPlan:
    name: str
    business_id: str
    workplace: Workplace
    size: OrganisationSize
    municipality: str
    contact_name: str
    contact_email: str

    @property
    def industry(self) -> str:
        return self.workplace.industry

    @property
    def slug(self) -> str:
        return slugify(_without_legal_form(self.name))

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example.com"

    @property
    def description(self) -> str:
        return (
            f"{self.name} is a fictional {self.workplace.kind} based in {self.municipality}, "
            "created for the TalentMatch demo."
        )


def _without_legal_form(name: str) -> str:
    for form in LEGAL_FORMS:
        if name.endswith(form):
            return name.removesuffix(form)
    return name


# Letters that Unicode does not decompose into a plain Latin letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    ascii_text = plain.encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def weighted(rng: random.Random, pairs):
    """One of the (value, weight) pairs' values, drawn by weight."""
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _business_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        digits = f"{rng.randrange(2_000_000, 3_400_000):07d}"
        check = business_id_check_digit(digits)
        business_id = f"{digits}-{check}"
        if check is not None and business_id not in taken:
            taken.add(business_id)
            return business_id


def _name(rng: random.Random, workplace: Workplace, taken: set[str]) -> str:
    words = SWEDISH_PLACE_WORDS if workplace.swedish else COMPANY_WORDS
    while True:
        name = rng.choice(workplace.names).format(word=rng.choice(words))
        if name.endswith(" Oy") and rng.random() < 0.2:
            name += " Ab"
        # Two employers never share a name, whatever their legal forms.
        if _without_legal_form(name) not in taken:
            taken.add(_without_legal_form(name))
            return name


def plan_employers(rng: random.Random, emails: set[str]) -> list[EmployerPlan]:
    """Fictional employers of every workplace kind, with valid, distinct business IDs."""
    employers: list[EmployerPlan] = []
    names: set[str] = set()
    business_ids: set[str] = set()
    for workplace in WORKPLACES:
        for _ in range(workplace.count):
            first, last = rng.choice(CONTACT_FIRST_NAMES), rng.choice(CONTACT_LAST_NAMES)
            municipality = weighted(rng, EMPLOYER_MUNICIPALITIES)
            employers.append(
                EmployerPlan(
                    name=_name(rng, workplace, names),
                    business_id=_business_id(rng, business_ids),
                    workplace=workplace,
                    size=weighted(rng, SIZES),
                    municipality=municipality,
                    contact_name=f"{first} {last}",
                    contact_email=unique_email(f"{first}.{last}", emails),
                )
            )
    return employers


def unique_email(local_part: str, taken: set[str]) -> str:
    base = slugify(local_part).replace("-", ".") or "person"
    email, n = f"{base}@example.com", 2
    while email in taken:
        email, n = f"{base}{n}@example.com", n + 1
    taken.add(email)
    return email
