"""Career services see what would open more doors for their graduates (from the daily match
summaries) and which courses they take, with groups under five left out."""

from __future__ import annotations

import json
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    Interaction,
    InteractionKind,
    MatchSummary,
    OpportunityKind,
    Visibility,
)
from talentmatch.services import match_summaries, matching
from talentmatch.site_dates import site_today
from tests.factories import (
    make_career_services,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
)


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def test_the_daily_summary_keeps_each_graduates_gap_counts_and_the_dashboard_adds_them_up(
    app, client, auth
):
    with app.app_context():
        skills = make_skills()
        sql, python = skills["SQL"], skills["Python (computer programming)"]
        university = make_university("University of Helsinki")
        make_career_services(university, "adviser@example.com")
        graduates = [
            make_graduate(
                f"g{n}@example.com",
                university=university,
                visibility=Visibility.CAREER_SERVICES,
                skills=[sql, python, skills["data analytics"]],
                languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A2},
            )
            for n in range(6)
        ]
        org = make_organisation(name="Nordic Data Oy")
        for title in ("Data analyst", "Reporting analyst"):
            make_job(
                org, title=title, required_skills=[sql, python], languages={"fi": CEFRLevel.B1}
            )
        popular = make_opportunity(
            OpportunityKind.COURSE, title="Finnish for work", university=university
        )
        rare = make_opportunity(OpportunityKind.COURSE, title="Swedish 1", university=university)
        for person in graduates[:5]:
            db.session.add(
                Interaction(
                    user_id=person.id, opportunity_id=popular.id, kind=InteractionKind.TAKING
                )
            )
        db.session.add(
            Interaction(
                user_id=graduates[5].id, opportunity_id=rare.id, kind=InteractionKind.TAKING
            )
        )
        db.session.commit()
        matching.fit_and_activate()
        assert match_summaries.refresh([g.id for g in graduates], site_today())
        stored = json.loads(
            db.session.scalar(
                select(MatchSummary.gaps).where(MatchSummary.user_id == graduates[0].id)
            )
        )
        assert stored == {"languages": {"fi": 2}, "skills": {}}

    auth.login("adviser@example.com")
    html = unescape(client.get("/career-services/analytics/").get_data(as_text=True))
    gaps = html[html.index("The numbers of “What would open more doors for the group”") :]
    gaps = gaps[: gaps.index("</table>")]
    row = gaps[gaps.index("Finnish, one level up") :]
    assert "<td>6</td>" in row and "<td>12</td>" in row  # six graduates, two jobs each
    courses = html[html.index("The numbers of “Courses the group's graduates take”") :]
    courses = courses[: courses.index("</table>")]
    assert "Finnish for work" in courses and "<td>5</td>" in courses
    assert "Swedish 1" not in courses  # one graduate: not named
