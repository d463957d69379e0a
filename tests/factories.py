"""Factories with sensible defaults; call them inside an application context."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from functools import cache

from werkzeug.security import generate_password_hash

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CEFRLevel,
    CourseCost,
    CourseFormat,
    EmploymentType,
    EscoSkill,
    GraduateProfile,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    OpportunityStatus,
    OpportunityText,
    Organisation,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
    RemoteMode,
    Role,
    SavedSearch,
    University,
    User,
    Visibility,
    WorkPermit,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services.organisations import business_id_check_digit
from talentmatch.services.skills import search_text_for

DEFAULT_PASSWORD = "correct horse battery"
_counter = itertools.count(1)

# Real ESCO skills (v1.1.1 labels) so tests read like the product.
ESCO_SAMPLE = [
    (
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
        "Python (computer programming)",
        "Python (tietokoneohjelmointi)",
        "Python (datorprogrammering)",
        "Python3|Python",
    ),
    (
        "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43",
        "machine learning",
        "koneoppiminen",
        "maskininlärning",
        "ML",
    ),
    (
        "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        "SQL",
        "SQL",
        "SQL",
        "SEQUEL",
    ),
    (
        "http://data.europa.eu/esco/skill/97bd1c21-66b2-4b7e-ad0f-e3cda590e378",
        "data analytics",
        "data-analytiikka",
        "dataanalys",
        "",
    ),
    (
        "http://data.europa.eu/esco/skill/de03f4fd-c147-4477-a048-7109e5ba2d6f",
        "marketing principles",
        "markkinointiperiaatteet",
        "marknadsföringsprinciper",
        "principles of marketing",
    ),
    (
        "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388",
        "project management",
        "projektinhallinta",
        "projektledning",
        "programme management",
    ),
]


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


@cache
def _default_hash() -> str:
    return generate_password_hash(DEFAULT_PASSWORD)


def make_skills() -> dict[str, EscoSkill]:
    """The sample ESCO skills, keyed by English label."""
    made = {}
    for uri, en, fi, sv, alt in ESCO_SAMPLE:
        skill = EscoSkill(
            uri=uri,
            label_en=en,
            label_fi=fi,
            label_sv=sv,
            alt_labels_en=alt,
            skill_type="skill/competence",
            search_text=search_text_for([en, fi, sv, *alt.split("|")]),
        )
        db.session.add(skill)
        made[en] = skill
    db.session.commit()
    return made


# Four kitchen skills, unrelated to the sample's data skills: jobs asking for SQL and these are
# near misses for a data graduate, one cooking skill from a good fit.
COOKING = (
    "use cooking techniques",
    "prepare desserts",
    "use food cutting tools",
    "prepare salad dressings",
)


def make_esco_skill(label: str) -> EscoSkill:
    """An ESCO skill of the shipped taxonomy, by its English label, stored like the sample."""
    from talentmatch.recommender.taxonomy import shipped_taxonomy

    found = next(s for s in shipped_taxonomy().skills if s.label_en == label)
    skill = EscoSkill(
        uri=found.uri, label_en=label, label_fi=found.label_fi, label_sv=found.label_sv
    )
    db.session.add(skill)
    db.session.commit()
    return skill


def make_university(name: str | None = None, short_name: str = "UH") -> University:
    university = University(
        name=name or unique("University of Testing "),
        short_name=short_name,
        municipality="Helsinki",
    )
    db.session.add(university)
    db.session.commit()
    return university


def make_user(role: Role = Role.GRADUATE, email: str | None = None, **fields) -> User:
    user = User(
        email=(email or unique("user") + "@example.com").lower(),
        password_hash=_default_hash(),
        full_name=fields.pop("full_name", "Test Person"),
        role=role,
        email_verified=fields.pop("email_verified", True),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_graduate(
    email: str | None = None,
    languages: dict[str, CEFRLevel] | None = None,
    skills: list[EscoSkill] | None = None,
    visibility: Visibility = Visibility.PRIVATE,
    municipalities: tuple[str, ...] = ("Helsinki",),
    work_permit: WorkPermit = WorkPermit.PERMIT_ALLOWS_WORK,
    **profile_fields,
) -> User:
    user = make_user(
        Role.GRADUATE, email, full_name=profile_fields.pop("full_name", "Grace Graduate")
    )
    profile = GraduateProfile(
        user=user,
        headline=profile_fields.pop("headline", "Data analyst"),
        visibility=visibility,
        work_permit=work_permit,
        **profile_fields,
    )
    db.session.add(profile)
    for code, level in (languages or {"en": CEFRLevel.C1}).items():
        profile.languages.append(ProfileLanguage(code=code, level=int(level)))
    for position, skill in enumerate(skills or []):
        profile.skills.append(ProfileSkill(skill=skill, label=skill.label_en, position=position))
    for name in municipalities:
        profile.municipalities.append(ProfileMunicipality(name=name))
    db.session.commit()
    return user


def next_business_id() -> str:
    """A fresh Finnish business ID with a valid check digit."""
    while True:
        body = f"{2_000_000 + next(_counter):07d}"
        check = business_id_check_digit(body)
        if check is not None:
            return f"{body}-{check}"


def make_organisation(
    name: str | None = None, business_id: str | None = None, verified: bool = True
) -> Organisation:
    """An organisation an administrator has verified, unless `verified=False`."""
    organisation = Organisation(
        name=name or unique("Employer Oy "),
        business_id=business_id or next_business_id(),
        verified=verified,
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_employer(
    organisation: Organisation | None = None, email: str | None = None, **fields
) -> User:
    return make_user(
        Role.EMPLOYER,
        email,
        full_name=fields.pop("full_name", "Erik Employer"),
        organisation=organisation,
        **fields,
    )


def make_opportunity(
    kind: OpportunityKind = OpportunityKind.JOB,
    title: str | None = None,
    organisation: Organisation | None = None,
    university: University | None = None,
    status: OpportunityStatus = OpportunityStatus.OPEN,
    languages: dict[str, CEFRLevel] | None = None,
    required_skills: list[EscoSkill] | None = None,
    nice_skills: list[EscoSkill] | None = None,
    translations: dict[str, tuple[str, str]] | None = None,
    **fields,
) -> Opportunity:
    """`translations` are (title, description) by language; `written_in` (default "en") is
    the language of `title` and `description`."""
    if kind is OpportunityKind.JOB:
        fields.setdefault("employment_type", EmploymentType.FULL_TIME)
        fields.setdefault("sponsors_permit", False)
    if kind is OpportunityKind.COURSE:  # a free online course in English at one's own pace
        fields.setdefault("instruction_language", "en")
        fields.setdefault("cost", CourseCost.FREE)
        fields.setdefault("course_format", CourseFormat.ONLINE)
        fields.setdefault("self_paced", fields.get("starts_at") is None)
    opportunity = Opportunity(
        kind=kind,
        title=title or unique(f"{kind.value.title()} "),
        description=fields.pop("description", "A test opportunity in the Helsinki region."),
        organisation=organisation,
        university=university,
        status=status,
        municipality=fields.pop("municipality", "Helsinki"),
        remote_mode=fields.pop("remote_mode", RemoteMode.ON_SITE),
        deadline=fields.pop("deadline", date.today() + timedelta(days=30)),
        **fields,
    )
    for code, level in (languages or {}).items():
        opportunity.languages.append(OpportunityLanguage(code=code, min_level=int(level)))
    for locale, (translated_title, translated_description) in (translations or {}).items():
        opportunity.texts.append(
            OpportunityText(
                locale=locale, title=translated_title, description=translated_description
            )
        )
    for position, skill in enumerate(required_skills or []):
        opportunity.skills.append(
            OpportunitySkill(skill=skill, label=skill.label_en, required=True, position=position)
        )
    for position, skill in enumerate(nice_skills or [], start=len(required_skills or [])):
        opportunity.skills.append(
            OpportunitySkill(skill=skill, label=skill.label_en, required=False, position=position)
        )
    db.session.add(opportunity)
    db.session.commit()
    return opportunity


def make_job(organisation: Organisation | None = None, **fields) -> Opportunity:
    return make_opportunity(
        OpportunityKind.JOB, organisation=organisation or make_organisation(), **fields
    )


def make_career_services(
    university: University | None = None, email: str | None = None, **fields
) -> User:
    return make_user(
        Role.CAREER_SERVICES,
        email,
        full_name=fields.pop("full_name", "Kaisa Kuraattori"),
        university=university or make_university(),
        **fields,
    )


def make_application(
    graduate: User,
    job: Opportunity,
    status: ApplicationStatus = ApplicationStatus.SUBMITTED,
    cover_note: str = "I would love to work with your team.",
    **fields,
) -> Application:
    """An application with its history: submitted by the graduate, then `status` if further."""
    application = Application(
        user_id=graduate.id, opportunity_id=job.id, status=status, cover_note=cover_note, **fields
    )
    application.events.append(
        ApplicationEvent(status=ApplicationStatus.SUBMITTED, actor_id=graduate.id)
    )
    if status is not ApplicationStatus.SUBMITTED:
        application.events.append(ApplicationEvent(status=status, note=f"Moved to {status}."))
    db.session.add(application)
    db.session.commit()
    return application


def make_notification(
    user: User,
    text: str = "Something happened",
    kind: NotificationKind = NotificationKind.MESSAGE,
    link: str = "/notifications/",
    read: bool = False,
    created_at: datetime | None = None,
) -> Notification:
    created = created_at or utcnow()
    notification = Notification(
        user_id=user.id,
        kind=kind,
        text=text,
        link=link,
        created_at=created,
        read_at=created if read else None,
    )
    db.session.add(notification)
    db.session.commit()
    return notification


def make_saved_search(user: User, name: str = "Data jobs", **fields) -> SavedSearch:
    search = SavedSearch(user_id=user.id, name=name, **fields)
    db.session.add(search)
    db.session.commit()
    return search


def make_community(university: University | None = None, **fields) -> Opportunity:
    return make_opportunity(
        OpportunityKind.COMMUNITY,
        university=university or make_university(),
        deadline=fields.pop("deadline", None),
        **fields,
    )


def make_event(
    university: University | None = None,
    starts_in: timedelta = timedelta(days=10),
    hours: int = 2,
    **fields,
) -> Opportunity:
    """An open event starting `starts_in` from now (times in UTC, as stored)."""
    starts_at = utcnow().replace(microsecond=0) + starts_in
    return make_opportunity(
        OpportunityKind.EVENT,
        university=university or make_university(),
        starts_at=fields.pop("starts_at", starts_at),
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=hours)),
        deadline=fields.pop("deadline", None),
        **fields,
    )
