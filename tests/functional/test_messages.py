"""Invitations to apply, conversations between organisations and graduates, and blocking, as
employers and graduates use them."""

from __future__ import annotations

from dataclasses import dataclass
from email.header import decode_header, make_header
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    Invitation,
    InvitationStatus,
    Message,
    MessageThread,
    Notification,
    NotificationKind,
    OpportunityStatus,
    OrganisationBlock,
    OutboundEmail,
    User,
    Visibility,
)
from talentmatch.services import erasure, matching
from tests import mailbox
from tests.factories import (
    DEFAULT_PASSWORD,
    make_application,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
)

ERIK = "erik@nordicdata.example.fi"
ELSA = "elsa@nordicdata.example.fi"
OTTO = "otto@otherdata.example.fi"
AINO = "aino@example.com"
BO = "bo@example.com"
CHEN = "chen@example.com"


@dataclass(frozen=True)
class World:
    job: int
    closed_job: int
    other_job: int
    organisation: int
    aino: int
    bo: int
    chen: int


@pytest.fixture
def world(app) -> World:
    """Nordic Data Oy (two recruiters) with an open and a closed data job; Other Oy; Aino shares
    her profile with employers, Bo keeps his private, Chen shares with career services only."""
    with app.app_context():
        skills = make_skills()
        data = [skills["SQL"], skills["Python (computer programming)"]]
        organisation = make_organisation(name="Nordic Data Oy")
        make_employer(organisation, email=ERIK)
        make_user_elsa = make_employer(organisation, email=ELSA)
        make_user_elsa.full_name = "Elsa Employer"
        job = make_job(organisation, title="Data analyst", required_skills=data)
        closed = make_job(organisation, title="Old role", status=OpportunityStatus.CLOSED)
        other_organisation = make_organisation(name="Other Data Oy")
        make_employer(other_organisation, email=OTTO)
        other_job = make_job(other_organisation, title="Other analyst")
        people = {}
        for name, email, visibility in (
            ("Aino Open", AINO, Visibility.EMPLOYERS),
            ("Bo Private", BO, Visibility.PRIVATE),
            ("Chen Careers", CHEN, Visibility.CAREER_SERVICES),
        ):
            people[email] = make_graduate(
                email=email, full_name=name, visibility=visibility, skills=data
            ).id
        db.session.commit()
        return World(
            job.id,
            closed.id,
            other_job.id,
            organisation.id,
            people[AINO],
            people[BO],
            people[CHEN],
        )


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _notifications(app, email: str) -> list[tuple[NotificationKind, str, str]]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return [
            (n.kind, n.text, n.link)
            for n in db.session.scalars(
                select(Notification)
                .where(Notification.user_id == user.id)
                .order_by(Notification.id)
            )
        ]


def _invite(client, world: World, user_id: int, note: str = "Your SQL work fits our team."):
    return client.post(f"/messages/jobs/{world.job}/invite/{user_id}", data={"note": note})


def _thread_id(app, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(MessageThread.id).where(MessageThread.user_id == user_id))


# --- Invitations ---------------------------------------------------------------------------------


def test_an_employer_invites_a_candidate_who_accepts_and_is_taken_to_the_job(
    app, client, auth, world
):
    auth.login(ERIK)
    form = client.get(f"/messages/jobs/{world.job}/invite/{world.aino}")
    assert form.status_code == 200 and "Invite Aino Open to apply" in _page(form)

    sent = _invite(client, world, world.aino)
    again = _invite(client, world, world.aino)  # a double click

    assert sent.status_code == 302
    assert sent.headers["Location"] == f"/employers/jobs/{world.job}/candidates"
    assert "already been invited" in _page(client.get(again.headers["Location"]))
    with app.app_context():
        [invitation] = db.session.scalars(select(Invitation)).all()
        assert invitation.note == "Your SQL work fits our team."
        assert invitation.status is InvitationStatus.OPEN
        assert _count(MessageThread, MessageThread.invitation_id == invitation.id) == 1
        assert _count(OutboundEmail, OutboundEmail.to_address == AINO) == 1
    thread_id = _thread_id(app, world.aino)
    assert _notifications(app, AINO) == [
        (
            NotificationKind.INVITATION,
            "Nordic Data Oy invites you to apply for “Data analyst”.",
            f"/messages/threads/{thread_id}",
        )
    ]
    auth.logout()

    auth.login(AINO)
    inbox = _page(client.get("/messages/"))
    assert "Data analyst" in inbox and "Nordic Data Oy" in inbox
    assert "Your SQL work fits our team." in inbox and "Invited on" in inbox
    accepted = client.post(f"/messages/invitations/{invitation.id}/accept")
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == f"/opportunities/{world.job}"
    job_page = _page(client.get(accepted.headers["Location"]))
    assert "You accepted the invitation." in job_page
    auth.logout()

    assert _notifications(app, ERIK)[-1][:2] == (
        NotificationKind.INVITATION_ANSWER,
        "Aino Open accepted your invitation to apply for “Data analyst”.",
    )
    assert _notifications(app, ELSA) == []  # the one who invited is told
    auth.login(ELSA)
    page = _page(client.get(f"/messages/jobs/{world.job}/invite/{world.aino}"))
    assert "Invitation accepted on" in page and "Send the invitation" not in page


