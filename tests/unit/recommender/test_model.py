"""The matching model on small hand-made opportunities and profiles."""

from datetime import date, timedelta

import pytest

from talentmatch.recommender.model import Recommender
from talentmatch.recommender.types import (
    Interaction,
    LanguageLevel,
    MatchFilters,
    OpportunityDoc,
    ProfileDoc,
    SkillRef,
)

TODAY = date(2025, 3, 1)
ENGLISH_C1 = LanguageLevel("en", 5)


def skills(*labels):
    return tuple(SkillRef(label) for label in labels)


def job(id, title, required, nice=(), **fields):
    fields.setdefault("languages", (LanguageLevel("en", 4),))
    fields.setdefault("municipality", "Helsinki")
    return OpportunityDoc(
        id=id,
        kind=fields.pop("kind", "job"),
        title=title,
        description=fields.pop("description", ""),
        skills=skills(*required),
        nice_to_have_skills=skills(*nice),
        **fields,
    )


DATA_SKILLS = ("SQL", "statistics", "data analytics", "perform data analysis")
OPPORTUNITIES = (
    job(
        "analyst-fi",
        "Data analyst",
        DATA_SKILLS,
        languages=(LanguageLevel("en", 4), LanguageLevel("fi", 4)),
        description="Analyse sales data and report to management.",
    ),
    job("analyst-en", "Junior data analyst", ("SQL", "statistics", "data analytics")),
    job(
        "developer",
        "Software developer",
        ("Python (computer programming)", "JavaScript", "database"),
        ("machine learning",),
    ),
    job("cook", "Cook", ("use cooking techniques", "prepare desserts"), municipality="Espoo"),
    job("accountant", "Accountant", ("accounting entries", "bookkeeping regulations")),
    job(
        "ict-programme",
        "Talent programme: Information and communications technology professionals",
        (),
        kind="programme",
        description="Information and communications technology professionals conduct research,"
        " plan, design, write, test, provide advice and improve information technology systems.",
    ),
    job(
        "care-programme",
        "Talent programme: Health professionals",
        (),
        kind="programme",
        description="Health professionals conduct research, improve or develop concepts and"
        " apply knowledge relating to medicine, nursing, dentistry and pharmacy.",
    ),
)

GRADUATE = ProfileDoc(
    id="graduate",
    headline="Data analyst",
    skills=skills("SQL", "statistics", "data analytics"),
    languages=(ENGLISH_C1, LanguageLevel("fi", 2)),
    municipalities=("Helsinki",),
    work_permit="post_study_job_seeker",
)


@pytest.fixture(scope="module")
def model():
    return Recommender.fit(OPPORTUNITIES, (GRADUATE,))


def ids(matches):
    return [match.opportunity_id for match in matches]


def test_job_needing_finnish_b2_is_not_shown_to_finnish_a2_graduate_with_language_filter(model):
    matches = model.recommend(
        GRADUATE, kind="job", filters=MatchFilters(languages_met=True), today=TODAY
    )
    assert "analyst-fi" not in ids(matches)
    assert ids(matches)[0] == "analyst-en"


def test_job_needing_finnish_b2_carries_language_below_reason_without_filter(model):
    match = next(
        m for m in model.recommend(GRADUATE, today=TODAY) if m.opportunity_id == "analyst-fi"
    )
    below = [r for r in match.explanation.reasons if r.code == "language_below"]
    assert below and below[0].param("language") == "fi"
    assert below[0].param("required") == "B2" and below[0].param("have") == "A2"
    assert below[0].penalty > 0


def test_language_shortfall_ranks_a_job_below_the_one_the_graduate_can_take(model):
    order = ids(model.recommend(GRADUATE, kind="job", today=TODAY, diversify=False))
    assert order.index("analyst-en") < order.index("analyst-fi")


def test_graduate_with_finnish_b2_gets_the_finnish_job_first(model):
    fluent = ProfileDoc(
        id="fluent",
        headline="Data analyst",
        skills=skills(*DATA_SKILLS),
        languages=(ENGLISH_C1, LanguageLevel("fi", 4)),
        municipalities=("Helsinki",),
    )
    first = model.recommend(fluent, kind="job", today=TODAY)[0]
    assert first.opportunity_id == "analyst-fi"
    assert any(r.code == "language_ok" for r in first.explanation.reasons)


