"""Delivering the outbox off the request: once a request's transaction that queued mail has
committed, a background job sends it (MAIL_BACKGROUND; talentmatch/jobs/), so a slow or failing
mail server never delays or fails the request. The same job comes back for failed messages
when their backoff has passed. Commands deliver explicitly (`flask mail send-pending` and the
digests); jobs that queue mail hand it to a delivery job of its own.

With MAIL_BACKGROUND off (the test suite) the mail goes out at the end of the request instead,
still after the commit and still never failing the request.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from talentmatch import jobs
from talentmatch.extensions import db
from talentmatch.services import mail

log = logging.getLogger(__name__)


def _after_commit(session: Session) -> None:
    if not session.info.pop(mail.SESSION_FLAG, False):
        return
    if has_request_context() or (has_app_context() and g.get(jobs.RUNNING_JOB)):
        g.mail_committed = True


def _after_rollback(session: Session, previous_transaction: object) -> None:
    session.info.pop(mail.SESSION_FLAG, None)


def _deliver_after_request(response: Response) -> Response:
    if not g.pop("mail_committed", False):
        return response
    if current_app.config["MAIL_BACKGROUND"]:
        try:
            jobs.deliver_mail()
        except Exception:  # the queue is unreachable: `flask mail send-pending` sends it
            log.exception("Could not enqueue the delivery of the outbox after a request")
    else:
        try:
            mail.deliver_pending()
        except Exception:  # the request succeeded; its mail waits for the next run
            # The request's teardown ends the session, whatever state this left it in (a
            # rollback here would raise again if the database went away).
            log.exception("Delivering the outbox after a request failed")
    return response


_listening = False


def init_app(app: Flask) -> None:
    global _listening
    app.after_request(_deliver_after_request)
    if not _listening:  # one scoped session serves every app of the process
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)
        _listening = True
