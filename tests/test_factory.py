"""The app factory and the configuration classes."""

from __future__ import annotations

import pytest

from talentmatch import create_app


def test_testing_config_is_used_when_asked(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "testing-secret-key"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"TALENTMATCH_CONFIG": "production"})


def test_unknown_config_name_is_refused():
    with pytest.raises(RuntimeError, match="Unknown TALENTMATCH_CONFIG"):
        create_app({"TALENTMATCH_CONFIG": "staging"})


def test_development_generates_a_secret_key_once(tmp_path, monkeypatch):
    import config

    monkeypatch.setattr(config.DevelopmentConfig, "SECRET_KEY", None)
    first = config.DevelopmentConfig.init_app(str(tmp_path))["SECRET_KEY"]
    second = config.DevelopmentConfig.init_app(str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_landing_page_shows_the_esco_attribution(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"This service uses the ESCO classification of the European Commission." in response.data


def test_import_esco_loads_every_shipped_skill_once(app, runner):
    first = runner.invoke(args=["import-esco"])
    assert first.exit_code == 0, first.output
    assert "13896 added, 13896 in the database" in first.output
    second = runner.invoke(args=["import-esco"])
    assert "0 added, 13896 in the database" in second.output


def test_an_unexpected_error_shows_the_friendly_500_page(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"unexpected" not in response.data


def test_a_request_body_over_the_limit_gets_a_413_page(client):
    response = client.post("/auth/login", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert b"What you sent is larger than this site accepts." in response.data


def test_landing_page_counts_open_opportunities_per_kind(app, client):
    from talentmatch.models import OpportunityKind, OpportunityStatus
    from tests.factories import make_job, make_opportunity

    with app.app_context():
        make_job(title="Open role")
        make_job(title="Closed role", status=OpportunityStatus.CLOSED)
        make_opportunity(OpportunityKind.COMMUNITY, title="Maria 01 community")
    page = client.get("/").get_data(as_text=True)
    assert "<strong>1</strong> Jobs" in page
    assert "<strong>1</strong> Communities" in page
    assert "Open role" in page and "Closed role" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/opportunities/99999999999999999999",
        "/opportunities/2147483648",
        "/opportunities/2147483648/edit",
        "/employers/jobs/99999999999999999999/candidates",
    ],
)
def test_an_id_no_row_can_have_is_a_404_not_a_database_error(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
