"""Every number of the analytics dashboard against small worlds counted by hand: profiles,
match coverage, the funnel, promotions against organic recommendations, the skills gap,
first-destination outcomes and staying in the region; groups under five suppressed, each
university's numbers its own, and a cohort narrowing them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Cohort,
    ConsentPurpose,
    ConsentRecord,
    Interaction,
    InteractionKind,
    MatchSummary,
    OpportunityKind,
    OpportunityStatus,
    OutcomeResponse,
    OutcomeStatus,
    Promotion,
    PromotionDelivery,
    RemoteMode,
    Role,
    Visibility,
    WorkPermit,
)
from talentmatch.services import analytics, analytics_engagement, analytics_outcomes
from talentmatch.services.analytics import Count, Rate
from talentmatch.services.analytics_dashboard import dashboard
from talentmatch.services.cohorts import CohortCriteria
from talentmatch.services.errors import NotAllowed, NotFound
from tests.factories import (
    make_career_services,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

pytestmark = pytest.mark.usefixtures("app_ctx")


def graduate(university, field="Data Science", *, consent=False, **fields):
    fields.setdefault("visibility", Visibility.CAREER_SERVICES)
    user = make_graduate(university=university, field_of_study=field, **fields)
    if consent:
        db.session.add(
            ConsentRecord(
                user_id=user.id, purpose=ConsentPurpose.OUTCOME_SHARING, text_version="2026-1"
            )
        )
        db.session.commit()
    return user


def group_of(actor, university=None, cohort=None):
    return analytics.resolve_group(
        actor, university.id if university else None, cohort.id if cohort else None
    )


def shown(rate: Rate) -> tuple[int | None, int | None]:
    return rate.part.value, rate.whole.value


# --- privacy ------------------------------------------------------------------------------


def test_a_count_under_five_people_is_not_shown_nor_any_rate_over_it():
    assert Count.of(5).value == 5
    assert Count.of(4).value is None
    assert Count.of(0).value is None
    assert Count.of(30, people=4).value is None  # thirty pairs of four graduates
    assert Rate(Count.of(5), Count.of(10)).share == 0.5
    assert Rate(Count.of(3), Count.of(10)).share is None
    assert Rate(Count.of(4), Count.of(4)).share is None


def test_when_one_part_is_hidden_the_smallest_other_is_hidden_with_it():
    # 13 in all: 2 could be worked out as 13 - 6 - 5 if only it were hidden.
    assert [c.value for c in analytics.counts_of([6, 5, 2])] == [6, None, None]
    assert [c.value for c in analytics.counts_of([6, 3, 2])] == [6, None, None]
    assert [c.value for c in analytics.counts_of([6, 7])] == [6, 7]
    # the one hidden with it says so, rather than claiming to be fewer than five
    assert [c.protects for c in analytics.counts_of([6, 5, 2])] == [False, True, False]


# --- who is counted -----------------------------------------------------------------------


def test_career_services_see_their_own_university_and_administrators_choose():
    own, other = make_university("Aalto"), make_university("Hanken")
    staff = make_career_services(own)
    admin = make_user(Role.ADMIN)
    assert group_of(staff).university_id == own.id
    assert group_of(staff, own).university_id == own.id
    with pytest.raises(NotFound):
        group_of(staff, other)
    assert group_of(admin).university_id is None
    assert group_of(admin, other).university_name == "Hanken"
    with pytest.raises(NotAllowed):
        group_of(graduate(own))


def test_a_cohort_of_another_university_or_none_at_all_is_not_found():
    own, other = make_university("Aalto"), make_university("Hanken")
    staff = make_career_services(own)
    theirs = Cohort(university_id=other.id, name="Hanken data", criteria="{}")
    db.session.add(theirs)
    db.session.commit()
    with pytest.raises(NotFound):
        group_of(staff, cohort=theirs)
    with pytest.raises(NotFound):
        analytics.resolve_group(staff, None, 999_999)
    admin = make_user(Role.ADMIN)
    assert group_of(admin, cohort=theirs).university_id == other.id  # the cohort names it
    with pytest.raises(NotFound):
        group_of(admin, own, theirs)
    with pytest.raises(NotFound):
        analytics.resolve_group(admin, 999_999, None)


# --- profiles -----------------------------------------------------------------------------


def _profiles_world():
    aalto, hanken = make_university("Aalto"), make_university("Hanken")
    for _ in range(4):
        graduate(aalto, "Data Science", work_permit=WorkPermit.EU_EEA_CITIZEN)
    graduate(aalto, " data  science", work_permit=WorkPermit.EU_EEA_CITIZEN)
    graduate(aalto, "Data Science", work_permit=WorkPermit.PERMIT_ALLOWS_WORK)
    for _ in range(5):
        graduate(aalto, "Economics", work_permit=WorkPermit.PERMIT_ALLOWS_WORK)
    for _ in range(2):
        graduate(aalto, "Design", work_permit=WorkPermit.PERMIT_ALLOWS_WORK)
    # Not counted: a private profile, a deactivated account, another university.
    graduate(aalto, "Economics", visibility=Visibility.PRIVATE)
    inactive = graduate(aalto, "Economics")
    inactive.active = False
    db.session.commit()
    for _ in range(5):
        graduate(hanken, "Marine Biology", work_permit=WorkPermit.NEEDS_SPONSORSHIP)
    return aalto, hanken


def test_profiles_by_field_count_each_field_with_small_ones_together_and_suppressed():
    aalto, _hanken = _profiles_world()
    fields = analytics.profiles_by_field(group_of(make_career_services(aalto)))
    assert fields.total.value == 13
    assert [(p.label, p.rate.part.value, p.rate.share) for p in fields.parts] == [
        ("Data Science", 6, 6 / 13),
        # Design's 2 are "Other fields", which is never named alone: hidden, and Economics
        # (5) with it, or 13 - 6 - 5 would give it away.
        ("Economics", None, None),
        ("Other fields", None, None),
    ]


def test_profiles_by_permit_situation():
    aalto, _hanken = _profiles_world()
    permits = analytics.profiles_by_permit(group_of(make_career_services(aalto)))
    assert [(p.label, p.rate.part.value) for p in permits.parts] == [
        (WorkPermit.PERMIT_ALLOWS_WORK.label, 8),
        (WorkPermit.EU_EEA_CITIZEN.label, 5),
    ]


def test_administrators_count_every_university_or_the_one_they_choose():
    aalto, hanken = _profiles_world()
    admin = make_user(Role.ADMIN)
    everyone = analytics.profiles_by_field(group_of(admin))
    assert everyone.total.value == 18
    assert ("Marine Biology", 5) in [(p.label, p.rate.part.value) for p in everyone.parts]
    chosen = analytics.profiles_by_field(group_of(admin, hanken))
    assert [(p.label, p.rate.part.value) for p in chosen.parts] == [("Marine Biology", 5)]


def test_a_cohort_narrows_the_numbers():
    aalto, _hanken = _profiles_world()
    staff = make_career_services(aalto)
    cohort = Cohort(
        university_id=aalto.id,
        name="Data people",
        criteria=CohortCriteria(field_of_study="data").to_json(),
    )
    db.session.add(cohort)
    db.session.commit()
    fields = analytics.profiles_by_field(group_of(staff, cohort=cohort))
    assert fields.total.value == 6
    assert [(p.label, p.rate.part.value) for p in fields.parts] == [("Data Science", 6)]
    permits = analytics.profiles_by_permit(group_of(staff, cohort=cohort))
    # 5 with EU/EEA citizenship and 1 with a permit: both hidden, as 6 - 5 would give the 1
    assert sorted((p.label, p.rate.part.value) for p in permits.parts) == [
        (WorkPermit.EU_EEA_CITIZEN.label, None),
        (WorkPermit.PERMIT_ALLOWS_WORK.label, None),
    ]


# --- match coverage -----------------------------------------------------------------------

TODAY = date(2026, 11, 25)  # a Wednesday
WEEK_1, WEEK_2 = date(2026, 11, 16), date(2026, 11, 23)  # Mondays


def _summary(user, day: date, strong: int, top=()) -> None:
    db.session.add(
        MatchSummary(
            user_id=user.id,
            computed_on=day,
            strong_matches=strong,
            top=json.dumps(
                [
                    {"opportunity_id": o.id, "title": o.title, "kind": "job", "band": "strong"}
                    for o in top
                ]
            ),
        )
    )
    db.session.commit()


def test_match_coverage_takes_each_graduates_newest_summary_of_the_week():
    aalto, hanken = make_university("Aalto"), make_university("Hanken")
    people = [graduate(aalto) for _ in range(6)]
    # Week 1: the first graduate's newest summary (Thursday, 4 strong) counts, not Monday's 1.
    _summary(people[0], WEEK_1, 1)
    _summary(people[0], WEEK_1 + timedelta(days=3), 4)
    for person in people[1:5]:
        _summary(person, WEEK_1 + timedelta(days=1), 3)
    _summary(people[5], WEEK_1, 2)
    # Week 2: only three summarised, too few to show.
    for person in people[:3]:
        _summary(person, WEEK_2, 5)
    # Not counted: another university's graduate, a private profile, a summary after today.
    _summary(graduate(hanken), WEEK_1, 0)
    _summary(graduate(aalto, visibility=Visibility.PRIVATE), WEEK_1, 0)
    _summary(people[5], TODAY + timedelta(days=1), 9)

    weeks = analytics.match_coverage(group_of(make_career_services(aalto)), TODAY)
    assert [(w.week_start, shown(w.rate)) for w in weeks] == [
        (WEEK_1, (5, 6)),
        (WEEK_2, (None, None)),
    ]
    assert weeks[0].rate.share == 5 / 6


def test_no_summaries_means_no_weeks():
    aalto = make_university("Aalto")
    graduate(aalto)
    assert analytics.match_coverage(group_of(make_career_services(aalto)), TODAY) == ()


# --- the funnel and promotions --------------------------------------------------------------


def _engagement_world():
    """Six graduates of Aalto, hand-counted in the tests below."""
    aalto, hanken = make_university("Aalto"), make_university("Hanken")
    staff = make_career_services(aalto)
    organisation = make_organisation()
    j0, j1, j2 = (make_job(organisation, title=f"Job {n}") for n in range(3))
    programme = make_opportunity(OpportunityKind.PROGRAMME, university=aalto)
    g = [graduate(aalto) for _ in range(6)]
    # Top lists: every graduate has J0 and J1 (12 pairs); G0 had J2 in an older summary.
    _summary(g[0], TODAY - timedelta(days=10), 4, [j2])
    for person in g:
        _summary(person, TODAY, 4, [j0, j1])
    # Promotions: the programme to G0..G4, all opened; J1 to G5, not opened.
    promotion = Promotion(
        university_id=aalto.id, opportunity_id=programme.id, graduate_id=g[0].id, note=""
    )
    db.session.add(promotion)
    db.session.flush()
    for person in g[:5]:
        db.session.add(
            PromotionDelivery(
                promotion_id=promotion.id,
                user_id=person.id,
                opportunity_id=programme.id,
                opened_at=datetime(2026, 11, 20, 12),
            )
        )
    db.session.add(
        PromotionDelivery(promotion_id=promotion.id, user_id=g[5].id, opportunity_id=j1.id)
    )
    # Views of J0 by G0..G4 (G0 twice); saves of J1 by G0..G3; G5 applied to J1 on the
    # employer's site (an apply interaction).
    for person in [*g[:5], g[0]]:
        db.session.add(
            Interaction(user_id=person.id, opportunity_id=j0.id, kind=InteractionKind.VIEW)
        )
    for person in g[:4]:
        db.session.add(
            Interaction(user_id=person.id, opportunity_id=j1.id, kind=InteractionKind.SAVE)
        )
    db.session.add(Interaction(user_id=g[5].id, opportunity_id=j1.id, kind=InteractionKind.APPLY))
    db.session.commit()
    # Applications to J0 by G0..G4 and to J2 by G5, with their histories.
    S = ApplicationStatus  # noqa: N806
    histories = [
        (g[0], j0, [S.SUBMITTED, S.INTERVIEW, S.OFFER, S.HIRED]),
        (g[1], j0, [S.SUBMITTED, S.INTERVIEW, S.OFFER]),
        (g[2], j0, [S.SUBMITTED, S.INTERVIEW, S.REJECTED]),
        (g[3], j0, [S.SUBMITTED, S.INTERVIEW]),
        (g[4], j0, [S.SUBMITTED]),
        (g[5], j2, [S.SUBMITTED, S.INTERVIEW]),
    ]
    for person, job, steps in histories:
        application = Application(
            user_id=person.id, opportunity_id=job.id, status=steps[-1], cover_note=""
        )
        application.events.extend(ApplicationEvent(status=step) for step in steps)
        db.session.add(application)
    # Not counted: Hanken's graduate and a private Aalto profile doing the same.
    for outsider in (graduate(hanken), graduate(aalto, visibility=Visibility.PRIVATE)):
        _summary(outsider, TODAY, 4, [j0, j1])
        db.session.add(
            Interaction(user_id=outsider.id, opportunity_id=j0.id, kind=InteractionKind.VIEW)
        )
        db.session.add(Application(user_id=outsider.id, opportunity_id=j0.id, status=S.HIRED))
    db.session.commit()
    return staff


def test_the_funnel_counts_distinct_pairs_at_each_step():
    staff = _engagement_world()
    engagement = analytics_engagement.load_engagement(group_of(staff))
    steps = {step.step: step for step in analytics_engagement.funnel(engagement)}
    assert list(steps) == list(analytics_engagement.FUNNEL_STEPS)
    # 13 top-list pairs + 5 programme deliveries (G5's J1 is in its top list already)
    assert steps["recommended"].pairs.value == 18
    # J0 viewed by G0..G4, the programme opened by G0..G4
    assert steps["opened"].pairs.value == 10
    assert steps["opened"].of_recommended.share == 10 / 18
    assert steps["saved"].pairs.value is None  # four graduates
    # five applications to J0, G5 to J1 (on the employer's site) and to J2
    assert steps["applied"].pairs.value == 7
    assert steps["interview"].pairs.value == 5  # G0, G1, G2 (later rejected), G3, G5
    assert steps["offer"].pairs.value is None  # G0, G1
    assert steps["hired"].pairs.value is None  # G0
    assert steps["hired"].of_recommended.share is None


def test_promoted_pairs_against_organic_ones():
    staff = _engagement_world()
    engagement = analytics_engagement.load_engagement(group_of(staff))
    promoted, organic = analytics_engagement.promotions_against_organic(engagement)
    assert promoted.source == "promoted"
    assert promoted.pairs.value == 6
    assert shown(promoted.opened) == (5, 6)
    assert promoted.opened.share == 5 / 6
    assert shown(promoted.applied) == (None, 6)  # G5 applied to J1: one graduate
    # organic: the 13 top-list pairs but G5's J1, which was promoted
    assert organic.pairs.value == 12
    assert shown(organic.opened) == (5, 12)
    assert shown(organic.applied) == (5, 12)


# --- skills gap ---------------------------------------------------------------------------


def test_skills_gap_counts_open_region_jobs_against_the_groups_skills():
    skills = make_skills()
    sql, python, ml = (
        skills[n] for n in ("SQL", "Python (computer programming)", "machine learning")
    )
    aalto = make_university("Aalto")
    verified, unverified = make_organisation(), make_organisation(verified=False)
    make_job(verified, required_skills=[sql, python])
    make_job(verified, municipality="Espoo", required_skills=[sql])
    make_job(verified, municipality="Tampere", remote_mode=RemoteMode.REMOTE, nice_skills=[sql, ml])
    # Not counted: on site outside the region, closed, unverified, past its deadline, a programme.
    make_job(verified, municipality="Tampere", required_skills=[python])
    make_job(verified, status=OpportunityStatus.CLOSED, required_skills=[ml])
    make_job(unverified, required_skills=[ml])
    make_job(verified, deadline=TODAY - timedelta(days=1), required_skills=[ml])
    make_opportunity(OpportunityKind.PROGRAMME, university=aalto, required_skills=[ml])
    for _ in range(5):
        graduate(aalto, skills=[sql])
    graduate(aalto, skills=[python])
    graduate(aalto, visibility=Visibility.PRIVATE, skills=[ml])

    gap = analytics.skills_gap(group_of(make_career_services(aalto)), TODAY)
    assert gap.open_jobs == 3
    assert [(s.label, s.jobs, shown(s.holders)) for s in gap.skills] == [
        ("SQL", 3, (5, 6)),
        ("machine learning", 1, (None, 6)),
        ("Python (computer programming)", 1, (None, 6)),
    ]


# --- outcomes and staying -----------------------------------------------------------------

OUTCOME_DAY = date(2026, 1, 15)  # 2024: 6 and 12 months due; 2025: 6 months only


def _answer(user, months: int, status: OutcomeStatus | None, municipality: str | None = None):
    db.session.add(
        OutcomeResponse(
            user_id=user.id,
            checkpoint=months,
            asked_at=datetime(2025, 1, 2),
            status=status,
            municipality=municipality,
            answered_at=datetime(2025, 1, 3) if status else None,
        )
    )
    db.session.commit()


def _outcomes_world():
    aalto, hanken = make_university("Aalto"), make_university("Hanken")
    E, FS, SK, LF = (  # noqa: N806
        OutcomeStatus.EMPLOYED,
        OutcomeStatus.FURTHER_STUDY,
        OutcomeStatus.SEEKING,
        OutcomeStatus.LEFT_FINLAND,
    )
    six_months = [
        (E, "Helsinki"),
        (E, "Espoo"),
        (E, "Tampere"),
        (E, " helsinki "),
        (E, "Vantaa"),
        (E, "Kauniainen"),
        (SK, None),
        (LF, None),
        (FS, None),
        (None, None),  # asked, not answered
    ]
    class_of_2024 = []
    for status, municipality in six_months:
        person = graduate(aalto, consent=True, graduation_year=2024)
        _answer(person, 6, status, municipality)
        class_of_2024.append(person)
    for person in class_of_2024[:3]:
        _answer(person, 12, E, "Helsinki")
    for _ in range(3):
        _answer(graduate(aalto, consent=True, graduation_year=2025), 6, E, "Helsinki")
    # Not counted: no consent, a withdrawn consent, no graduation year, another university.
    _answer(graduate(aalto, graduation_year=2024), 6, E, "Helsinki")
    withdrawn = graduate(aalto, consent=True, graduation_year=2024)
    db.session.query(ConsentRecord).filter_by(user_id=withdrawn.id).update(
        {"withdrawn_at": datetime(2025, 5, 1)}
    )
    db.session.commit()
    _answer(withdrawn, 6, E, "Helsinki")
    _answer(graduate(aalto, consent=True), 6, E, "Helsinki")
    for _ in range(5):
        _answer(graduate(hanken, consent=True, graduation_year=2024), 6, LF)
    return aalto, hanken


def test_outcomes_per_year_and_checkpoint_with_knowledge_and_outcomes_rates():
    aalto, _hanken = _outcomes_world()
    rows = analytics_outcomes.outcomes(group_of(make_career_services(aalto)), OUTCOME_DAY)
    assert [(r.graduation_year, r.checkpoint) for r in rows] == [(2024, 6), (2024, 12), (2025, 6)]
    six, twelve, recent = rows
    assert six.graduates.value == 10
    assert six.known.value == 9
    assert shown(six.knowledge_rate) == (9, 10)
    assert six.knowledge_rate.share == 0.9
    # employed 6 + further study 1; left Finland is known but not positive
    assert shown(six.outcomes_rate) == (7, 9)
    assert dict(six.by_status) == {
        OutcomeStatus.EMPLOYED: Count(6),
        OutcomeStatus.FURTHER_STUDY: Count(None),
        OutcomeStatus.OWN_BUSINESS: Count(None),
        OutcomeStatus.SEEKING: Count(None),
        OutcomeStatus.LEFT_FINLAND: Count(None),
    }
    # 12 months: three answers of ten, too few to show; the rate is not shown either
    assert twelve.graduates.value == 10
    assert twelve.known.value is None
    assert twelve.knowledge_rate.share is None
    # 2025: three graduates, the whole year suppressed
    assert recent.graduates.value is None
    assert recent.known.value is None


def test_staying_is_employed_in_the_helsinki_region_of_known_outcomes():
    aalto, hanken = _outcomes_world()
    rows = analytics_outcomes.staying(group_of(make_career_services(aalto)), OUTCOME_DAY)
    six = rows[0]
    assert (six.graduation_year, six.checkpoint, six.known.value) == (2024, 6, 9)
    # Helsinki, Espoo, " helsinki ", Vantaa, Kauniainen: five of nine (Tampere is not)
    assert shown(six.staying) == (5, 9)
    assert six.staying.share == 5 / 9
    assert shown(six.left_finland) == (None, 9)
    assert shown(six.seeking) == (None, 9)
    assert rows[1].known.value is None and rows[1].staying.share is None
    # Hanken's five all left Finland: counted for Hanken only
    hanken_rows = analytics_outcomes.staying(group_of(make_user(Role.ADMIN), hanken), OUTCOME_DAY)
    assert [(r.graduation_year, r.checkpoint, shown(r.left_finland)) for r in hanken_rows] == [
        (2024, 6, (5, 5)),
        (2024, 12, (None, None)),
    ]


def test_before_any_checkpoint_there_are_no_outcome_rows():
    aalto, _hanken = _outcomes_world()
    group = group_of(make_career_services(aalto))
    assert analytics_outcomes.outcomes(group, date(2024, 12, 30)) == ()


# --- the whole dashboard --------------------------------------------------------------------


def test_an_empty_university_has_a_dashboard_of_nothing_yet():
    staff = make_career_services(make_university("Uniarts"))
    data = dashboard(staff, None, None, TODAY)
    assert data.graduates.value is None
    assert data.by_field.empty and data.by_permit.empty
    assert data.coverage == () and data.funnel == () and data.reach == ()
    assert data.outcomes == () and data.staying == ()
    assert data.skills.open_jobs == 0 and data.skills.empty
    assert data.choices.universities == ()  # career services have theirs only
