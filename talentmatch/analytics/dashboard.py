"""Every panel of the dashboard, in the order of the page; each is also a CSV file by name."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from talentmatch.analytics.checklist_panel import checklist_panel
from talentmatch.analytics.gap_panels import courses_panel, gaps_panel
from talentmatch.analytics.outcome_panels import outcomes_panel, staying_panel
from talentmatch.analytics.panels import (
    Panel,
    breakdown_panel,
    coverage_panel,
    funnel_panel,
    promotions_panel,
    skills_panel,
)
from talentmatch.services.analytics_dashboard import Dashboard

PANELS: dict[str, Callable[[Dashboard], Panel]] = {
    "fields": lambda data: breakdown_panel(
        "fields", _("Graduates by field of study"), _("Field of study"), data.by_field
    ),
    "permits": lambda data: breakdown_panel(
        "permits", _("Graduates by work-permit situation"), _("Permit situation"), data.by_permit
    ),
    "coverage": coverage_panel,
    "funnel": funnel_panel,
    "promotions": promotions_panel,
    "skills": skills_panel,
    "gaps": gaps_panel,
    "courses": courses_panel,
    "outcomes": outcomes_panel,
    "staying": staying_panel,
    "checklist": checklist_panel,
}


def panels(data: Dashboard) -> list[Panel]:
    return [build(data) for build in PANELS.values()]
