"""The interface language: Accept-Language by default, a switcher that is remembered per account and
in a cookie for visitors, and every page, form message and email in the chosen language."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import User
from tests.factories import DEFAULT_PASSWORD, make_graduate

COOKIE = "talentmatch_language"


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_the_browsers_language_is_the_default(client):
    assert '<html lang="en">' in _page(client.get("/"))
    finnish = _page(client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"}))
    assert '<html lang="fi">' in finnish
    assert ">Mahdollisuudet</a>" in finnish and "Siirry sisältöön" in finnish
    swedish = _page(client.get("/", headers={"Accept-Language": "sv-FI"}))
    assert '<html lang="sv">' in swedish and ">Möjligheter</a>" in swedish
    # A language the service does not offer falls back to English.
    assert '<html lang="en">' in _page(client.get("/", headers={"Accept-Language": "de"}))


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client):
    page = _page(client.get("/", headers={"Accept-Language": "sv"}))
    assert 'value="fi" lang="fi"' in page and ">Suomi</button>" in page
    assert 'value="sv" lang="sv" class="link-button" aria-current="true">Svenska' in page
    assert 'value="en" lang="en" class="link-button">English' in page


def test_a_visitors_choice_comes_back_to_the_same_page_and_is_kept_in_a_cookie(client):
    response = client.post(
        "/language", data={"locale": "sv", "next": "/opportunities/?q=data&kind=job"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/opportunities/?q=data&kind=job"
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and cookie.value == "sv"
    # The choice wins over what the browser asks for.
    page = _page(client.get("/opportunities/", headers={"Accept-Language": "fi"}))
    assert '<html lang="sv">' in page


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_address(client):
    refused = client.post("/language", data={"locale": "de", "next": "/"})
    assert refused.status_code == 400
    assert "Choose one of the languages offered." in _page(refused)
    assert client.get_cookie(COOKIE) is None
    elsewhere = client.post("/language", data={"locale": "fi", "next": "//evil.example/x"})
    assert elsewhere.status_code == 303 and elsewhere.headers["Location"] == "/"


def test_a_signed_in_users_choice_is_kept_on_the_account(app, client, auth):
    with app.app_context():
        make_graduate(email="aino@example.com")
    auth.login("aino@example.com")
    client.post("/language", data={"locale": "fi", "next": "/graduates/profile"})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "aino@example.com"))
        assert user.locale == "fi"
    # Another browser, no cookie, an English-speaking browser: the account's choice still counts.
    other = app.test_client()
    signed_in = other.post(
        "/auth/login",
        data={"email": "aino@example.com", "password": DEFAULT_PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert signed_in.status_code in (302, 303)
    page = _page(other.get("/graduates/profile", headers={"Accept-Language": "en"}))
    assert '<html lang="fi">' in page and "Oma profiili" in page


def test_an_account_keeps_the_language_it_was_made_in(app, client):
    client.post(
        "/auth/register",
        data={
            "full_name": "Sofia Lindqvist",
            "email": "sofia@example.com",
            "password": "winter harbour lights",
            "confirm": "winter harbour lights",
            "role": "graduate",
            "university_id": "0",
        },
        headers={"Accept-Language": "sv-FI"},
    )
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "sofia@example.com"))
        assert user is not None and user.locale == "sv"


def test_form_messages_are_in_the_chosen_language_wtforms_own_too(client):
    finnish = {"Accept-Language": "fi"}
    empty = _page(client.post("/auth/login", data={"email": "", "password": ""}, headers=finnish))
    assert "Korjaa alla olevat virheet." in empty
    assert "Anna sähköpostiosoitteesi." in empty
    assert "Please enter your email address." not in empty
    # WTForms' own message for a value that is too long, from its Finnish catalogue.
    long = _page(
        client.post(
            "/auth/login", data={"email": "a@example.com", "password": "x" * 5000}, headers=finnish
        )
    )
    assert "Field cannot be longer than" not in long
    assert "Ei voi olla pidempi kuin" in long


def test_a_notification_keeps_the_language_it_was_written_in_and_says_so(app, client, auth):
    from flask_babel import gettext

    from talentmatch.models import NotificationKind
    from talentmatch.services import notifications
    from talentmatch.services.notifications import Notice

    with app.app_context():
        user = make_graduate(email="aino@example.com")
        user.locale = "fi"
        db.session.commit()
        with app.test_request_context():
            notifications.notify(
                user,
                NotificationKind.MESSAGE,
                "/notifications/",
                lambda: Notice(gettext("Notifications"), "s", "b"),
            )
            db.session.commit()
    auth.login("aino@example.com")
    finnish = _page(client.get("/notifications/"))
    assert ">Ilmoitukset</a>" in finnish and 'lang="fi">Ilmoitukset' not in finnish
    client.post("/language", data={"locale": "en", "next": "/notifications/"})
    english = _page(client.get("/notifications/"))
    assert '<html lang="en">' in english
    assert 'lang="fi">Ilmoitukset</a>' in english  # as written, marked as Finnish


def test_the_download_limit_is_written_in_the_readers_language(app, client, auth):
    with app.app_context():
        make_graduate(email="aino@example.com")
    auth.login("aino@example.com")
    english = _page(client.get("/privacy/account"))
    assert "You can download your data at most 5 times an hour." in english
    client.post("/language", data={"locale": "fi", "next": "/privacy/account"})
    assert "Voit ladata tietosi enintään 5 kertaa tunnissa." in _page(
        client.get("/privacy/account")
    )
    client.post("/language", data={"locale": "sv", "next": "/privacy/account"})
    assert "Du kan ladda ner dina uppgifter högst 5 gånger i timmen." in _page(
        client.get("/privacy/account")
    )


def test_a_language_picked_before_logging_in_becomes_the_accounts(app, client, auth):
    with app.app_context():
        make_graduate(email="aino@example.com")  # made in English
    client.post("/language", data={"locale": "sv", "next": "/auth/login"})
    auth.login("aino@example.com")
    page = _page(client.get("/graduates/profile"))
    assert '<html lang="sv">' in page and "Min profil" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "aino@example.com"))
        assert user.locale == "sv"
