"""Career services promote an opportunity to a graduate or a cohort: who receives it, what the
graduate sees in "For you", and the counts staff see per promotion."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    Cohort,
    DegreeLevel,
    Interaction,
    InteractionKind,
    MatchSummary,
    Notification,
    NotificationKind,
    OpportunityKind,
    OpportunityStatus,
    Promotion,
    PromotionDelivery,
    Visibility,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services.cohorts import CohortCriteria
from tests.factories import (
    make_application,
    make_career_services,
    make_graduate,
    make_job,
    make_opportunity,
    make_skills,
    make_university,
)

STAFF_A, STAFF_B = "staff.a@example.com", "staff.b@example.com"
NOTE = "Your data skills fit this programme: the next intake starts in March."


@pytest.fixture(autouse=True)
def _engine_checks_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@pytest.fixture
def world(app) -> dict[str, int]:
    """University A with three data graduates sharing their profile (Aino, Bao, Cai) and a
    cohort "Data people" (field of study containing "data"); university B with Dana and its own
    cohort. A programme, a job, and closed, draft and past-deadline items."""
    with app.app_context():
        skills = make_skills()
        data_skills = [
            skills["Python (computer programming)"],
            skills["SQL"],
            skills["data analytics"],
        ]
        university_a = make_university("Aalto Test University")
        university_b = make_university("Borealis Test University")
        ids = {"university_a": university_a.id, "university_b": university_b.id}
        for key, name, level in (
            ("aino", "Aino Aaltonen", DegreeLevel.MASTER),
            ("bao", "Bao Berglund", DegreeLevel.MASTER),
            ("cai", "Cai Chen", DegreeLevel.BACHELOR),
        ):
            ids[key] = make_graduate(
                email=f"{key}@example.com",
                full_name=name,
                university=university_a,
                visibility=Visibility.CAREER_SERVICES,
                skills=data_skills,
                languages={"en": CEFRLevel.C1},
                field_of_study="Data Science",
                degree_level=level,
                graduation_year=2024,
            ).id
        ids["dana"] = make_graduate(
            email="dana@example.com",
            full_name="Dana Borealis",
            university=university_b,
            visibility=Visibility.EMPLOYERS,
            skills=data_skills,
            field_of_study="Data Science",
        ).id
        make_career_services(university_a, STAFF_A)
        make_career_services(university_b, STAFF_B)
        for key, university in (("cohort_a", university_a), ("cohort_b", university_b)):
            cohort = Cohort(
                university_id=university.id,
                name=f"Data people {key[-1].upper()}",
                criteria=CohortCriteria(field_of_study="data").to_json(),
            )
            db.session.add(cohort)
            db.session.commit()
            ids[key] = cohort.id
        ids["programme"] = make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Data talent programme",
            university=university_a,
            required_skills=data_skills,
        ).id
        ids["job"] = make_job(title="Data engineer", required_skills=data_skills).id
        ids["closed"] = make_job(title="Closed job", status=OpportunityStatus.CLOSED).id
        ids["draft"] = make_job(title="Draft job", status=OpportunityStatus.DRAFT).id
        ids["expired"] = make_job(title="Expired job", deadline=date.today() - timedelta(days=1)).id
        ids["masters_only"] = make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Masters programme",
            university=university_a,
            required_skills=data_skills,
            eligible_degree_levels=[DegreeLevel.MASTER],
        ).id
    return ids


def _promote(client, target: str, opportunity_id: int, note: str = NOTE, status: int = 302):
    url = f"/career-services/{target}/promote"
    response = client.post(url, data={"opportunity_id": str(opportunity_id), "note": note})
    assert response.status_code == status, unescape(response.get_data(as_text=True))[:3000]
    return unescape(response.get_data(as_text=True))


def _deliveries(app, opportunity_id: int | None = None) -> dict[int, int]:
    """user id -> promotion id."""
    with app.app_context():
        query = select(PromotionDelivery.user_id, PromotionDelivery.promotion_id)
        if opportunity_id is not None:
            query = query.where(PromotionDelivery.opportunity_id == opportunity_id)
        return {user_id: promotion_id for user_id, promotion_id in db.session.execute(query)}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _for_you(client) -> str:
    response = client.get("/graduates/for-you")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_a_graduate_sees_a_promotion_first_in_for_you_with_the_note(app, client, auth, world):
    auth.login(STAFF_A)
    _promote(client, f"graduates/{world['aino']}", world["programme"])
    assert set(_deliveries(app)) == {world["aino"]}
    with app.app_context():
        notice = db.session.scalar(
            select(Notification).where(Notification.user_id == world["aino"])
        )
        assert notice.kind is NotificationKind.PROMOTION
        assert (
            "Aalto Test University career services recommend “Data talent programme”" in notice.text
        )
    auth.logout()
    auth.login("aino@example.com")
    page = _for_you(client)
    promoted = page[page.index("Recommended by your career services") : page.index('id="lane-job"')]
    assert "Recommended by Aalto Test University career services" in promoted
    assert NOTE in promoted
    assert "Data talent programme" in promoted
    assert "Shared skills:" in promoted  # the engine's why
    # Shown once, in its own section, not again in the programme lane below.
    assert len(re.findall(rf'href="/opportunities/{world["programme"]}"', page)) == 1


def test_opening_a_promoted_item_is_noted_once(app, client, auth, world):
    auth.login(STAFF_A)
    _promote(client, f"graduates/{world['aino']}", world["programme"])
    auth.logout()
    auth.login("aino@example.com")
    assert client.get(f"/opportunities/{world['programme']}").status_code == 200
    with app.app_context():
        first = db.session.scalar(select(PromotionDelivery.opened_at))
        assert first is not None
    client.get(f"/opportunities/{world['programme']}")
    with app.app_context():
        assert db.session.scalar(select(PromotionDelivery.opened_at)) == first


def test_the_same_opportunity_never_reaches_a_graduate_twice(app, client, auth, world):
    auth.login(STAFF_A)
    _promote(client, f"graduates/{world['aino']}", world["job"])
    _promote(client, f"cohorts/{world['cohort_a']}", world["job"])
    deliveries = _deliveries(app, world["job"])
    assert set(deliveries) == {world["aino"], world["bao"], world["cai"]}
    with app.app_context():
        promotions = db.session.scalars(select(Promotion).order_by(Promotion.id)).all()
        assert deliveries[world["aino"]] == promotions[0].id  # not re-delivered by the cohort
        notices = db.session.scalar(
            select(func.count()).where(Notification.user_id == world["aino"])
        )
        assert notices == 1


def test_a_cohort_promotion_reaches_a_graduate_who_joins_later_once(app, client, auth, world):
    auth.login(STAFF_A)
    _promote(client, f"cohorts/{world['cohort_a']}", world["programme"])
    assert set(_deliveries(app)) == {world["aino"], world["bao"], world["cai"]}
    with app.app_context():
        make_graduate(
            email="eero@example.com",
            full_name="Eero Later",
            university_id=world["university_a"],
            visibility=Visibility.CAREER_SERVICES,
            field_of_study="Data engineering",
        )
        make_graduate(  # joins the university, but not the cohort
            email="fanny@example.com",
            university_id=world["university_a"],
            visibility=Visibility.CAREER_SERVICES,
            field_of_study="Nursing",
        )
    auth.logout()
    auth.login("eero@example.com")
    page = _for_you(client)
    assert "Recommended by Aalto Test University career services" in page
    _for_you(client)
    with app.app_context():
        eero = db.session.scalar(
            select(func.count()).where(
                PromotionDelivery.user_id != world["aino"],
                PromotionDelivery.user_id.not_in([world["bao"], world["cai"]]),
            )
        )
        assert eero == 1
    assert len(_deliveries(app)) == 4


def test_the_daily_command_delivers_to_later_joiners(app, runner, auth, client, world):
    auth.login(STAFF_A)
    _promote(client, f"cohorts/{world['cohort_a']}", world["job"])
    with app.app_context():
        make_graduate(
            email="eero@example.com",
            university_id=world["university_a"],
            visibility=Visibility.CAREER_SERVICES,
            field_of_study="Data engineering",
        )
    result = runner.invoke(args=["career-services", "deliver-promotions"])
    assert "Promotions delivered: 1." in result.output
    result = runner.invoke(args=["career-services", "deliver-promotions"])
    assert "Promotions delivered: 0." in result.output
    assert len(_deliveries(app)) == 4


def test_hides_eligibility_and_withdrawn_consent_are_respected(app, client, auth, world):
    with app.app_context():
        db.session.add(
            Interaction(
                user_id=world["aino"], opportunity_id=world["job"], kind=InteractionKind.HIDE
            )
        )
        db.session.commit()
    auth.logout()
    auth.login("bao@example.com")
    client.post("/privacy/consents/career_services_visibility/withdraw")
    auth.logout()
    auth.login(STAFF_A)
    _promote(client, f"cohorts/{world['cohort_a']}", world["job"])
    assert set(_deliveries(app, world["job"])) == {world["cai"]}  # Aino hid it; Bao withdrew
    _promote(client, f"cohorts/{world['cohort_a']}", world["masters_only"])
    assert set(_deliveries(app, world["masters_only"])) == {world["aino"]}  # Cai: a bachelor
    # Bao no longer shares: not promotable one by one either.
    assert client.get(f"/career-services/graduates/{world['bao']}/promote").status_code == 404


@pytest.mark.parametrize("which", ["closed", "draft", "expired"])
def test_a_closed_draft_or_past_deadline_item_cannot_be_promoted(app, client, auth, world, which):
    auth.login(STAFF_A)
    page = _promote(client, f"graduates/{world['aino']}", world[which], status=400)
    assert "a closed, draft or past-deadline opportunity cannot be promoted" in page
    assert _count(app, Promotion) == 0


def test_the_service_refuses_a_closed_item_with_a_clear_message(app, world):
    from talentmatch.models import User
    from talentmatch.services import promotions
    from talentmatch.services.errors import InvalidInput

    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == STAFF_A))
        data = promotions.PromotionInput(world["closed"], "", graduate_id=world["aino"])
        with pytest.raises(InvalidInput, match="cannot be promoted"):
            promotions.promote(staff, data, date.today())
    assert _count(app, Promotion) == 0


def test_a_note_of_100000_characters_is_refused_and_nothing_saved(app, client, auth, world):
    auth.login(STAFF_A)
    page = _promote(client, f"cohorts/{world['cohort_a']}", world["job"], "x" * 100_000, 400)
    assert "Keep the note to at most 1000 characters." in page
    assert _count(app, Promotion) == 0
    assert _count(app, PromotionDelivery) == 0
    assert _count(app, Notification) == 0


def test_a_promotion_without_an_opportunity_is_refused(app, client, auth, world):
    auth.login(STAFF_A)
    page = _promote(client, f"graduates/{world['aino']}", 0, status=400)
    assert "Choose an open job, programme, community or event" in page
    assert _count(app, Promotion) == 0


def test_staff_of_another_university_get_404_on_everything_of_this_one(app, client, auth, world):
    auth.login(STAFF_A)
    _promote(client, f"cohorts/{world['cohort_a']}", world["programme"])
    auth.logout()
    auth.login(STAFF_B)
    for path in (
        f"/career-services/graduates/{world['aino']}/promote",
        f"/career-services/cohorts/{world['cohort_a']}/promote",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, data={"opportunity_id": world["job"]}).status_code == 404
    assert client.post(f"/career-services/cohorts/{world['cohort_a']}/delete").status_code == 404
    page = unescape(client.get("/career-services/promotions").get_data(as_text=True))
    assert "Data people A" not in page and "Data talent programme" not in page
    page = unescape(client.get("/career-services/cohorts").get_data(as_text=True))
    assert "Data people A" not in page
    assert len(_deliveries(app)) == 3


def test_a_promoted_cohort_is_kept_when_deleted(app, client, auth, world):
    auth.login(STAFF_A)
    _promote(client, f"cohorts/{world['cohort_a']}", world["programme"])
    response = client.post(
        f"/career-services/cohorts/{world['cohort_a']}/delete", follow_redirects=True
    )
    assert "so it is kept" in unescape(response.get_data(as_text=True))
    assert _count(app, Cohort) == 2


def test_counts_per_promotion_match_what_the_graduates_did(app, client, auth, world):
    """Hand-counted: the cohort promotion of the job reaches Aino, Bao and Cai. Aino opened it
    and saved it; Bao had saved it before receiving it (not counted) and applied after; Cai
    clicked apply (an APPLY interaction) after. The one-to-one programme promotion to Aino was
    received and nothing else."""
    with app.app_context():
        db.session.add(
            Interaction(
                user_id=world["bao"],
                opportunity_id=world["job"],
                kind=InteractionKind.SAVE,
                created_at=utcnow() - timedelta(days=1),
            )
        )
        db.session.commit()
    auth.login(STAFF_A)
    _promote(client, f"cohorts/{world['cohort_a']}", world["job"], note="Apply by Friday")
    _promote(client, f"graduates/{world['aino']}", world["programme"], note="Made for you")
    with app.app_context():
        from talentmatch.models import Opportunity, User

        later = utcnow() + timedelta(minutes=1)
        db.session.execute(
            PromotionDelivery.__table__.update()
            .where(
                PromotionDelivery.user_id == world["aino"],
                PromotionDelivery.opportunity_id == world["job"],
            )
            .values(opened_at=later)
        )
        db.session.add_all(
            [
                Interaction(
                    user_id=world["aino"],
                    opportunity_id=world["job"],
                    kind=InteractionKind.SAVE,
                    created_at=later,
                ),
                Interaction(
                    user_id=world["cai"],
                    opportunity_id=world["job"],
                    kind=InteractionKind.APPLY,
                    created_at=later,
                ),
            ]
        )
        db.session.commit()
        make_application(
            db.session.get(User, world["bao"]), db.session.get(Opportunity, world["job"])
        )
    page = unescape(client.get("/career-services/promotions").get_data(as_text=True))
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]
    by_note = {c[1].strip(): [int(n) for n in c[3:7]] for c in cells}
    assert by_note["Apply by Friday"] == [3, 1, 1, 2]
    assert by_note["Made for you"] == [1, 0, 0, 0]
    assert "Cohort “Data people A”" in page and "Aino Aaltonen" in page


def test_admins_see_every_promotion_but_do_not_promote(app, client, auth, world):
    from talentmatch.models import Role
    from tests.factories import make_user

    auth.login(STAFF_A)
    _promote(client, f"graduates/{world['aino']}", world["programme"])
    auth.logout()
    with app.app_context():
        make_user(Role.ADMIN, "admin@example.com")
    auth.login("admin@example.com")
    page = unescape(client.get("/career-services/promotions").get_data(as_text=True))
    assert "Data talent programme" in page and "Aalto Test University" in page
    assert client.get(f"/career-services/graduates/{world['aino']}/promote").status_code == 403


def test_the_refresh_command_summarises_every_consenting_graduate(app, runner, world):
    from talentmatch.models import MatchSummary

    result = runner.invoke(args=["career-services", "refresh-matches"])
    assert "Match summaries refreshed: 4." in result.output, result.output
    assert _count(app, MatchSummary) == 4


def test_promotions_of_one_item_sent_at_once_deliver_it_once_to_each_graduate(app, client, world):
    from tests.functional.test_races import _all_at_once, _signed_in_clients

    clients = _signed_in_clients(app, client, STAFF_A, 8)
    url = f"/career-services/cohorts/{world['cohort_a']}/promote"
    responses = _all_at_once(
        clients, lambda c: c.post(url, data={"opportunity_id": world["job"], "note": NOTE})
    )
    assert [r.status_code for r in responses] == [302] * 8
    assert set(_deliveries(app, world["job"])) == {world["aino"], world["bao"], world["cai"]}
    assert _count(app, PromotionDelivery) == 3
    assert _count(app, Notification) == 3


def test_the_promote_form_lists_the_graduates_best_matches_first_then_every_kind(
    app, client, auth, world
):
    with app.app_context():
        db.session.add(
            MatchSummary(
                user_id=world["aino"],
                computed_on=date(2026, 12, 1),
                strong_matches=1,
                top=json.dumps(
                    [
                        # A match that has closed since is not offered.
                        {"opportunity_id": world["closed"], "title": "Closed job", "band": None},
                        {
                            "opportunity_id": world["job"],
                            "title": "Data engineer",
                            "band": "strong",
                        },
                    ]
                ),
            )
        )
        db.session.commit()
    auth.login(STAFF_A)
    page = unescape(client.get(f"/career-services/graduates/{world['aino']}/promote").text)
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups == ["Their best matches now", "Jobs", "Talent programmes"]
    best = page[page.index("Their best matches now") : page.index('label="Jobs"')]
    assert "Data engineer" in best and "Closed job" not in best
    # A cohort has no best matches of its own: only the kinds.
    cohort_page = unescape(client.get(f"/career-services/cohorts/{world['cohort_a']}/promote").text)
    assert re.findall(r'<optgroup label="([^"]+)">', cohort_page) == ["Jobs", "Talent programmes"]
