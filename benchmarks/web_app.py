"""The app the web benchmark serves: the real app (production config from the environment)
plus what only the benchmark needs, so none of it exists in the product:

- `/bench/bare`, a bare Flask JSON endpoint on the same workers, the baseline of the ratios;
- an `X-Bench-Queries` header on every response: the SQL statements the request ran.

`gunicorn -c talentmatch/deploy/gunicorn.conf.py --pythonpath benchmarks web_app:app`
"""

from __future__ import annotations

from flask import g, has_request_context, jsonify
from sqlalchemy import event

from talentmatch import create_app
from talentmatch.extensions import db

QUERIES_HEADER = "X-Bench-Queries"

app = create_app()


@app.get("/bench/bare")
def bare():
    """The least a Flask view of this app can do: the baseline."""
    return jsonify(ok=True)


def _count_query(*_args: object) -> None:
    if has_request_context():
        g.bench_queries = g.get("bench_queries", 0) + 1


@app.after_request
def _report_queries(response):
    response.headers[QUERIES_HEADER] = str(g.get("bench_queries", 0))
    return response


with app.app_context():
    event.listen(db.engine, "before_cursor_execute", _count_query)
