"""gunicorn settings for production: `gunicorn -c talentmatch/deploy/gunicorn.conf.py wsgi:app`.

Every setting can be changed from the environment, so one file serves every host:
TALENTMATCH_BIND (default 127.0.0.1:8000, behind nginx), WEB_CONCURRENCY (worker processes,
default two per core plus one), GUNICORN_TIMEOUT and GUNICORN_GRACEFUL_TIMEOUT (seconds).
With LOG_FORMAT json (production's default) gunicorn's own lines are JSON too. Run it from the
repository's folder, where config.py is.
"""

from __future__ import annotations

import multiprocessing
import os

from config import config_class

bind = os.environ.get("TALENTMATCH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
# Sync workers: a page is CPU work (the engine, templates) over short database queries.
worker_class = "sync"
# A worker that does not answer within this is killed and replaced by the arbiter.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# SIGTERM: stop accepting, finish the requests in flight within this many seconds, then exit.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Replace workers now and then so a slow leak never grows; jitter keeps them from restarting
# together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The app is created in each worker, never in the arbiter: database pools, the engine's threads
# and Redis connections must not be shared across a fork.
preload_app = False


def on_starting(server) -> None:
    """Build the engine's language models (ESCO's labels in three languages: seconds of CPU)
    once, in the arbiter, before any worker is forked: every worker starts with them, shares
    their memory until it writes to it, and its first request does not wait for them (nor
    outlast `timeout` building them). They hold no connection or thread, so a fork is safe."""
    from talentmatch.recommender.language import language_models

    language_models()
    server.log.info("Language models built in the arbiter")


# The app writes its own access line per request (with the request id, without query strings);
# gunicorn's access log would repeat it, tokens included.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if config_class().LOG_FORMAT == "json":
    # gunicorn's own lines (workers booting, timing out) in the app's JSON format, on stderr;
    # the root logger is left to the app, which adds its handler in each worker.
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "formatters": {"json": {"()": "talentmatch.request_log.json_formatter"}},
    }
# Client addresses and the scheme come from the app's ProxyFix (PROXY_COUNT), not from gunicorn.
forwarded_allow_ips = "127.0.0.1"
proc_name = "talentmatch"
