"""The dashboard's chart of the staying checklist: per step, the share of the graduates it
applies to who ticked it off, and for how many it is the next step."""

from __future__ import annotations

from flask_babel import gettext as _

from talentmatch.analytics import charts
from talentmatch.analytics.charts import Bar
from talentmatch.analytics.panels import Panel, chart
from talentmatch.analytics.tables import (
    Row,
    count_cell,
    count_words,
    label,
    rate_cell,
    rate_text,
    table,
)
from talentmatch.content_language import reader_locale
from talentmatch.services.analytics_dashboard import Dashboard


def checklist_panel(data: Dashboard) -> Panel:
    progress = data.checklist
    heading = _("Staying checklist: who is at which step")
    about = (
        _(
            "Per step of the staying checklist, the graduates of the group it applies to (by "
            "their permit situation and whether an application reached an offer or a hire), "
            "the share who marked it done, and for how many it is the next step left."
        ),
        _(
            "Graduates in the group: %(n)s. With every step done: %(done)s.",
            n=count_words(progress.graduates),
            done=count_words(progress.all_done),
        ),
    )
    locale = reader_locale()
    shown = [step for step in progress.steps if step.done.whole.shown]
    svg = chart(
        heading,
        about[0],
        bool(shown),
        lambda: charts.bar_chart(
            heading,
            about[0],
            [
                Bar(step.step.text(locale)[0].title, step.done.share, rate_text(step.done))
                for step in shown
            ],
            1.0,
        ),
    )
    rows = [
        Row(
            (
                label(step.step.text(locale)[0].title),
                count_cell(step.applies),
                count_cell(step.done.part),
                rate_cell(step.done),
                count_cell(step.next_for),
            ),
            suppressed=not step.applies.shown,
        )
        for step in progress.steps
        if step.applies_to_anyone
    ]
    columns = (
        _("Step"),
        _("Graduates it applies to"),
        _("Marked done"),
        _("Share done (%)"),
        _("Next step for"),
    )
    return Panel("checklist", heading, about, svg, table(columns, rows))
