"""A person's way through the app in one interface language, in a real browser.

Every page a journey visits is checked with axe-core and for sideways scrolling at a desktop
and a phone width; its main pages are photographed at both widths for people to look at
(instance/screenshots/<lang>/<role>-<page>-<width>.png, listed in instance/screenshots/index.html);
and the interface text a test looks for comes from the app's own catalogue in that language, so
the journeys pass whether or not a string has been translated yet.
"""

from __future__ import annotations

import fcntl
import html
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask_babel import force_locale, gettext, ngettext
from playwright.sync_api import Locator, Page, Response, expect

from tests.browser import axe
from tests.factories import DEFAULT_PASSWORD

WIDTHS = (1280, 375)
HEIGHT = 900
LANGUAGES = ("en", "fi", "sv")
# Each journey arrives in another language and switches to its own with the header's switcher.
ARRIVES_IN = {"en": "fi", "fi": "en", "sv": "fi"}
BROWSER_LOCALES = {"en": "en-GB", "fi": "fi-FI", "sv": "sv-FI"}
LANGUAGE_NAMES = {"en": "English", "fi": "Suomi", "sv": "Svenska"}
ROLES = ("graduate", "employer", "career-services", "admin")


class Words:
    """The app's interface text in one language, as its gettext catalogue has it now."""

    def __init__(self, app: Flask, lang: str) -> None:
        self.app = app
        self.lang = lang

    @contextmanager
    def _in_language(self) -> Iterator[None]:
        with self.app.test_request_context(), force_locale(self.lang):
            yield

    def __call__(self, msgid: str, **variables: object) -> str:
        with self._in_language():
            return gettext(msgid, **variables)

    def plural(self, singular: str, plural: str, num: int, **variables: object) -> str:
        with self._in_language():
            return ngettext(singular, plural, num, **variables)

    def label(self, value: object) -> str:
        """A label the app words lazily (an enum's `.label`), as this language shows it."""
        with self._in_language():
            return str(getattr(value, "label", value))


class Screenshots:
    """Full-page screenshots under the app's instance folder, and an index.html listing them.

    The folder is emptied once per test run (a marker file holds the run's id, shared by the
    pytest-xdist workers of one run), and the index is rewritten after each journey under a
    lock, so it lists every picture whichever worker finishes last."""

    def __init__(self, root: Path, run_id: str) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        with self._locked():
            marker = root / ".run"
            if not marker.exists() or marker.read_text() != run_id:
                for child in root.iterdir():
                    if child.is_dir():
                        shutil.rmtree(child)
                    elif child.name not in (".lock",):
                        child.unlink()
                marker.write_text(run_id)

    @staticmethod
    def run_id(workerinput: dict[str, object] | None) -> str:
        """The id pytest-xdist gives every worker of one run, or a new one without xdist."""
        if workerinput and "testrunuid" in workerinput:
            return str(workerinput["testrunuid"])
        return uuid.uuid4().hex

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def take(self, page: Page, lang: str, name: str) -> None:
        target = self.root / lang / name
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)

    def write_index(self) -> None:
        with self._locked():
            sections = []
            for lang in LANGUAGES:
                folder = self.root / lang
                pictures = sorted(folder.glob("*.png")) if folder.is_dir() else []
                if not pictures:
                    continue
                sections.append(f'<section lang="{lang}"><h2>{LANGUAGE_NAMES[lang]}</h2>')
                for role in ROLES:
                    mine = [p for p in pictures if p.stem.startswith(f"{role}-")]
                    if mine:
                        items = "\n".join(
                            f'<li><a href="{lang}/{html.escape(p.name)}"><img alt="" '
                            f'loading="lazy" src="{lang}/{html.escape(p.name)}"></a><br>'
                            f"{html.escape(p.stem.removeprefix(role + '-'))} px</li>"
                            for p in mine
                        )
                        sections.append(f"<h3>{role}</h3><ul>\n{items}\n</ul>")
                sections.append("</section>")
            page = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                "<title>TalentMatch journeys: screenshots</title><style>"
                "body{font-family:sans-serif;margin:1rem}ul{list-style:none;padding:0;display:flex;"
                "flex-wrap:wrap;gap:1rem}li{width:16rem;font-size:.85rem}"
                "img{width:16rem;max-height:20rem;object-fit:cover;object-position:top;"
                "border:1px solid #999}</style></head><body>"
                "<h1>TalentMatch journeys: screenshots</h1>"
                "<p>Each role's main pages in each language, at 1280 px and 375 px wide, "
                "taken by the browser tests (tests/browser/test_journeys.py). "
                "Open a picture to see the whole page.</p>" + "\n".join(sections) + "</body></html>"
            )
            temporary = self.root / f".index-{os.getpid()}.html"
            temporary.write_text(page, encoding="utf-8")
            temporary.replace(self.root / "index.html")


