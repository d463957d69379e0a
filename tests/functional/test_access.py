"""Every page that is not public sends anonymous visitors to the login page."""

from __future__ import annotations

import re

PUBLIC_ENDPOINTS = {
    "static",
    "main.index",
    "main.about",
    "main.accessibility",
    "main.choose_language",
    "main.healthz",
    "main.readyz",
    "auth.login",
    "auth.register",
    "auth.check_inbox",
    "auth.verify_email",
    "auth.forgot_password",
    "auth.reset_sent",
    "auth.reset",
    "auth.accept_invitation",
    "catalogue.index",
    "catalogue.detail",
    "events.event_file",  # as public as the event's page
    "events.feed",  # a calendar application has no session: the secret address is the key
    "api.suggest_skills",
    "api.opportunity",  # as public as the opportunity's page
    "privacy.notice",
    "notifications.unsubscribe",  # one click from an email, without signing in
    # The demo tour is for anyone where it is switched on, and 404 for everyone elsewhere.
    "tour.index",
    "tour.sign_in_as",
}


def _concrete(rule: str) -> str:
    """A URL for the rule with every parameter filled with 1 (or 'event' for a kind)."""
    rule = re.sub(r"<(?:[a-z]+:)?kind>", "event", rule)
    return re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "1", rule)


def test_anonymous_users_are_sent_to_login_from_every_non_public_page(app, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = _concrete(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
            assert response.headers["Location"].startswith("/auth/login?next="), url
            checked += 1
    assert checked >= 5


def test_public_pages_answer_anonymous_visitors(client):
    for url in ("/", "/about", "/auth/login", "/auth/register", "/opportunities/", "/healthz"):
        assert client.get(url).status_code == 200, url


def test_unknown_page_shows_the_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
