"""The staying checklist: the steps each permit situation and stage brings, ticking steps off on
a day, a move to another municipality, an administrator's edit shown at once, and bad input
that saves nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    ApplicationStatus,
    Role,
    StayingSituation,
    StayingStepDone,
    StayingStepEdit,
    WorkPermit,
)
from talentmatch.services import staying_steps
from talentmatch.site_dates import site_today
from tests.factories import (
    DEFAULT_PASSWORD,
    make_application,
    make_graduate,
    make_job,
    make_user,
)

GRACE = "grace@example.com"
ADMIN = "admin@example.com"


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def steps_on(html: str) -> list[str]:
    """The keys of the steps on the page, in order (to do, then done)."""
    return re.findall(r'id="step-([a-z_]+)"', html)


def shown(day: date) -> str:
    """A date as an English page shows it."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


def title(key: str, locale: str = "en") -> str:
    return staying_steps.shipped().step(key).texts[locale].title


def graduate(work_permit: WorkPermit | None, **fields):
    user = make_graduate(email=GRACE, work_permit=work_permit, **fields)
    return user


def done_rows(user_id: int) -> dict[str, date]:
    db.session.expire_all()
    rows = db.session.execute(
        select(StayingStepDone.step_key, StayingStepDone.done_on).where(
            StayingStepDone.user_id == user_id
        )
    )
    return {key: day for key, day in rows}


# --- Which steps apply ------------------------------------------------------------------------

IN_A_YEAR = timedelta(days=365)

CHECKLISTS = {
    WorkPermit.EU_EEA_CITIZEN: [
        "eu_registration",
        "dvv_registration",
        "tax_card",
        "kela_coverage",
        "jobseeker_registration",
    ],
    WorkPermit.PERMIT_ALLOWS_WORK: [
        "permit_extension",
        "dvv_registration",
        "tax_card",
        "kela_coverage",
        "jobseeker_registration",
    ],
    WorkPermit.POST_STUDY_JOB_SEEKER: [
        "job_seeking_permit_end",
        "dvv_registration",
        "tax_card",
        "kela_coverage",
        "jobseeker_registration",
    ],
    WorkPermit.NEEDS_SPONSORSHIP: [
        "job_seeking_permit",
        "dvv_registration",
        "tax_card",
        "kela_coverage",
    ],
    None: ["dvv_registration", "tax_card", "kela_coverage"],
}


@pytest.mark.parametrize("permit", list(CHECKLISTS), ids=lambda p: str(p))
def test_each_permit_situation_gets_its_own_checklist(app_ctx, client, auth, permit):
    graduate(permit, permit_end_date=site_today() + IN_A_YEAR)
    auth.login(GRACE)
    response = client.get("/staying/")
    assert response.status_code == 200
    html = page(response)
    # Steps with a deadline come first, then the rest in the checklist's order.
    assert steps_on(html) == CHECKLISTS[permit]
    for key in CHECKLISTS[permit]:
        assert title(key) in html
    assert "This is guidance, not legal advice." in html
    assert "https://ihhelsinki.fi/" in html


def test_the_permit_deadline_shows_the_permit_end_date(app_ctx, client, auth):
    end = site_today() + timedelta(days=20)
    graduate(WorkPermit.POST_STUDY_JOB_SEEKER, permit_end_date=end)
    auth.login(GRACE)
    html = page(client.get("/staying/"))
    card = html[html.index('id="step-job_seeking_permit_end"') :]
    card = card[: card.index("</li>")]
    assert f"By {shown(end)}" in card
    assert "Due soon" in card


def test_a_residence_permit_without_an_end_date_has_no_extension_step(app_ctx, client, auth):
    graduate(WorkPermit.PERMIT_ALLOWS_WORK)
    auth.login(GRACE)
    assert "permit_extension" not in steps_on(page(client.get("/staying/")))


def test_an_offer_in_the_pipeline_adds_the_employment_based_permit_step(app_ctx, client, auth):
    grace = graduate(WorkPermit.NEEDS_SPONSORSHIP, permit_end_date=site_today() + IN_A_YEAR)
    auth.login(GRACE)
    before = steps_on(page(client.get("/staying/")))
    assert "employment_permit" not in before and "job_seeking_permit" in before

    make_application(grace, make_job(), status=ApplicationStatus.OFFER)
    html = page(client.get("/staying/"))
    after = steps_on(html)
    assert "employment_permit" in after
    assert "job_seeking_permit" not in after  # with an offer, the permit is based on work
    assert title("employment_permit") in html
    assert "An application of yours reached an offer" in html


