"""Twenty identical applications at once (a double click, many tabs) leave one application, one
CV file, one notification per employer, and every request is shown that one application."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import Application, ApplicationEvent, Interaction, Notification
from tests.functional.test_applications import MEI, apply, pdf_bytes, world
from tests.functional.test_races import TIMES, _all_at_once, _signed_in_clients


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_twenty_identical_applications_at_once_leave_one_row_and_one_file(
    app, client, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    ids = world(app)
    clients = _signed_in_clients(app, client, MEI, TIMES)
    cv = pdf_bytes()
    clients[0].get(f"/applications/new/{ids['job']}")  # the model is fitted before the race

    responses = _all_at_once(clients, lambda c: apply(c, ids["job"], cv=cv))

    assert [r.status_code for r in responses] == [302] * TIMES
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))
    assert {r.headers["Location"] for r in responses} == {f"/applications/{application_id}"}
    assert _count(app, Application) == 1
    assert _count(app, ApplicationEvent) == 1
    assert _count(app, Interaction) == 1
    assert _count(app, Notification) == 2  # one per employer of the organisation
    files = [p for p in Path(tmp_path / "uploads").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in files] == [cv]
