"""Liveness and readiness checks for /healthz and /readyz: the database, and the job queue's
Redis when one is configured."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from talentmatch.extensions import db

# A load balancer asks every few seconds; an answer slower than this counts as no answer.
QUEUE_PING_TIMEOUT_SECONDS = 0.5
QUEUE_IN_PROCESS = "in-process"


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False


def queue_status(redis_url: str | None) -> str:
    """ "ok" when the queue's Redis answers a PING in time, "unavailable" when it does not (or
    the redis package is missing), "in-process" when no Redis is configured: background work
    then runs in a thread of each web process and there is nothing to reach."""
    if not redis_url:
        return QUEUE_IN_PROCESS
    try:
        import redis
    except ImportError:
        return "unavailable"
    try:
        _redis_client(redis_url).ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


@functools.cache
def _redis_client(redis_url: str) -> Any:
    """One client (and connection pool) per URL and process, reused by every check."""
    import redis

    return redis.Redis.from_url(
        redis_url,
        socket_connect_timeout=QUEUE_PING_TIMEOUT_SECONDS,
        socket_timeout=QUEUE_PING_TIMEOUT_SECONDS,
    )
