"""Applications as both sides use them: a graduate applies (with a PDF CV, or on the employer's
own site), the employer moves the application through the pipeline, the graduate follows it and
withdraws; CVs are checked by their content and served to the two sides only."""

from __future__ import annotations

import io
import json
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationStatus,
    CEFRLevel,
    Interaction,
    InteractionKind,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    Role,
    User,
    Visibility,
)
from talentmatch.services import cv_files, data_export
from tests.factories import (
    make_application,
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

MEI = "mei@example.com"
ERIK = "erik@nordicdata.example.fi"
EEVA = "eeva@nordicdata.example.fi"


def pdf_bytes(attachment: bytes = b"") -> bytes:
    """A real one-page PDF written by pypdf, `attachment` embedded to make it as large as wanted."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if attachment:
        writer.add_attachment("portfolio.bin", attachment)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(app, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def uploaded_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def world(app) -> dict[str, int]:
    """Nordic Data Oy (two employers) with a data job; Mei, a data graduate; strangers."""
    with app.app_context():
        skills = make_skills()
        sql, python = skills["SQL"], skills["Python (computer programming)"]
        organisation = make_organisation("Nordic Data Oy")
        make_employer(organisation, email=ERIK)
        make_employer(organisation, email=EEVA)
        make_employer(make_organisation("Other Oy"), email="olli@other.example")
        job = make_job(
            organisation,
            title="Data analyst",
            description="Analyse data with SQL and Python.",
            required_skills=[sql, python],
            languages={"en": CEFRLevel.B2},
        )
        mei = make_graduate(
            MEI,
            full_name="Mei Lin",
            skills=[sql, python, skills["data analytics"]],
            visibility=Visibility.EMPLOYERS,
        )
        make_graduate("sam@example.com", full_name="Sam Stranger")
        make_user(Role.ADMIN, "root@example.com")
        make_user(Role.CAREER_SERVICES, "kaisa@example.com", university=make_university())
        return {"job": job.id, "mei": mei.id, "organisation": organisation.id}


def apply(client, job_id: int, note: str = "I analyse data daily.", cv=None, name="cv.pdf"):
    """Post the apply form as a browser does (the body built in memory, however large)."""
    fields = MultiDict({"cover_note": note})
    if cv is not None:
        fields["cv"] = FileStorage(io.BytesIO(cv), filename=name, content_type="application/pdf")
    boundary, body = encode_multipart(fields)
    return client.post(
        f"/applications/new/{job_id}",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def move(client, application_id: int, status: str, note: str = "", **options):
    """The employer's "next step" form of one application."""
    prefix = f"application-{application_id}"
    return client.post(
        f"/employers/applications/{application_id}/move",
        data={f"{prefix}-status": status, f"{prefix}-note": note},
        **options,
    )


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def the_application(app) -> Application:
    return db.session.scalars(select(Application)).one()


def test_the_whole_pipeline_as_the_graduate_and_the_employer(app, client, auth):
    ids = world(app)
    auth.login(MEI)
    detail = page(client.get(f"/opportunities/{ids['job']}"))
    assert f'href="/applications/new/{ids["job"]}"' in detail and "Apply for this job" in detail
    form = page(client.get(f"/applications/new/{ids['job']}"))
    assert "How well this job fits you" in form and "Shared skills" in form
    cv = pdf_bytes()

    sent = apply(client, ids["job"], cv=cv, name="Mei Lin CV.pdf")

    assert sent.status_code == 302
    mine = page(client.get(sent.headers["Location"]))
    assert "Your application to “Data analyst” is sent." in mine
    assert "The fit when you applied" in mine and "Submitted" in mine
    with app.app_context():
        application = the_application(app)
        assert application.cv_filename == "Mei Lin CV.pdf" and application.cv_size == len(cv)
        folder = data_export.user_files_dir(ids["mei"]) / "applications"
        stored = folder / application.cv_stored_name
        assert stored.read_bytes() == cv
        assert "static" not in stored.parts and "Mei" not in application.cv_stored_name
        recorded = json.loads(application.explanation)
        assert recorded["graduate"]["band"] and recorded["employer"]["shared_skills"]
        assert [e.status for e in application.events] == [ApplicationStatus.SUBMITTED]
        kinds = db.session.scalars(select(Interaction.kind)).all()
        assert kinds == [InteractionKind.APPLY]
        received = db.session.scalars(select(Notification)).all()
        assert {n.kind for n in received} == {NotificationKind.APPLICATION_RECEIVED}
        assert len(received) == 2  # both of the organisation's employers
        assert received[0].text == "Mei Lin applied to “Data analyst”."
        # They name Mei, so erasing Mei's account takes them too.
        assert {n.about_user_id for n in received} == {ids["mei"]}
        application_id = application.id
    on_the_job = page(client.get(f"/opportunities/{ids['job']}"))
    assert "You applied on" in on_the_job and "Apply for this job" not in on_the_job
    assert "My applications" in page(client.get("/applications/"))
    assert "Data analyst" in page(client.get("/applications/"))
    auth.logout()

    auth.login(ERIK)
    dashboard = page(client.get("/employers/"))
    assert "1 applicant" in dashboard and "1 new" in dashboard
    tab = page(client.get(f"/employers/jobs/{ids['job']}/applicants"))
    assert "Mei Lin" in tab and "I analyse data daily." in tab
    assert "Mutual fit when they applied" in tab and "Download the CV (Mei Lin CV.pdf)" in tab
    download = client.get(f"/applications/{application_id}/cv")
    assert download.status_code == 200 and download.data == cv
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()

    reviewed = move(client, application_id, "reviewed", "Thank you, we are reading it.")
    assert reviewed.status_code == 302
    too_far = move(client, application_id, "hired")
    assert too_far.status_code == 400
    assert "An application that is “Reviewed” cannot be moved to “Hired”." in page(too_far)
    move(client, application_id, "interview", "Could you come on Tuesday at 10?")
    move(client, application_id, "offer")
    hired = move(client, application_id, "hired", "Welcome aboard!", follow_redirects=True)
    assert "Mei Lin's application is now: Hired. They have been told." in page(hired)
    final = move(client, application_id, "rejected")
    assert final.status_code == 400
    assert "This application is closed (Hired): its status can no longer change." in page(final)
    auth.logout()

    auth.login(MEI)
    mine = page(client.get(f"/applications/{application_id}"))
    for text in ("Could you come on Tuesday at 10?", "Welcome aboard!", "by Nordic Data Oy"):
        assert text in mine
    assert "Withdraw my application" not in mine
    refused = client.post(f"/applications/{application_id}/withdraw")
    assert refused.status_code == 400
    assert "This application is closed (Hired): it can no longer be withdrawn." in page(refused)
    with app.app_context():
        application = the_application(app)
        assert application.status is ApplicationStatus.HIRED
        assert [e.status.value for e in application.events] == [
            "submitted",
            "reviewed",
            "interview",
            "offer",
            "hired",
        ]
        told = db.session.scalars(
            select(Notification).where(Notification.user_id == ids["mei"]).order_by(Notification.id)
        ).all()
        assert [n.kind for n in told] == [NotificationKind.APPLICATION_STATUS] * 4
        assert told[1].text == "Your application to “Data analyst” at Nordic Data Oy: Interview."
        assert told[1].link == f"/applications/{application_id}"


def test_a_graduate_withdraws_and_the_employers_are_told(app, client, auth):
    ids = world(app)
    with app.app_context():
        mei = db.session.get(User, ids["mei"])
        application_id = make_application(mei, db.session.get(Opportunity, ids["job"])).id
    auth.login(MEI)

    response = client.post(
        f"/applications/{application_id}/withdraw",
        data={"note": "I accepted another offer."},
        follow_redirects=True,
    )

    assert "Your application is withdrawn; the employer has been told." in page(response)
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.status is ApplicationStatus.WITHDRAWN
        assert application.events[-1].note == "I accepted another offer."
        texts = db.session.scalars(select(Notification.text)).all()
        assert texts == ["Mei Lin withdrew their application to “Data analyst”."] * 2
    auth.logout()
    auth.login(ERIK)
    moved = move(client, application_id, "reviewed")
    assert moved.status_code == 400
    assert "its status can no longer change" in page(moved)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<html><body>My CV</body></html>", "cv.pdf", "This file is not a PDF"),
        (b"", "cv.pdf", "The file you chose is empty."),
        (pdf_bytes()[:-200], "cv.pdf", "This PDF cannot be opened"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "cv.pdf", "cannot be opened"),
    ],
    ids=["html-renamed-pdf", "empty", "truncated", "garbage"],
)
def test_a_cv_that_is_not_a_readable_pdf_is_refused_with_a_message(
    app, client, auth, content, name, message
):
    ids = world(app)
    auth.login(MEI)

    response = apply(client, ids["job"], cv=content, name=name)

    assert response.status_code == 400
    assert message in page(response)
    assert 'name="cover_note"' in page(response)  # the form is there to try again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0
    assert uploaded_files(app) == []


