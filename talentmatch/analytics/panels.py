"""Each chart of the dashboard with its heading, what it counts, its SVG and its table, built
from the numbers services/analytics_dashboard.py returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from talentmatch import formats
from talentmatch.analytics import charts
from talentmatch.analytics.charts import Bar, Point
from talentmatch.analytics.tables import (
    Cell,
    Row,
    Table,
    count_cell,
    count_words,
    date_cell,
    label,
    plain_cell,
    rate_cell,
    rate_text,
    table,
)
from talentmatch.content_language import skill_name, skill_text
from talentmatch.models import EscoSkill
from talentmatch.services.analytics import Breakdown, SkillDemand
from talentmatch.services.analytics_dashboard import Dashboard


@dataclass(frozen=True)
class Panel:
    slug: str  # names its CSV file
    heading: str
    about: tuple[str, ...]  # what is counted, a sentence each
    svg: Markup
    table: Table


FUNNEL_LABELS = {
    "recommended": _l("Recommended"),
    "opened": _l("Opened"),
    "saved": _l("Saved"),
    "applied": _l("Applied"),
    "interview": _l("Interview"),
    "offer": _l("Offer"),
    "hired": _l("Hired"),
}

FUNNEL_DEFINITIONS = (
    _l(
        "Recommended: the opportunity was among the graduate's top matches on any day, or "
        "career services promoted it to them."
    ),
    _l("Opened: the graduate viewed the opportunity or opened its promotion."),
    _l("Saved: the graduate saved the opportunity."),
    _l("Applied: the graduate applied, in TalentMatch or through the employer's own site."),
    _l("Interview: the application's history reached an interview, an offer or a hire."),
    _l("Offer: the application's history reached an offer or a hire."),
    _l("Hired: the application's history reached a hire."),
)

REACH_LABELS = {"promoted": _l("Promoted"), "organic": _l("Organic recommendations")}


def no_data() -> str:
    return _("No data yet.")


def chart(heading: str, about: str, has_marks: bool, draw: Callable[[], Markup]) -> Markup:
    return draw() if has_marks else charts.empty_chart(heading, about, no_data())


# --- profiles -----------------------------------------------------------------------------


def breakdown_panel(slug: str, heading: str, first_column: str, data: Breakdown) -> Panel:
    about = _("Graduates in the group: %(n)s.", n=count_words(data.total))
    shown = [part for part in data.parts if part.rate.part.shown]
    svg = chart(
        heading,
        about,
        bool(shown),
        lambda: charts.bar_chart(
            heading, about, [Bar(p.label, p.rate.share, rate_text(p.rate)) for p in shown], 1.0
        ),
    )
    rows = [
        Row(
            (label(part.label), count_cell(part.rate.part), rate_cell(part.rate)),
            suppressed=not part.rate.part.shown,
        )
        for part in data.parts
    ]
    columns = (first_column, _("Graduates"), _("Share of the group (%)"))
    return Panel(slug, heading, (about,), svg, table(columns, rows))


# --- coverage -----------------------------------------------------------------------------


def coverage_panel(data: Dashboard) -> Panel:
    heading = _("Match coverage over time")
    about = _(
        "Each week, of the graduates whose matches were summarised that week (their newest "
        "summary of the week), the share with at least three strong matches."
    )
    weeks = data.coverage
    svg = chart(
        heading,
        about,
        any(week.rate.whole.shown for week in weeks),
        lambda: charts.line_chart(
            heading,
            about,
            [Point(formats.day_and_month(week.week_start), week.rate.share) for week in weeks],
            _("Week starting"),
            _("With 3+ strong matches"),
            [(step / 4, formats.percent(step / 4)) for step in range(5)],
        ),
    )
    rows = [
        Row(
            (
                date_cell(week.week_start),
                count_cell(week.rate.whole),
                count_cell(week.rate.part),
                rate_cell(week.rate),
            ),
            suppressed=not week.rate.whole.shown,
        )
        for week in weeks
    ]
    columns = (
        _("Week starting"),
        _("Graduates summarised"),
        _("With 3+ strong matches"),
        _("Share (%)"),
    )
    return Panel("coverage", heading, (about,), svg, table(columns, rows))


# --- engagement ---------------------------------------------------------------------------


def funnel_panel(data: Dashboard) -> Panel:
    heading = _("From recommended to hired")
    about = _(
        "Distinct pairs of a graduate and an opportunity at each step; each step is counted by "
        "its own definition, so a graduate may apply to what was never recommended to them."
    )
    steps = data.funnel
    svg = chart(
        heading,
        about,
        any(step.pairs.shown for step in steps),
        lambda: charts.funnel_chart(
            heading,
            about,
            [
                Bar(
                    str(FUNNEL_LABELS[step.step]),
                    step.pairs.value,
                    count_words(step.pairs),
                )
                for step in steps
            ],
        ),
    )
    rows = [
        Row(
            (
                label(str(FUNNEL_LABELS[step.step])),
                count_cell(step.pairs),
                rate_cell(step.of_recommended),
            ),
            suppressed=not step.pairs.shown,
        )
        for step in steps
    ]
    columns = (_("Step"), _("Graduate–opportunity pairs"), _("Of recommended (%)"))
    definitions = tuple(str(text) for text in FUNNEL_DEFINITIONS)
    return Panel("funnel", heading, (about, *definitions), svg, table(columns, rows))


def promotions_panel(data: Dashboard) -> Panel:
    heading = _("Promotions against organic recommendations")
    about = _(
        "Promoted: opportunities career services promoted to a graduate. Organic: "
        "opportunities among a graduate's top matches that were never promoted to them. Open "
        "and apply rates are shares of each kind's graduate–opportunity pairs."
    )
    series = (_("Open rate"), _("Apply rate"))
    svg = chart(
        heading,
        about,
        any(reach.pairs.shown for reach in data.reach),
        lambda: charts.grouped_bar_chart(
            heading,
            about,
            series,
            [
                (
                    str(REACH_LABELS[reach.source]),
                    [
                        Bar(series[0], reach.opened.share, rate_text(reach.opened)),
                        Bar(series[1], reach.applied.share, rate_text(reach.applied)),
                    ],
                )
                for reach in data.reach
            ],
            1.0,
        ),
    )
    rows = [
        Row(
            (
                label(str(REACH_LABELS[reach.source])),
                count_cell(reach.pairs),
                rate_cell(reach.opened),
                rate_cell(reach.applied),
            ),
            suppressed=not reach.pairs.shown,
        )
        for reach in data.reach
    ]
    columns = (_("Recommended by"), _("Pairs"), _("Open rate (%)"), _("Apply rate (%)"))
    return Panel("promotions", heading, (about,), svg, table(columns, rows))


# --- skills -------------------------------------------------------------------------------


def skills_panel(data: Dashboard) -> Panel:
    gap = data.skills
    heading = _("Skills the region's jobs ask for")
    about = _(
        "The skills most often asked for by the %(n)s open jobs in Helsinki, Espoo, Vantaa, "
        "Kauniainen or fully remote, against the share of the group's graduates who list each.",
        n=formats.number(gap.open_jobs),
    )
    series = (_("Open jobs asking for it"), _("Graduates holding it"))
    svg = chart(
        heading,
        about,
        not gap.empty,
        lambda: charts.grouped_bar_chart(
            heading,
            about,
            series,
            [
                (
                    skill_text(_named(skill)),
                    [
                        Bar(series[0], skill.jobs / gap.open_jobs, _jobs_text(skill.jobs, gap)),
                        Bar(series[1], skill.holders.share, rate_text(skill.holders)),
                    ],
                )
                for skill in gap.skills
            ],
            1.0,
        ),
    )
    rows = [
        Row(
            (
                Cell(skill_name(_named(skill)), skill_text(_named(skill))),
                plain_cell(skill.jobs),
                count_cell(skill.holders.part),
                rate_cell(skill.holders),
            )
        )
        for skill in gap.skills
    ]
    columns = (
        _("Skill"),
        _("Open jobs asking for it"),
        _("Graduates holding it"),
        _("Share of the group (%)"),
    )
    return Panel("skills", heading, (about,), svg, table(columns, rows))


def _named(demand: SkillDemand) -> EscoSkill | str:
    """What names a demanded skill: its ESCO skill (in the reader's language), or its text."""
    return demand.skill if demand.skill is not None else demand.label


def _jobs_text(jobs: int, gap) -> str:
    return _(
        "%(share)s (%(n)s of %(total)s jobs)",
        share=formats.percent(jobs / gap.open_jobs),
        n=formats.number(jobs),
        total=formats.number(gap.open_jobs),
    )