def test_a_graduate_declines_and_cannot_change_the_answer(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    auth.logout()
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))

    auth.login(AINO)
    declined = client.post(f"/messages/invitations/{invitation_id}/decline")
    assert declined.status_code == 302
    assert "You declined the invitation." in _page(client.get("/messages/"))
    assert client.post(f"/messages/invitations/{invitation_id}/decline").status_code == 302
    changed = client.post(f"/messages/invitations/{invitation_id}/accept")
    assert changed.status_code == 400
    assert "You have already answered this invitation." in _page(changed)
    auth.logout()

    with app.app_context():
        assert db.session.get(Invitation, invitation_id).status is InvitationStatus.DECLINED
    answers = [n for n in _notifications(app, ERIK) if n[0] is NotificationKind.INVITATION_ANSWER]
    assert [text for _kind, text, _link in answers] == [
        "Aino Open declined your invitation to apply for “Data analyst”."
    ]
    auth.login(ERIK)
    thread = _page(client.get(f"/messages/threads/{_thread_id(app, world.aino)}"))
    assert "Invitation declined on" in thread


def test_the_candidate_card_offers_an_invitation_then_shows_it(
    app, client, auth, world, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        matching.fit_and_activate()
    auth.login(ERIK)
    before = _page(client.get(f"/employers/jobs/{world.job}/candidates"))
    assert f"/messages/jobs/{world.job}/invite/{world.aino}" in before
    assert "Invite to apply" in before

    _invite(client, world, world.aino)

    after = _page(client.get(f"/employers/jobs/{world.job}/candidates"))
    assert "Invited on" in after
    assert f"/messages/jobs/{world.job}/invite/{world.aino}" not in after
    assert f"/messages/threads/{_thread_id(app, world.aino)}" in after


@pytest.mark.parametrize("email", [BO, CHEN])
def test_graduates_who_do_not_share_with_employers_cannot_be_invited(
    app, client, auth, world, email
):
    user_id = world.bo if email == BO else world.chen
    auth.login(ERIK)
    assert client.get(f"/messages/jobs/{world.job}/invite/{user_id}").status_code == 404
    refused = _invite(client, world, user_id)
    assert refused.status_code == 404
    assert "There is no such candidate." in _page(refused)
    with app.app_context():
        assert _count(Invitation) == 0
        assert _count(Notification) == 0


def test_invitations_are_refused_for_closed_jobs_other_organisations_and_unknown_people(
    app, client, auth, world
):
    auth.login(ERIK)
    closed = client.post(f"/messages/jobs/{world.closed_job}/invite/{world.aino}", data={})
    assert closed.status_code == 400
    assert "Only open jobs" in _page(closed)
    assert _invite(client, world, 999_999).status_code == 404
    assert client.post(f"/messages/jobs/{world.other_job}/invite/{world.aino}").status_code == 403
    assert client.post(f"/messages/jobs/999999/invite/{world.aino}").status_code == 404
    too_long = _invite(client, world, world.aino, note="x" * 2_001)
    assert too_long.status_code == 400
    assert "Use at most 2000 characters" in _page(too_long)
    with app.app_context():
        assert _count(Invitation) == 0


def test_an_employer_whose_address_is_unconfirmed_cannot_invite(app, client, auth, world):
    with app.app_context():
        erik = db.session.scalar(select(User).where(User.email == ERIK))
        erik.email_verified = False
        db.session.commit()
    auth.login(ERIK)
    refused = _invite(client, world, world.aino)
    assert refused.status_code == 403
    assert "Confirm your email address first" in _page(refused)


# --- Conversations -------------------------------------------------------------------------------


def test_employer_and_graduate_write_to_each_other_with_unread_counts(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    thread_id = _thread_id(app, world.aino)
    sent = client.post(f"/messages/threads/{thread_id}", data={"body": "Could you start in March?"})
    assert sent.status_code == 302
    auth.logout()

    auth.login(AINO)
    inbox = _page(client.get("/messages/"))
    assert "1 unread" in inbox and "Could you start in March?" in inbox
    thread = _page(client.get(f"/messages/threads/{thread_id}"))
    assert "Erik Employer for Nordic Data Oy" in thread
    assert "Could you start in March?" in thread
    read_inbox = _page(client.get("/messages/"))
    assert "badge-unread" not in read_inbox and "thread-summary unread" not in read_inbox
    client.post(f"/messages/threads/{thread_id}", data={"body": "Yes, from 1 March."})
    auth.logout()

    # Anyone of the organisation answers for it, and both recruiters are told.
    for email in (ERIK, ELSA):
        last = _notifications(app, email)[-1]
        assert last == (
            NotificationKind.MESSAGE,
            "New message from Aino Open",
            f"/messages/threads/{thread_id}",
        )
    auth.login(ELSA)
    assert "1 unread" in _page(client.get("/messages/"))
    client.post(f"/messages/threads/{thread_id}", data={"body": "Great, talk soon."})
    with app.app_context():
        bodies = db.session.scalars(
            select(Message.body).where(Message.thread_id == thread_id).order_by(Message.id)
        ).all()
        assert bodies == ["Could you start in March?", "Yes, from 1 March.", "Great, talk soon."]
    assert _notifications(app, AINO)[-1][:2] == (
        NotificationKind.MESSAGE,
        "New message from Nordic Data Oy",
    )


def test_a_reply_sent_twice_is_one_message(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    thread_id = _thread_id(app, world.aino)
    form = {"body": "Hello!", "submission_token": "a" * 32}
    assert client.post(f"/messages/threads/{thread_id}", data=form).status_code == 302
    assert client.post(f"/messages/threads/{thread_id}", data=form).status_code == 302
    with app.app_context():
        assert _count(Message) == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("", "Write a message first."),
        ("   \n\t ", "Write a message first."),
        ("x" * 5_001, "Use at most 5000 characters"),
    ],
)
def test_blank_and_overlong_messages_are_refused(app, client, auth, world, body, problem):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    response = client.post(f"/messages/threads/{_thread_id(app, world.aino)}", data={"body": body})
    assert response.status_code == 400
    assert problem in _page(response).replace(",", "")
    with app.app_context():
        assert _count(Message) == 0


def test_unknown_and_other_peoples_threads_and_invitations_are_not_found(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    auth.logout()
    thread_id = _thread_id(app, world.aino)
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))

    for email in (OTTO, BO):
        auth.login(email)
        assert client.get(f"/messages/threads/{thread_id}").status_code == 404
        assert client.post(f"/messages/threads/{thread_id}", data={"body": "Hi"}).status_code == 404
        assert client.get("/messages/threads/999999").status_code == 404
        auth.logout()
    auth.login(BO)
    assert client.post(f"/messages/invitations/{invitation_id}/accept").status_code == 404
    assert client.post("/messages/invitations/999999/decline").status_code == 404
    with app.app_context():
        assert _count(Message) == 0
        assert db.session.get(Invitation, invitation_id).status is InvitationStatus.OPEN


