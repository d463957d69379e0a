"""The busiest pages run a fixed number of SQL queries however many items they show: For you,
search, an opportunity's page and a job's Candidates tab (no query per item, no N+1).

Each page is counted twice, once with a few items and once with many; the counts must be
equal and under the page's bound. The bounds are what the pages need today (session and
notification checks included), so a new query per page shows up here as a failure to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from talentmatch.extensions import db
from talentmatch.models import CEFRLevel, EscoSkill, OpportunityKind, Organisation, Visibility
from tests.factories import (
    make_community,
    make_employer,
    make_event,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)

GRADUATE = "query.counter@example.com"
EMPLOYER = "hiring@querycount.example.fi"
DATA_SKILLS = ("SQL", "Python (computer programming)", "data analytics")

# Queries a view of each page runs, whatever it shows (two of them check the session and
# count unread notifications on every page).
BOUNDS = {"for_you": 14, "search": 8, "detail": 13, "candidates": 16}


@contextmanager
def counted(app) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture(autouse=True)
def _settings_restored(app, monkeypatch) -> None:
    for name in ("MATCHING_CHECK_SECONDS", "ESCO_CHECK_SECONDS"):
        monkeypatch.setitem(app.config, name, app.config[name])


def _world(app) -> dict[str, int]:
    """A data graduate and one employer's data job."""
    with app.app_context():
        skills = make_skills()
        organisation = make_organisation(name="Query Count Oy")
        make_employer(organisation, email=EMPLOYER)
        job = make_job(
            organisation,
            title="Data analyst",
            description="Analyse data with SQL and Python.",
            required_skills=[skills[label] for label in DATA_SKILLS],
            languages={"en": CEFRLevel.B2},
        )
        make_graduate(
            email=GRADUATE,
            visibility=Visibility.EMPLOYERS,
            skills=[skills[label] for label in DATA_SKILLS],
            languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A1},
        )
        return {"job": job.id, "organisation": organisation.id}


def _more(app, ids: dict[str, int], start: int, count: int) -> None:
    """`count` more of every kind of opportunity, and as many graduates sharing their profile
    with employers, all about data."""
    with app.app_context():
        data = list(
            db.session.scalars(select(EscoSkill).where(EscoSkill.label_en.in_(DATA_SKILLS)))
        )
        organisation = db.session.get(Organisation, ids["organisation"])
        university = make_university(f"University {start}", short_name=f"U{start}")
        for number in range(start, start + count):
            make_job(
                organisation,
                title=f"Data engineer {number}",
                description="Build data pipelines in Python and SQL.",
                required_skills=data[: 1 + number % 3],
                languages={"en": CEFRLevel.B2, "fi": CEFRLevel.A2},
                translations={"fi": (f"Data-insinööri {number}", "Rakenna dataputkia.")},
            )
            make_opportunity(
                OpportunityKind.PROGRAMME,
                title=f"Data talent programme {number}",
                university=university,
                nice_skills=data[:2],
            )
            make_community(university, title=f"Data community {number}", nice_skills=data[:1])
            make_event(university, title=f"Data meetup {number}", nice_skills=data[1:])
            make_graduate(
                email=f"candidate{number}@example.com",
                visibility=Visibility.EMPLOYERS,
                skills=data[: 1 + number % 3],
            )


def _page_queries(app, auth_as, path: str) -> int:
    """The queries of one view of the page, once the worker has taken in every change: the
    engine's and the ESCO names' checks for changes run every few seconds, not per view."""
    client = auth_as()
    app.config.update(MATCHING_CHECK_SECONDS=0, ESCO_CHECK_SECONDS=0)
    assert client.get(path).status_code == 200  # takes in what changed since the last view
    app.config.update(MATCHING_CHECK_SECONDS=3600, ESCO_CHECK_SECONDS=3600)
    with counted(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def _graduate_client(app, client, auth):
    def sign_in():
        assert auth.login(GRADUATE).status_code == 302
        return client

    return sign_in


def _employer_client(app, client, auth):
    def sign_in():
        assert auth.login(EMPLOYER).status_code == 302
        return client

    return sign_in


PAGES = {
    "for_you": (_graduate_client, lambda ids: "/graduates/for-you"),
    "search": (_graduate_client, lambda ids: "/opportunities/?q=data"),
    "detail": (_graduate_client, lambda ids: f"/opportunities/{ids['job']}"),
    "candidates": (_employer_client, lambda ids: f"/employers/jobs/{ids['job']}/candidates"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_runs_as_many_queries_for_many_items_as_for_few(app, client, auth, page):
    who, path_of = PAGES[page]
    ids = _world(app)
    _more(app, ids, 0, 2)
    sign_in = who(app, client, auth)
    few = _page_queries(app, sign_in, path_of(ids))
    auth.logout()
    _more(app, ids, 2, 10)
    many = _page_queries(app, sign_in, path_of(ids))
    assert many == few, f"{page}: {few} queries with few items, {many} with many"
    assert many <= BOUNDS[page], f"{page}: {many} queries"
