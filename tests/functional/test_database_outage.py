"""A PostgreSQL that stops and starts again under a running app: 503 while down, 200 after."""

from __future__ import annotations

from sqlalchemy import create_engine, event, select, text

from talentmatch import create_app
from talentmatch.extensions import db
from talentmatch.models import Opportunity
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
)
from tests.faults.processes import job_form_values


def test_a_stopped_database_gives_503_pages_and_the_same_app_recovers(own_postgres):
    app = create_app({"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": own_postgres.url})
    with app.app_context():
        db.create_all()
        make_job(title="Harbour data analyst")
        make_graduate("ana@example.com")
    client = app.test_client()
    client.post("/auth/login", data={"email": "ana@example.com", "password": DEFAULT_PASSWORD})
    assert "Harbour data analyst" in client.get("/opportunities/").get_data(as_text=True)

    own_postgres.stop()
    page = client.get("/opportunities/")
    signed_in_page = client.get("/graduates/profile")
    api = client.get("/api/skills?q=python")
    form_post = client.post("/auth/login", data={"email": "ana@example.com", "password": "x"})

    for response in (page, signed_in_page, api, form_post):
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
    assert "We cannot reach our database right now." in page.get_data(as_text=True)
    assert "We cannot reach our database right now." in signed_in_page.get_data(as_text=True)
    assert api.is_json
    assert api.json["message"] == (
        "We cannot reach our database right now. Please try again in a minute."
    )

    own_postgres.start()
    assert "Harbour data analyst" in client.get("/opportunities/").get_data(as_text=True)
    assert client.get("/graduates/profile").status_code == 200
    assert client.get("/api/skills?q=python").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_a_connection_ended_under_a_request_leaves_its_answer_and_the_next_request_whole(
    own_postgres,
):
    """The database ends the connection while a request still holds it (a restart, an
    administrator): the page already made is sent, not a 500, and the next request in the same
    process gets a fresh connection."""
    app = create_app({"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": own_postgres.url})
    with app.app_context():
        db.create_all()
        make_job(title="Harbour data analyst")
    administrator = create_engine(own_postgres.url, isolation_level="AUTOCOMMIT")
    ended: list[int] = []

    @app.after_request
    def end_the_connection_under_the_request(response):
        if not ended:
            backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with administrator.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            ended.append(backend)
        return response

    client = app.test_client()
    answered = client.get("/opportunities/")
    assert ended
    assert answered.status_code == 200
    assert "Harbour data analyst" in answered.get_data(as_text=True)
    again = client.get("/opportunities/")
    assert again.status_code == 200
    assert "Harbour data analyst" in again.get_data(as_text=True)
    administrator.dispose()
    with app.app_context():
        db.engine.dispose()


def test_a_job_posted_as_the_connection_dies_under_the_engine_is_saved_once_and_acknowledged(
    own_postgres, caplog
):
    """The job is committed, then the database ends the connection while the matching engine
    reads it back: the engine's failure is logged and the employer still gets the job's page
    (the next query takes a fresh connection), not a 500 from a transaction left to roll back."""
    app = create_app({"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": own_postgres.url})
    with app.app_context():
        db.create_all()
        python = make_skills()["Python (computer programming)"]
        skill = f"esco:{python.id}:Python"
        employer = make_employer(make_organisation(name="Harbour Data Oy")).email
    administrator = create_engine(own_postgres.url, isolation_level="AUTOCOMMIT")
    ended: list[int] = []
    engine_reading: list[str] = []

    def end_the_connection_under_the_engine(connection, cursor, statement, *args) -> None:
        """After the engine stamped the job (its own commit), end the connection as it reads
        the job's universities back."""
        if statement.startswith("UPDATE opportunities SET updated_at"):
            engine_reading.append(statement)
        elif engine_reading and not ended and "FROM opportunity_universities" in statement:
            backend = connection.connection.dbapi_connection.info.backend_pid
            with administrator.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            ended.append(backend)

    client = app.test_client()
    signed_in = client.post("/auth/login", data={"email": employer, "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 302
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", end_the_connection_under_the_engine)
    try:
        posted = client.post(
            "/employers/jobs/new",
            data=job_form_values("Harbour data engineer", skill),
        )
    finally:
        event.remove(engine, "before_cursor_execute", end_the_connection_under_the_engine)

    assert ended
    assert "could not take in opportunity" in caplog.text
    assert posted.status_code == 302
    with app.app_context():
        saved = db.session.scalars(
            select(Opportunity).where(Opportunity.title == "Harbour data engineer")
        ).all()
        assert len(saved) == 1
        assert posted.headers["Location"].endswith(f"/employers/jobs/{saved[0].id}")
    page = client.get(posted.headers["Location"])
    assert page.status_code == 200
    assert "Harbour data engineer" in page.get_data(as_text=True)
    administrator.dispose()
    with app.app_context():
        db.engine.dispose()
