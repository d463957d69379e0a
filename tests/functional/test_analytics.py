"""The analytics dashboard over HTTP: each chart with its SVG, table and CSV file; every
university's numbers its own; a cohort narrowing them; nothing yet for an empty university;
bad query arguments refused with a 4xx."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from talentmatch.analytics.dashboard import PANELS
from talentmatch.extensions import db
from talentmatch.models import Cohort, Role, Visibility
from talentmatch.services.cohorts import CohortCriteria
from tests.factories import (
    make_career_services,
    make_employer,
    make_graduate,
    make_university,
    make_user,
)

URL = "/career-services/analytics/"


def _graduates(university, field: str, n: int) -> None:
    for _ in range(n):
        make_graduate(
            university=university, field_of_study=field, visibility=Visibility.CAREER_SERVICES
        )


@pytest.fixture
def world(app):
    """Aalto: 6 in Data Science, 5 in Economics, 2 in Design; Hanken: 5 in Marine Biology.
    Career services at each, an administrator, a saved cohort at each university."""
    with app.app_context():
        aalto, hanken = make_university("Aalto"), make_university("Hanken")
        empty = make_university("Uniarts")
        _graduates(aalto, "Data Science", 6)
        _graduates(aalto, "Economics", 5)
        _graduates(aalto, "Design", 2)
        _graduates(hanken, "Marine Biology", 5)
        cohorts = {}
        for university, name, words in (
            (aalto, "Economists", "economics"),
            (hanken, "Marine people", "marine"),
        ):
            cohort = Cohort(
                university_id=university.id,
                name=name,
                criteria=CohortCriteria(field_of_study=words).to_json(),
            )
            db.session.add(cohort)
            db.session.commit()
            cohorts[name] = cohort.id
        ids = {
            "aalto": aalto.id,
            "hanken": hanken.id,
            "empty": empty.id,
            "aalto_staff": make_career_services(aalto, "kaisa@aalto.example.fi").email,
            "hanken_staff": make_career_services(hanken, "henna@hanken.example.fi").email,
            "empty_staff": make_career_services(empty, "ulla@uniarts.example.fi").email,
            "admin": make_user(Role.ADMIN, "ada@example.com").email,
            **cohorts,
        }
    return ids


def _page(client, url: str = URL, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def _csv(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_staff_see_every_chart_with_its_svg_table_and_csv_link(client, auth, world):
    auth.login(world["aalto_staff"])
    page = _page(client)
    assert page.count('role="img"') == len(PANELS)
    assert page.count("<svg") == len(PANELS)
    assert page.count("<table") == len(PANELS)
    for slug in PANELS:
        assert f"/career-services/analytics/{slug}.csv" in page
    assert "Graduates by field of study" in page
    assert "Staying in the Helsinki region" in page
    # Each step of the funnel is defined in a sentence.
    assert "Hired: the application's history reached a hire." in page
    # 6 Data Science shown with its share; Design's 2, counted as "Other fields", and so
    # Economics (5) are not, and no field of fewer than five is named.
    assert re.search(r"<th scope=\"row\">Data Science</th>\s*<td>6</td>", page)
    assert "46% (6 of 13)" in page
    assert re.search(r"<th scope=\"row\">Other fields</th>\s*<td>fewer than 5</td>", page)
    assert "Design" not in page
    assert re.search(
        r"<th scope=\"row\">Economics</th>\s*<td>hidden to protect a smaller group</td>", page
    )
    assert "Marine Biology" not in page


def test_staff_of_one_university_never_see_anothers_numbers(client, auth, world):
    auth.login(world["hanken_staff"])
    page = _page(client)
    assert "Marine Biology" in page
    assert "Data Science" not in page and "Economics" not in page
    _page(client, f"{URL}?university={world['aalto']}", 404)
    _page(client, f"{URL}?cohort={world['Economists']}", 404)
    _page(client, f"/career-services/analytics/fields.csv?university={world['aalto']}", 404)
    rows = _csv(client, "/career-services/analytics/fields.csv")
    assert rows[1:] == [["Marine Biology", "5", "100.0"]]


def test_administrators_see_every_university_or_choose_one(client, auth, world):
    auth.login(world["admin"])
    page = _page(client)
    assert "Marine Biology" in page and "Data Science" in page
    assert 'name="university"' in page
    chosen = _page(client, f"{URL}?university={world['hanken']}")
    assert "Marine Biology" in chosen and "Data Science" not in chosen
    assert "Marine people" in chosen  # its cohorts to choose from
    _page(client, f"{URL}?university=987654", 404)


def test_a_cohort_changes_the_numbers(client, auth, world):
    auth.login(world["aalto_staff"])
    page = _page(client, f"{URL}?cohort={world['Economists']}")
    assert "Cohort: Economists" in page
    assert re.search(r"<th scope=\"row\">Economics</th>\s*<td>5</td>", page)
    assert "Data Science" not in page
    rows = _csv(client, f"/career-services/analytics/fields.csv?cohort={world['Economists']}")
    assert rows == [
        ["Field of study", "Graduates", "Share of the group (%)"],
        ["Economics", "5", "100.0"],
    ]


def test_csv_gives_the_tables_shown_rows_and_leaves_small_groups_out(client, auth, world):
    auth.login(world["aalto_staff"])
    rows = _csv(client, "/career-services/analytics/fields.csv")
    assert rows == [
        ["Field of study", "Graduates", "Share of the group (%)"],
        ["Data Science", "6", "46.2"],
    ]


def test_an_empty_university_renders_every_chart_with_no_data_yet(client, auth, world):
    auth.login(world["empty_staff"])
    page = _page(client)
    assert page.count("<svg") == len(PANELS)
    assert page.count("<table") == len(PANELS)
    # in each chart and each table
    assert page.count("No data yet.") == 2 * len(PANELS)
    for slug in PANELS:
        rows = _csv(client, f"/career-services/analytics/{slug}.csv")
        assert len(rows) == 1 and rows[0], slug  # the header only


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("cohort=abc", 400),
        ("cohort=1.5", 400),
        ("cohort=-3", 400),
        ("cohort=%EF%BC%91", 400),  # a full-width digit one
        ("university=99999999999999999999", 400),
        ("cohort=987654", 404),
    ],
)
def test_bad_query_arguments_are_refused_with_a_clear_status(client, auth, world, query, status):
    auth.login(world["aalto_staff"])
    _page(client, f"{URL}?{query}", status)
    assert client.get(f"/career-services/analytics/funnel.csv?{query}").status_code == status


def test_an_unknown_chart_is_not_found(client, auth, world):
    auth.login(world["admin"])
    assert client.get("/career-services/analytics/nonsense.csv").status_code == 404


def test_graduates_and_employers_are_refused_and_visitors_sent_to_log_in(app, client, auth, world):
    assert client.get(URL).status_code == 302
    with app.app_context():
        emails = [
            make_graduate("grace@example.com").email,
            make_employer(email="erik@example.com").email,
        ]
    for email in emails:
        auth.login(email)
        assert client.get(URL).status_code == 403
        assert client.get("/career-services/analytics/fields.csv").status_code == 403
        auth.logout()


def test_text_from_profiles_is_escaped_in_the_page_and_safe_in_the_csv(app, client, auth):
    with app.app_context():
        university = make_university("Aalto")
        _graduates(university, "<script>alert(1)</script>", 5)
        _graduates(university, '=HYPERLINK("http://evil.example")', 5)
        email = make_career_services(university).email
    auth.login(email)
    raw = client.get(URL).get_data(as_text=True)
    assert "<script>alert(1)" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    rows = _csv(client, "/career-services/analytics/fields.csv")
    assert ['\'=HYPERLINK("http://evil.example")', "5", "50.0"] in rows


def test_the_dashboards_link_to_the_analytics(client, auth, world):
    auth.login(world["aalto_staff"])
    assert 'href="/career-services/analytics/"' in _page(client, "/career-services/")
    auth.logout()
    auth.login(world["admin"])
    assert 'href="/career-services/analytics/"' in _page(client, "/admin/")
