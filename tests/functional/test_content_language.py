"""Content follows the interface language: ESCO skills named in English, Finnish or Swedish (the
English name, marked, when ESCO has none), and opportunities' titles and descriptions in the
reader's language when given, otherwise the original with its language marked and a note."""

from __future__ import annotations

import csv
import gzip
import re
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import EscoSkill, OpportunityKind, OpportunitySkill, User
from talentmatch.recommender import language
from talentmatch.services.skills import SKILLS_FILE, search_text_for
from tests.factories import (
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)

GRACE = "grace@example.com"
# Real ESCO v1.1.1 skills from the shipped extract (English | Finnish | Swedish):
COMPUTER_PROGRAMMING = "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97"
# "computer programming" | "tietokoneohjelmointi" | "datorprogrammering"
OVERSEE_SOFTWARE = "http://data.europa.eu/esco/skill/83b33952-3872-46ec-9a2e-b28f91303a7e"
# "oversee development of software" | "valvoa ohjelmiston kehitystä" |
# "övervaka programvaruutveckling"


def in_language(client, code: str) -> None:
    """The visitor chose `code` with the language switcher (its cookie)."""
    client.set_cookie("talentmatch_language", code)


def account_in(app, email: str, code: str) -> None:
    """The account's interface language (a signed-in user's own choice comes first)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.locale = code
        db.session.commit()


def page_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def shipped_skills(*uris: str) -> dict[str, EscoSkill]:
    """These skills as `flask import-esco` loads them from the shipped extract, by URI."""
    made = {}
    with gzip.open(SKILLS_FILE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["uri"] in uris:
                labels = [row[f"preferred_label_{code}"] for code in ("en", "fi", "sv")]
                skill = EscoSkill(
                    uri=row["uri"],
                    label_en=labels[0],
                    label_fi=labels[1],
                    label_sv=labels[2],
                    alt_labels_en=row["alt_labels_en"],
                    skill_type=row["skill_type"],
                    search_text=search_text_for(labels + row["alt_labels_en"].split("|")),
                )
                db.session.add(skill)
                made[row["uri"]] = skill
    db.session.commit()
    assert set(made) == set(uris)
    return made


def no_finnish_label() -> EscoSkill:
    """An ESCO skill whose Finnish label ESCO leaves empty (it has English and Swedish)."""
    skill = EscoSkill(
        uri="http://data.europa.eu/esco/skill/test-without-finnish",
        label_en="manage kelp farms",
        label_fi="",
        label_sv="sköta tångodlingar",
        skill_type="skill/competence",
        search_text=search_text_for(["manage kelp farms", "sköta tångodlingar"]),
    )
    db.session.add(skill)
    db.session.commit()
    return skill


ENGLISH_MARKED = re.compile(
    r'<span class="other-language"><span lang="en">manage kelp farms</span>'
    r'<sup class="language-marker" aria-hidden="true">EN</sup>'
    r'<span class="visually-hidden"> \((?:in English|englanniksi|på engelska)\)</span></span>'
)


@pytest.fixture
def job_with_skills(app) -> int:
    """A job asking for machine learning, a skill ESCO names only in English and Swedish, and
    a free-text skill."""
    with app.app_context():
        skills = make_skills()
        kelp = no_finnish_label()
        job = make_job(
            title="Ocean data scientist",
            required_skills=[skills["machine learning"], kelp],
        )
        job.skills.append(OpportunitySkill(label="Rust", required=False, position=2))
        db.session.commit()
        return job.id


# --- ESCO skills in the interface language ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [("en", "machine learning"), ("fi", "koneoppiminen"), ("sv", "maskininlärning")],
)
def test_a_jobs_skills_are_named_in_the_interface_language(client, job_with_skills, code, name):
    in_language(client, code)
    page = page_of(client, f"/opportunities/{job_with_skills}")
    assert f'<li class="chip">{name}</li>' in page
    # Free text stays as it was typed, in every language and without a marker.
    assert '<li class="chip chip-free">Rust</li>' in page


def test_a_skill_without_a_finnish_label_is_shown_in_english_and_marked(client, job_with_skills):
    in_language(client, "fi")
    page = page_of(client, f"/opportunities/{job_with_skills}")
    assert ENGLISH_MARKED.search(page)
    # Swedish has a label: no marker.
    in_language(client, "sv")
    page = page_of(client, f"/opportunities/{job_with_skills}")
    assert '<li class="chip">sköta tångodlingar</li>' in page
    assert "language-marker" not in page
    # In English nothing is marked either.
    in_language(client, "en")
    assert "language-marker" not in page_of(client, f"/opportunities/{job_with_skills}")


def test_the_graduates_profile_and_skill_picker_name_skills_in_their_language(app, client, auth):
    with app.app_context():
        skills = make_skills()
        make_graduate(email=GRACE, skills=[skills["project management"], no_finnish_label()])
    auth.login(GRACE)
    account_in(app, GRACE, "sv")
    assert ">projektledning</li>" in page_of(client, "/graduates/profile")
    account_in(app, GRACE, "fi")
    profile = page_of(client, "/graduates/profile")
    assert ">projektinhallinta</li>" in profile
    assert ENGLISH_MARKED.search(profile)
    picker = page_of(client, "/graduates/profile/edit")
    # The chip is named in Finnish; what the form sends stays the skill's id.
    assert re.search(r'value="esco:\d+:project management" checked>\s*projektinhallinta', picker)
    assert ENGLISH_MARKED.search(picker)


def test_why_lines_name_shared_and_missing_skills_in_the_interface_language(
    app, client, auth, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        skills = make_skills()
        python, sql, analytics = (
            skills["Python (computer programming)"],
            skills["SQL"],
            skills["data analytics"],
        )
        kelp = no_finnish_label()
        make_graduate(email=GRACE, skills=[python, sql, analytics])
        make_job(
            make_organisation(),
            title="Data analyst",
            required_skills=[python, analytics, skills["machine learning"], kelp],
        )
    auth.login(GRACE)
    account_in(app, GRACE, "fi")
    page = unescape(page_of(client, "/graduates/for-you"))
    assert "Python (tietokoneohjelmointi), data-analytiikka" in page
    assert "koneoppiminen" in page
    assert ENGLISH_MARKED.search(page)
    assert "machine learning" not in page
    account_in(app, GRACE, "sv")
    page = unescape(page_of(client, "/graduates/for-you"))
    assert "Python (datorprogrammering), dataanalys" in page
    assert "maskininlärning, sköta tångodlingar" in page


def test_the_skills_table_of_analytics_names_skills_in_the_interface_language(app, client, auth):
    from tests.factories import make_career_services

    with app.app_context():
        skills = make_skills()
        university = make_university()
        make_career_services(university, email="adviser@example.com")
        make_job(required_skills=[skills["machine learning"], no_finnish_label()])
    auth.login("adviser@example.com")
    account_in(app, "adviser@example.com", "fi")
    page = page_of(client, "/career-services/analytics/")
    assert '<th scope="row">koneoppiminen</th>' in page
    assert ENGLISH_MARKED.search(page)


# --- The skill picker's autocomplete answers in the request's language ------------------------


@pytest.fixture
def real_skills(app) -> None:
    with app.app_context():
        shipped_skills(COMPUTER_PROGRAMMING, OVERSEE_SOFTWARE)


@pytest.mark.parametrize(
    ("query", "code", "label"),
    [
        ("tietokoneohjelmointi", "fi", "tietokoneohjelmointi"),
        ("datorprogrammering", "sv", "datorprogrammering"),
        ("computer programming", "en", "computer programming"),
        # typed in one language, named in the interface's
        ("datorprogrammering", "fi", "tietokoneohjelmointi"),
        ("programvaruutveckling", "sv", "övervaka programvaruutveckling"),
        ("ohjelmiston kehitystä", "fi", "valvoa ohjelmiston kehitystä"),
    ],
)
def test_autocomplete_finds_and_names_skills_in_every_language(
    client, real_skills, query, code, label
):
    in_language(client, code)
    response = client.get("/api/skills", query_string={"q": query})
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["lang"] == code
    assert answer["skills"][0]["label"] == label
    assert answer["skills"][0]["label_lang"] is None


def test_autocomplete_takes_the_language_from_accept_language_or_lang(client, real_skills):
    headers = {"Accept-Language": "sv-FI,sv;q=0.9"}
    response = client.get("/api/skills?q=programming", headers=headers)
    assert response.get_json()["skills"][0]["label"] == "datorprogrammering"
    response = client.get("/api/skills?q=programming&lang=fi", headers=headers)
    assert response.get_json()["skills"][0]["label"] == "tietokoneohjelmointi"
    assert response.get_json()["skills"][0]["label_en"] == "computer programming"


def test_autocomplete_gives_the_english_label_with_its_language_when_esco_has_none(app, client):
    with app.app_context():
        no_finnish_label()
    response = client.get("/api/skills", query_string={"q": "kelp", "lang": "fi"})
    first = response.get_json()["skills"][0]
    assert (first["label"], first["label_lang"]) == ("manage kelp farms", "en")
    response = client.get("/api/skills", query_string={"q": "kelp", "lang": "sv"})
    first = response.get_json()["skills"][0]
    assert (first["label"], first["label_lang"]) == ("sköta tångodlingar", None)


# --- Opportunities in the reader's language ---------------------------------------------------

FINNISH_VERSION = (
    "Ohjelmistokehittäjä",
    "Rakennat Helsingin kaupungin avoimen datan palveluita Pythonilla.",
)
SWEDISH_VERSION = (
    "Programvaruutvecklare",
    "Du bygger Helsingfors stads tjänster för öppna data i Python.",
)


@pytest.fixture
def translated_job(app) -> int:
    """A job written in English with Finnish and Swedish versions."""
    with app.app_context():
        return make_job(
            title="Software developer",
            description="You build the City of Helsinki's open data services in Python.",
            translations={"fi": FINNISH_VERSION, "sv": SWEDISH_VERSION},
        ).id


@pytest.fixture
def finnish_job(app) -> int:
    """A job written in Finnish only."""
    with app.app_context():
        return make_job(
            title="Asiakaspalvelija",
            description="Palvelet asiakkaitamme puhelimessa ja chatissa.",
            written_in="fi",
        ).id


@pytest.mark.parametrize(
    ("code", "title", "description"),
    [
        ("fi", *FINNISH_VERSION),
        ("sv", *SWEDISH_VERSION),
        (
            "en",
            "Software developer",
            "You build the City of Helsinki's open data services in Python.",
        ),
    ],
)
def test_the_detail_page_shows_the_version_in_the_interface_language(
    client, translated_job, code, title, description
):
    in_language(client, code)
    page = unescape(page_of(client, f"/opportunities/{translated_job}"))
    assert f"<h1>{title}</h1>" in page
    assert f"<p>{description}</p>" in page
    assert "language-note" not in page
    assert {"en": "Given in: ", "fi": "Kielet: ", "sv": "Finns på: "}[code] in page


def test_an_untranslated_opportunity_is_shown_in_its_language_with_a_note(client, finnish_job):
    in_language(client, "en")
    page = unescape(page_of(client, f"/opportunities/{finnish_job}"))
    assert '<h1><span lang="fi">Asiakaspalvelija</span></h1>' in page
    assert '<p class="meta language-note">Not available in English; shown in Finnish.</p>' in page
    assert re.search(
        r'<div lang="fi">\s*<p>Palvelet asiakkaitamme puhelimessa ja chatissa.</p>', page
    )
    assert "<title>Asiakaspalvelija" in page
    # A Finnish reader reads the original: nothing to mark.
    in_language(client, "fi")
    page = unescape(page_of(client, f"/opportunities/{finnish_job}"))
    assert "<h1>Asiakaspalvelija</h1>" in page
    assert "language-note" not in page


def test_a_swedish_reader_of_a_job_translated_only_into_finnish_sees_the_english_original(
    app, client
):
    with app.app_context():
        job_id = make_job(title="Nurse", translations={"fi": ("Sairaanhoitaja", "Hoidat.")}).id
    in_language(client, "sv")
    page = unescape(page_of(client, f"/opportunities/{job_id}"))
    assert '<h1><span lang="en">Nurse</span></h1>' in page
    assert 'class="meta language-note"' in page


def test_listing_cards_show_the_title_in_the_interface_language_or_mark_the_original(
    client, translated_job, finnish_job
):
    in_language(client, "sv")
    page = unescape(page_of(client, "/opportunities/"))
    assert f'<h3><a href="/opportunities/{translated_job}">Programvaruutvecklare</a></h3>' in page
    assert (
        f'<h3><a href="/opportunities/{finnish_job}"><span lang="fi">Asiakaspalvelija</span>'
        "</a></h3>" in page
    )
    assert page.count('class="meta language-note"') == 1
    # The landing page's newest opportunities too.
    landing = unescape(page_of(client, "/"))
    assert "Programvaruutvecklare" in landing
    assert '<span lang="fi">Asiakaspalvelija</span>' in landing


def test_for_you_lanes_show_titles_in_the_interface_language(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    with app.app_context():
        skills = make_skills()
        python = skills["Python (computer programming)"]
        make_graduate(email=GRACE, skills=[python, skills["SQL"], skills["data analytics"]])
        make_job(
            title="Software developer",
            required_skills=[python],
            translations={"fi": FINNISH_VERSION},
        )
        make_job(title="Python-kehittäjä", required_skills=[python], written_in="fi")
    auth.login(GRACE)
    account_in(app, GRACE, "fi")
    page = unescape(page_of(client, "/graduates/for-you"))
    assert ">Ohjelmistokehittäjä</a></h3>" in page
    assert ">Python-kehittäjä</a></h3>" in page
    assert "Software developer" not in page
    account_in(app, GRACE, "en")
    page = unescape(page_of(client, "/graduates/for-you"))
    assert '<span lang="fi">Python-kehittäjä</span>' in page
    assert "Not available in English; shown in Finnish." in page


def test_the_api_gives_an_opportunity_in_the_requests_language(client, translated_job):
    answer = client.get(
        f"/api/opportunities/{translated_job}", headers={"Accept-Language": "fi"}
    ).get_json()
    assert (answer["title"], answer["description"]) == FINNISH_VERSION
    assert (answer["lang"], answer["requested_lang"], answer["note"]) == ("fi", "fi", None)
    assert answer["written_in"] == "en" and answer["given_in"] == ["en", "fi", "sv"]
    answer = client.get(f"/api/opportunities/{translated_job}?lang=sv").get_json()
    assert answer["title"] == "Programvaruutvecklare"


def test_the_api_gives_the_original_with_its_language_and_a_note_when_untranslated(
    client, finnish_job
):
    answer = client.get(f"/api/opportunities/{finnish_job}?lang=en").get_json()
    assert answer["title"] == "Asiakaspalvelija"
    assert (answer["lang"], answer["requested_lang"]) == ("fi", "en")
    assert answer["note"] == "Not available in English; shown in Finnish."
    assert answer["given_in"] == ["fi"]


def test_the_api_names_an_opportunitys_skills_in_the_requests_language(client, job_with_skills):
    answer = client.get(f"/api/opportunities/{job_with_skills}?lang=fi").get_json()
    assert [(s["label"], s["label_lang"], s["required"]) for s in answer["skills"]] == [
        ("koneoppiminen", None, True),
        ("manage kelp farms", "en", True),
        ("Rust", None, False),
    ]
    assert answer["skills"][2]["uri"] is None


def test_the_api_does_not_show_a_draft_to_strangers(app, client):
    from talentmatch.models import OpportunityStatus

    with app.app_context():
        draft = make_job(status=OpportunityStatus.DRAFT).id
    assert client.get(f"/api/opportunities/{draft}").status_code == 404


def test_an_events_calendar_file_is_in_the_readers_language(app, client):
    from icalendar import Calendar

    from tests.factories import make_event

    with app.app_context():
        event_id = make_event(
            title="Startup sauna",
            description="Meet founders.",
            translations={"sv": ("Startupbastu", "Träffa grundare.")},
        ).id
    in_language(client, "sv")
    [entry] = Calendar.from_ical(client.get(f"/events/{event_id}/event.ics").data).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Startupbastu"
    assert str(entry["DESCRIPTION"]).startswith("Träffa grundare.")
    in_language(client, "fi")
    [entry] = Calendar.from_ical(client.get(f"/events/{event_id}/event.ics").data).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Startup sauna"


def test_notifications_and_emails_name_the_job_in_the_recipients_language(app):
    from talentmatch.models import ApplicationStatus, Notification, OutboundEmail
    from talentmatch.services import applicants
    from tests.factories import make_application, make_employer

    with app.app_context():
        organisation = make_organisation()
        employer = make_employer(organisation)
        job = make_job(
            organisation, title="Software developer", translations={"fi": FINNISH_VERSION}
        )
        finnish, english = make_graduate(), make_graduate()
        finnish.locale = "fi"
        db.session.commit()
        for graduate in (finnish, english):
            application = make_application(graduate, job)
            applicants.move(employer, application.id, ApplicationStatus.REVIEWED)
        texts = {n.user_id: n.text for n in db.session.scalars(select(Notification))}
        subjects = {e.user_id: e.subject for e in db.session.scalars(select(OutboundEmail))}
        assert "Ohjelmistokehittäjä" in texts[finnish.id]
        assert "Software developer" in texts[english.id]
        assert "Ohjelmistokehittäjä" in subjects[finnish.id]


def test_an_email_lists_an_untranslated_opportunity_with_its_language_and_a_note(app, finnish_job):
    from talentmatch.models import Opportunity
    from talentmatch.services import mail
    from talentmatch.services.digests import item_lines, listed_item

    with app.test_request_context():
        job = db.session.get(Opportunity, finnish_job)
        item = listed_item(job, "en")
        assert (item.title, item.lang) == ("Asiakaspalvelija", "fi")
        assert item.note == "Not available in English; shown in Finnish."
        assert "  Not available in English; shown in Finnish." in item_lines([item])
        html = mail.render_html("matches.html", "en", intro=[], items=[item], url="")
        assert 'lang="fi">Asiakaspalvelija</a>' in html
        assert listed_item(job, "fi").lang is None


# --- Search in every language -----------------------------------------------------------------


def found_ids(client, query: str) -> list[int]:
    response = client.get("/opportunities/", query_string={"q": query})
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'<h3><a href="/opportunities/(\d+)">', response.text)]


@pytest.mark.parametrize(
    "query",
    ["Ohjelmistokehittäjä", "ohjelmistokehittäjä", "Programvaruutvecklare", "avoimen datan"],
)
def test_search_finds_an_opportunity_by_its_translated_title_or_description(
    client, translated_job, finnish_job, query
):
    assert found_ids(client, query) == [translated_job]


def test_search_finds_a_finnish_original_by_its_words(client, translated_job, finnish_job):
    assert found_ids(client, "asiakaspalvelija") == [finnish_job]


@pytest.fixture
def catalogue_with_real_skills(app) -> dict[str, int]:
    """A job asking for ESCO "computer programming", a programme for "oversee development of
    software", and an unrelated job."""
    with app.app_context():
        skills = shipped_skills(COMPUTER_PROGRAMMING, OVERSEE_SOFTWARE)
        return {
            "developer": make_job(
                title="Backend developer", required_skills=[skills[COMPUTER_PROGRAMMING]]
            ).id,
            "lead": make_opportunity(
                OpportunityKind.PROGRAMME,
                title="Tech lead programme",
                university=make_university(),
                required_skills=[skills[OVERSEE_SOFTWARE]],
            ).id,
            "other": make_job(title="Barista").id,
        }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tietokoneohjelmointi", "developer"),
        ("datorprogrammering", "developer"),
        ("programvaruutveckling", "lead"),
        ("ohjelmiston kehitystä", "lead"),
    ],
)
def test_search_finds_skills_by_their_finnish_and_swedish_esco_labels(
    client, catalogue_with_real_skills, query, expected
):
    language.language_models()  # as after the warm-up
    assert found_ids(client, query)[:1] == [catalogue_with_real_skills[expected]]


# --- The engine reads the translations too -----------------------------------------------------


def test_the_engines_document_includes_the_translations(app, translated_job):
    from talentmatch.models import Opportunity
    from talentmatch.services.matching_documents import opportunity_doc

    with app.app_context():
        doc = opportunity_doc(db.session.get(Opportunity, translated_job))
        assert doc.title == "Software developer"
        assert "Ohjelmistokehittäjä" in doc.description
        assert "Programvaruutvecklare" in doc.description
        assert doc.description.startswith("You build the City of Helsinki's")


def test_the_skill_labels_of_a_page_are_loaded_in_a_few_queries(app, client, auth):
    """The catalogue's detail page names every skill without a query per skill."""
    from sqlalchemy import event

    with app.app_context():
        skills = make_skills()
        job_id = make_job(required_skills=list(skills.values())).id
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if "esco_skills" in statement:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            in_language(client, "fi")
            page_of(client, f"/opportunities/{job_id}")
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
