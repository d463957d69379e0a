"""The background jobs, by name. Each takes plain arguments (ids, flags) and is safe to run
twice: a retry after a failure, or after its worker died mid-job, must not do the work twice."""

from __future__ import annotations

from talentmatch import jobs
from talentmatch.engine import matching_engine
from talentmatch.jobs import job
from talentmatch.models.timestamps import utcnow
from talentmatch.services import digests, erasure, mail, model_fits


@job("matching.refit")
def refit(drop_older: bool = False) -> None:
    """A full refit after edits (debounced) or after a profile left the candidates side
    (`drop_older` deletes every other stored version). A second run fits a second, equal
    version: harmless, and only the active one is served."""
    matching_engine.holder.fit_and_activate(drop_older=drop_older)


@job("matching.requested_fit")
def requested_fit(fit_id: int) -> None:
    """A refit an administrator started on the model page; a finished one is not run again."""
    model_fits.run_requested(fit_id)


@job("mail.deliver")
def deliver_mail() -> None:
    """Send the outbox, then come back when the next failed message is due a retry. Each
    message is claimed before it is sent, so two runs never send one twice."""
    while mail.deliver_pending() == mail.BATCH:  # a full batch: more may be waiting
        pass
    due = mail.next_retry_at()
    if due is not None:
        jobs.deliver_mail(delay=max((due - utcnow()).total_seconds(), 0.0))


@job("digests.send")
def send_digests(first_id: int, last_id: int) -> None:
    """The due digests among MatchDigest ids `first_id`..`last_id`; a digest sent already
    today (or this week) is not sent again."""
    digests.send_digests(first_id=first_id, last_id=last_id)


@job("erasure.run")
def erase(request_id: int) -> None:
    """The steps of an erasure not yet done (each is recorded as it completes)."""
    erasure.run(request_id)