def test_a_graduate_who_stops_sharing_can_still_answer_but_the_employer_cannot_write(
    app, client, auth, world
):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    thread_id = _thread_id(app, world.aino)
    auth.logout()
    with app.app_context():
        aino = db.session.get(User, world.aino)
        aino.profile.visibility = Visibility.PRIVATE
        db.session.commit()

    auth.login(ERIK)
    page = _page(client.get(f"/messages/threads/{thread_id}"))
    assert "no longer shares their profile with employers" in page
    assert 'name="body"' not in page
    refused = client.post(f"/messages/threads/{thread_id}", data={"body": "Still there?"})
    assert refused.status_code == 403
    assert "no longer shares their profile with employers" in _page(refused)
    auth.logout()

    auth.login(AINO)
    assert client.post(f"/messages/threads/{thread_id}", data={"body": "Yes."}).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Message.body)).all() == ["Yes."]


# --- Threads about applications ------------------------------------------------------------------


def test_an_application_thread_is_for_the_applicant_and_the_jobs_organisation_only(
    app, client, auth, world
):
    with app.app_context():
        # Bo keeps his profile private, yet he applied: the organisation may write about that.
        application = make_application(db.session.get(User, world.bo), _job(world.job))
        application_id = application.id

    auth.login(BO)
    opened = client.get(f"/messages/applications/{application_id}")
    assert opened.status_code == 200 and "Conversation with Nordic Data Oy" in _page(opened)
    thread_url = f"/messages/threads/{_thread_id(app, world.bo)}"
    assert f'action="{thread_url}"' in _page(opened)
    auth.logout()

    auth.login(ELSA)
    assert client.get(f"/messages/applications/{application_id}").status_code == 200
    sent = client.post(thread_url, data={"body": "Can you come to an interview on Monday?"})
    assert sent.status_code == 302
    auth.logout()

    for email in (OTTO, AINO):
        auth.login(email)
        assert client.get(f"/messages/applications/{application_id}").status_code == 404
        assert client.get(thread_url).status_code == 404
        auth.logout()
    auth.login(AINO)
    assert client.get("/messages/applications/999999").status_code == 404
    auth.logout()

    with app.app_context():
        assert _count(MessageThread) == 1
    assert _notifications(app, BO)[-1][:2] == (
        NotificationKind.MESSAGE,
        "New message from Nordic Data Oy",
    )
    auth.login(BO)
    page = _page(client.get(thread_url))
    assert "Can you come to an interview on Monday?" in page
    assert "About the application of Bo Private" in page


