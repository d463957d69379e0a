"""`flask recommender review`: the engine's top results for each profile, as a person sees them.

For every profile and kind it writes the top k with the fit band and the *why* lines the app
shows (in English), so anyone can read the results the way a graduate or a counsellor would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from talentmatch.explanations import why_lines
from talentmatch.form_fields import language_names
from talentmatch.recommender.model import Recommender
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc

KINDS = ("job", "programme", "community", "event", "course")


def review(
    profiles: Sequence[ProfileDoc],
    opportunities: Sequence[OpportunityDoc],
    k: int = 5,
    today: date | None = None,
) -> dict[str, dict[str, list[dict]]]:
    """{profile id: {kind: [{id, title, fit, why, shared_skills, related_skills,
    missing_skills}]}} for every kind the catalogue holds."""
    engine = Recommender.fit(opportunities, profiles)
    titles = {doc.id: doc.title for doc in opportunities}
    kinds = [kind for kind in KINDS if any(doc.kind == kind for doc in opportunities)]
    names = language_names("en")
    result: dict[str, dict[str, list[dict]]] = {}
    for profile in profiles:
        by_kind = {}
        for kind in kinds:
            matches = engine.recommend(profile, kind=kind, k=k, today=today)
            by_kind[kind] = [
                {
                    "id": match.opportunity_id,
                    "title": titles[match.opportunity_id],
                    "fit": match.explanation.band,
                    "why": [
                        line.text
                        for line in why_lines(match.explanation, names, "graduate", kind == "job")
                    ],
                    "shared_skills": list(match.explanation.shared_skills),
                    "related_skills": [list(pair) for pair in match.explanation.related_skills],
                    "missing_skills": list(match.explanation.missing_skills),
                }
                for match in matches
            ]
        result[profile.id] = by_kind
    return result
