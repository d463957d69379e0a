"""The demo data loaded by `flask seed-demo`: what it holds, and that loading it twice is safe."""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from talentmatch.demo.accounts import accounts_file, read_accounts
from talentmatch.demo.catalogue import UNIVERSITIES
from talentmatch.demo.classes import CLASS_SIZE, class_years
from talentmatch.demo.generate import plan_demo
from talentmatch.demo.occupations import load_occupations
from talentmatch.demo.staff import STAFF_EMAILS
from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    Cohort,
    ConsentRecord,
    CourseCost,
    CourseFormat,
    EmploymentType,
    EscoSkill,
    EventRegistration,
    GraduateProfile,
    Interaction,
    MatchSummary,
    Membership,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    OpportunityStatus,
    OpportunityText,
    Organisation,
    ProfileSkill,
    Promotion,
    PromotionDelivery,
    RegistrationStatus,
    RemoteMode,
    Role,
    University,
    User,
    Visibility,
)
from talentmatch.models.outcomes import OutcomeResponse
from talentmatch.models.timestamps import utcnow
from talentmatch.services import accounts, communities, events
from talentmatch.services.errors import InvalidInput
from talentmatch.services.organisations import business_id_check_digit
from talentmatch.services.skills import SKILLS_FILE

REAL_PROGRAMMES_AND_COMMUNITIES = {
    "UNITalent": ("University of Helsinki", OpportunityKind.PROGRAMME),
    "Hanken International Talent": ("Hanken School of Economics", OpportunityKind.PROGRAMME),
    "Maria 01": ("Maria 01", OpportunityKind.COMMUNITY),
    "International House Helsinki": ("International House Helsinki", OpportunityKind.COMMUNITY),
    "Helsinki Partners": ("Helsinki Partners", OpportunityKind.PROGRAMME),
    "Business Helsinki": ("Business Helsinki", OpportunityKind.PROGRAMME),
}
GUESSABLE_PASSWORDS = ("", "password", "demo", "demo1234", "talentmatch", "correct horse battery")


def _valid_business_id(business_id: str) -> bool:
    """The Y-tunnus rule, written out independently of the code under test."""
    if not re.fullmatch(r"\d{7}-\d", business_id):
        return False
    weights = (7, 9, 10, 5, 8, 4, 2)
    remainder = sum(int(d) * w for d, w in zip(business_id[:7], weights, strict=True)) % 11
    if remainder == 1:
        return False
    return int(business_id[8]) == (0 if remainder == 0 else 11 - remainder)


def _counts() -> dict[str, int]:
    tables = (
        University,
        Organisation,
        User,
        GraduateProfile,
        Opportunity,
        OpportunitySkill,
        OpportunityLanguage,
        OpportunityText,
        ProfileSkill,
        ConsentRecord,
        EscoSkill,
        Application,
        ApplicationEvent,
        Interaction,
        MatchSummary,
        Cohort,
        Promotion,
        PromotionDelivery,
        OutcomeResponse,
    )
    return {
        table.__name__: db.session.scalar(select(func.count()).select_from(table))
        for table in tables
    }


def _opportunities(kind: OpportunityKind) -> list[Opportunity]:
    return list(db.session.scalars(select(Opportunity).where(Opportunity.kind == kind)))


def test_business_id_check_digit_follows_the_y_tunnus_rule() -> None:
    assert business_id_check_digit("0112038") == 9
    assert business_id_check_digit("1572860") == 0
    # 0000001 weighs 2, 2 % 11 is neither 0 nor 1: check digit 9.
    assert business_id_check_digit("0000001") == 9
    # Remainder 1 means no business ID is ever given these digits.
    assert business_id_check_digit("0000006") is None


def test_demo_plan_is_the_same_on_every_run() -> None:
    with gzip.open(SKILLS_FILE, "rt", encoding="utf-8", newline="") as handle:
        labels = {row["uri"]: row["preferred_label_en"] for row in csv.DictReader(handle)}
    occupations = load_occupations(set(labels))
    first = plan_demo(occupations, labels, date(2026, 3, 1))
    second = plan_demo(occupations, labels, date(2026, 3, 1))
    assert first == second
    assert len({e.business_id for e in first.employers}) == len(first.employers) == 60
    assert all(_valid_business_id(e.business_id) for e in first.employers)
    emails = {g.email for g in first.graduates}
    assert len(emails) == len(first.graduates) > 150
    # The 150 drawn at random, then each university's classes filled up to their size.
    sharing = Counter(
        (g.university, g.graduation_year)
        for g in first.graduates
        if g.visibility is not Visibility.PRIVATE
    )
    for university in UNIVERSITIES:
        for year in class_years(date(2026, 3, 1)):
            assert sharing[university.name, year] >= CLASS_SIZE, (university.name, year)
    assert not emails & STAFF_EMAILS