def test_a_cv_over_5_mb_gets_413_with_a_clear_page_and_other_forms_keep_their_limit(
    app, client, auth
):
    ids = world(app)
    auth.login(MEI)
    big = pdf_bytes(attachment=bytes(6 * 1024 * 1024))
    assert len(big) > 6 * 1024 * 1024

    response = apply(client, ids["job"], cv=big)

    assert response.status_code == 413
    assert "a CV may be at most 5 MB" in page(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0
    assert uploaded_files(app) == []
    # 3 MB to any other form is still too much.
    other = client.post("/graduates/profile/edit", data={"about": "x" * (3 * 1024 * 1024)})
    assert other.status_code == 413
    assert "larger than this site accepts" in page(other)


def test_a_valid_pdf_just_under_5_mb_is_accepted(app, client, auth):
    ids = world(app)
    auth.login(MEI)
    cv = pdf_bytes(attachment=bytes(4 * 1024 * 1024))

    assert apply(client, ids["job"], cv=cv).status_code == 302
    assert [p.read_bytes() for p in uploaded_files(app)] == [cv]


def test_only_the_applicant_and_the_jobs_employers_reach_the_cv_and_the_application(
    app, client, auth
):
    ids = world(app)
    auth.login(MEI)
    apply(client, ids["job"], cv=pdf_bytes())
    auth.logout()
    with app.app_context():
        application_id = the_application(app).id
    urls = (
        f"/applications/{application_id}/cv",
        f"/applications/{application_id}",
        f"/employers/applications/{application_id}",
    )
    for email, expected in (
        ("sam@example.com", (404, 404, 403)),
        ("olli@other.example", (404, 403, 404)),
        ("root@example.com", (404, 403, 403)),
        ("kaisa@example.com", (404, 403, 403)),
        (EEVA, (200, 403, 200)),
        (MEI, (200, 200, 403)),
    ):
        auth.login(email)
        statuses = tuple(_status(client, url) for url in urls)
        assert statuses == expected, email
        moved = move(client, application_id, "rejected")
        assert moved.status_code in ((302,) if email == EEVA else (403, 404)), email
        auth.logout()
    assert client.get(urls[0]).status_code == 302  # anonymous: to the login page


def _status(client, url: str) -> int:
    response = client.get(url)
    response.close()  # a CV is streamed from an open file
    return response.status_code


def test_applying_twice_keeps_one_application_and_no_second_file(app, client, auth):
    ids = world(app)
    auth.login(MEI)

    first = apply(client, ids["job"], cv=pdf_bytes())
    second = apply(client, ids["job"], note="Once more", cv=pdf_bytes())

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    followed = page(client.get(second.headers["Location"]))
    assert "You have already applied to this job: here is your application." in followed
    with app.app_context():
        assert the_application(app).cover_note == "I analyse data daily."
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    assert len(uploaded_files(app)) == 1
    again = page(client.get(f"/applications/new/{ids['job']}"))
    assert "You applied to this job on" in again and "Send application" not in again


def test_i_applied_there_records_an_external_application_for_both_sides(app, client, auth):
    ids = world(app)
    with app.app_context():
        external = make_job(
            db.session.get(Organisation, ids["organisation"]),
            title="Data engineer",
            url="https://careers.nordicdata.example.fi/jobs/42",
        )
        external_id = external.id
    auth.login(MEI)
    detail = page(client.get(f"/opportunities/{external_id}"))
    assert 'href="https://careers.nordicdata.example.fi/jobs/42"' in detail
    assert "I applied there" in detail
    refused = apply(client, external_id, cv=pdf_bytes())
    assert refused.status_code == 400 and "on its own site" in page(refused)

    response = client.post(
        f"/applications/external/{external_id}", data={"note": "Applied on 3 December, ref 42."}
    )

    assert response.status_code == 302
    assert "applied on the employer’s site" in page(client.get("/applications/"))
    with app.app_context():
        application = the_application(app)
        assert application.external and application.cv_stored_name is None
        assert application.cover_note == "Applied on 3 December, ref 42."
        texts = db.session.scalars(select(Notification.text)).all()
        assert texts == ["Mei Lin applied to “Data engineer” on your own site."] * 2
    auth.logout()
    auth.login(ERIK)
    tab = page(client.get(f"/employers/jobs/{external_id}/applicants"))
    assert "Mei Lin" in tab and "on your own application site" in tab
    assert "Applied on 3 December, ref 42." in tab


def test_only_open_listed_jobs_are_applied_to_and_closing_rejects_nobody(app, client, auth):
    ids = world(app)
    with app.app_context():
        programme = make_opportunity(OpportunityKind.PROGRAMME, title="Talent programme").id
        closed = make_job(make_organisation(), status=OpportunityStatus.CLOSED).id
        unlisted = make_job(make_organisation(verified=False)).id
    auth.login(MEI)
    for opportunity_id in (programme, closed, unlisted, 999999):
        assert client.get(f"/applications/new/{opportunity_id}").status_code == 404
        assert apply(client, opportunity_id).status_code == 404
    assert "Apply" not in page(client.get(f"/opportunities/{programme}")).split("<main")[1]
    apply(client, ids["job"])
    auth.logout()

    auth.login(ERIK)
    client.post(f"/employers/jobs/{ids['job']}/close")
    tab = page(client.get(f"/employers/jobs/{ids['job']}/applicants"))
    assert "Mei Lin" in tab and "This job is closed to new applications" in tab
    auth.logout()
    auth.login(MEI)
    mine = page(client.get("/applications/"))
    assert "Data analyst" in mine and "no longer open" in mine and "Submitted" in mine
    with app.app_context():
        assert the_application(app).status is ApplicationStatus.SUBMITTED


def test_an_unverified_organisation_sees_no_applicants(app, client, auth):
    with app.app_context():
        organisation = make_organisation("Uusi Oy", verified=False)
        make_employer(organisation, email="unto@uusi.example")
        job_id = make_job(organisation).id
    auth.login("unto@uusi.example")
    response = client.get(f"/employers/jobs/{job_id}/applicants")
    assert response.status_code == 403 and "awaits verification" in page(response)


def test_a_long_cover_note_is_refused_and_nothing_is_saved(app, client, auth):
    ids = world(app)
    auth.login(MEI)
    response = apply(client, ids["job"], note="x" * 3001)
    assert response.status_code == 400
    assert "Use at most 3000 characters (you used 3001)." in page(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_export_holds_the_application_and_the_cv_and_erasure_keeps_an_anonymous_record(
    app, client, auth
):
    ids = world(app)
    auth.login(MEI)
    apply(client, ids["job"], cv=pdf_bytes())
    document = json.loads(client.post("/privacy/export").data)
    assert document["tables"]["applications"][0]["cover_note"] == "I analyse data daily."
    assert [f["name"].split("/")[0] for f in document["files"]] == ["applications"]

    client.post("/privacy/delete", data={"password": "correct horse battery"})

    assert uploaded_files(app) == []
    auth.login(ERIK)
    tab = page(client.get(f"/employers/jobs/{ids['job']}/applicants"))
    assert "Deleted account" in tab and "I analyse data daily." not in tab
    with app.app_context():
        application = the_application(app)
        assert application.cover_note == "" and application.cv_stored_name is None


def test_a_graduate_confirms_their_email_address_before_applying(app, client, auth):
    ids = world(app)
    with app.app_context():
        db.session.get(User, ids["mei"]).email_verified = False
        db.session.commit()
    auth.login(MEI)

    response = apply(client, ids["job"])

    assert response.status_code == 400
    assert "Confirm your email address first" in page(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_the_cv_keeps_its_name_without_folders_or_header_breaking_characters(app, client, auth):
    ids = world(app)
    auth.login(MEI)

    apply(client, ids["job"], cv=pdf_bytes(), name="../../etc/Mei CV")

    with app.app_context():
        application_id = the_application(app).id
        assert the_application(app).cv_filename == "Mei CV.pdf"
    download = client.get(f"/applications/{application_id}/cv")
    assert download.status_code == 200
    assert 'filename="Mei CV.pdf"' in download.headers["Content-Disposition"]
    download.close()
    with app.test_request_context():
        assert cv_files.display_name('C:\\Users\\mei\\My "best"\r\nCV.PDF') == "My bestCV.PDF"
        assert cv_files.display_name("") == "cv.pdf"


def test_lists_show_where_an_application_is_instead_of_apply(app, client, auth):
    with app.app_context():
        graduate = make_graduate(MEI)
        applied = make_job(title="Data analyst")
        other = make_job(title="Data engineer")
        application = make_application(graduate, applied, status=ApplicationStatus.INTERVIEW)
        for job in (applied, other):
            db.session.add(
                Interaction(user_id=graduate.id, opportunity_id=job.id, kind=InteractionKind.SAVE)
            )
        db.session.commit()
        applied_id, other_id, application_id = applied.id, other.id, application.id

    auth.login(MEI)
    page = client.get("/graduates/saved").get_data(as_text=True)
    assert f'href="/applications/{application_id}"' in page
    assert "Applied: Interview" in page
    assert f"/applications/new/{applied_id}" not in page
    assert f"/applications/new/{other_id}" in page
