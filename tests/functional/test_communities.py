"""Communities: joining and leaving, the member directory that shows only listed members with
only what they chose, and the community page's upcoming events."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    Interaction,
    InteractionKind,
    Membership,
    OpportunityStatus,
    Role,
)
from tests.factories import (
    make_community,
    make_event,
    make_graduate,
    make_skills,
    make_university,
    make_user,
)

EVERYTHING = {
    "listed": "y",
    "show_headline": "y",
    "show_university": "y",
    "show_field_of_study": "y",
    "show_skills": "y",
}


def _page(client, community_id: int) -> str:
    return unescape(client.get(f"/opportunities/{community_id}").get_data(as_text=True))


def _interactions(app, kind: InteractionKind) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Interaction).where(Interaction.kind == kind)
        )


def _members(app) -> list[tuple[str, bool]]:
    with app.app_context():
        return [(m.user.email, m.listed) for m in db.session.scalars(select(Membership))]


def test_a_graduate_joins_and_leaves_and_the_engine_hears_of_it(app, client, auth):
    with app.app_context():
        community_id = make_community(title="Data people of Espoo").id
        make_graduate("ana@example.com", full_name="Ana Alanko")
    auth.login("ana@example.com")

    page = _page(client, community_id)
    assert "0 members" in page and "Join" in page

    response = client.post(f"/communities/{community_id}/join", data={"listed": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/opportunities/{community_id}#membership")
    page = _page(client, community_id)
    assert "Welcome to “Data people of Espoo”." in page
    assert "1 member" in page and "You are a member." in page
    assert _members(app) == [("ana@example.com", True)]
    assert _interactions(app, InteractionKind.JOIN) == 1

    # Joining twice (a double click) keeps one membership and one join.
    client.post(f"/communities/{community_id}/join", data={"listed": "y"})
    assert _members(app) == [("ana@example.com", True)]
    assert _interactions(app, InteractionKind.JOIN) == 1

    response = client.post(f"/communities/{community_id}/leave")
    assert response.status_code == 302
    page = _page(client, community_id)
    assert "You left “Data people of Espoo”." in page
    assert "0 members" in page and "Member directory" not in page
    assert _members(app) == []
    assert _interactions(app, InteractionKind.JOIN) == 0


def test_the_directory_shows_only_listed_members_with_only_what_they_chose(app, client, auth):
    with app.app_context():
        skills = make_skills()
        university = make_university("Aalto-yliopisto")
        community_id = make_community(title="Women in data").id
        make_graduate(
            "ana@example.com",
            full_name="Ana Alanko",
            headline="Data engineer in the making",
            field_of_study="Computer science",
            university=university,
            skills=[skills["SQL"]],
        )
        make_graduate(
            "bo@example.com",
            full_name="Bo Berg",
            headline="Secret headline of Bo",
            field_of_study="Economics of Bo",
            university=university,
            skills=[skills["machine learning"]],
        )
        make_graduate("cy@example.com", full_name="Cy Hidden", headline="Cy's headline")
        make_graduate("dee@example.com", full_name="Dee Outsider")
    for email, choices in (
        ("ana@example.com", EVERYTHING),
        ("bo@example.com", {"listed": "y", "show_university": "y"}),
        # Details ticked without being listed show nothing at all.
        ("cy@example.com", {"show_headline": "y", "show_skills": "y"}),
    ):
        auth.login(email)
        assert client.post(f"/communities/{community_id}/join", data=choices).status_code == 302
        auth.logout()

    auth.login("bo@example.com")
    page = _page(client, community_id)
    assert "3 members" in page
    directory = page[page.index("Member directory") : page.index("What the directory shows")]
    for shown in (
        "Ana Alanko",
        "Data engineer in the making",
        "Computer science",
        "SQL",
        "Bo Berg",
        "Aalto-yliopisto",
    ):
        assert shown in directory, shown
    for hidden in ("Secret headline of Bo", "Economics of Bo", "machine learning", "Cy "):
        assert hidden not in directory, hidden
    with app.app_context():
        cy = db.session.scalar(
            select(Membership).join(Membership.user).filter_by(full_name="Cy Hidden")
        )
        assert (cy.listed, cy.show_headline, cy.show_skills) == (False, False, False)

    # Bo changes their mind: headline too.
    client.post(
        f"/communities/{community_id}/directory",
        data={"listed": "y", "show_university": "y", "show_headline": "y"},
    )
    assert "Secret headline of Bo" in _page(client, community_id)
    auth.logout()

    # Someone who is not a member, a visitor and career services see no directory.
    for email in ("dee@example.com", None):
        if email:
            auth.login(email)
        page = _page(client, community_id)
        assert "Member directory" not in page and "Ana Alanko" not in page
        if email:
            auth.logout()
    with app.app_context():
        make_user(Role.CAREER_SERVICES, "staff@example.com", university=make_university())
    auth.login("staff@example.com")
    assert "Ana Alanko" not in _page(client, community_id)


def test_a_deactivated_member_leaves_the_directory(app, client, auth):
    with app.app_context():
        community_id = make_community().id
        make_graduate("ana@example.com", full_name="Ana Alanko")
        make_graduate("bo@example.com", full_name="Bo Berg")
    for email in ("ana@example.com", "bo@example.com"):
        auth.login(email)
        client.post(f"/communities/{community_id}/join", data={"listed": "y"})
        auth.logout()
    with app.app_context():
        member = db.session.scalar(
            select(Membership).join(Membership.user).filter_by(full_name="Bo Berg")
        )
        member.user.active = False
        db.session.commit()
    auth.login("ana@example.com")
    page = _page(client, community_id)
    assert "Ana Alanko" in page and "Bo Berg" not in page and "1 member" in page


def test_the_community_page_lists_its_upcoming_events_with_date_and_time(app, client):
    with app.app_context():
        university = make_university()
        community = make_community(university, title="Nordic founders")
        community_id = community.id
        make_event(
            university,
            title="Pitch night",
            community_id=community.id,
            starts_at=datetime(2031, 3, 5, 16, 0),
            ends_at=datetime(2031, 3, 5, 18, 30),
        )
        make_event(
            university,
            title="Later breakfast",
            community_id=community.id,
            starts_in=timedelta(days=40),
        )
        make_event(
            university,
            title="Already over",
            community_id=community.id,
            starts_in=-timedelta(days=1),
        )
        make_event(
            university,
            title="A draft event",
            community_id=community.id,
            status=OpportunityStatus.DRAFT,
        )
        make_event(university, title="Another community's event")
    page = _page(client, community_id)
    events = page[page.index("Upcoming events") :]
    assert "Pitch night" in events and "Later breakfast" in events
    assert events.index("Later breakfast") < events.index("Pitch night")  # soonest first
    # 16:00 UTC is 18:00 in Helsinki in March.
    assert "5 Mar 2031, 18:00–20:30" in events
    for absent in ("Already over", "A draft event", "Another community's event"):
        assert absent not in events


def test_only_graduates_join_and_only_open_communities(app, client, auth):
    with app.app_context():
        university = make_university()
        open_id = make_community(university).id
        draft_id = make_community(university, status=OpportunityStatus.DRAFT).id
        event_id = make_event(university).id
        make_graduate("ana@example.com")
        make_user(Role.CAREER_SERVICES, "staff@example.com", university=university)
    auth.login("staff@example.com")
    assert client.post(f"/communities/{open_id}/join").status_code == 403
    auth.logout()
    auth.login("ana@example.com")
    assert client.post(f"/communities/{draft_id}/join").status_code == 404
    assert client.post(f"/communities/{event_id}/join").status_code == 404
    assert client.post("/communities/999999/join").status_code == 404
    assert client.post(f"/communities/{open_id}/directory", data={"listed": "y"}).status_code == 404
    # Nonsense in the choices is simply not a tick.
    response = client.post(f"/communities/{open_id}/join", data={"listed": "\x00maybe" * 50})
    assert response.status_code == 302
    assert _members(app) == [("ana@example.com", True)]


def test_a_community_not_open_to_the_graduate_cannot_be_joined(app, client, auth):
    with app.app_context():
        university = make_university("Only here")
        community = make_community(university)
        community.eligible_universities = [university]
        db.session.commit()
        community_id = community.id
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    page = _page(client, community_id)
    assert "This community is not open to you" in page and ">Join</button>" not in page
    response = client.post(f"/communities/{community_id}/join", data={"listed": "y"})
    assert response.status_code == 403
    assert "This community is not open to you" in response.get_data(as_text=True)
    assert _members(app) == []