def test_first_seed_loads_universities_programmes_jobs_and_graduates(runner, app) -> None:
    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert "Demo data added" in result.output
    with app.app_context():
        universities = {u.name: u for u in db.session.scalars(select(University))}
        assert {"University of Helsinki", "Aalto University", "Hanken School of Economics"} <= set(
            universities
        )
        assert len(universities) == 9
        assert universities["Aalto University"].municipality == "Espoo"
        assert universities["Laurea University of Applied Sciences"].municipality == "Vantaa"
        assert all(u.website and u.website.startswith("https://") for u in universities.values())

        catalogue = _opportunities(OpportunityKind.PROGRAMME) + _opportunities(
            OpportunityKind.COMMUNITY
        )
        for name, (provider, kind) in REAL_PROGRAMMES_AND_COMMUNITIES.items():
            matches = [o for o in catalogue if name in o.title]
            assert matches, f"{name} is missing"
            opportunity = matches[0]
            assert opportunity.kind is kind
            assert opportunity.status is OpportunityStatus.OPEN
            assert opportunity.provider_name == provider
            assert opportunity.url and opportunity.url.startswith("https://")
            assert len(opportunity.description) > 100
            # what it builds, as ESCO skills, so its why can speak of fit
            assert opportunity.nice_to_have_skills
            assert all(skill.skill is not None for skill in opportunity.nice_to_have_skills)
        assert all(o.organisation is None or o.organisation.business_id is None for o in catalogue)

        events = _opportunities(OpportunityKind.EVENT)
        assert len(events) >= 5
        assert all(e.starts_at and e.starts_at.date() > date.today() for e in events)

        jobs = _opportunities(OpportunityKind.JOB)
        assert 250 <= len(jobs) <= 350
        for job in jobs:
            assert job.status is OpportunityStatus.OPEN
            assert 4 <= len(job.required_skills) <= 6
            assert 2 <= len(job.nice_to_have_skills) <= 3
            assert all(skill.skill_id is not None for skill in job.skills)
            assert job.languages and all(2 <= lang.min_level <= 6 for lang in job.languages)
            assert job.municipality in ("Helsinki", "Espoo", "Vantaa", "Kauniainen")
            assert job.salary_min is not None and 1500 <= job.salary_min <= job.salary_max
            assert job.deadline is not None and job.deadline > date.today()
            assert job.organisation is not None and _valid_business_id(job.organisation.business_id)
            assert len(job.description) > 200 and "fictional" in job.description
        sponsoring = sum(1 for job in jobs if job.sponsors_permit) / len(jobs)
        assert 0.2 <= sponsoring <= 0.5
        assert {job.remote_mode for job in jobs} == set(RemoteMode)
        assert {job.employment_type for job in jobs} == set(EmploymentType)

        employers = db.session.scalars(
            select(Organisation).where(Organisation.business_id.is_not(None))
        ).all()
        assert len(employers) == 60
        assert all(_valid_business_id(o.business_id) for o in employers)
        assert all(o.name.endswith((" Oy", " Oy Ab", " sr")) for o in employers)
        assert all("fictional" in o.description for o in employers)
        assert {job.organisation_id for job in jobs} == {o.id for o in employers}
        recruiters = db.session.scalars(select(User).where(User.role == Role.EMPLOYER)).all()
        assert {u.organisation_id for u in recruiters} == {o.id for o in employers}

        profiles = db.session.scalars(select(GraduateProfile)).all()
        assert len(profiles) > 150
        for profile in profiles:
            assert 6 <= len(profile.skills) <= 10
            assert all(skill.skill_id is not None for skill in profile.skills)
            assert profile.language_levels()["en"] >= 4
            assert profile.university is not None and profile.headline
            assert profile.municipalities and profile.work_permit is not None
        assert len({p.university_id for p in profiles}) >= 6
        assert len({p.field_of_study for p in profiles}) >= 25
        assert len({p.work_permit for p in profiles}) == 4
        assert len({p.visibility for p in profiles}) == 3


