"""The engine's settings: block weights, evidence strengths, penalties, feedback and diversity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineConfig:
    """Block weights, evidence strengths and constraint penalties; defaults tuned on dev data."""

    text_weight: float = 0.15
    skill_weight: float = 0.25
    occupation_weight: float = 0.35
    isco_weight: float = 0.25
    nice_to_have_weight: float = 0.5
    smoothing: float = 10.0  # naive-Bayes pseudo-count mass per occupation
    title_evidence: float = 6.0  # log-odds added per unit of title/label cosine
    description_evidence: float = 6.0
    isco_evidence: float = 4.0
    occupation_top_k: int = 40
    isco_level_weights: tuple[float, float, float, float] = (0.0, 0.2, 0.5, 1.0)
    max_text_features: int = 200_000
    # constraints: multiplicative penalties (1 - penalty) when a requirement is not met
    language_penalty: float = 0.6
    permit_penalty: float = 0.6
    location_penalty: float = 0.1
    # feedback (Rocchio) and diversity (MMR)
    feedback_pull: float = 0.35
    feedback_push: float = 0.25
    diversity_lambda: float = 0.7
    near_copy_similarity: float = 0.9
