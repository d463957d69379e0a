"""What the browser tests ask of every page: axe-core (vendored in vendor/axe-core) finds no
serious or critical WCAG violation, and the page is no wider than the screen."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
BLOCKING = ("serious", "critical")


def violations(page: Page) -> list[str]:
    """The serious and critical axe-core violations on the page as it is now, each as
    "rule (impact): target, target, target"."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy (which
    # refuses inline scripts) does not apply to the test's own script.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({
                id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))
            }))"""
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['nodes'][:3])}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def overflow(page: Page, width: int) -> list[str]:
    """A problem when the page scrolls sideways on a screen `width` px wide."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    return [f"the page is {wide} px wide on a {width} px screen"] if wide > width else []


def problems(page: Page, width: int) -> list[str]:
    """Everything wrong with the page at `width` px: axe-core's violations and overflow."""
    return violations(page) + overflow(page, width)
