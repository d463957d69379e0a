"""Every role's main pages run under the Content-Security-Policy in Chromium without a single
violation, and the skill picker still works with inline script and style forbidden."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, expect

from talentmatch.models import Role
from talentmatch.recommender.language import language_models
from tests.factories import (
    DEFAULT_PASSWORD,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

# Collected by the page itself: the event fires for every blocked script, style, frame or form.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


class Violations:
    """What the browser reported as blocked by the policy, from the event and the console."""

    def __init__(self, page: Page) -> None:
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def on(self, page: Page) -> list[str]:
        return [*page.evaluate("window.__cspViolations"), *self.console]


def _log_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def _visit(page: Page, violations: Violations, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert violations.on(page) == [], path


def _pick_skill(page: Page, typed: str, label: str, picker: int = 0) -> None:
    box = page.get_by_role("combobox", name="Add a skill").nth(picker)
    box.press_sequentially(typed, delay=30)
    page.get_by_role("option", name=label).click()
    expect(page.get_by_role("checkbox", name=label).nth(0)).to_be_checked()


def test_every_roles_main_pages_run_without_a_policy_violation(app: Flask, page: Page):
    with app.app_context():
        make_skills()
        university = make_university("University of Helsinki")
        organisation = make_organisation("Nordic Data Oy")
        organisation.verified = True
        job = make_job(organisation, title="Data Analyst")
        make_graduate(email="grace@example.com", full_name="Grace Graduate")
        make_user(Role.EMPLOYER, "erik@example.com", organisation=organisation)
        make_user(Role.CAREER_SERVICES, "cara@example.com", university=university)
        make_user(Role.ADMIN, "ada@example.com")
        job_id = job.id
    language_models()  # as after the app's warm-up, so "For you" answers within the timeout
    violations = Violations(page)

    _visit(page, violations, ["/", "/about", "/opportunities/", f"/opportunities/{job_id}"])
    _visit(page, violations, ["/auth/login", "/auth/register"])

    _log_in(page, "grace@example.com")
    _visit(page, violations, ["/graduates/profile/edit", "/graduates/for-you", "/graduates/saved"])
    page.goto("/graduates/profile/edit")
    _pick_skill(page, "pyth", "Python (computer programming)")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Python (computer programming)").first).to_be_visible()
    assert violations.on(page) == []
    _log_out(page)

    _log_in(page, "erik@example.com")
    _visit(
        page,
        violations,
        ["/employers/", "/employers/jobs/new", f"/employers/jobs/{job_id}/candidates"],
    )
    page.goto("/employers/jobs/new")
    _pick_skill(page, "sql", "SQL", picker=0)
    _pick_skill(page, "koneopp", "machine learning", picker=1)
    assert violations.on(page) == []
    _log_out(page)

    _log_in(page, "cara@example.com")
    _visit(page, violations, ["/career-services/", "/opportunities/new/programme"])
    _pick_skill(page, "project", "project management")
    assert violations.on(page) == []
    _log_out(page)

    _log_in(page, "ada@example.com")
    _visit(page, violations, ["/admin/", "/admin/users", "/admin/organisations"])


def test_an_inline_script_would_be_blocked_and_reported(page: Page):
    """The watcher above sees real violations: a script injected into a page is refused."""
    violations = Violations(page)
    page.goto("/about")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__ranInline = true;";
          document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ranInline === undefined")
    assert any(v.startswith("script-src") for v in violations.on(page))
