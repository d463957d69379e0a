"""Every interface string reaches the catalogue and is worded when the page is shown.

Every string `make messages` extracts is given a marked "Finnish" translation; a Finnish user's
forms must then show no interface word unmarked: labels, legends, help, choices, buttons and
the error summary included. A string left out of extraction, or worded once at import time
(a form's choices), would stay English however well the catalogue is translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask

from talentmatch.extensions import babel
from talentmatch.form_fields import language_names
from talentmatch.models import Role
from talentmatch.models.enums import MUNICIPALITIES, CEFRLevel
from tests.factories import (
    DEFAULT_PASSWORD,
    make_career_services,
    make_employer,
    make_organisation,
    make_university,
    make_user,
)
from tests.pseudo_translation import build_catalogue

MARK = "‹fi›"
# The texts a page shows that are not interface strings: data, and names in their own language.
NOT_INTERFACE = {
    *MUNICIPALITIES,
    *(level.name for level in CEFRLevel),
    *language_names("fi").values(),
    *(name.capitalize() for name in language_names("fi").values()),  # a language as a choice
    "English",
    "Suomi",
    "Svenska",
    "TalentMatch",
    "University of Helsinki",
    "*",
}


@pytest.fixture(scope="module")
def marked_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Finnish catalogue translating every extracted string as MARK + the English text."""
    return build_catalogue(tmp_path_factory.mktemp("translations"), lambda text: MARK + text)


class _InterfaceTexts(HTMLParser):
    """The texts of the elements that word the interface: headings, labels, legends, help,
    choices, buttons, table headers and the error summary."""

    TAGS = {"h1", "h2", "h3", "label", "legend", "option", "button", "th", "summary"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[list[str]] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        collect = tag in self.TAGS or "help" in classes or "error-links" in classes
        if tag in ("input", "br", "img", "meta", "link"):
            return
        self._stack.append(collect)
        if collect:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("input", "br", "img", "meta", "link") or not self._stack:
            return
        if self._stack.pop():
            text = " ".join("".join(self._open.pop()).split())
            if text:
                self.texts.append(text)

    def handle_data(self, data: str) -> None:
        for part in self._open:
            part.append(data)


def _unmarked(html: str) -> list[str]:
    parser = _InterfaceTexts()
    parser.feed(html)
    return sorted({t for t in parser.texts if MARK not in t and t not in NOT_INTERFACE})


@pytest.fixture
def finnish_app(make_app, marked_catalogue: Path) -> Iterator[Flask]:
    # Flask-Babel keeps loaded catalogues per language, not per folder, for every app of the
    # process: forget the real ones before, and the marked ones after, these tests.
    finnish = make_app(BABEL_TRANSLATION_DIRECTORIES=str(marked_catalogue), WTF_CSRF_ENABLED=False)
    with finnish.app_context():
        babel.domain_instance.cache.clear()
    yield finnish
    with finnish.app_context():
        babel.domain_instance.cache.clear()


def _client_as(finnish_app: Flask, email: str):
    client = finnish_app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def test_a_finnish_graduates_profile_form_is_worded_from_the_catalogue(app, finnish_app):
    with app.app_context():
        make_university("University of Helsinki")
        make_user(Role.GRADUATE, "aino@example.com", locale="fi")
    client = _client_as(finnish_app, "aino@example.com")

    page = client.get("/graduates/profile/edit").get_data(as_text=True)
    assert 'lang="fi"' in page
    assert _unmarked(page) == []
    assert '<option value="en">englanti</option>' in page  # language names in Finnish

    sent_back = client.post("/graduates/profile/edit", data={"headline": "Analyytikko"})
    assert sent_back.status_code == 400
    assert _unmarked(sent_back.get_data(as_text=True)) == []


def test_a_finnish_employers_job_form_and_its_errors_are_worded_from_the_catalogue(
    app, finnish_app
):
    with app.app_context():
        make_employer(make_organisation("Nordic Data Oy"), "erik@example.fi", locale="fi")
    client = _client_as(finnish_app, "erik@example.fi")

    assert _unmarked(client.get("/employers/jobs/new").get_data(as_text=True)) == []
    sent_back = client.post("/employers/jobs/new", data={"title": "", "publish": "1"})
    assert sent_back.status_code == 400
    page = sent_back.get_data(as_text=True)
    assert f"{MARK}Please correct the errors below." in page
    assert _unmarked(page) == []


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.CAREER_SERVICES, "/career-services/graduates"),
        (Role.CAREER_SERVICES, "/opportunities/new/programme"),
        (Role.CAREER_SERVICES, "/opportunities/new/event"),
        (Role.CAREER_SERVICES, "/career-services/analytics/"),
        (Role.ADMIN, "/admin/opportunities"),
        (Role.ADMIN, "/admin/users"),
        (Role.ADMIN, "/admin/audit"),
        (Role.ADMIN, "/admin/users/new"),
        (Role.GRADUATE, "/opportunities/"),
        (None, "/auth/register"),
        (None, "/auth/login"),
        (Role.GRADUATE, "/notifications/preferences"),
        (Role.GRADUATE, "/auth/account"),
    ],
)
def test_other_forms_are_worded_from_the_catalogue(app, finnish_app, role: Role | None, path: str):
    with app.app_context():
        university = make_university("University of Helsinki")
        if role is Role.CAREER_SERVICES:
            make_career_services(university, "k@uh.fi", locale="fi")
        elif role is not None:
            make_user(role, "k@uh.fi", locale="fi")
    if role is None:  # a visitor whose browser asks for Finnish
        client = finnish_app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fi-FI,fi;q=0.9"
    else:
        client = _client_as(finnish_app, "k@uh.fi")

    response = client.get(path)
    assert response.status_code == 200
    assert _unmarked(response.get_data(as_text=True)) == []
