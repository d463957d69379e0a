"""The region's real universities, programmes and communities, as plain data for the demo.

Descriptions stay general on purpose: they say what each service is and who it is for, never
dates, numbers or promises that could go stale. Events are clearly marked as examples. Who may
take part is given only where the provider says so; everything else is open to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentmatch.models import DegreeLevel, OpportunityKind, TargetGroup


@dataclass(frozen=True)
class UniversityEntry:
    name: str
    short_name: str
    municipality: str
    website: str


@dataclass(frozen=True)
class ProviderEntry:
    """An organisation that offers programmes or communities but does not post jobs here."""

    name: str
    website: str
    industry: str
    description: str


@dataclass(frozen=True)
class EligibilityEntry:
    """Who may take part; `universities` by name. Empty criteria let everyone in."""

    universities: tuple[str, ...] = ()
    degree_levels: tuple[DegreeLevel, ...] = ()
    max_years_since_graduation: int | None = None
    target_groups: tuple[TargetGroup, ...] = ()


OPEN_TO_EVERYONE = EligibilityEntry()

# "Recent graduates" in the programmes below: within two years of graduating.
RECENT_YEARS = 2


@dataclass(frozen=True)
class CatalogueEntry:
    """A programme or community; `provider` names a `ProviderEntry` or a `UniversityEntry`."""

    kind: OpportunityKind
    title: str
    provider: str
    url: str
    municipality: str
    description: str
    eligibility: EligibilityEntry = field(default=OPEN_TO_EVERYONE)
    written_in: str = "en"  # the language of title and description (demo.versions: others)


@dataclass(frozen=True)
class EventEntry:
    """An example event, dated relative to the day the demo data is loaded."""

    title: str
    provider: str
    municipality: str
    days_ahead: int
    start_hour: int
    hours: int
    capacity: int
    description: str
    written_in: str = "en"


UNIVERSITIES = (
    UniversityEntry("University of Helsinki", "UH", "Helsinki", "https://www.helsinki.fi"),
    UniversityEntry("Aalto University", "Aalto", "Espoo", "https://www.aalto.fi"),
    UniversityEntry("Hanken School of Economics", "Hanken", "Helsinki", "https://www.hanken.fi"),
    UniversityEntry("Uniarts Helsinki", "Uniarts", "Helsinki", "https://www.uniarts.fi"),
    UniversityEntry(
        "Metropolia University of Applied Sciences",
        "Metropolia",
        "Helsinki",
        "https://www.metropolia.fi",
    ),
    UniversityEntry(
        "Haaga-Helia University of Applied Sciences",
        "Haaga-Helia",
        "Helsinki",
        "https://www.haaga-helia.fi",
    ),
    UniversityEntry(
        "Laurea University of Applied Sciences", "Laurea", "Vantaa", "https://www.laurea.fi"
    ),
    UniversityEntry(
        "Arcada University of Applied Sciences", "Arcada", "Helsinki", "https://www.arcada.fi"
    ),
    UniversityEntry(
        "Diaconia University of Applied Sciences", "Diak", "Helsinki", "https://www.diak.fi"
    ),
)

PROVIDERS = (
    ProviderEntry(
        "Maria 01",
        "https://maria.io",
        "Startup campus",
        "A startup campus and community in Helsinki that brings startups, investors and "
        "partners together under one roof.",
    ),
    ProviderEntry(
        "International House Helsinki",
        "https://www.ihhelsinki.fi",
        "Public services",
        "The public service point in Helsinki where international newcomers get advice and "
        "public services for settling in and working in Finland.",
    ),
    ProviderEntry(
        "Helsinki Partners",
        "https://www.helsinkipartners.com",
        "City marketing and talent attraction",
        "The City of Helsinki's company for international marketing, investment and talent "
        "attraction.",
    ),
    ProviderEntry(
        "Business Helsinki",
        "https://www.hel.fi/en",
        "Public services",
        "The City of Helsinki's services for businesses, entrepreneurs and jobseekers.",
    ),
    ProviderEntry(
        "Helsinki Think Company",
        "https://thinkcompany.fi",
        "Entrepreneurship community",
        "An entrepreneurship community and innovation hub connected to the University of Helsinki.",
    ),
    ProviderEntry(
        "Startup Refugees",
        "https://startuprefugees.com",
        "Non-profit network",
        "A Finnish non-profit network that supports refugees and other immigrants in finding "
        "work and starting businesses.",
    ),
)

PROGRAMMES_AND_COMMUNITIES = (
    CatalogueEntry(
        OpportunityKind.PROGRAMME,
        "UNITalent – HelsinkiUNI International Talent Programme",
        "University of Helsinki",
        "https://blogs.helsinki.fi/international-talent-programme/",
        "Helsinki",
        "The University of Helsinki's programme where international master's students and "
        "doctoral researchers meet companies and organisations in the Finnish labour market. "
        "Host organisations run small groups that share knowledge of their field and how to "
        "enter it, and the university's career services add sessions on Finnish working life "
        "and the practicalities of finding a job in Finland. It is meant for international "
        "students and researchers of the University of Helsinki who want to build a "
        "professional network here.",
        EligibilityEntry(
            universities=("University of Helsinki",),
            degree_levels=(DegreeLevel.MASTER, DegreeLevel.DOCTORATE),
            max_years_since_graduation=RECENT_YEARS,
            target_groups=(TargetGroup.INTERNATIONAL,),
        ),
    ),
    CatalogueEntry(
        OpportunityKind.PROGRAMME,
        "Hanken International Talent (HIT)",
        "Hanken School of Economics",
        "https://www.hanken.fi/en",
        "Helsinki",
        "Hanken School of Economics' initiative that helps its international degree students "
        "find their way into Finnish working life through contacts with companies, career "
        "events, guidance and mentoring. It is meant for international students at Hanken who "
        "want to start their career in Finland.",
        EligibilityEntry(
            universities=("Hanken School of Economics",),
            max_years_since_graduation=RECENT_YEARS,
            target_groups=(TargetGroup.INTERNATIONAL,),
        ),
    ),
    CatalogueEntry(
        OpportunityKind.COMMUNITY,
        "Maria 01 startup community",
        "Maria 01",
        "https://maria.io",
        "Helsinki",
        "Maria 01 is a startup campus and community in Helsinki, home to startups, investors "
        "and partners. It hosts events where people interested in startups can meet founders "
        "and teams. A good place for graduates who want to work in or start a startup.",
    ),
    CatalogueEntry(
        OpportunityKind.COMMUNITY,
        "International House Helsinki: services, networks and events",
        "International House Helsinki",
        "https://www.ihhelsinki.fi",
        "Helsinki",
        "International House Helsinki is the public service point for people who have moved, "
        "or are moving, to the Helsinki region from abroad. Several public authorities serve "
        "newcomers in one place, with guidance on matters such as registration, taxation, "
        "social security and employment, and it also organises information sessions and events "
        "where international residents can meet others and learn about living and working in "
        "Finland.",
    ),
    CatalogueEntry(
        OpportunityKind.PROGRAMME,
        "Helsinki Partners talent services",
        "Helsinki Partners",
        "https://www.helsinkipartners.com",
        "Helsinki",
        "Helsinki Partners is the City of Helsinki's company for international marketing, "
        "investment and talent attraction. Its talent work helps international professionals "
        "learn about working and living in Helsinki and connects them with the region's "
        "employers and networks. Useful for graduates who want to stay and build a career in "
        "Helsinki.",
    ),
    CatalogueEntry(
        OpportunityKind.PROGRAMME,
        "Business Helsinki: business and employment services",
        "Business Helsinki",
        "https://www.hel.fi/en",
        "Helsinki",
        "Business Helsinki brings together the City of Helsinki's services for companies and "
        "entrepreneurs, including advice for those who want to start a business. The city's "
        "employment services support jobseekers living in Helsinki. Useful for graduates who "
        "are looking for work or thinking about founding their own company.",
    ),
    CatalogueEntry(
        OpportunityKind.COMMUNITY,
        "Helsinki Think Company",
        "Helsinki Think Company",
        "https://thinkcompany.fi",
        "Helsinki",
        "An entrepreneurship community and innovation hub connected to the University of "
        "Helsinki. It welcomes students and researchers who want to develop ideas, work in "
        "teams on real challenges and learn about entrepreneurship.",
    ),
    CatalogueEntry(
        OpportunityKind.COMMUNITY,
        "Startup Refugees network",
        "Startup Refugees",
        "https://startuprefugees.com",
        "Helsinki",
        "Startup Refugees is a Finnish non-profit network that supports refugees, asylum "
        "seekers and other immigrants with advice on employment and entrepreneurship, and "
        "connects them with employers and volunteers.",
        EligibilityEntry(target_groups=(TargetGroup.NEWCOMERS,)),
    ),
)

_EXAMPLE = "Example event in the demo data: the date and details are illustrative. "

EVENTS = (
    EventEntry(
        "Career fair for international students and graduates",
        "University of Helsinki",
        "Helsinki",
        days_ahead=12,
        start_hour=12,
        hours=4,
        capacity=400,
        description=_EXAMPLE + "Meet employers from the Helsinki region, ask about open roles "
        "and traineeships, and learn which skills and languages they look for.",
    ),
    EventEntry(
        "CV and LinkedIn clinic",
        "Haaga-Helia University of Applied Sciences",
        "Helsinki",
        days_ahead=9,
        start_hour=15,
        hours=2,
        capacity=30,
        description=_EXAMPLE + "Bring your CV and get feedback from career advisers on how to "
        "present your studies and skills to Finnish employers.",
    ),
    EventEntry(
        "Job search in Finland: a workshop for international graduates",
        "Aalto University",
        "Espoo",
        days_ahead=19,
        start_hour=14,
        hours=3,
        capacity=60,
        description=_EXAMPLE + "How recruiting works in Finland, where jobs are advertised, "
        "and how to write an application that gets read.",
    ),
    EventEntry(
        "Networking evening for international talent",
        "Maria 01",
        "Helsinki",
        days_ahead=16,
        start_hour=17,
        hours=3,
        capacity=120,
        description=_EXAMPLE + "An informal evening to meet startup founders, team members "
        "and other international professionals.",
    ),
    EventEntry(
        "Information session: working in Finland",
        "International House Helsinki",
        "Helsinki",
        days_ahead=7,
        start_hour=10,
        hours=2,
        capacity=80,
        description=_EXAMPLE + "An introduction for newcomers to the practical side of working "
        "in Finland: registration, tax card, social security and where to get advice.",
    ),
    EventEntry(
        "Meet employers: international talent breakfast",
        "Helsinki Partners",
        "Helsinki",
        days_ahead=26,
        start_hour=8,
        hours=2,
        capacity=50,
        description=_EXAMPLE + "A morning of short talks and conversations between "
        "international graduates and employers in the region.",
    ),
    EventEntry(
        "Starting a business in Helsinki: an introduction",
        "Business Helsinki",
        "Helsinki",
        days_ahead=22,
        start_hour=13,
        hours=2,
        capacity=40,
        description=_EXAMPLE + "What it takes to found a company in Finland and where to get "
        "free advice along the way.",
    ),
    EventEntry(
        "Career mentoring kick-off",
        "Laurea University of Applied Sciences",
        "Vantaa",
        days_ahead=30,
        start_hour=16,
        hours=2,
        capacity=40,
        description=_EXAMPLE + "Meet mentors from working life and plan the next steps of "
        "your career together.",
    ),
)


# What each programme or community builds, as ESCO skills (English preferred labels): the engine
# matches them to profiles and the *why* names the ones a graduate already has.
SKILLS_BUILT: dict[str, tuple[str, ...]] = {
    "UNITalent – HelsinkiUNI International Talent Programme": (
        "develop professional network",
        "show intercultural awareness",
        "manage personal professional development",
    ),
    "Hanken International Talent (HIT)": (
        "develop professional network",
        "show intercultural awareness",
        "manage personal professional development",
    ),
    "Maria 01 startup community": (
        "entrepreneurship",
        "develop business plans",
        "innovation processes",
    ),
    "International House Helsinki: services, networks and events": (
        "develop professional network",
        "show intercultural awareness",
    ),
    "Helsinki Partners talent services": ("develop professional network",),
    "Business Helsinki: business and employment services": (
        "entrepreneurship",
        "develop business plans",
    ),
    "Helsinki Think Company": (
        "entrepreneurship",
        "show entrepreneurial spirit",
        "innovation processes",
    ),
    "Startup Refugees network": ("entrepreneurship", "develop professional network"),
    # written in Finnish (demo.versions)
    "Kielikahvila: puhu suomea rennosti": ("interact verbally in Finnish", "Finnish"),
}
