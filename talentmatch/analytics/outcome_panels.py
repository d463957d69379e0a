"""The outcome panels of the dashboard: first destinations per graduation year and checkpoint,
and staying in the Helsinki region."""

from __future__ import annotations

from flask_babel import gettext as _

from talentmatch.analytics import charts
from talentmatch.analytics.charts import Bar
from talentmatch.analytics.panels import Panel, chart
from talentmatch.analytics.tables import (
    Cell,
    Row,
    count_cell,
    count_words,
    label,
    rate_cell,
    rate_text,
    table,
)
from talentmatch.models import OutcomeStatus
from talentmatch.services.analytics import Rate
from talentmatch.services.analytics_dashboard import Dashboard
from talentmatch.services.analytics_outcomes import OutcomeRow, StayingRow


def _year_checkpoint(year: int, months: int) -> str:
    return _("%(year)d graduates at %(months)d months", year=year, months=months)


def _year_cells(row: OutcomeRow | StayingRow) -> tuple[Cell, Cell]:
    return label(str(row.graduation_year)), label(str(row.checkpoint))


def _year_columns() -> tuple[str, str]:
    return _("Graduation year"), _("Months after graduation")


def outcomes_panel(data: Dashboard) -> Panel:
    heading = _("First destinations")
    about = (
        _(
            "Graduates in the group whose checkpoint has come (31 December for 6 months, 30 June "
            "of the next year for 12) and who agreed to their outcome being counted."
        ),
        _("Knowledge rate: graduates whose outcome is known, of those graduates."),
        _(
            "Outcomes rate: employed, in further study or running their own business, of the "
            "known outcomes; left Finland is known but not counted as a positive outcome."
        ),
    )
    statuses = list(OutcomeStatus)
    shown = [row for row in data.outcomes if row.known.shown]
    svg = chart(
        heading,
        about[0],
        bool(shown),
        lambda: charts.stacked_bar_chart(
            heading,
            about[0],
            [status.label for status in statuses],
            [
                (
                    _year_checkpoint(row.graduation_year, row.checkpoint),
                    row.known.value or 0,
                    [
                        Bar(status.label, count.value, count_words(count))
                        for status, count in row.by_status
                    ],
                )
                for row in shown
            ],
        ),
    )
    rows = [
        Row(
            (
                *_year_cells(row),
                count_cell(row.graduates),
                count_cell(row.known),
                rate_cell(row.knowledge_rate),
                rate_cell(row.outcomes_rate),
                *(count_cell(count) for _status, count in row.by_status),
            ),
            suppressed=not row.graduates.shown,
        )
        for row in data.outcomes
    ]
    columns = (
        *_year_columns(),
        _("Graduates counted"),
        _("Known outcomes"),
        _("Knowledge rate (%)"),
        _("Outcomes rate (%)"),
        *(status.label for status in statuses),
    )
    return Panel("outcomes", heading, about, svg, table(columns, rows))


def staying_panel(data: Dashboard) -> Panel:
    heading = _("Staying in the Helsinki region")
    about = _(
        "Of the known outcomes at each checkpoint: employed in Helsinki, Espoo, Vantaa or "
        "Kauniainen, left Finland, and still looking for work."
    )
    series = (_("Employed in the region"), _("Left Finland"), _("Still seeking"))
    shown = [row for row in data.staying if row.known.shown]
    svg = chart(
        heading,
        about,
        bool(shown),
        lambda: charts.grouped_bar_chart(
            heading,
            about,
            series,
            [
                (
                    _year_checkpoint(row.graduation_year, row.checkpoint),
                    [
                        Bar(name, rate.share, rate_text(rate))
                        for name, rate in zip(series, _staying_rates(row), strict=True)
                    ],
                )
                for row in shown
            ],
            1.0,
        ),
    )
    rows = [
        Row(
            (
                *_year_cells(row),
                count_cell(row.known),
                *(rate_cell(rate) for rate in _staying_rates(row)),
            ),
            suppressed=not row.known.shown,
        )
        for row in data.staying
    ]
    columns = (
        *_year_columns(),
        _("Known outcomes"),
        _("Employed in the region (%)"),
        _("Left Finland (%)"),
        _("Still seeking (%)"),
    )
    return Panel("staying", heading, (about,), svg, table(columns, rows))


def _staying_rates(row: StayingRow) -> tuple[Rate, Rate, Rate]:
    return row.staying, row.left_finland, row.seeking
