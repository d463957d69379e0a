"""Twenty simultaneous sign-ups with one address make one account, and nobody sees an error."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, User

SIGN_UP = {
    "role": "graduate",
    "full_name": "Sam Quick",
    "email": "sam.quick@example.com",
    "password": "northern lights 42",
    "confirm": "northern lights 42",
    "university_id": "0",
}


def test_twenty_simultaneous_registrations_of_one_address_give_one_account(app, smtp_server):
    start = threading.Barrier(20)
    answers: list[tuple[int, str | None]] = []
    lock = threading.Lock()

    def sign_up() -> None:
        client = app.test_client()
        start.wait()
        response = client.post("/auth/register", data=SIGN_UP)
        with lock:
            answers.append((response.status_code, response.headers.get("Location")))

    threads = [threading.Thread(target=sign_up) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert answers == [(302, "/auth/check-inbox")] * 20
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(func.count()).select_from(GraduateProfile)) == 1
    messages = smtp_server.to("sam.quick@example.com")
    assert len(messages) == 20
    confirmations = [m for m in messages if m["Subject"].startswith("Confirm your email")]
    assert len(confirmations) == 1