def test_finnish_swedish_and_misspelt_skill_labels_match_the_same_jobs(model):
    for labels in (
        ("tilastot", "data-analytiikka", "SQL"),
        ("statistik", "dataanalys", "SQL"),
        ("statistcs", "data analytcs", "SQL"),
    ):
        profile = ProfileDoc(id="p", skills=skills(*labels), languages=(ENGLISH_C1,))
        first = model.recommend(profile, kind="job", today=TODAY)[0]
        assert first.opportunity_id in {"analyst-en", "analyst-fi"}, labels
        assert "statistics" in first.explanation.shared_skills


def test_explanation_lists_shared_related_and_missing_skills(model):
    match = model.explain(GRADUATE, "analyst-fi", today=TODAY)
    assert set(match.explanation.shared_skills) == {"SQL", "statistics", "data analytics"}
    assert "perform data analysis" not in match.explanation.shared_skills
    assert match.explanation.missing_skills == ("perform data analysis",)
    # ESCO's occupations never require these two together, so no "close to" pair is claimed
    assert match.explanation.related_skills == ()
    developer = model.explain(GRADUATE, "developer", today=TODAY)
    assert "JavaScript" in developer.explanation.missing_skills


def test_a_skill_only_loosely_related_is_missing_and_not_called_close(model):
    profile = ProfileDoc(id="p", skills=skills("SQL"), languages=(ENGLISH_C1,))
    match = model.explain(profile, "developer", today=TODAY)
    assert match.explanation.related_skills == ()
    assert "database" in match.explanation.missing_skills
    assert "JavaScript" in match.explanation.missing_skills


def test_scores_lie_in_unit_interval_and_are_deterministic(model):
    first = model.recommend(GRADUATE, k=20, today=TODAY)
    again = model.recommend(GRADUATE, k=20, today=TODAY)
    refitted = Recommender.fit(OPPORTUNITIES, (GRADUATE,)).recommend(GRADUATE, k=20, today=TODAY)
    assert [(m.opportunity_id, m.score) for m in first] == [
        (m.opportunity_id, m.score) for m in again
    ]
    assert [(m.opportunity_id, m.score) for m in first] == [
        (m.opportunity_id, m.score) for m in refitted
    ]
    assert all(0.0 <= m.score <= 1.0 for m in first)
    assert len(first) == len(OPPORTUNITIES)


def test_programme_of_the_graduates_isco_group_ranks_first(model):
    nurse = ProfileDoc(
        id="nurse",
        headline="Nurse",
        skills=skills("administer medication", "patient safety", "provide nursing care"),
        languages=(ENGLISH_C1,),
    )
    assert ids(model.recommend(GRADUATE, kind="programme", today=TODAY))[0] == "ict-programme"
    assert ids(model.recommend(nurse, kind="programme", today=TODAY))[0] == "care-programme"


def test_saving_an_item_raises_similar_items_and_hiding_lowers_them(model):
    profile = ProfileDoc(id="p", headline="Graduate", skills=skills("database"))
    baseline = {m.opportunity_id: m.score for m in model.recommend(profile, k=20, today=TODAY)}
    saved = {
        m.opportunity_id: m.score
        for m in model.recommend(
            profile, k=20, today=TODAY, interactions=(Interaction("analyst-fi", "save"),)
        )
    }
    hidden = {
        m.opportunity_id: m.score
        for m in model.recommend(
            profile, k=20, today=TODAY, interactions=(Interaction("analyst-fi", "hide"),)
        )
    }
    assert saved["analyst-en"] > baseline["analyst-en"]
    assert hidden["analyst-en"] < baseline["analyst-en"]
    assert "analyst-fi" not in hidden


@pytest.mark.parametrize("k", [1, 2, 10])
def test_lanes_worked_out_together_are_the_lanes_worked_out_one_by_one(model, k):
    """For you ranks every lane in one pass; each lane is what its own ranking would be (the
    same items, scores and whys), whether its kind has many, few or no items."""
    kinds = ["job", "programme", "event", None]
    asked = {
        "k": k,
        "interactions": (Interaction("analyst-fi", "save"), Interaction("cook", "hide")),
        "filters": MatchFilters(sponsors_permit=False, languages_met=False),
        "exclude": frozenset({"ict-programme"}),
        "today": TODAY,
    }
    together = model.recommend_lanes(GRADUATE, kinds, **asked)
    one_by_one = [model.recommend(GRADUATE, kind=kind, **asked) for kind in kinds]
    assert together == one_by_one
    jobs, programmes, events, every_kind = together
    # seven opportunities: five jobs, one hidden; two programmes, one excluded
    assert len(jobs) == min(k, 4) and "cook" not in ids(jobs)
    assert ids(programmes) == ["care-programme"]
    assert len(every_kind) == min(k, 5)
    assert events == []  # no events in this catalogue


