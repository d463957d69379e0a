"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`."""

from talentmatch import create_app

app = create_app()