def _job(job_id: int):
    from talentmatch.models import Opportunity

    return db.session.get(Opportunity, job_id)


# --- Blocking ------------------------------------------------------------------------------------


def test_blocking_stops_invitations_messages_and_hides_the_candidate(
    app, client, auth, world, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        matching.fit_and_activate()
    auth.login(ERIK)
    _invite(client, world, world.aino)
    thread_id = _thread_id(app, world.aino)
    auth.logout()

    auth.login(AINO)
    blocked = client.post(
        f"/messages/organisations/{world.organisation}/block",
        data={"next": f"/messages/threads/{thread_id}"},
    )
    assert blocked.headers["Location"] == f"/messages/threads/{thread_id}"
    client.post(f"/messages/organisations/{world.organisation}/block")  # twice: one block
    page = _page(client.get(f"/messages/threads/{thread_id}"))
    assert "You blocked Nordic Data Oy. Unblock it to write to them again." in page
    assert "Nordic Data Oy" in _page(client.get("/messages/blocked"))
    auth.logout()

    auth.login(ERIK)
    candidates = _page(client.get(f"/employers/jobs/{world.job}/candidates"))
    assert "Aino Open" not in candidates
    refused = client.post(f"/messages/threads/{thread_id}", data={"body": "Hello?"})
    assert refused.status_code == 403
    assert "does not accept contact from your organisation" in _page(refused)
    assert client.get(f"/messages/jobs/{world.job}/invite/{world.aino}").status_code == 403
    auth.logout()

    auth.login(AINO)
    client.post(f"/messages/organisations/{world.organisation}/unblock")
    assert "You have not blocked any organisation." in _page(client.get("/messages/blocked"))
    auth.logout()
    auth.login(ERIK)
    assert "Aino Open" in _page(client.get(f"/employers/jobs/{world.job}/candidates"))
    assert client.post(f"/messages/threads/{thread_id}", data={"body": "Hi"}).status_code == 302
    with app.app_context():
        assert _count(OrganisationBlock) == 0


def test_blocking_an_unknown_organisation_is_not_found(app, client, auth, world):
    auth.login(AINO)
    assert client.post("/messages/organisations/999999/block").status_code == 404
    auth.logout()
    auth.login(ERIK)
    assert client.post(f"/messages/organisations/{world.organisation}/block").status_code == 403


# --- Erasure -------------------------------------------------------------------------------------


def test_an_erased_recruiters_messages_stay_with_the_organisation(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    thread_id = _thread_id(app, world.aino)
    client.post(f"/messages/threads/{thread_id}", data={"body": "Welcome to the interview."})
    auth.logout()
    with app.app_context():
        erik = db.session.scalar(select(User).where(User.email == ERIK))
        erasure.erase_own_account(erik, DEFAULT_PASSWORD)
        message = db.session.scalar(select(Message))
        assert message.sender_id is None and message.body == "Welcome to the interview."
        assert db.session.scalar(select(Invitation)).invited_by_id is None

    auth.login(AINO)
    page = _page(client.get(f"/messages/threads/{thread_id}"))
    assert "Welcome to the interview." in page and "Erik Employer" not in page


def test_an_erased_graduates_conversations_are_deleted_with_both_sides(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    thread_id = _thread_id(app, world.aino)
    client.post(f"/messages/threads/{thread_id}", data={"body": "Dear Aino"})
    auth.logout()
    auth.login(AINO)
    client.post(f"/messages/threads/{thread_id}", data={"body": "Hello Erik"})
    auth.logout()
    with app.app_context():
        erasure.erase_own_account(db.session.get(User, world.aino), DEFAULT_PASSWORD)
        assert (_count(Message), _count(MessageThread), _count(Invitation)) == (0, 0, 0)
    auth.login(ERIK)
    assert client.get(f"/messages/threads/{thread_id}").status_code == 404


# --- Email ---------------------------------------------------------------------------------------


def test_the_invitation_email_reaches_the_graduate_with_the_note_and_link(
    app, client, auth, world, smtp_server
):
    from talentmatch.services import mail

    auth.login(ERIK)
    _invite(client, world, world.aino, note="We liked your thesis.")
    with app.app_context():
        mail.deliver_pending()
    [message] = smtp_server.to(AINO)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Nordic Data Oy invites you to apply for “Data analyst”."
    text = mailbox.body(message)
    assert "We liked your thesis." in text
    assert f"/messages/threads/{_thread_id(app, world.aino)}" in text


# --- At the same moment --------------------------------------------------------------------------


def test_twenty_invitations_and_replies_at_once_make_one_each(app, client, world):
    from tests.functional.test_races import _all_at_once, _signed_in_clients

    clients = _signed_in_clients(app, client, ERIK, 20)
    responses = _all_at_once(clients, lambda one: _invite(one, world, world.aino))
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    thread_id = _thread_id(app, world.aino)
    form = {"body": "One message only", "submission_token": "b" * 32}
    responses = _all_at_once(
        clients, lambda one: one.post(f"/messages/threads/{thread_id}", data=form)
    )
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    with app.app_context():
        assert _count(Invitation) == 1 and _count(MessageThread) == 1
        assert _count(Message) == 1
        kinds = db.session.scalars(select(Notification.kind).order_by(Notification.id)).all()
        assert kinds == [NotificationKind.INVITATION, NotificationKind.MESSAGE]


def test_control_characters_and_huge_ids_are_handled(app, client, auth, world):
    auth.login(ERIK)
    assert _invite(client, world, world.aino, note="Hello\x00 there").status_code == 302
    thread_id = _thread_id(app, world.aino)
    sent = client.post(f"/messages/threads/{thread_id}", data={"body": "Nul\x00 byte"})
    assert sent.status_code == 302
    huge = "9" * 20
    for url in (
        f"/messages/threads/{huge}",
        f"/messages/applications/{huge}",
        f"/messages/jobs/{huge}/invite/{huge}",
    ):
        assert client.get(url).status_code == 404, url
    with app.app_context():
        assert db.session.scalar(select(Message.body)) == "Nul byte"
        assert db.session.scalar(select(Invitation.note)) == "Hello there"


def test_a_graduate_blocks_an_organisation_from_its_invitation(app, client, auth, world):
    auth.login(ERIK)
    _invite(client, world, world.aino)
    auth.logout()
    auth.login(AINO)
    inbox = _page(client.get("/messages/"))
    assert "Block Nordic Data Oy" in inbox
    blocked = client.post(
        f"/messages/organisations/{world.organisation}/block", data={"next": "/messages/"}
    )
    assert blocked.headers["Location"] == "/messages/"
    assert "Unblock Nordic Data Oy" in _page(client.get("/messages/"))
    # An outside address as where to go next is not followed.
    away = client.post(
        f"/messages/organisations/{world.organisation}/unblock",
        data={"next": "https://evil.example/"},
    )
    assert away.headers["Location"] == "/messages/blocked"
