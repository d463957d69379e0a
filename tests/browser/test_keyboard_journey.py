"""The graduate's journey with the keyboard alone: after the first page is opened, every step is
a key press (Tab, Shift+Tab, Enter, Space, arrows, typing). At every stop of the focus, the
focused element is on screen, not covered, and visibly marked as focused."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.journey import Words
from tests.browser.test_journeys import _graduate_world
from tests.factories import DEFAULT_PASSWORD

# What the focused element looks like, compared with the same element unfocused: a shallow
# copy of it put next to it for a moment has its classes and attributes but not the focus.
# Also whether it is on screen and not covered by something else at its centre.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const keys = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "borderTopColor",
                "borderBottomColor", "backgroundColor", "color", "textDecorationLine"];
  const look = (style) => Object.fromEntries(keys.map(k => [k, style[k]]));
  const focused = look(getComputedStyle(el));
  const copy = el.cloneNode(false);
  // Without its id and name, a copy of a checked radio button leaves its group alone.
  copy.removeAttribute("id");
  copy.removeAttribute("name");
  el.after(copy);
  const unfocused = look(getComputedStyle(copy));
  copy.remove();
  const changed = keys.filter(k => focused[k] !== unfocused[k]);
  const outlined = focused.outlineStyle !== "none" && parseFloat(focused.outlineWidth) > 0;
  const box = el.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const label = el.closest("label");
  const uncovered = !!top
    && (el.contains(top) || top.contains(el) || (!!label && label.contains(top)));
  const name = el.getAttribute("aria-label") || el.innerText || el.value || el.name || "";
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.name ? `[name=${el.name}]` : "")
      + (el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : ""),
    name: name.trim().slice(0, 40),
    visible: onScreen && getComputedStyle(el).visibility !== "hidden",
    uncovered,
    indicated: (outlined && changed.some(k => k.startsWith("outline")))
      || changed.includes("boxShadow")
      || changed.some(k => k.startsWith("border") || k === "backgroundColor"),
  };
}"""


