"""Courses of the region's real providers, as plain data for the demo, and their loading.

The descriptions say what each offering is, in our own words, as far as we are sure of it.
Dates and prices change from term to term: where a course here has dates or a price, they are
examples, and its description says so. Every course's details were last checked on
DETAILS_CHECKED_ON; the provider's own page is always the one to trust.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from talentmatch.demo.catalogue import EligibilityEntry, ProviderEntry
from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    CourseCost,
    CourseFormat,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    OpportunityStatus,
    Organisation,
    University,
)
from talentmatch.models.opportunities import course_day
from talentmatch.services.courses import REMOTE_MODE_OF

DETAILS_CHECKED_ON = date(2026, 12, 5)
ILLUSTRATIVE = (
    "The dates and the price shown here are examples, not the provider's: check the current "
    "ones on the provider's page."
)
ILLUSTRATIVE_DATES = (
    "The dates shown here are examples, not the provider's: check the current ones on the "
    "provider's page."
)


@dataclass(frozen=True)
class CourseEntry:
    """A course; `provider` names a demo university or a `ProviderEntry`. A dated course
    starts `days_ahead` days after the demo is loaded and lasts `weeks`; `days_ahead` None is
    self-paced. `skills` are ESCO preferred labels (those the ESCO data lacks are skipped)."""

    title: str
    provider: str
    url: str
    description: str
    instruction_language: str
    cost: CourseCost
    course_format: CourseFormat
    municipality: str | None = None
    teaches_language: str | None = None
    level_from: CEFRLevel | None = None
    level_to: CEFRLevel | None = None
    price_eur: int | None = None
    days_ahead: int | None = None
    weeks: int = 10
    skills: tuple[str, ...] = ()
    eligibility: EligibilityEntry = field(default_factory=EligibilityEntry)


COURSE_PROVIDERS = (
    ProviderEntry(
        "Helsinki Adult Education Centre (Helsingin työväenopisto)",
        "https://www.hel.fi/en",
        "Adult education",
        "The City of Helsinki's adult education centre, with evening and daytime courses "
        "for everyone living in the region, Finnish as a second language among them.",
    ),
    ProviderEntry(
        "Arbis – Helsingfors arbetarinstitut",
        "https://www.hel.fi/sv",
        "Adult education",
        "The City of Helsinki's Swedish-language adult education centre, which also teaches "
        "Swedish to adults who are learning it.",
    ),
    ProviderEntry(
        "Espoo Adult Education Centre (Espoon työväenopisto)",
        "https://www.espoo.fi/en",
        "Adult education",
        "The City of Espoo's adult education centre, open to all adults, with courses in "
        "Finnish for people who speak other languages.",
    ),
    ProviderEntry(
        "Vantaa Adult Education Centre (Vantaan aikuisopisto)",
        "https://www.vantaa.fi/en",
        "Adult education",
        "The City of Vantaa's adult education centre, open to all adults, with courses in "
        "Finnish for people who speak other languages.",
    ),
)

_FINNISH_SKILLS = ("understand spoken Finnish", "interact verbally in Finnish")
_SWEDISH_SKILLS = ("understand spoken Swedish", "interact verbally in Swedish")

COURSES = (
    CourseEntry(
        "Elements of AI",
        "University of Helsinki",
        "https://www.elementsofai.com",
        "A free online introduction to artificial intelligence for anyone, created by the "
        "University of Helsinki and MinnaLearn. It explains what AI is, what it can and "
        "cannot do, how machine learning and neural networks work in broad strokes, and what "
        "AI means for society, without programming or advanced mathematics. It is studied "
        "online at one's own pace, is available in many languages besides English, and ends "
        "with a certificate.",
        "en",
        CourseCost.FREE,
        CourseFormat.ONLINE,
        skills=("principles of artificial intelligence", "machine learning", "ethics"),
    ),
    CourseEntry(
        "Full Stack Open",
        "University of Helsinki",
        "https://fullstackopen.com/en/",
        "The University of Helsinki's free online course in modern web development: single "
        "page applications with React, REST and GraphQL back ends with Node.js, databases, "
        "testing, TypeScript and containers. It suits people who already program a little and "
        "want to build complete web applications. Studied online at one's own pace; the "
        "completed parts can be recorded as university credits.",
        "en",
        CourseCost.FREE,
        CourseFormat.ONLINE,
        skills=("JavaScript", "web programming", "TypeScript", "NoSQL"),
    ),
    CourseEntry(
        "Cyber Security Base",
        "University of Helsinki",
        "https://cybersecuritybase.mooc.fi",
        "A free online course series from the University of Helsinki and MOOC.fi on the "
        "basics of cyber security: how web applications are attacked, how common "
        "vulnerabilities are found and fixed, and how to build software securely. Some "
        "programming experience helps. Studied online at one's own pace.",
        "en",
        CourseCost.FREE,
        CourseFormat.ONLINE,
        skills=(
            "cyber security",
            "web application security threats",
            "cyber attack counter-measures",
        ),
    ),
    CourseEntry(
        "Python Programming MOOC",
        "University of Helsinki",
        "https://www.mooc.fi/en/",
        "The University of Helsinki's free online introduction to programming in Python, "
        "from the first lines of code to object-oriented programming, with automatically "
        "checked exercises. No earlier programming is needed. Studied online at one's own "
        "pace on MOOC.fi.",
        "en",
        CourseCost.FREE,
        CourseFormat.ONLINE,
        skills=("Python (computer programming)", "computer programming", "algorithms"),
    ),
    CourseEntry(
        "Finnish 1 for international degree students",
        "University of Helsinki",
        "https://www.helsinki.fi/en/language-centre",
        "The University of Helsinki Language Centre teaches Finnish to the university's "
        "international students, starting from scratch: everyday conversation, pronunciation "
        "and the basics of grammar. Its courses are free for the university's degree "
        "students. The language of instruction given here (English, used alongside Finnish) "
        "is illustrative. " + ILLUSTRATIVE_DATES,
        "en",
        CourseCost.FREE,
        CourseFormat.ON_SITE,
        municipality="Helsinki",
        teaches_language="fi",
        level_to=CEFRLevel.A1,
        days_ahead=45,
        weeks=7,
        skills=_FINNISH_SKILLS,
        eligibility=EligibilityEntry(universities=("University of Helsinki",)),
    ),
    CourseEntry(
        "Finnish 2 at the Open University",
        "University of Helsinki",
        "https://www.helsinki.fi/en/open-university",
        "Through the University of Helsinki's Open University anyone can take the "
        "university's courses without being a degree student, for a fee. This course "
        "continues from the basics towards everyday situations at work and in services. "
        + ILLUSTRATIVE,
        "fi",
        CourseCost.PAID,
        CourseFormat.BLENDED,
        municipality="Helsinki",
        teaches_language="fi",
        level_from=CEFRLevel.A1,
        level_to=CEFRLevel.A2,
        price_eur=75,
        days_ahead=60,
        weeks=8,
        skills=_FINNISH_SKILLS,
    ),
    CourseEntry(
        "Swedish for international students, beginners",
        "University of Helsinki",
        "https://www.helsinki.fi/en/open-university",
        "Swedish is Finland's second national language, and Helsinki is bilingual. This "
        "Open University course starts from scratch with everyday Swedish as it is spoken "
        "in Finland. " + ILLUSTRATIVE,
        "sv",
        CourseCost.PAID,
        CourseFormat.ON_SITE,
        municipality="Helsinki",
        teaches_language="sv",
        level_to=CEFRLevel.A1,
        price_eur=75,
        days_ahead=50,
        weeks=8,
        skills=_SWEDISH_SKILLS,
    ),
    CourseEntry(
        "Finnish for beginners, evening course",
        "Helsinki Adult Education Centre (Helsingin työväenopisto)",
        "https://www.hel.fi/en",
        "The City of Helsinki's adult education centre runs Finnish courses at every level "
        "for adults who speak other languages, in the evenings and during the day, at modest "
        "fees. This beginners' course is for people with no Finnish yet. Find the current "
        "courses and enrolment on the City of Helsinki's website. " + ILLUSTRATIVE,
        "fi",
        CourseCost.PAID,
        CourseFormat.ON_SITE,
        municipality="Helsinki",
        teaches_language="fi",
        level_to=CEFRLevel.A1,
        price_eur=60,
        days_ahead=35,
        weeks=12,
        skills=_FINNISH_SKILLS,
    ),
    CourseEntry(
        "Finnish for working life, B1 to B2",
        "Helsinki Adult Education Centre (Helsingin työväenopisto)",
        "https://www.hel.fi/en",
        "For people who already manage everyday Finnish and want to use it at work: meetings, "
        "emails, phone calls and the words of their own field. The course is an example of "
        "the Finnish courses the centre offers; its name is illustrative. " + ILLUSTRATIVE,
        "fi",
        CourseCost.PAID,
        CourseFormat.BLENDED,
        municipality="Helsinki",
        teaches_language="fi",
        level_from=CEFRLevel.B1,
        level_to=CEFRLevel.B2,
        price_eur=80,
        days_ahead=55,
        weeks=12,
        skills=(*_FINNISH_SKILLS, "write Finnish"),
    ),
    CourseEntry(
        "Swedish for beginners at Arbis",
        "Arbis – Helsingfors arbetarinstitut",
        "https://www.hel.fi/sv",
        "Arbis, Helsinki's Swedish-language adult education centre, teaches Swedish to adults "
        "at several levels. This course is for beginners and builds the everyday Swedish of "
        "bilingual Helsinki. " + ILLUSTRATIVE,
        "sv",
        CourseCost.PAID,
        CourseFormat.ON_SITE,
        municipality="Helsinki",
        teaches_language="sv",
        level_from=CEFRLevel.A1,
        level_to=CEFRLevel.A2,
        price_eur=60,
        days_ahead=40,
        weeks=12,
        skills=_SWEDISH_SKILLS,
    ),
    CourseEntry(
        "Swedish at work, A2 to B1",
        "Arbis – Helsingfors arbetarinstitut",
        "https://www.hel.fi/sv",
        "For adults who know some Swedish and want to use it at work, in customer service "
        "and with colleagues, in Finland's bilingual working life. " + ILLUSTRATIVE,
        "sv",
        CourseCost.PAID,
        CourseFormat.ON_SITE,
        municipality="Helsinki",
        teaches_language="sv",
        level_from=CEFRLevel.A2,
        level_to=CEFRLevel.B1,
        price_eur=65,
        days_ahead=65,
        weeks=12,
        skills=(*_SWEDISH_SKILLS, "write Swedish"),
    ),
    CourseEntry(
        "Finnish A1 to A2 in Espoo",
        "Espoo Adult Education Centre (Espoon työväenopisto)",
        "https://www.espoo.fi/en",
        "The City of Espoo's adult education centre teaches Finnish to adults who speak other "
        "languages, from beginners upwards. This course is for those who know the basics and "
        "want to get by in everyday situations. " + ILLUSTRATIVE,
        "fi",
        CourseCost.PAID,
        CourseFormat.ON_SITE,
        municipality="Espoo",
        teaches_language="fi",
        level_from=CEFRLevel.A1,
        level_to=CEFRLevel.A2,
        price_eur=55,
        days_ahead=42,
        weeks=10,
        skills=_FINNISH_SKILLS,
    ),
    CourseEntry(
        "Finnish A2 to B1 in Vantaa",
        "Vantaa Adult Education Centre (Vantaan aikuisopisto)",
        "https://www.vantaa.fi/en",
        "The City of Vantaa's adult education centre teaches Finnish to adults who speak other "
        "languages. This course moves from everyday Finnish towards the independent level "
        "many jobs ask for, partly in class and partly online. " + ILLUSTRATIVE,
        "fi",
        CourseCost.PAID,
        CourseFormat.BLENDED,
        municipality="Vantaa",
        teaches_language="fi",
        level_from=CEFRLevel.A2,
        level_to=CEFRLevel.B1,
        price_eur=70,
        days_ahead=48,
        weeks=12,
        skills=(*_FINNISH_SKILLS, "understand written Finnish"),
    ),
    CourseEntry(
        "Data analysis at Aalto Open University",
        "Aalto University",
        "https://www.aalto.fi/en/open-university",
        "Aalto University's Open University opens many of the university's courses to "
        "anyone, for a fee. A course in data analysis like this one teaches how to clean, "
        "analyse and visualise data and draw sound conclusions from it. The course named "
        "here is an example of the kind on offer: check the current selection. " + ILLUSTRATIVE,
        "en",
        CourseCost.PAID,
        CourseFormat.ONLINE,
        price_eur=100,
        days_ahead=70,
        weeks=8,
        skills=("perform data analysis", "statistics", "Python (computer programming)"),
    ),
    CourseEntry(
        "Digital marketing in the Open UAS",
        "Haaga-Helia University of Applied Sciences",
        "https://www.haaga-helia.fi/en",
        "Haaga-Helia's Open University of Applied Sciences offers the university's courses "
        "to anyone, for a fee. This example course covers digital marketing: channels, "
        "content, analytics and campaign planning. The course named here is an example of the "
        "kind on offer: check the current selection. " + ILLUSTRATIVE,
        "en",
        CourseCost.PAID,
        CourseFormat.ONLINE,
        price_eur=75,
        days_ahead=58,
        weeks=8,
        skills=("digital marketing techniques", "marketing management"),
    ),
    CourseEntry(
        "Project management in the Open UAS",
        "Metropolia University of Applied Sciences",
        "https://www.metropolia.fi/en",
        "Metropolia's Open University of Applied Sciences offers the university's courses to "
        "anyone, for a fee. This example course teaches how projects are planned, scheduled, "
        "led and followed up. The course named here is an example of the kind on offer: "
        "check the current selection. " + ILLUSTRATIVE,
        "en",
        CourseCost.PAID,
        CourseFormat.BLENDED,
        municipality="Helsinki",
        price_eur=75,
        days_ahead=52,
        weeks=8,
        skills=("project management", "leadership principles"),
    ),
)


def load_courses(
    universities: dict[str, University],
    providers: dict[str, Organisation],
    skill_ids: dict[str, int],
    existing: set[tuple[str, int | None, int | None]],
    today: date,
    added: Counter[str],
) -> None:
    """Add the courses not there yet (a course is its title and provider)."""
    for entry in COURSES:
        university = universities.get(entry.provider)
        organisation = None if university is not None else providers[entry.provider]
        key = (
            entry.title,
            organisation.id if organisation is not None else None,
            university.id if university is not None else None,
        )
        if key in existing:
            continue
        first_day = today + timedelta(days=entry.days_ahead) if entry.days_ahead else None
        course = Opportunity(
            kind=OpportunityKind.COURSE,
            status=OpportunityStatus.OPEN,
            title=entry.title,
            description=entry.description,
            municipality=entry.municipality,
            remote_mode=REMOTE_MODE_OF[entry.course_format],
            url=entry.url,
            deadline=first_day - timedelta(days=7) if first_day else None,
            starts_at=course_day(first_day) if first_day else None,
            ends_at=course_day(first_day + timedelta(weeks=entry.weeks)) if first_day else None,
            instruction_language=entry.instruction_language,
            teaches_language=entry.teaches_language,
            level_from=int(entry.level_from) if entry.level_from else None,
            level_to=int(entry.level_to) if entry.level_to else None,
            cost=entry.cost,
            price_eur=entry.price_eur,
            course_format=entry.course_format,
            self_paced=first_day is None,
            details_checked_on=DETAILS_CHECKED_ON,
            university=university,
            organisation=organisation,
            eligible_universities=[universities[name] for name in entry.eligibility.universities],
        )
        taught = [label for label in entry.skills if label in skill_ids]
        for position, label in enumerate(taught):
            course.skills.append(
                OpportunitySkill(
                    skill_id=skill_ids[label], label=label, required=True, position=position
                )
            )
        db.session.add(course)
        existing.add(key)
        added["courses"] += 1
