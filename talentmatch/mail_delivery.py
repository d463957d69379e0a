"""Delivering the outbox off the request: once a request's transaction that queued mail has
committed, a thread of this process sends it (MAIL_BACKGROUND), so a slow or failing mail
server never delays or fails the request. The same thread retries failed messages when their
backoff has passed. Commands deliver explicitly (`flask mail send-pending` and the digests).

With MAIL_BACKGROUND off (the test suite) the mail goes out at the end of the request instead,
still after the commit and still never failing the request.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, current_app, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from talentmatch.extensions import db
from talentmatch.services import mail

log = logging.getLogger(__name__)


class MailSender:
    """One delivery thread per process, woken after commits and by its own retry timer."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._condition = threading.Condition()
        self._requested = 0  # wake-ups asked for
        self._finished = 0  # wake-ups whose delivery run has completed
        self._thread: threading.Thread | None = None
        self._stopping = False

    def wake(self) -> None:
        with self._condition:
            self._requested += 1
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(
                    target=self._loop, daemon=True, name="mail-delivery"
                )
                self._thread.start()
            self._condition.notify_all()

    def _loop(self) -> None:
        poll = float(self._app.config["MAIL_RETRY_POLL_SECONDS"])
        while True:
            with self._condition:
                if self._requested == self._finished:
                    self._condition.wait(timeout=poll)
                if self._stopping:
                    return
                target = self._requested
            self._deliver()
            with self._condition:
                self._finished = max(self._finished, target)
                self._condition.notify_all()

    def _deliver(self) -> None:
        with self._app.app_context():
            try:
                while mail.deliver_pending() == 100:  # a full batch: more may be waiting
                    pass
            except Exception:
                log.exception("Delivering the outbox failed")
            finally:
                db.session.remove()

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until every wake-up so far has been served (for tests); True when it has."""
        with self._condition:
            target = self._requested
            return self._condition.wait_for(lambda: self._finished >= target, timeout=timeout)

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=30)


def sender(app: Flask) -> MailSender:
    found: MailSender = app.extensions["mail_sender"]
    return found


def _after_commit(session: Session) -> None:
    if session.info.pop(mail.SESSION_FLAG, False) and has_request_context():
        g.mail_committed = True


def _after_rollback(session: Session, previous_transaction: object) -> None:
    session.info.pop(mail.SESSION_FLAG, None)


def _deliver_after_request(response: Response) -> Response:
    if not g.pop("mail_committed", False):
        return response
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["MAIL_BACKGROUND"]:
        sender(app).wake()
    else:
        try:
            mail.deliver_pending()
        except Exception:  # the request succeeded; its mail waits for the next run
            log.exception("Delivering the outbox after a request failed")
            db.session.rollback()
    return response


_listening = False


def init_app(app: Flask) -> None:
    global _listening
    app.extensions["mail_sender"] = MailSender(app)
    app.after_request(_deliver_after_request)
    if not _listening:  # one scoped session serves every app of the process
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)
        _listening = True