@dataclass
class Keyboard:
    """Moves through a page with the keyboard alone, checking every stop of the focus."""

    page: Page
    problems: list[str] = field(default_factory=list)
    stops: int = 0

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUS_STATE)

    def check(self) -> dict:
        state = self.focused()
        assert state is not None, "the focus is lost (on the page itself)"
        self.stops += 1
        where = f"{state['element']} “{state['name']}” on {self.page.url}"
        if not state["visible"]:
            self.problems.append(f"focused but off screen or invisible: {where}")
        elif not state["uncovered"]:
            self.problems.append(f"focused but covered by another element: {where}")
        if not state["indicated"]:
            self.problems.append(f"focused without a visible focus indicator: {where}")
        return state

    def is_at(self, selector: str) -> bool:
        return self.page.evaluate(
            "(selector) => !!document.activeElement && document.activeElement.matches(selector)",
            selector,
        )

    def tab_to(self, selector: str, backwards: bool = False, limit: int = 120) -> None:
        """Press Tab (or Shift+Tab) until the element matching `selector` has the focus."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            self.page.keyboard.press(key)
            if self.focused() is not None:
                self.check()
            if self.is_at(selector):
                return
        raise AssertionError(f"{selector} not reached with {key} on {self.page.url}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=15)

    def arrow_to_value(self, value: str, key: str = "ArrowDown", limit: int = 60) -> None:
        """Arrow through a select or a radio group until its value is `value`."""
        for _ in range(limit):
            if self.page.evaluate("document.activeElement.value") == value and self.page.evaluate(
                "document.activeElement.type !== 'radio' || document.activeElement.checked"
            ):
                self.check()
                return
            self.press(key)
        raise AssertionError(f"{value} not reached with {key}")


def test_a_graduate_logs_in_builds_the_profile_saves_and_applies_with_the_keyboard_alone(
    app: Flask, page: Page, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    world = _graduate_world(app, "en")
    w = Words(app, "en")
    keys = Keyboard(page)

    page.goto("/")
    # The first stop is the skip link, shown when focused; it moves the focus to the content.
    keys.press("Tab")
    assert keys.is_at("a.skip-link")
    keys.check()
    keys.press("Enter")
    assert keys.is_at("main#main")

    # Log in: back up into the header to the link, then the form.
    keys.tab_to("a[href='/auth/login']", backwards=True)
    keys.press("Enter")
    page.wait_for_url("**/auth/login")
    keys.tab_to("input[name=email]")
    keys.type(world.email)
    keys.tab_to("input[name=password]")
    keys.type(DEFAULT_PASSWORD)
    keys.tab_to("main button[type=submit]")
    keys.press("Enter")
    page.wait_for_url(lambda url: "/auth/login" not in url)

    # The profile, with the skill picker, a language, the permit and a municipality.
    keys.tab_to("main a[href='/graduates/profile/edit']")
    keys.press("Enter")
    page.wait_for_url("**/graduates/profile/edit")
    keys.tab_to("input[name=headline]")
    keys.type("Data analyst")
    keys.tab_to("input[name=skills-typed]")
    for typed, skill in (("sql", world.sql), ("pyth", world.python)):
        keys.type(typed)
        expect(page.locator(f"[role=option][data-id='{skill}']")).to_be_visible()
        while not page.evaluate(
            "(id) => document.activeElement.getAttribute('aria-activedescendant') !== null &&"
            " document.getElementById(document.activeElement.getAttribute("
            "'aria-activedescendant')).dataset.id === String(id)",
            skill,
        ):
            keys.press("ArrowDown")
        keys.press("Enter")
        expect(page.locator(f"input[name=skills][value^='esco:{skill}:']")).to_be_checked()
        keys.check()
    keys.tab_to("select[name='languages-0-code']")
    keys.arrow_to_value("en")
    keys.tab_to("select[name='languages-0-level']")
    keys.arrow_to_value("C1")
    keys.tab_to("input[name=municipalities][value=Helsinki]")
    keys.press("Space")
    expect(page.locator("input[name=municipalities][value=Helsinki]")).to_be_checked()
    keys.tab_to("input[name=work_permit]")
    if not page.evaluate("document.activeElement.checked"):
        keys.press("Space")
    keys.arrow_to_value("permit_allows_work")
    keys.tab_to("input[name=visibility]")
    if not page.evaluate("document.activeElement.checked"):
        keys.press("Space")
    keys.arrow_to_value("employers")
    keys.tab_to("p.actions button[type=submit]")
    keys.press("Enter")
    page.wait_for_url("**/graduates/profile")
    expect(page.locator(".flashes")).to_contain_text(w("Your profile is saved."))

    # For you: save the job; the focus stays on its button, which now says it is saved.
    keys.tab_to("a[href='/graduates/for-you']")
    keys.press("Enter")
    page.wait_for_url("**/graduates/for-you")
    keys.tab_to(f"#save-{world.job}")
    keys.press("Enter")
    expect(page.locator(".flashes")).to_contain_text(w("Saved “%(title)s”.", title="Data analyst"))
    expect(page.locator(f"#save-{world.job}")).to_be_focused()
    expect(page.locator(f"#save-{world.job}")).to_contain_text(w("Saved ✓ (remove)"))
    keys.check()

    # Apply: the job's Apply link is just before its Save button.
    keys.tab_to(f"a[href='/applications/new/{world.job}']", backwards=True)
    keys.press("Enter")
    page.wait_for_url(f"**/applications/new/{world.job}")
    keys.tab_to("textarea[name=cover_note]")
    keys.type("I analyse data with SQL and Python.")
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.locator(".flashes")).to_contain_text(
        w("Your application to “%(title)s” is sent.", title="Data analyst")
    )

    assert keys.stops > 20
    assert keys.problems == []