def test_excluded_and_removed_items_and_passed_deadlines_are_never_recommended():
    late = job("late", "Data analyst", DATA_SKILLS, deadline=TODAY - timedelta(days=1))
    soon = job("soon", "Data analyst", DATA_SKILLS, deadline=TODAY + timedelta(days=3))
    model = Recommender.fit((*OPPORTUNITIES, late, soon))
    model.remove("cook")
    found = model.recommend(GRADUATE, k=20, exclude=frozenset({"accountant"}), today=TODAY)
    assert {"late", "cook", "accountant"}.isdisjoint(ids(found))
    assert "cook" not in model.opportunity_ids
    soon_match = next(m for m in found if m.opportunity_id == "soon")
    assert any(r.code == "deadline_soon" for r in soon_match.explanation.reasons)


def test_diversity_keeps_copies_of_one_posting_out_of_the_top(model):
    copies = [job(f"copy-{n}", "Data analyst", DATA_SKILLS, provider="Acme Oy") for n in range(4)]
    others = [
        job("bi", "Business intelligence analyst", ("SQL", "statistics")),
        job("stats", "Statistician", ("statistics", "data analytics")),
    ]
    fluent = ProfileDoc(id="p", headline="Data analyst", skills=skills(*DATA_SKILLS))
    model = Recommender.fit([*copies, *others])
    plain = ids(model.recommend(fluent, k=4, diversify=False, today=TODAY))
    varied = ids(model.recommend(fluent, k=4, today=TODAY))
    assert sum(i.startswith("copy") for i in plain) == 4
    assert sum(i.startswith("copy") for i in varied) <= 2


def test_upserted_job_is_recommendable_at_once_and_edits_replace_it():
    model = Recommender.fit(OPPORTUNITIES, (GRADUATE,))
    nurse = ProfileDoc(id="nurse", skills=skills("administer medication", "patient safety"))
    new = job("ward-nurse", "Ward nurse", ("administer medication", "patient safety"))
    model.upsert(new)
    assert model.recommend(nurse, kind="job", today=TODAY)[0].opportunity_id == "ward-nurse"
    model.upsert(job("ward-nurse", "Pastry cook", ("prepare desserts",)))
    assert model.recommend(nurse, kind="job", today=TODAY)[0].opportunity_id != "ward-nurse"
    assert model.opportunity_ids.count("ward-nurse") == 1
    # the same posting again changes nothing; after a removal it is recommendable again
    pastry = job("ward-nurse", "Pastry cook", ("prepare desserts",))
    baker = ProfileDoc(id="baker", skills=skills("prepare desserts"))
    before = model.recommend(baker, kind="job", today=TODAY)
    model.upsert(pastry)
    assert model.recommend(baker, kind="job", today=TODAY) == before
    assert before[0].opportunity_id == "ward-nurse"
    model.remove("ward-nurse")
    assert "ward-nurse" not in ids(model.recommend(baker, kind="job", today=TODAY))
    model.upsert(pastry)
    assert model.recommend(baker, kind="job", today=TODAY)[0].opportunity_id == "ward-nurse"


def test_rank_candidates_puts_the_fitting_graduate_first_with_the_same_explanation(model):
    cook = ProfileDoc(
        id="cook-graduate",
        skills=skills("use cooking techniques", "prepare desserts"),
        languages=(ENGLISH_C1,),
        municipalities=("Espoo",),
    )
    ranked = model.rank_candidates("analyst-fi", [cook, GRADUATE], today=TODAY)
    assert [c.profile_id for c in ranked] == ["graduate", "cook-graduate"]
    assert all(0.0 <= c.score <= 1.0 for c in ranked)
    assert ranked[0].explanation == model.explain(GRADUATE, "analyst-fi", today=TODAY).explanation
    assert ranked[0].score > ranked[1].score