def test_demo_courses_are_real_providers_offerings_with_their_facts(runner, app) -> None:
    runner.invoke(args=["seed-demo"])

    with app.app_context():
        courses = _opportunities(OpportunityKind.COURSE)
        assert 12 <= len(courses) <= 20
        titles = {course.title for course in courses}
        assert {"Elements of AI", "Full Stack Open", "Cyber Security Base"} <= titles
        providers = {course.provider_name for course in courses}
        assert {"University of Helsinki", "Arbis – Helsingfors arbetarinstitut"} <= providers
        for course in courses:
            assert course.status is OpportunityStatus.OPEN
            assert course.details_checked_on == date(2026, 12, 5)
            assert course.url and course.url.startswith("https://")
            assert course.instruction_language and course.cost and course.course_format
            assert course.self_paced == (course.starts_at is None)
            if course.starts_at is not None:
                assert course.starts_at.date() > date.today()
                assert "examples" in course.description  # its dates are said to be examples
            if course.price_eur is not None:
                assert "price" in course.description
            if course.teaches_language:
                assert course.teaches_language in ("fi", "sv")
                assert course.level_to is not None
                assert course.level_from is None or course.level_from < course.level_to
            else:
                assert course.taught_skills
                assert all(skill.skill_id is not None for skill in course.taught_skills)
        languages = [c for c in courses if c.teaches_language]
        assert {c.teaches_language for c in languages} == {"fi", "sv"}
        assert {c.course_format for c in courses} == set(CourseFormat)
        assert {c.cost for c in courses} == set(CourseCost)
        elements = next(c for c in courses if c.title == "Elements of AI")
        assert elements.self_paced and elements.cost is CourseCost.FREE
        assert elements.course_format is CourseFormat.ONLINE and elements.municipality is None


def test_seeding_courses_twice_adds_none_the_second_time(runner, app) -> None:
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        first = sorted(c.title for c in _opportunities(OpportunityKind.COURSE))

    runner.invoke(args=["seed-demo"])

    with app.app_context():
        assert sorted(c.title for c in _opportunities(OpportunityKind.COURSE)) == first
        assert len(first) == len(set(first))


def test_demo_people_cannot_sign_in_with_a_guessable_password(runner, app) -> None:
    runner.invoke(args=["seed-demo"])

    with app.app_context():
        people = db.session.scalars(select(User)).all()
        graduates = db.session.scalar(select(func.count()).select_from(GraduateProfile))
        # Graduates, 60 recruiters, an adviser for each of 9 universities, an administrator.
        assert len(people) == graduates + 60 + 9 + 1
        assert all(person.email.endswith("@example.com") for person in people)
        assert [p.email for p in people if not p.demo] == []
        listed = {account.email for account in read_accounts(accounts_file())}
        with_password = [p for p in people if not p.password_hash.startswith("!")]
        assert {p.email for p in with_password} == listed
        assert len(with_password) == 12
        for person in with_password:
            for password in (*GUESSABLE_PASSWORDS, person.email, person.full_name):
                assert not check_password_hash(person.password_hash, password)
        email = next(p.email for p in people if p.email not in listed)
    with app.test_request_context(), pytest.raises(InvalidInput):
        accounts.authenticate(email, "")


def test_second_seed_adds_nothing_and_says_so(runner, app) -> None:
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        before = _counts()
        hashes = dict(db.session.execute(select(User.email, User.password_hash)).all())

    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert "already there" in result.output
    with app.app_context():
        assert _counts() == before
        assert before["EscoSkill"] == 13896
        # Every password printed the first time still works: none was replaced.
        assert dict(db.session.execute(select(User.email, User.password_hash)).all()) == hashes


def test_demo_items_come_in_several_languages_and_some_are_written_in_finnish(runner, app):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        translated = db.session.scalars(
            select(Opportunity).where(Opportunity.texts.any(OpportunityText.locale == "fi"))
        ).all()
        assert len(translated) >= 5
        by_title = {o.title: o for o in translated}
        house = by_title["International House Helsinki: services, networks and events"]
        assert {t.locale for t in house.texts} == {"fi", "sv"}
        assert all(len(t.description) > 100 and t.title for t in house.texts)
        finnish = db.session.scalars(select(Opportunity).where(Opportunity.written_in == "fi"))
        titles = {o.title: {t.locale for t in o.texts} for o in finnish}
        # one with an English version, one for learners of Finnish with none
        assert titles["Työnhaun työpaja: hakemus ja haastattelu suomeksi"] == {"en"}
        assert titles["Kielikahvila: puhu suomea rennosti"] == set()


