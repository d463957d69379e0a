"""What the browser tests ask of every page: axe-core (vendored in vendor/axe-core) finds no
serious or critical WCAG violation, the page is no wider than the screen, and no text is
squeezed into a column so narrow that it breaks every few letters."""

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


# The innermost elements reaching past the right edge of the screen (outside any region that
# scrolls sideways on its own), to say what makes a page too wide.
TOO_WIDE = """() => {
  const scrollsItself = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (up.closest(".visually-hidden")) { return true; }
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) {
        return true;
      }
    }
    return false;
  };
  const edge = document.documentElement.clientWidth + 1;
  const past = (el) => el.getBoundingClientRect().right > edge;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + Array.from(el.classList).join(".") : "");
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!past(el) || scrollsItself(el) || Array.from(el.children).some(past)) { continue; }
    found.push(`${name(el)} “${(el.textContent || el.value || "").trim().slice(0, 30)}”`);
  }
  // Text longer than its box: the box fits, the words run past it.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || !node.textContent.trim() || scrollsItself(node)) { continue; }
    range.selectNodeContents(node);
    if (Array.from(range.getClientRects()).some(r => r.right > edge)) {
      found.push(`text “${node.textContent.trim().slice(0, 30)}” in ${name(parent)}`);
    }
  }
  return found.slice(0, 4);
}"""


def overflow(page: Page, width: int) -> list[str]:
    """A problem when the page scrolls sideways on a screen `width` px wide, naming what
    reaches past the edge."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide <= width:
        return []
    culprits = "; ".join(page.evaluate(TOO_WIDE))
    return [f"the page is {wide} px wide on a {width} px screen: {culprits}"]


# Visible text of 8 or more characters broken inside its words into lines of fewer than 6
# characters on average: a table column squeezed to almost nothing, unreadable on a phone.
# (Words wrapping one to a line, or a long address broken into a few lines, are fine.)
SQUEEZED = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const parent = node.parentElement;
    if (text.length < 8 || !parent || parent.closest(".visually-hidden, [hidden], svg")) {
      continue;
    }
    if (parent.getBoundingClientRect().width < 2) { continue; }
    range.selectNodeContents(node);
    const tops = new Set(
      Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))
    );
    const words = text.split(" ").length;
    if (tops.size >= 3 && tops.size > words + 1 && text.length / tops.size < 6) {
      const where = parent.tagName.toLowerCase();
      found.push(`“${text.slice(0, 40)}” in <${where}> breaks into ${tops.size} lines`);
    }
  }
  return found.slice(0, 5);
}"""


def squeezed_text(page: Page) -> list[str]:
    """Text broken every few letters because its column is squeezed too narrow."""
    return page.evaluate(SQUEEZED)


def problems(page: Page, width: int) -> list[str]:
    """Everything wrong with the page at `width` px: axe-core's violations, overflow and
    squeezed text."""
    return violations(page) + overflow(page, width) + squeezed_text(page)
