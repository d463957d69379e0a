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
    assert "meets WCAG 2.1 level AA, by our own assessment" in page
    assert "Content that is not fully accessible" in page
    assert "not yet been tested by people who use screen readers" in page
    assert "accessibility@talentmatch.local" in page
    assert "Permit and Supervisory Agency (Lupa- ja valvontavirasto)" in page


def test_the_statement_is_in_finnish_and_swedish_too(client):
    for locale, heading, authority in (
        ("fi", "Saavutettavuusseloste", "Lupa- ja valvontavirasto"),
        ("sv", "Tillgänglighetsutlåtande", "Tillstånds- och tillsynsverket"),
    ):
        page = unescape(
            client.get("/accessibility", headers={"Accept-Language": locale}).get_data(as_text=True)
        )
        assert f'<html lang="{locale}">' in page
        assert f"<h1>{heading}</h1>" in page
        assert authority in page
        assert "accessibility@talentmatch.local" in page


def test_the_feedback_address_comes_from_the_configuration(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "saavutettavuus@example.fi"
    page = client.get("/accessibility").get_data(as_text=True)
    assert "saavutettavuus@example.fi" in page