class Journey:
    """One role's way through the app in one language, in one browser page."""

    def __init__(
        self, page: Page, app: Flask, lang: str, role: str, screenshots: Screenshots
    ) -> None:
        self.page = page
        self.app = app
        self.lang = lang
        self.role = role
        self.words = Words(app, lang)
        self.screenshots = screenshots
        self.problems: dict[str, list[str]] = {}
        self.errors: list[str] = []
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.errors.append(f"{response.status} from {response.request.method} {response.url}")

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def check(self, name: str | None = None) -> None:
        """Check the page as it is now at each width: in this journey's language, no serious
        axe-core violation, not wider than the screen; photograph it at each width if named."""
        page = self.page
        page.wait_for_load_state("load")
        self.expect_chrome()
        where = f"{name or 'page'} ({self.path})"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            found = axe.problems(page, width)
            if found:
                self.problems[f"{where} at {width} px"] = found
            if name:
                self.screenshots.take(page, self.lang, f"{self.role}-{name}-{width}.png")
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})

    def finish(self) -> None:
        """Every page passed, no request failed on the server and no script failed."""
        self.screenshots.write_index()
        report = [*self.errors]
        for where, found in self.problems.items():
            report.append(f"{where}:")
            report.extend(f"  {problem}" for problem in found)
        assert not report, f"{self.role} in {self.lang}:\n" + "\n".join(report)

    # The header: navigation, language switcher, log in and out.

    def nav(self) -> Locator:
        return self.page.get_by_role("navigation", name=self.words("Main"))

    def arrive(self, path: str = "/") -> None:
        """Open `path` in the language the browser asks for, then switch to this journey's
        language with the header's switcher: the page is the same, its interface changes."""
        page = self.page
        page.goto(path)
        before = page.url
        assert page.get_attribute("html", "lang") == ARRIVES_IN[self.lang]
        switcher = page.locator("form[data-language-switcher]")
        expect(
            switcher.locator(f"button[name=locale][value={ARRIVES_IN[self.lang]}]")
        ).to_have_attribute("aria-current", "true")
        switcher.locator(f"button[name=locale][value={self.lang}]").click()
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        assert page.url == before
        expect(switcher.locator(f"button[name=locale][value={self.lang}]")).to_have_attribute(
            "aria-current", "true"
        )
        self.expect_chrome()

    def expect_chrome(self) -> None:
        """The page's own chrome is in this journey's language, as far as it is translated."""
        page, w = self.page, self.words
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        expect(page.locator("a.skip-link")).to_have_text(w("Skip to content"))
        expect(self.nav().locator("a[href='/opportunities/']")).to_have_text(w("Opportunities"))
        expect(page.locator("footer a[href='/accessibility']")).to_have_text(w("Accessibility"))
        assert page.title().endswith(f" · {w('TalentMatch')}"), page.title()

    def log_in(self, email: str, password: str = DEFAULT_PASSWORD) -> None:
        w = self.words
        self.nav().get_by_role("link", name=w("Log in")).click()
        self.check("login")
        form = self.page.locator("main form[method=post]")
        form.locator("input[name=email]").fill(email)
        form.locator("input[name=password]").fill(password)
        form.get_by_role("button", name=w("Log in")).click()
        expect(self.nav().get_by_role("button", name=w("Log out"))).to_be_visible()
        self.expect_chrome()

    def log_out(self) -> None:
        w = self.words
        self.nav().get_by_role("button", name=w("Log out")).click()
        expect(self.nav().get_by_role("link", name=w("Log in"))).to_be_visible()
        self.check()

    def flash(self) -> Locator:
        return self.page.locator(".flashes")

    def pick_skill(self, picker: Locator, typed: str, skill_id: int) -> None:
        """Type into a skill picker and choose the ESCO skill with the mouse."""
        box = picker.get_by_role("combobox")
        box.press_sequentially(typed, delay=20)
        option = picker.locator(f"[role=option][data-id='{skill_id}']")
        option.click()
        expect(picker.locator(f"input[type=checkbox][value^='esco:{skill_id}:']")).to_be_checked()


def sign_in(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in through the login page in whatever language it is shown (by field names)."""
    page.goto("/auth/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)