def test_a_hire_adds_the_steps_of_starting_work(app_ctx, client, auth):
    grace = graduate(WorkPermit.EU_EEA_CITIZEN)
    make_application(grace, make_job(), status=ApplicationStatus.HIRED)
    auth.login(GRACE)
    found = steps_on(page(client.get("/staying/")))
    assert {"first_payslip", "pension_primer", "union_primer"} <= set(found)
    assert "jobseeker_registration" not in found


def test_a_rejected_application_is_no_offer(app_ctx, client, auth):
    grace = graduate(WorkPermit.NEEDS_SPONSORSHIP)
    make_application(grace, make_job(), status=ApplicationStatus.REJECTED)
    auth.login(GRACE)
    assert "employment_permit" not in steps_on(page(client.get("/staying/")))


def test_every_step_on_the_page_names_its_sources_and_last_checked_date(app_ctx, client, auth):
    grace = graduate(WorkPermit.NEEDS_SPONSORSHIP, permit_end_date=site_today() + IN_A_YEAR)
    make_application(grace, make_job(), status=ApplicationStatus.HIRED)
    auth.login(GRACE)
    html = page(client.get("/staying/"))
    cards = html.split('class="card checklist-step')[1:]
    assert len(cards) == len(steps_on(html)) == 7
    for card in cards:
        key = re.search(r'id="step-([a-z_]+)"', card).group(1)
        step = staying_steps.shipped().step(key)
        assert "Sources" in card and "Last checked" in card, key
        for source in step.sources:
            assert f'href="{source.url}"' in card, key
        checked = step.last_checked
        assert shown(checked) in card, key
        assert f'href="{step.links["en"]}"' in card, key


def test_every_shipped_step_has_texts_in_three_languages_sources_and_a_check_date():
    content = staying_steps.shipped()
    assert len(content.steps) >= 10
    for step in content.steps:
        for locale in ("en", "fi", "sv"):
            text = step.texts[locale]
            assert text.title and text.what and text.when, (step.key, locale)
        assert step.sources and all(s.url.startswith("https://") for s in step.sources)
        assert step.links["en"].startswith("https://")
        assert date(2026, 1, 1) <= step.last_checked <= date.today()


def test_the_page_is_in_finnish_for_a_finnish_reader(app, client, auth):
    # No application context around the requests: each one chooses its own language.
    with app.app_context():
        make_user(Role.GRADUATE, GRACE, locale="fi")
    auth.login(GRACE)
    html = page(client.get("/staying/"))
    assert 'lang="fi"' in html
    assert title("tax_card", "fi") in html
    assert title("tax_card") not in html


def test_other_roles_cannot_open_the_checklist(app_ctx, client, auth):
    make_user(Role.EMPLOYER, "boss@example.com")
    auth.login("boss@example.com")
    assert client.get("/staying/").status_code == 403


# --- Ticking steps off ------------------------------------------------------------------------


def test_a_step_is_ticked_off_on_the_day_given_and_can_be_unticked(app_ctx, client, auth):
    grace = graduate(WorkPermit.EU_EEA_CITIZEN)
    auth.login(GRACE)
    day = site_today() - timedelta(days=3)
    response = client.post(
        "/staying/steps/tax_card/done", data={"tax_card-done_on": day.isoformat()}
    )
    assert response.status_code == 302
    assert done_rows(grace.id) == {"tax_card": day}
    html = page(client.get("/staying/"))
    done_section = html[html.index('id="done-heading"') :]
    assert title("tax_card") in done_section
    assert f"Done on {shown(day)}." in done_section

    client.post("/staying/steps/tax_card/undo")
    assert done_rows(grace.id) == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Give the day you did it."),
        ("tomorrow", "Not a valid date value."),
        ((date.today() + timedelta(days=5)).isoformat(), "The day cannot be in the future."),
        ("1999-12-31", "Give a day after 2000."),
    ],
)
def test_a_bad_done_date_is_refused_and_saves_nothing(app_ctx, client, auth, value, message):
    grace = graduate(WorkPermit.EU_EEA_CITIZEN)
    auth.login(GRACE)
    response = client.post("/staying/steps/tax_card/done", data={"tax_card-done_on": value})
    assert response.status_code == 400
    assert message in page(response)
    assert done_rows(grace.id) == {}


