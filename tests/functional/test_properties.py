"""Property-based: arbitrary input to every form, JSON endpoint and query string is never a 500.

The routes come from the app's url_map, and each form's fields from the page that shows it, so a
new route or a new field is covered without touching this file. Each route is driven as the role
that may use it; a refused request (4xx) must leave every table as it was.
"""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from talentmatch import create_app
from talentmatch.extensions import db
from talentmatch.models import OpportunityKind, Role
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)
from tests.functional.test_career_services import event_form
from tests.functional.test_employers import _job_form
from tests.functional.test_graduates import REGISTRATION

# Who may use each blueprint's pages; a blueprint not listed is tried as a graduate.
ACTOR_OF_BLUEPRINT = {
    "main": "anonymous",
    "auth": "anonymous",
    "graduates": "graduate",
    "employers": "employer",
    "career_services": "career_services",
    "analytics": "career_services",
    "catalogue": "career_services",
    "admin": "admin",
    "api": "graduate",
}
# Ending the shared session would sign every later example out; logout has its own tests.
NOT_WALKED = {"static", "auth.logout"}
# Their 503 says "not ready yet" (no model fitted here), which is their job.
READINESS_PROBES = {"main.readyz"}
# Query arguments pages read, besides the fields of their GET forms.
COMMON_ARGS = ("page", "q", "limit", "next", "role", "show", "lang", "title", "kind", "text")
HUGE_NUMBERS = st.sampled_from(
    [str(2**31), str(2**63), "9" * 20, "-" + "9" * 20, "1e999", "-0", "NaN", "0x10", "1_000"]
)
# Surrogates cannot travel in UTF-8 form data; everything else can, NUL included.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60) | st.text(
    st.sampled_from("\x00\x01\x08\x1b\x7f\x85\u200b\u2028\ufeff\t\r\n aZé€😀"), max_size=20
)
FORM_VALUE = st.one_of(
    ANY_TEXT,
    HUGE_NUMBERS,
    st.integers().map(str),
    st.sampled_from(["esco:99999999999999999999:x", "text:" + "x" * 400, "esco::", "text:"]),
)
JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False),
        ANY_TEXT,
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
PROPERTY_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GET_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=8)


