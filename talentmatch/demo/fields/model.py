"""What a field of work is in the demo: the roles it posts, their languages, pay and permits."""

from __future__ import annotations

from dataclasses import dataclass

from talentmatch.models import CEFRLevel

Languages = tuple[tuple[str, CEFRLevel], ...]


def languages(spec: str) -> Languages:
    """'fi:B2 en:B1' as ((code, level), ...), the form postings and profiles store."""
    pairs = (item.split(":") for item in spec.split())
    return tuple((code, CEFRLevel[level.upper()]) for code, level in pairs)


@dataclass(frozen=True)
class Role:
    """One kind of posting: an ESCO occupation under the titles employers here give it."""

    occupation: str  # ESCO preferred label in English
    name: str  # what a graduate calls the job, for headlines: "registered nurse"
    titles: tuple[str, ...]  # posting titles, English, Finnish or Swedish
    duties: str  # what the work is, in a few sentences
    skills: tuple[str, ...]  # ESCO skill labels a real ad names, most important first
    # Language requirements with weights; empty means the field's own.
    languages: tuple[tuple[str, int], ...] = ()
    workplaces: tuple[str, ...] = ()  # workplace kinds that post it; empty means any of the field's
    weight: int = 1  # how many of the field's postings it gets, relative to its other roles


@dataclass(frozen=True)
class Field:
    """A field graduates come from, with how its postings usually look in the region."""

    key: str
    name: str
    sector: str
    roles: tuple[Role, ...]
    jobs: int  # open jobs in the demo
    languages: tuple[tuple[str, int], ...]  # language specs ('fi:B2 en:B1') with weights
    salary: tuple[int, int]  # range of the monthly minimum of a regular full-time posting
    sponsors: float  # share of postings that sponsor a work permit
    studies: tuple[str, ...]  # degree subjects of graduates heading here
    remote: tuple[int, int, int] = (100, 0, 0)  # weights of on-site, hybrid, remote
    internships: bool = False  # whether employers also post internships and trainee roles
    part_time: float = 0.05  # share of part-time postings

    @property
    def posting_roles(self) -> tuple[Role, ...]:
        """The roles in the order postings take them, each repeated by its weight."""
        return tuple(role for role in self.roles for _ in range(role.weight))

    def language_options(self, role: Role) -> tuple[tuple[Languages, int], ...]:
        return tuple((languages(spec), weight) for spec, weight in role.languages or self.languages)