# What a person looking for work in each field would search for in job titles.
FIELD_TITLES = {
    "software development and testing": r"developer|QA |test|ohjelmisto",
    "data": r"data|BI |machine learning",
    "nursing": r"sairaanhoitaja|(?<!veterinary )nurse",
    "dentistry": r"hammaslääkäri|dentist|tandläkare|suuhygienisti|dental hygienist",
    "biomedical laboratory": r"bioanalyytikko|biomedical|biomedicinsk",
    "psychology": r"psykolog|psychologist",
    "veterinary": r"eläinlääkäri|veterinar|eläinhoitaja",
    "sales": r"sales|account manager|myynti|asiakkuus",
    "business analysis": r"business analyst|liiketoiminta-analyytikko|commercial analyst",
    "accounting": r"accountant|kirjanpitäjä|controller|taloushallinnon|accounts payable",
    "chemical and process engineering": r"chemical|process|chemistry|kemian|prosessi",
    "civil engineering and construction": r"site|construction|rakennus|työ|structural|civil",
    "mechanical engineering": r"mechanical|HVAC|LVI|koneensuunnittelija|product design",
    "electrical engineering": r"electrical|automation|sähkö|automaatio|power systems|control",
    "architecture": r"architect|arkkitehti",
    "urban planning": r"urban planner|kaavoitus|yhdyskuntasuunnittelija|planning consultant",
    "class teaching": r"luokanopettaja|class teacher|klasslärare|lärare i årskurs",
    "Swedish-speaking schools": r"klasslärare|lärare",
    "early childhood": r"varhaiskasvatu|early childhood|barnträdgårdslärare|småbarnspedagogik",
    "cooking": r"cook|kokki|chef|keittiömestari",
    "tourism": r"guide|opas|travel|matkaneuvoja",
    "events": r"event|tapahtuma|conference",
    "UX research and design": r"UX|user researcher|UI designer|product designer|käytettävyys",
    "journalism": r"journalist|reporter|toimittaja|editor|uutistuottaja",
    "content": r"content|copywriter|sisällöntuottaja|marketing|social media",
    "translation and interpreting": r"translator|interpreter|kääntäjä|tulkki|översättare|locali",
    "logistics": r"logistic|supply chain|purchaser|buyer|ostaja|procurement|inventory",
    "science and labs": r"chemist|microbiolog|laborat|laborantti|research technician",
    "law": r"lawyer|lakimies|legal|associate|lakiasiain|compliance",
    "social services": r"sosiaali|social|socialarbetare|nuoriso|youth|ungdoms",
}


def _titles_matching(pattern: str, jobs: list[Opportunity]) -> list[Opportunity]:
    return [job for job in jobs if re.search(pattern, job.title, re.IGNORECASE)]


def test_every_field_graduates_come_from_has_several_open_jobs(runner, app) -> None:
    runner.invoke(args=["seed-demo"])

    with app.app_context():
        # Only what graduates see: open jobs of verified organisations.
        jobs = [
            job
            for job in _opportunities(OpportunityKind.JOB)
            if job.status is OpportunityStatus.OPEN and job.organisation.verified
        ]
        for field, pattern in FIELD_TITLES.items():
            assert len(_titles_matching(pattern, jobs)) >= 4, field
        swedish_schools = [j for j in jobs if j.organisation.name.endswith(" skola sr")]
        assert len(_titles_matching(FIELD_TITLES["class teaching"], swedish_schools)) >= 3


def test_demo_employers_are_verified_so_their_jobs_are_listed(runner, app) -> None:
    runner.invoke(args=["seed-demo"])

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) > 0
        assert not db.session.scalars(
            select(Organisation).where(Organisation.verified.is_(False))
        ).all()