def test_a_step_that_does_not_apply_or_exist_cannot_be_ticked(app_ctx, client, auth):
    grace = graduate(WorkPermit.EU_EEA_CITIZEN)
    auth.login(GRACE)
    today = site_today().isoformat()
    assert (
        client.post(
            "/staying/steps/employment_permit/done", data={"employment_permit-done_on": today}
        ).status_code
        == 404
    )
    assert (
        client.post("/staying/steps/nonsense/done", data={"nonsense-done_on": today}).status_code
        == 404
    )
    assert client.post("/staying/steps/nonsense/undo").status_code == 404
    assert done_rows(grace.id) == {}


# --- Where the graduate lives -----------------------------------------------------------------


def test_a_move_to_another_municipality_brings_the_dvv_step_and_the_new_office(
    app_ctx, client, auth
):
    grace = graduate(WorkPermit.POST_STUDY_JOB_SEEKER, permit_end_date=site_today() + IN_A_YEAR)
    auth.login(GRACE)
    assert client.post("/staying/home", data={"municipality": "Helsinki"}).status_code == 302
    html = page(client.get("/staying/"))
    assert "moving_notice" not in steps_on(html)
    assert "Employment Services of the City of Helsinki" in html

    moved = site_today() - timedelta(days=2)
    client.post("/staying/home", data={"municipality": "Espoo", "moved_on": moved.isoformat()})
    html = page(client.get("/staying/"))
    assert "moving_notice" in steps_on(html)
    due = moved + timedelta(days=7)
    card = html[html.index('id="step-moving_notice"') :]
    assert f"By {shown(due)}" in card[: card.index("</li>")]
    assert "Espoo Region Employment Area" in html
    assert "Employment Services of the City of Helsinki" not in html

    # Ticked off, then another move: the step is to do again.
    client.post(
        "/staying/steps/moving_notice/done",
        data={"moving_notice-done_on": site_today().isoformat()},
    )
    assert "moving_notice" in done_rows(grace.id)
    client.post("/staying/home", data={"municipality": "Vantaa"})
    assert "moving_notice" not in done_rows(grace.id)
    situation = db.session.scalar(
        select(StayingSituation).where(StayingSituation.user_id == grace.id)
    )
    assert situation.municipality == "Vantaa" and situation.moved_on == site_today()
    assert "Vantaa–Kerava Employment Area" in page(client.get("/staying/"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"municipality": "Atlantis"}, "Choose your municipality from the list."),
        (
            {"municipality": "Espoo", "moved_on": (date.today() + timedelta(days=800)).isoformat()},
            "Give a moving day within the next year.",
        ),
        ({"municipality": "Espoo", "moved_on": "31.12.2026"}, "Not a valid date value."),
    ],
)
def test_bad_input_about_where_one_lives_saves_nothing(app_ctx, client, auth, data, message):
    graduate(WorkPermit.EU_EEA_CITIZEN)
    auth.login(GRACE)
    response = client.post("/staying/home", data=data)
    assert response.status_code == 400
    assert message in page(response)
    assert db.session.scalar(select(func.count()).select_from(StayingSituation)) == 0


# --- Administrators edit the steps ------------------------------------------------------------


def _edit_form(step_key: str, **changes: str) -> dict[str, str]:
    step = staying_steps.shipped().step(step_key)
    data = {
        "sources": "\n".join(f"{s.title} | {s.url}" for s in step.sources),
        "last_checked": site_today().isoformat(),
    }
    for locale in ("en", "fi", "sv"):
        text = step.texts[locale]
        data |= {
            f"title_{locale}": text.title,
            f"what_{locale}": text.what,
            f"when_{locale}": text.when,
            f"link_{locale}": step.links.get(locale, ""),
        }
    return data | changes


