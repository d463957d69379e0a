"""gunicorn settings for production: `gunicorn -c talentmatch/deploy/gunicorn.conf.py wsgi:app`.

Every setting can be changed from the environment, so one file serves every host:
TALENTMATCH_BIND (default 127.0.0.1:8000, behind nginx), WEB_CONCURRENCY (worker processes,
default two per core plus one), GUNICORN_TIMEOUT and GUNICORN_GRACEFUL_TIMEOUT (seconds).
"""

from __future__ import annotations

import multiprocessing
import os

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
# The app writes its own JSON log lines (with the request id); gunicorn's access log would
# repeat them.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client addresses and the scheme come from the app's ProxyFix (PROXY_COUNT), not from gunicorn.
forwarded_allow_ips = "127.0.0.1"
proc_name = "talentmatch"
