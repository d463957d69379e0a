"""The accessibility statement: reachable from every page, honest about what is missing."""

from __future__ import annotations

from html import unescape


def test_the_statement_is_linked_from_the_footer_and_names_what_does_not_meet_the_standard(
    client,
):
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/accessibility">Accessibility</a>' in home
    response = client.get("/accessibility")
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "<h1>Accessibility statement</h1>" in page
    assert "partially meets WCAG 2.1 level AA" in page
    assert "The service is in English only." in page
    assert "accessibility@talentmatch.local" in page
    assert "Regional State Administrative Agency for Southern Finland" in page


def test_the_feedback_address_comes_from_the_configuration(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "saavutettavuus@example.fi"
    page = client.get("/accessibility").get_data(as_text=True)
    assert "saavutettavuus@example.fi" in page
