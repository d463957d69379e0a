"""A PostgreSQL that stops and starts again under a running app: 503 while down, 200 after."""

from __future__ import annotations

from talentmatch import create_app
from talentmatch.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_graduate, make_job


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
