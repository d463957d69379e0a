"""A live server on a free local port and a real headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from tests.browser.journey import ARRIVES_IN, BROWSER_LOCALES, HEIGHT, WIDTHS, Journey, Screenshots

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Assertions wait this long for a page to get there: on a busy 2-core machine running two
# workers, a page that takes a second alone can take several.
expect.set_options(timeout=15_000)


def _buffered(app: Flask) -> WSGIApplication:
    """The app with each response read whole and its iterable closed before it is sent.

    Werkzeug's development server closes a response's iterable only after draining the rest of
    the request; when Chromium has dropped the connection (a navigation cancels a script's load)
    that read fails first, and a static file's handle stays open until the garbage collector
    complains. Pages here are small, so buffering them changes nothing else."""

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()

    return serve


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # Chromium's own network features would try hosts this machine cannot reach.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots(app: Flask, request: pytest.FixtureRequest) -> Screenshots:
    """The journeys' screenshots, in the app's instance folder (never committed)."""
    workerinput = getattr(request.config, "workerinput", None)
    return Screenshots(Path(app.instance_path) / "screenshots", Screenshots.run_id(workerinput))


@pytest.fixture
def start_journey(
    browser: Browser, live_server: str, app: Flask, screenshots: Screenshots
) -> Iterator[Callable[[str, str], Journey]]:
    """Opens a fresh browser for a role's journey in a language, arriving in another language
    (the browser's Accept-Language) so the journey can switch to its own."""
    contexts: list[BrowserContext] = []

    def start(role: str, lang: str) -> Journey:
        context = browser.new_context(
            base_url=live_server,
            locale=BROWSER_LOCALES[ARRIVES_IN[lang]],
            viewport={"width": WIDTHS[0], "height": HEIGHT},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return Journey(page, app, lang, role, screenshots)

    yield start
    for context in contexts:
        context.close()
