"""Translations are longer than English: with every interface word half as long again (a stand-in
Finnish catalogue), each role's pages still fit a 320 px screen, no text is squeezed into a
column too narrow to read, and axe-core finds nothing serious."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser
from sqlalchemy import update
from werkzeug.serving import make_server

from talentmatch.extensions import babel, db
from talentmatch.models import User
from tests.browser import axe
from tests.browser.journey import sign_in
from tests.browser.test_accessibility import PAGES, world  # noqa: F401  (a fixture)
from tests.pseudo_translation import build_catalogue, longer_words

WIDTH = 320


@pytest.fixture(scope="module")
def long_words_catalogue(tmp_path_factory: pytest.TempPathFactory):
    return build_catalogue(tmp_path_factory.mktemp("translations"), longer_words)


@pytest.fixture
def finnish_server(make_app, long_words_catalogue) -> Iterator[str]:
    """The app with the long-words catalogue, served on a port of its own."""
    finnish = make_app(BABEL_TRANSLATION_DIRECTORIES=str(long_words_catalogue))
    # Flask-Babel keeps loaded catalogues per language for every app of the process: forget the
    # real Finnish one before, and the long-words one after, this test.
    with finnish.app_context():
        babel.domain_instance.cache.clear()
    server = make_server("127.0.0.1", 0, finnish, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with finnish.app_context():
        babel.domain_instance.cache.clear()


@pytest.mark.parametrize("who", list(PAGES), ids=lambda who: (who or "visitor").split("@")[0])
def test_every_page_of_a_role_fits_a_phone_with_longer_words(
    app: Flask,
    browser: Browser,
    finnish_server: str,
    world: None,  # noqa: F811  (the fixture imported above)
    who: str | None,
):
    with app.app_context():
        db.session.execute(update(User).values(locale="fi"))
        db.session.commit()
    context = browser.new_context(
        base_url=finnish_server, locale="fi-FI", viewport={"width": WIDTH, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        if who is not None:
            sign_in(page, who)
        problems = {}
        for path in PAGES[who]:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            assert page.get_attribute("html", "lang") == "fi"
            found = axe.problems(page, WIDTH)
            if found:
                problems[path] = found
        assert problems == {}
    finally:
        context.close()