def test_an_administrators_edit_shows_up_at_once_and_can_be_reverted(app, client, auth):
    # Two people signed in at once: no application context around their requests.
    with app.app_context():
        make_user(Role.ADMIN, ADMIN, full_name="Ada Admin")
        graduate(WorkPermit.EU_EEA_CITIZEN)
        form = _edit_form(
            "tax_card",
            title_en="Order your tax card in MyTax",
            title_fi="Tilaa verokortti OmaVerosta",
            link_fi="https://www.vero.fi/henkiloasiakkaat/verokortti-ja-veroilmoitus/verokortti/",
            sources="Vero: tax card | https://www.vero.fi/en/individuals/tax-cards-and-tax-returns/tax_card/",
            last_checked="2026-11-30",
        )
    graduate_client = app.test_client()
    graduate_client.post("/auth/login", data={"email": GRACE, "password": DEFAULT_PASSWORD})
    assert title("tax_card") in page(graduate_client.get("/staying/"))

    auth.login(ADMIN)
    listing = page(client.get("/admin/staying/"))
    assert title("tax_card") in listing and "As shipped" in listing
    assert client.get("/admin/staying/tax_card/edit").status_code == 200
    assert client.post("/admin/staying/tax_card/edit", data=form).status_code == 302
    with app.app_context():
        edit = db.session.scalar(select(StayingStepEdit))
        assert edit.step_key == "tax_card" and edit.last_checked == date(2026, 11, 30)
        assert edit.edited_by.full_name == "Ada Admin"

    html = page(graduate_client.get("/staying/"))
    assert "Order your tax card in MyTax" in html
    assert title("tax_card") not in html
    assert "30 Nov 2026" in html
    assert "Edited" in page(client.get("/admin/staying/"))

    assert client.post("/admin/staying/tax_card/revert").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StayingStepEdit)) == 0
    assert title("tax_card") in page(graduate_client.get("/staying/"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title_sv": ""}, "Write this in every language: graduates read it in theirs."),
        ({"link_en": "not a link"}, "A web address cannot contain spaces."),
        ({"link_fi": "ftp://vero.fi/x"}, "Enter a web address starting with https:// or http://."),
        ({"sources": ""}, "Name at least one source the step rests on."),
        ({"sources": "Only a title"}, "Give each source a title and a web address."),
        ({"last_checked": ""}, "Give the day you checked the step against its sources."),
        ({"last_checked": "2999-01-01"}, "The check date cannot be in the future."),
        ({"what_fi": "x" * 1501}, "Keep it under 1500 characters."),
    ],
)
def test_a_bad_edit_is_refused_and_saves_nothing(app_ctx, client, auth, changes, message):
    make_user(Role.ADMIN, ADMIN)
    auth.login(ADMIN)
    response = client.post(
        "/admin/staying/kela_coverage/edit", data=_edit_form("kela_coverage", **changes)
    )
    assert response.status_code == 400
    assert message in page(response)
    assert db.session.scalar(select(func.count()).select_from(StayingStepEdit)) == 0


def test_only_administrators_edit_the_checklist(app_ctx, client, auth):
    graduate(WorkPermit.EU_EEA_CITIZEN)
    auth.login(GRACE)
    assert client.get("/admin/staying/").status_code == 403
    assert (
        client.post("/admin/staying/tax_card/edit", data=_edit_form("tax_card")).status_code == 403
    )
    assert db.session.scalar(select(func.count()).select_from(StayingStepEdit)) == 0


def test_an_unknown_step_has_no_edit_page(app_ctx, client, auth):
    make_user(Role.ADMIN, ADMIN)
    auth.login(ADMIN)
    assert client.get("/admin/staying/nonsense/edit").status_code == 404


def test_the_export_is_the_shipped_format_with_the_edits(app_ctx, client, auth):
    make_user(Role.ADMIN, ADMIN)
    auth.login(ADMIN)
    client.post(
        "/admin/staying/tax_card/edit",
        data=_edit_form("tax_card", title_en="Order your tax card in MyTax"),
    )
    response = client.get("/admin/staying/steps.json")
    assert response.status_code == 200
    exported = response.get_json()
    shipped = {entry["key"]: entry for entry in exported["steps"]}
    assert shipped["tax_card"]["text"]["en"]["title"] == "Order your tax card in MyTax"
    assert shipped["tax_card"]["last_checked"] == site_today().isoformat()
    assert shipped["kela_coverage"]["text"]["en"]["title"] == title("kela_coverage")
    assert set(exported) == {
        "format",
        "partners",
        "employment_services",
        "employment_services_elsewhere",
        "steps",
    }
