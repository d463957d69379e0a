"""The SVG charts: well-formed, labelled for assistive technology, marks proportional to their
values, what is not shown left out, every text escaped; and the CSV of a chart's table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from talentmatch.analytics import charts
from talentmatch.analytics.charts import Bar, Point
from talentmatch.analytics.tables import Cell, Row, Table, to_csv

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def rects(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "")]


def test_a_chart_is_an_image_with_a_title_and_description_it_is_labelled_by():
    svg = parse(charts.bar_chart("Graduates by field", "13 graduates.", [Bar("Data", 6, "6")]))
    assert svg.get("role") == "img"
    title, desc = svg[0], svg[1]
    assert (title.tag, title.text) == (f"{SVG}title", "Graduates by field")
    assert (desc.tag, desc.text) == (f"{SVG}desc", "13 graduates.")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert float(svg.get("width")) > 0 and float(svg.get("height")) > 0
    assert svg.get("style") is None


def test_bars_are_proportional_and_a_value_not_shown_draws_no_bar_but_keeps_its_words():
    svg = parse(
        charts.bar_chart(
            "t", "d", [Bar("A", 0.5, "50%"), Bar("B", 0.25, "25%"), Bar("C", None, "fewer than 5")]
        )
    )
    widths = [float(r.get("width")) for r in rects(svg)]
    assert len(widths) == 2
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.5)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert ["A", "50%", "B", "25%", "C", "fewer than 5"] == texts


def test_every_text_is_escaped():
    nasty = '<script>alert("x")</script> & "quotes"'
    for markup in (
        charts.bar_chart(nasty, nasty, [Bar(nasty, 1, nasty)]),
        charts.grouped_bar_chart(nasty, nasty, [nasty], [(nasty, [Bar(nasty, 1, nasty)])]),
        charts.stacked_bar_chart(nasty, nasty, [nasty], [(nasty, 1, [Bar(nasty, 1, nasty)])]),
        charts.line_chart(nasty, nasty, [Point(nasty, 0.5)], nasty, nasty, [(1, nasty)]),
        charts.funnel_chart(nasty, nasty, [Bar(nasty, 3, nasty)]),
        charts.empty_chart(nasty, nasty, nasty),
    ):
        assert "<script>" not in str(markup)
        svg = parse(markup)  # still well-formed
        assert nasty in [t.text for t in svg.iter()]


def test_grouped_bars_share_one_scale_with_a_legend_per_series():
    svg = parse(
        charts.grouped_bar_chart(
            "t",
            "d",
            ["Open rate", "Apply rate"],
            [
                ("Promoted", [Bar("Open rate", 0.8, "80%"), Bar("Apply rate", 0.2, "20%")]),
                ("Organic", [Bar("Open rate", 0.4, "40%"), Bar("Apply rate", None, "—")]),
            ],
            1.0,
        )
    )
    widths = [float(r.get("width")) for r in rects(svg)]
    # drawn to a tenth of a unit
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.5)
    assert widths[0] == pytest.approx(2 * widths[2], abs=0.5)
    assert len(widths) == 3
    classes = [r.get("class") for r in rects(svg)]
    assert classes == [
        "chart-bar chart-series-0",
        "chart-bar chart-series-1",
        "chart-bar chart-series-0",
    ]
    legend = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-legend"]
    assert legend == ["Open rate", "Apply rate"]


def test_stacked_segments_are_shares_of_the_whole_so_hidden_parts_leave_the_bar_short():
    svg = parse(
        charts.stacked_bar_chart(
            "t",
            "d",
            ["Employed", "Seeking"],
            [("2024", 10, [Bar("Employed", 6, "6"), Bar("Seeking", None, "")])],
        )
    )
    (segment,) = rects(svg)
    assert float(segment.get("width")) == pytest.approx(charts.WIDTH * 0.6)


def test_a_line_is_broken_where_a_week_is_not_shown_and_its_axes_are_titled():
    points = [
        Point("1 Jan", 0.5),
        Point("8 Jan", 0.6),
        Point("15 Jan", None),
        Point("22 Jan", 0.7),
        Point("29 Jan", 0.8),
    ]
    svg = parse(
        charts.line_chart("t", "d", points, "Week starting", "Share", [(0, "0%"), (1, "100%")])
    )
    assert len(list(svg.iter(f"{SVG}polyline"))) == 2
    assert len(list(svg.iter(f"{SVG}circle"))) == 4
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Week starting" in texts and "Share" in texts and "100%" in texts


def test_the_funnel_centres_bars_by_size():
    svg = parse(
        charts.funnel_chart("t", "d", [Bar("Recommended", 20, "20"), Bar("Applied", 5, "5")])
    )
    first, second = rects(svg)
    assert float(first.get("width")) == pytest.approx(4 * float(second.get("width")), abs=0.5)
    centre = lambda r: float(r.get("x")) + float(r.get("width")) / 2  # noqa: E731
    assert centre(first) == pytest.approx(centre(second), abs=0.2)


def test_an_empty_chart_says_so():
    svg = parse(charts.empty_chart("Funnel", "d", "No data yet."))
    assert svg.get("role") == "img"
    assert "No data yet." in [t.text for t in svg.iter(f"{SVG}text")]
    assert rects(svg) == []


def test_csv_has_the_header_and_the_shown_rows_with_formulas_defused():
    table = Table(
        ("Field", "Graduates"),
        (
            Row((Cell("Data", "Data"), Cell("6", "6"))),
            Row((Cell("Design", "Design"), Cell("fewer than 5", "")), suppressed=True),
            Row((Cell("=1+1", "=1+1"), Cell("7", "7"))),
            Row((Cell("-5", "-5"), Cell("8", "8"))),
        ),
    )
    assert to_csv(table).splitlines() == ["Field,Graduates", "Data,6", "'=1+1,7", "-5,8"]
    assert to_csv(Table(("Field", "Graduates"), ())) == "Field,Graduates\r\n"


def test_a_very_long_label_is_shortened_in_the_drawing_only():
    long = "Master's Programme in Computer, Communication and Information Sciences (Espoo)"
    svg = parse(charts.bar_chart("t", "d", [Bar(long, 1, "6")]))
    drawn = next(t.text for t in svg.iter(f"{SVG}text"))
    assert drawn.endswith("…") and len(drawn) == charts.LONGEST_LABEL
    assert long.startswith(drawn[:-1])
