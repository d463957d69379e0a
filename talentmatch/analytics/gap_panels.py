"""The dashboard's charts of what would open more doors for the group, next to the skills gap,
and of the courses its graduates take."""

from __future__ import annotations

from flask_babel import gettext as _

from talentmatch import formats
from talentmatch.analytics import charts
from talentmatch.analytics.charts import Bar
from talentmatch.analytics.panels import Panel, chart
from talentmatch.analytics.tables import Row, count_cell, count_words, label, table
from talentmatch.content_language import language_name, plain_title, skill_text
from talentmatch.services.analytics_dashboard import Dashboard
from talentmatch.services.analytics_gaps import GroupGap


def _step(gap: GroupGap) -> str:
    if gap.language:
        return _("%(language)s, one level up", language=language_name(gap.language))
    assert gap.skill is not None
    return skill_text(gap.skill)


def gaps_panel(data: Dashboard) -> Panel:
    heading = _("What would open more doors for the group")
    about = _(
        "From each graduate's newest daily match summary: the language levels and skills that "
        "would make more open jobs good or strong fits for the most graduates of the group, with "
        "the job openings they would add in all."
    )
    whole = data.graduates.value
    shown = [gap for gap in data.gaps if gap.graduates.shown and whole]
    svg = chart(
        heading,
        about,
        bool(shown),
        lambda: charts.bar_chart(
            heading,
            about,
            [
                Bar(
                    _step(gap),
                    (gap.graduates.value or 0) / (whole or 1),
                    _(
                        "%(n)s graduates",
                        n=formats.number(gap.graduates.value or 0),
                    ),
                )
                for gap in shown
            ],
            1.0,
        ),
    )
    rows = [
        Row(
            (label(_step(gap)), count_cell(gap.graduates), count_cell(gap.openings)),
            suppressed=not gap.graduates.shown,
        )
        for gap in data.gaps
    ]
    columns = (_("Step"), _("Graduates it would help"), _("Job openings it would add"))
    return Panel("gaps", heading, (about,), svg, table(columns, rows))


def courses_panel(data: Dashboard) -> Panel:
    heading = _("Courses the group's graduates take")
    about = _(
        "Courses graduates of the group marked as taking or finished; a course fewer than five "
        "of them took is not named. Graduates in the group: %(n)s.",
        n=count_words(data.graduates),
    )
    courses = data.courses
    most = max((taken.graduates.value or 0 for taken in courses), default=0)
    svg = chart(
        heading,
        about,
        bool(courses),
        lambda: charts.bar_chart(
            heading,
            about,
            [
                Bar(
                    plain_title(taken.course),
                    (taken.graduates.value or 0) / (most or 1),
                    formats.number(taken.graduates.value or 0),
                )
                for taken in courses
            ],
            1.0,
        ),
    )
    rows = [Row((label(taken.course.title), count_cell(taken.graduates))) for taken in courses]
    columns = (_("Course"), _("Graduates taking it or finished"))
    return Panel("courses", heading, (about,), svg, table(columns, rows))
