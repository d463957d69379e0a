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
