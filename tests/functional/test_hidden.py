"""Feedback completes: the Hidden page and Unhide, Save and Hide on detail pages, and the
redirect that tells the page where the keyboard focus belongs."""

from __future__ import annotations

from datetime import datetime
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import Interaction, InteractionKind, Opportunity, OpportunityStatus
from tests.factories import make_graduate, make_job
from tests.functional.test_for_you import GRACE, _catalogue
from tests.functional.test_for_you import _page as for_you


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def _kinds(app) -> list[InteractionKind]:
    with app.app_context():
        return list(db.session.scalars(select(Interaction.kind).order_by(Interaction.id)))


def test_hidden_items_are_listed_and_unhiding_brings_them_back_to_for_you(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    assert "Nothing is hidden." in unescape(client.get("/graduates/hidden").get_data(True))
    client.post(f"/graduates/opportunities/{ids['data']}/hide")
    client.post(f"/graduates/opportunities/{ids['marketing']}/not-interested")
    assert f'href="/opportunities/{ids["data"]}"' not in for_you(client)

    hidden = unescape(client.get("/graduates/hidden").get_data(as_text=True))
    assert "Data analyst" in hidden and "Marketing coordinator" in hidden
    assert hidden.index("Marketing coordinator") < hidden.index("Data analyst")  # newest first

    response = client.post(
        f"/graduates/opportunities/{ids['data']}/unhide?next=/graduates/hidden",
        data={"focus": f"opportunity-{ids['marketing']}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/graduates/hidden#opportunity-{ids['marketing']}"
    page = unescape(client.get("/graduates/hidden").get_data(as_text=True))
    assert "“Data analyst” is no longer hidden and may appear in For you again." in page
    listed = page.split('class="opportunity-list"', 1)[1]
    assert "Data analyst" not in listed and "Marketing coordinator" in listed
    assert _kinds(app) == [InteractionKind.NOT_INTERESTED]
    assert f'href="/opportunities/{ids["data"]}"' in for_you(client)


def test_a_closed_item_that_was_hidden_can_still_be_unhidden(app, client, auth):
    with app.app_context():
        make_graduate(GRACE)
        job = make_job(title="Closed later")
        job_id = job.id
    auth.login(GRACE)
    client.post(f"/graduates/opportunities/{job_id}/hide")
    with app.app_context():
        db.session.get(Opportunity, job_id).status = OpportunityStatus.CLOSED
        db.session.commit()
    assert "Closed later" in unescape(client.get("/graduates/hidden").get_data(True))
    assert client.post(f"/graduates/opportunities/{job_id}/unhide").status_code == 302
    assert _kinds(app) == []
    # Unhiding a closed item one never hid is no business of anyone's.
    assert client.post(f"/graduates/opportunities/{job_id}/unhide").status_code == 404


def test_save_and_hide_on_the_detail_page_come_back_to_the_same_button(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    detail = f"/opportunities/{ids['programme']}"
    page = unescape(client.get(detail).get_data(as_text=True))
    assert f'id="save-{ids["programme"]}"' in page and f'id="hide-{ids["programme"]}"' in page

    response = client.post(
        f"/graduates/opportunities/{ids['programme']}/save?next={detail}",
        data={"focus": f"save-{ids['programme']}"},
    )
    assert response.headers["Location"] == f"{detail}#save-{ids['programme']}"
    page = unescape(client.get(detail).get_data(as_text=True))
    assert "Saved ✓ (remove)" in page

    response = client.post(
        f"/graduates/opportunities/{ids['programme']}/hide?next={detail}",
        data={"focus": f"hide-{ids['programme']}"},
    )
    assert response.headers["Location"] == f"{detail}#hide-{ids['programme']}"
    page = unescape(client.get(detail).get_data(as_text=True))
    assert "Hidden (unhide)" in page
    assert _kinds(app) == [InteractionKind.HIDE]  # hiding dropped the save

    client.post(f"/graduates/opportunities/{ids['programme']}/unhide?next={detail}")
    assert "Hidden (unhide)" not in unescape(client.get(detail).get_data(True))


def test_for_you_buttons_name_where_the_focus_goes(app, client, auth):
    ids = _catalogue(app)
    auth.login(GRACE)
    page = for_you(client)
    # Save comes back to its own button; Hide to the heading of the item that takes its place.
    assert f'name="focus" value="save-{ids["data"]}"' in page
    assert f'id="save-{ids["data"]}"' in page
    assert f'id="opportunity-{ids["data"]}"' in page
    assert 'name="focus" value="opportunity-' in page


@pytest.mark.parametrize(
    "focus", ["", "javascript:alert(1)", "x" * 200, "#top", "a b", "https://evil.example/"]
)
def test_a_strange_focus_value_is_ignored(app, client, auth, focus):
    ids = _catalogue(app)
    auth.login(GRACE)
    response = client.post(
        f"/graduates/opportunities/{ids['data']}/save?next=/graduates/saved",
        data={"focus": focus},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/graduates/saved"


def test_only_graduates_see_the_hidden_page(app, client, auth):
    assert client.get("/graduates/hidden").status_code == 302


def test_an_event_shows_its_date_and_time_wherever_it_is_listed(app, client, auth):
    ids = _catalogue(app)
    with app.app_context():
        event = db.session.get(Opportunity, ids["event"])
        # 15:00–17:00 UTC is 17:00–19:00 in Helsinki in March.
        event.starts_at = datetime(2031, 3, 5, 15, 0)
        event.ends_at = datetime(2031, 3, 5, 17, 0)
        db.session.commit()
    when = "5 Mar 2031, 17:00–19:00"
    auth.login(GRACE)
    client.post(f"/graduates/opportunities/{ids['event']}/save")
    for url in (
        "/",
        "/opportunities/",
        "/opportunities/?kind=event",
        f"/opportunities/{ids['event']}",
        "/graduates/for-you",
        "/graduates/saved",
    ):
        page = unescape(client.get(url).get_data(as_text=True))
        assert "Data meetup at Maria 01" in page, url
        assert when in page, url
