"""Charts as inline SVG, drawn on the server: horizontal bars, grouped and stacked bars, a line
and a funnel.

Every chart is an `<svg role="img">` with a <title> and <desc>, direct labels on its marks and
no script. Colours come from classes in static/css/analytics.css, as the Content-Security-Policy
(style-src 'self') forbids style attributes; SVG presentation attributes such as width,
text-anchor and transform are not styles, so the policy lets them through (the browser test
checks that no violation is reported). Every text and attribute value is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup

# A narrow drawing scaled up on wide screens keeps its words readable on a 375 px phone.
WIDTH = 400
VALUE_ROOM = 130  # right of the longest bar, for its words ("fewer than 5 of 120")
LONGEST_LABEL = 60  # characters of a label drawn; the table holds it whole
LABEL_GAP = 6
ROW_LABEL = 18  # height of a category label line above its bars
BAR = 18
ROW_GAP = 12
SERIES_CLASSES = 5  # chart-series-0 … chart-series-4 in the stylesheet

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    """A mark: its value (None: not shown) and the words written next to it."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None leaves a gap in the line


def _f(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _text(
    x: float, y: float, words: str, css: str = "chart-label", anchor: str = "start"
) -> Markup:
    if len(words) > LONGEST_LABEL:
        words = words[: LONGEST_LABEL - 1].rstrip() + "…"
    return Markup('<text x="{}" y="{}" class="{}" text-anchor="{}">{}</text>').format(
        _f(x), _f(y), css, anchor, words
    )


def _rect(x: float, y: float, width: float, height: float, css: str, tip: str = "") -> Markup:
    title = Markup("<title>{}</title>").format(tip) if tip else Markup("")
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" class="{}">{}</rect>').format(
        _f(x), _f(y), _f(max(width, 0)), _f(height), css, title
    )


def _line(x1: float, y1: float, x2: float, y2: float, css: str) -> Markup:
    return Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}"/>').format(
        _f(x1), _f(y1), _f(x2), _f(y2), css
    )


def _svg(title: str, description: str, height: float, body: Sequence[Markup]) -> Markup:
    """Markup.format escapes every value that is not markup already."""
    ident = f"chart-{next(_ids)}"
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="{ident}-title {ident}-desc">'
        '<title id="{ident}-title">{title}</title>'
        '<desc id="{ident}-desc">{description}</desc>{body}</svg>'
    ).format(
        width=WIDTH,
        height=_f(height),
        ident=ident,
        title=title,
        description=description,
        body=Markup("").join(body),
    )


def empty_chart(title: str, description: str, message: str) -> Markup:
    """A chart with nothing to draw yet: the message in its place."""
    return _svg(title, description, 80, [_text(WIDTH / 2, 45, message, "chart-empty", "middle")])


def _scale(values: Sequence[float | None], maximum: float | None) -> float:
    top = maximum if maximum is not None else max((v for v in values if v is not None), default=0)
    return top if top > 0 else 1


def bar_chart(
    title: str, description: str, bars: Sequence[Bar], maximum: float | None = None
) -> Markup:
    """One horizontal bar per label, the label above it and its text at its end."""
    scale = _scale([bar.value for bar in bars], maximum)
    room = WIDTH - VALUE_ROOM
    body: list[Markup] = []
    y = 4.0
    for bar in bars:
        body.append(_text(0, y + 13, bar.label))
        y += ROW_LABEL
        width = room * (bar.value or 0) / scale
        if bar.value is not None:
            body.append(_rect(0, y, width, BAR, "chart-bar chart-series-0", bar.text))
        body.append(_text(width + LABEL_GAP, y + 13, bar.text, "chart-value"))
        y += BAR + ROW_GAP
    return _svg(title, description, y, body)


def _legend(series: Sequence[str], y: float) -> tuple[list[Markup], float]:
    body: list[Markup] = []
    x = 0.0
    for index, name in enumerate(series):
        width = 20 + 6.5 * len(name)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        body.append(_rect(x, y, 12, 12, f"chart-series-{index % SERIES_CLASSES}"))
        body.append(_text(x + 16, y + 11, name, "chart-legend"))
        x += width + 12
    return body, y + 26


def grouped_bar_chart(
    title: str,
    description: str,
    series: Sequence[str],
    groups: Sequence[tuple[str, Sequence[Bar]]],
    maximum: float | None = None,
) -> Markup:
    """Per category, a label and one horizontal bar per series (each Bar's label names its
    series), with a legend above."""
    body, y = _legend(series, 4)
    scale = _scale([bar.value for _, bars in groups for bar in bars], maximum)
    room = WIDTH - VALUE_ROOM
    for category, bars in groups:
        body.append(_text(0, y + 13, category, "chart-label chart-category"))
        y += ROW_LABEL + 2
        for index, bar in enumerate(bars):
            width = room * (bar.value or 0) / scale
            if bar.value is not None:
                css = f"chart-bar chart-series-{index % SERIES_CLASSES}"
                body.append(_rect(0, y, width, BAR - 4, css, f"{bar.label}: {bar.text}"))
            body.append(_text(width + LABEL_GAP, y + 11, bar.text, "chart-value"))
            y += BAR
        y += ROW_GAP
    return _svg(title, description, y, body)