def _routes() -> list[tuple[str, str, str]]:
    """(endpoint, rule, method) for every route of a freshly built app."""
    app = create_app({"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_WALKED:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((rule.endpoint, rule.rule, method))
    return sorted(found)


ROUTES = _routes()


class _FormFields(HTMLParser):
    """The fields of the forms on a page that post to `path` (or to the page itself)."""

    def __init__(self, path: str, method: str) -> None:
        super().__init__()
        self.path, self.method = path, method.lower()
        self.fields: dict[str, list[str]] = {}
        self.buttons: dict[str, str] = {}
        self._inside = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(attributes.get("action", "")).path
            self._inside = attributes.get("method", "get").lower() == self.method and (
                action in ("", self.path)
            )
            return
        if not self._inside or "name" not in attributes:
            if tag == "option" and self._select and "selected" in attributes:
                self.fields[self._select] = [attributes.get("value", "")]
            return
        name = attributes["name"]
        if tag == "input" and attributes.get("type") != "submit":
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                self.fields.setdefault(name, [])
                return
            self.fields.setdefault(name, []).append(attributes.get("value", ""))
        elif tag == "select":
            self._select = name
            self.fields.setdefault(name, [""])
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = [""]
        elif tag == "button" or (tag == "input" and attributes.get("type") == "submit"):
            self.buttons[name] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] = [data]


def form_fields(page: str, path: str, method: str) -> dict[str, list[str]]:
    """Every field with the value the page gives it, and the form's last (main) button."""
    parser = _FormFields(path, method)
    parser.feed(page)
    fields = dict(parser.fields)
    if parser.buttons:
        name, value = list(parser.buttons.items())[-1]
        fields[name] = [value]
    return fields


def field_names(page: str, path: str, method: str) -> set[str]:
    """Every name the page's forms send, buttons included."""
    parser = _FormFields(path, method)
    parser.feed(page)
    return set(parser.fields) | set(parser.buttons)


class World:
    """One of each actor and each thing a route can name, and a signed-in session per actor."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        with app.app_context():
            skills = make_skills()
            university = make_university(name="University of Helsinki")
            organisation = make_organisation()
            make_organisation()  # one more to verify
            make_graduate("grace@example.com", skills=[skills["SQL"]])
            victim = make_graduate("victor@example.com")
            make_employer(organisation, email="erik@example.com")
            make_user(Role.CAREER_SERVICES, email="cs@example.com", university=university)
            make_user(Role.ADMIN, email="admin@example.com")
            job = make_job(organisation, required_skills=[skills["SQL"]])
            event = make_opportunity(OpportunityKind.EVENT, university=university)
            self.ids = {
                "job_id": job.id,
                "opportunity_id": event.id,
                "user_id": victim.id,
                "university_id": university.id,
                "organisation_id": organisation.id,
            }
            self.graduate_job = job.id
            self.skill_ids = {label: skill.id for label, skill in skills.items()}
        self.emails = {
            "graduate": "grace@example.com",
            "employer": "erik@example.com",
            "career_services": "cs@example.com",
            "admin": "admin@example.com",
        }
        self.cookies: dict[str, str] = {}

    def _signed_in_cookie(self, email: str) -> str:
        client = self.app.test_client()
        response = client.post("/auth/login", data={"email": email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 302, email
        cookie = client.get_cookie("session")
        assert cookie is not None
        return cookie.value

    def client_for(self, endpoint: str) -> FlaskClient:
        client = self.app.test_client()
        actor = ACTOR_OF_BLUEPRINT.get(endpoint.partition(".")[0], "graduate")
        if actor != "anonymous":
            if actor not in self.cookies:
                self.cookies[actor] = self._signed_in_cookie(self.emails[actor])
            client.set_cookie("session", self.cookies[actor])
        return client

    def valid_form(self, endpoint: str) -> dict[str, object]:
        """A complete form the route would accept, where its page starts empty."""
        forms: dict[str, dict[str, object]] = {
            "auth.register": {**REGISTRATION, "email": "new{n}@example.com"},
            "auth.login": {"email": "grace@example.com", "password": DEFAULT_PASSWORD},
            "employers.new_job": _job_form(self.skill_ids),
            "catalogue.new_item": event_form(),
            "admin.new_university": {
                "name": "Aalto University {n}",
                "short_name": "Aalto",
                "municipality": "Espoo",
            },
            "admin.new_user": {
                "role": "career_services",
                "full_name": "Kaisa Career",
                "email": "kaisa{n}@example.com",
                "password": "ferry to Suomenlinna",
                "confirm": "ferry to Suomenlinna",
                "university_id": str(self.ids["university_id"]),
            },
        }
        return forms.get(endpoint, {})

    def path(self, endpoint: str, rule: str) -> str:
        path = rule
        for name, value in self.ids.items():
            if endpoint.startswith("graduates.") and name == "opportunity_id":
                value = self.graduate_job
            path = path.replace(f"<int:{name}>", str(value))
        return path.replace("<kind>", "event").replace("<chart>", "funnel")

    def table_counts(self) -> dict[str, int]:
        with self.app.app_context():
            counts = {
                table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables
                if table.name != "audit_events"  # refusals may rightly be audited
            }
            db.session.remove()
            return counts


@pytest.fixture
def world(app) -> World:
    return World(app)


def _assert_answered(world: World, before: dict[str, int], response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        after = world.table_counts()
        changed = {
            name: (before[name], after[name]) for name in after if after[name] != before[name]
        }
        assert not changed, f"a refused request changed the database: {changed}"


POST_ROUTES = [(e, r) for e, r, m in ROUTES if m == "POST"]
GET_ROUTES = [(e, r) for e, r, m in ROUTES if m == "GET"]


EXAMPLE_NUMBERS = itertools.count(1)


def _numbered(values: object, example: int) -> list[str]:
    listed = values if isinstance(values, list) else [values]
    return [str(v).replace("{n}", str(example)) for v in listed]


@pytest.mark.parametrize(("endpoint", "rule"), POST_ROUTES, ids=[e for e, _r in POST_ROUTES])
def test_arbitrary_values_in_every_form_field_never_give_a_500(world, endpoint, rule):
    path = world.path(endpoint, rule)
    page = world.client_for(endpoint).get(path)
    html = page.get_data(as_text=True) if page.status_code == 200 else ""
    # Start from a form that would be saved, so a bad value reaches the service and the database;
    # without the page's one-time token each example creates afresh (examples may send one).
    fields = {k: v for k, v in form_fields(html, path, "post").items() if k != "submission_token"}
    fields.update(world.valid_form(endpoint))
    names = sorted(field_names(html, path, "post") | set(fields)) or ["next", "text"]

    @PROPERTY_SETTINGS
    @given(
        changes=st.dictionaries(
            st.sampled_from(names), st.lists(FORM_VALUE, min_size=0, max_size=3), max_size=3
        )
    )
    def post_once(changes: dict[str, list[str]]) -> None:
        client = world.client_for(endpoint)  # signs in first: a sign-in is a row of its own
        before = world.table_counts()
        # Names and emails the last example took are fresh again, so each can be saved.
        example = next(EXAMPLE_NUMBERS)
        data = {name: _numbered(values, example) for name, values in fields.items()}
        data.update(changes)
        response = client.post(path, data=data)
        _assert_answered(world, before, response)

    post_once()


JSON_ROUTES = [(e, r) for e, r in POST_ROUTES if e.startswith("api.")]


@pytest.mark.parametrize(("endpoint", "rule"), JSON_ROUTES, ids=[e for e, _r in JSON_ROUTES])
def test_arbitrary_json_to_every_json_endpoint_never_gives_a_500(world, endpoint, rule):
    path = world.path(endpoint, rule)

    @PROPERTY_SETTINGS
    @given(body=JSON_VALUE | st.dictionaries(st.sampled_from(["text", "limit"]), JSON_VALUE))
    def post_once(body: object) -> None:
        client = world.client_for(endpoint)  # signs in first: a sign-in is a row of its own
        before = world.table_counts()
        response = client.post(path, data=json.dumps(body), content_type="application/json")
        _assert_answered(world, before, response)
        assert response.is_json

    post_once()


def _query_property(world: World, endpoint: str, path: str, names: list[str]):
    @GET_SETTINGS
    @given(args=st.dictionaries(st.sampled_from(names), FORM_VALUE, max_size=5))
    def get_once(args: dict[str, str]) -> None:
        response = world.client_for(endpoint).get(path, query_string=args)
        if endpoint in READINESS_PROBES:
            assert response.status_code in (200, 503)
        else:
            assert response.status_code < 500, (endpoint, response.get_data(as_text=True)[:500])

    return get_once


def test_arbitrary_query_arguments_to_every_page_never_give_a_500(world):
    """Pages only read, so one world serves them all; each page still gets its own examples."""
    for endpoint, rule in GET_ROUTES:
        path = world.path(endpoint, rule)
        page = world.client_for(endpoint).get(path)
        names = sorted(field_names(page.get_data(as_text=True), path, "get") | set(COMMON_ARGS))
        _query_property(world, endpoint, path, names)()
