"""A form sent back with errors says so at the top, with a link to each field that needs
correcting, and each message is tied to its field (or group of fields) for screen readers."""

from __future__ import annotations

from html.parser import HTMLParser

from talentmatch.models import Role
from tests.factories import make_employer, make_organisation, make_user
from tests.functional.test_employers import _job_form, _skill_ids


class _Page(HTMLParser):
    """Each element's attributes (and by id), and the error summary's links with their text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict[str, str]] = []
        self.by_id: dict[str, dict[str, str]] = {}
        self.summary_links: dict[str, str] = {}
        self._in_summary = 0
        self._link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append({"tag": tag, **attributes})
        if "id" in attributes:
            self.by_id[attributes["id"]] = self.elements[-1]
        if tag == "div" and "form-errors" in attributes.get("class", "").split():
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self._link = attributes["href"]
            self.summary_links[self._link] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._link = None
        if self._in_summary and tag == "div":
            self._in_summary -= 1

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self.summary_links[self._link] += data


def _page(response) -> _Page:
    parsed = _Page()
    parsed.feed(response.get_data(as_text=True))
    return parsed


def test_a_job_without_a_title_links_the_summary_and_the_field_to_the_message(app, client, auth):
    skill_ids = _skill_ids(app)
    with app.app_context():
        make_employer(make_organisation("Nordic Data Oy"), "erik@nordicdata.example.fi")
    auth.login("erik@nordicdata.example.fi")

    response = client.post("/employers/jobs/new", data=_job_form(skill_ids, title=""))

    assert response.status_code == 400
    page = _page(response)
    assert page.summary_links == {"#title": "Job title: Please give a title."}
    title = page.by_id["title"]
    assert title["tag"] == "input" and title["aria-invalid"] == "true"
    assert "title-errors" in title["aria-describedby"].split()
    assert "title-errors" in page.by_id


def test_a_language_listed_twice_is_tied_to_the_language_rows(app, client, auth):
    skill_ids = _skill_ids(app)
    with app.app_context():
        make_employer(make_organisation("Nordic Data Oy"), "erik@nordicdata.example.fi")
    auth.login("erik@nordicdata.example.fi")
    twice = {
        "languages-0-code": "fi",
        "languages-0-level": "B2",
        "languages-1-code": "fi",
        "languages-1-level": "C1",
    }

    response = client.post("/employers/jobs/new", data=_job_form(skill_ids, **twice))

    assert response.status_code == 400
    page = _page(response)
    assert page.summary_links == {"#languages-0-code": "Languages: List each language only once."}
    group = next(
        element
        for element in page.elements
        if "languages-errors" in element.get("aria-describedby", "").split()
    )
    assert group["tag"] == "fieldset"
    assert "languages-help" in group["aria-describedby"].split()
    assert page.by_id["languages-errors"]["tag"] == "ul"


def test_a_profile_without_visibility_links_the_choice_to_its_message(app, client, auth):
    with app.app_context():
        make_user(Role.GRADUATE, "ana@example.com")
    auth.login("ana@example.com")

    response = client.post(
        "/graduates/profile/edit",
        data={"headline": "Analyst", "skills-typed": "", "work_permit": "eu_eea_citizen"},
    )

    assert response.status_code == 400
    page = _page(response)
    assert page.summary_links["#visibility-0"].endswith(": Choose who can see your profile.")
    assert page.by_id["visibility-errors"]["tag"] == "ul"
    assert page.by_id["visibility-0"]["tag"] == "input"