def test_every_candidate_is_explained_as_the_opportunity_explains_itself_to_them(model):
    """Candidates are explained from one table of the job's skills; each explanation (shared,
    close and missing skills, band) is the one the graduate sees for that job."""
    people = [
        GRADUATE,
        # close through the hierarchy (SQL is a query language) and through shared occupations
        ProfileDoc(
            id="close",
            skills=skills("query languages", "statistical analysis techniques", "analyse big data"),
        ),
        ProfileDoc(id="coder", skills=skills("JavaScript", "machine learning", "database")),
        ProfileDoc(id="typed", skills=skills("data analytics", "spreadsheet wizardry", "SQL")),
        ProfileDoc(id="baker", skills=skills("prepare desserts", "bookkeeping regulations")),
        ProfileDoc(id="none"),
    ]
    related = set()
    for opportunity in (
        "analyst-fi",
        "analyst-en",
        "developer",
        "cook",
        "accountant",
        "ict-programme",
    ):
        ranked = model.rank_candidates(opportunity, people, k=len(people), today=TODAY)
        assert sorted(c.profile_id for c in ranked) == sorted(p.id for p in people)
        by_id = {p.id: p for p in people}
        for candidate in ranked:
            alone = model.explain(by_id[candidate.profile_id], opportunity, today=TODAY)
            assert candidate.explanation == alone.explanation, (opportunity, candidate.profile_id)
            related |= set(candidate.explanation.related_skills)
    # close skills were named, not only shared and missing ones
    assert {("query languages", "SQL"), ("analyse big data", "perform data analysis")} <= related


def test_rank_candidates_scores_unmet_requirements_lower():
    strict = job("strict", "Data analyst", DATA_SKILLS, sponsors_permit=False)
    model = Recommender.fit([strict])
    free = ProfileDoc(id="free", skills=skills(*DATA_SKILLS), work_permit="eu_eea_citizen")
    sponsored = ProfileDoc(
        id="sponsored", skills=skills(*DATA_SKILLS), work_permit="needs_sponsorship"
    )
    ranked = model.rank_candidates("strict", [sponsored, free], today=TODAY)
    assert [c.profile_id for c in ranked] == ["free", "sponsored"]
    codes = {r.code for r in ranked[1].explanation.reasons}
    assert "permit_needs_sponsorship" in codes


def test_a_profile_without_skills_or_interactions_still_gets_results(model):
    empty = ProfileDoc(id="new")
    assert len(model.recommend(empty, k=3, today=TODAY)) == 3
    assert model.recommend(GRADUATE, k=0, today=TODAY) == []


def test_suggestions_come_from_the_language_models(model):
    assert model.suggest_skills("We analyse data with SQL and statistics", k=5)
    assert model.suggest_occupations("data analyst", k=3)


def test_near_duplicate_postings_never_share_the_first_five_slots():
    marketing = ("marketing principles", "social media management", "copywriting")
    copies = [
        job(f"copy-{n}", "Marketing assistant", marketing, provider="Brand Oy", description="x")
        for n in range(4)
    ]
    near = job(
        "near", "Marketing Assistant ", marketing, provider="brand oy", description="Same work."
    )
    others = [
        job(f"other-{n}", title, marketing[: 1 + n % 3], provider=f"Firm {n}")
        for n, title in enumerate(
            ("Marketing coordinator", "Content marketer", "Social media specialist",
             "Brand assistant", "Digital marketer", "Campaign assistant")
        )
    ]  # fmt: skip
    engine = Recommender.fit([*copies, near, *others])
    profile = ProfileDoc(id="m", skills=skills(*marketing), languages=(ENGLISH_C1,))
    top = ids(engine.recommend(profile, kind="job", k=8, today=TODAY))
    first_five = top[:5]
    assert sum(1 for i in first_five if i.startswith("copy-") or i == "near") == 1
    assert len(top) == 8  # the copies are not dropped, only kept out of the first slots


def test_a_model_fitted_on_nothing_recommends_nothing_and_takes_new_opportunities():
    """No open opportunity and no profile shown to employers: the fit still succeeds, and an
    opportunity published afterwards is recommended at once."""
    model = Recommender.fit([], [])
    assert model.recommend(GRADUATE, k=3, today=TODAY) == []
    model.upsert(job("j1", "Data analyst", DATA_SKILLS))
    assert [r.opportunity_id for r in model.recommend(GRADUATE, k=3, today=TODAY)] == ["j1"]