def _occupation_skills() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Essential and all (essential or optional) skill URIs of every ESCO occupation."""
    essential: dict[str, set[str]] = {}
    every: dict[str, set[str]] = {}
    path = SKILLS_FILE.with_name("esco_occupation_skills.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            every.setdefault(row["occupation_uri"], set()).add(row["skill_uri"])
            if row["relation"] == "essential":
                essential.setdefault(row["occupation_uri"], set()).add(row["skill_uri"])
    return essential, every


def test_job_skills_are_the_esco_skills_of_one_occupation(runner, app) -> None:
    runner.invoke(args=["seed-demo"])
    essential, every = _occupation_skills()

    with app.app_context():
        uris = dict(db.session.execute(select(EscoSkill.id, EscoSkill.uri)).all())
        for job in _opportunities(OpportunityKind.JOB):
            required = {uris[skill.skill_id] for skill in job.required_skills}
            nice = {uris[skill.skill_id] for skill in job.nice_to_have_skills}
            assert any(
                required <= essential[occupation] and nice <= every[occupation]
                for occupation in essential
            ), job.title


def _level(job: Opportunity, code: str) -> int:
    return max((lang.min_level for lang in job.languages if lang.code == code), default=0)


def test_language_requirements_are_what_the_field_needs(runner, app) -> None:
    runner.invoke(args=["seed-demo"])

    with app.app_context():
        jobs = _opportunities(OpportunityKind.JOB)
        patient_work = [
            job
            for field in ("nursing", "dentistry", "biomedical laboratory", "psychology")
            for job in _titles_matching(FIELD_TITLES[field], jobs)
        ]
        assert patient_work
        # Finnish at B1 or better for every job with patients; most ask for B2 or more.
        assert all(_level(job, "fi") >= 3 for job in patient_work)
        assert sum(_level(job, "fi") >= 4 for job in patient_work) / len(patient_work) > 0.7

        swedish_schools = [j for j in jobs if j.organisation.name.endswith(" skola sr")]
        assert swedish_schools and all(_level(job, "sv") >= 5 for job in swedish_schools)
        finnish_classes = _titles_matching("luokanopettaja", jobs)
        assert finnish_classes and all(_level(job, "fi") >= 5 for job in finnish_classes)

        ict = [
            job
            for job in _titles_matching(FIELD_TITLES["software development and testing"], jobs)
            if job.organisation.industry == "Software and IT services"
        ]
        english_only = [job for job in ict if {lang.code for lang in job.languages} == {"en"}]
        assert len(english_only) / len(ict) > 0.6


def test_no_employer_posts_the_same_title_over_and_over(runner, app) -> None:
    runner.invoke(args=["seed-demo"])

    with app.app_context():
        postings = Counter(
            (job.organisation_id, job.title) for job in _opportunities(OpportunityKind.JOB)
        )
        assert max(postings.values()) <= 2
        assert len({title for _org, title in postings}) >= 150


def test_demo_has_invitations_conversations_and_an_introduction(runner, app) -> None:
    from talentmatch.models import Invitation, InvitationStatus, MessageSide, MessageThread

    runner.invoke(args=["seed-demo"])

    with app.app_context():
        invitations = db.session.scalars(select(Invitation)).all()
        assert {i.status for i in invitations} == set(InvitationStatus)
        assert all(i.graduate.profile.visibility.value == "employers" for i in invitations)
        threads = db.session.scalars(select(MessageThread)).all()
        assert sum(len(t.messages) for t in threads) >= 8
        [introduction] = [t for t in threads if t.introduced_by_id]
        adviser = introduction.introduced_by
        assert adviser.role is Role.CAREER_SERVICES
        assert introduction.graduate.profile.university_id == adviser.university_id
        assert introduction.messages[0].side is MessageSide.CAREER_SERVICES
        for thread in threads:
            for message in thread.messages:
                assert "{" not in message.body and message.body.strip()


def test_demo_communities_have_members_and_events_have_sign_ups(runner, app) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        memberships = db.session.scalars(select(Membership)).all()
        assert len(memberships) >= 30
        assert any(m.listed for m in memberships) and not all(m.listed for m in memberships)
        maria = db.session.scalar(
            select(Opportunity).where(Opportunity.title == "Maria 01 startup community")
        )
        page = communities.page(None, maria, utcnow())
        assert [e.title for e in page.upcoming_events] == [
            "Networking evening for international talent"
        ]
        assert page.member_count > 0
        # The events' Helsinki start hours are kept in UTC (two or three hours earlier).
        evening = page.upcoming_events[0]
        assert evening.starts_at.hour in (14, 15)

        clinic = db.session.scalar(
            select(Opportunity).where(Opportunity.title == "CV and LinkedIn clinic")
        )
        seats = events.seats(None, clinic)
        assert seats.full and seats.going == clinic.capacity and seats.waiting == 4
        statuses = Counter(r.status for r in db.session.scalars(select(EventRegistration)))
        assert statuses[RegistrationStatus.GOING] > clinic.capacity
    # A second run adds no second membership or sign-up.
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Membership)) == len(memberships)