def stacked_bar_chart(
    title: str,
    description: str,
    series: Sequence[str],
    groups: Sequence[tuple[str, float, Sequence[Bar]]],
) -> Markup:
    """Per category (its label and its whole) one bar split into its series, each as a share
    of the whole, so what is not shown leaves the bar short; a segment wide enough carries
    its text."""
    body, y = _legend(series, 4)
    for category, whole, bars in groups:
        body.append(_text(0, y + 13, category, "chart-label chart-category"))
        y += ROW_LABEL + 2
        total = whole or sum(bar.value or 0 for bar in bars) or 1
        x = 0.0
        for index, bar in enumerate(bars):
            if not bar.value:
                continue
            width = WIDTH * bar.value / total
            css = f"chart-bar chart-series-{index % SERIES_CLASSES}"
            body.append(_rect(x, y, width, BAR + 4, css, f"{bar.label}: {bar.text}"))
            if width >= 7 * len(bar.text) + 8:
                body.append(_text(x + 4, y + 15, bar.text, "chart-inside"))
            x += width
        y += BAR + 4 + ROW_GAP
    return _svg(title, description, y, body)


def line_chart(
    title: str,
    description: str,
    points: Sequence[Point],
    x_title: str,
    y_title: str,
    y_ticks: Sequence[tuple[float, str]],
) -> Markup:
    """A line over labelled x positions, broken where a value is not shown, on a y axis from
    0 to the last tick; axes titled, every point marked."""
    left, right, top, bottom = 52.0, 24.0, 12.0, 64.0
    height = 300.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    y_max = y_ticks[-1][0] if y_ticks and y_ticks[-1][0] > 0 else 1
    body: list[Markup] = []
    for value, words in y_ticks:
        y = top + plot_h * (1 - value / y_max)
        body.append(_line(left, y, WIDTH - right, y, "chart-grid"))
        body.append(_text(left - 6, y + 4, words, "chart-tick", "end"))
    step = plot_w / max(len(points) - 1, 1)
    every = max(1, round(len(points) / 5))
    segments: list[list[str]] = [[]]
    marks: list[Markup] = []
    for index, point in enumerate(points):
        x = left + step * index if len(points) > 1 else left + plot_w / 2
        if index % every == 0 or index == len(points) - 1:
            body.append(_text(x, top + plot_h + 18, point.label, "chart-tick", "middle"))
        if point.value is None:
            segments.append([])
            continue
        y = top + plot_h * (1 - point.value / y_max)
        segments[-1].append(f"{_f(x)},{_f(y)}")
        marks.append(
            Markup(
                '<circle cx="{}" cy="{}" r="4" class="chart-point"><title>{}</title></circle>'
            ).format(_f(x), _f(y), point.label)
        )
    body.extend(
        Markup('<polyline points="{}" class="chart-line"/>').format(" ".join(segment))
        for segment in segments
        if len(segment) > 1
    )
    body.extend(marks)
    body.append(_line(left, top + plot_h, WIDTH - right, top + plot_h, "chart-axis"))
    body.append(_text(left + plot_w / 2, height - 12, x_title, "chart-axis-title", "middle"))
    middle = _f(top + plot_h / 2)
    body.append(
        Markup(
            '<text x="14" y="{}" class="chart-axis-title" text-anchor="middle" '
            'transform="rotate(-90 14 {})">{}</text>'
        ).format(middle, middle, y_title)
    )
    return _svg(title, description, height, body)


def funnel_chart(title: str, description: str, steps: Sequence[Bar]) -> Markup:
    """Centred bars, the widest the largest step, each step's label on the left of its row and
    its text on the right."""
    scale = _scale([step.value for step in steps], None)
    label_w, text_w = 100.0, 92.0
    room = WIDTH - label_w - text_w
    centre = label_w + room / 2
    body: list[Markup] = []
    y = 4.0
    for step in steps:
        width = room * (step.value or 0) / scale
        body.append(_text(0, y + 17, step.label))
        if step.value is not None:
            body.append(
                _rect(centre - width / 2, y, width, 24, "chart-bar chart-series-0", step.text)
            )
        body.append(_text(WIDTH - text_w + LABEL_GAP, y + 17, step.text, "chart-value"))
        y += 24 + 8
    return _svg(title, description, y, body)
