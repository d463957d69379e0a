"""Fitted recommenders stored as hashed bytes: round trip, corruption, shared language models."""

import hashlib

import pytest

from talentmatch.recommender.language import language_models
from talentmatch.recommender.model import Recommender
from talentmatch.recommender.store import ArtefactCorrupted, dump, load
from talentmatch.recommender.types import OpportunityDoc, ProfileDoc, SkillRef

OPPORTUNITIES = (
    OpportunityDoc(
        "analyst", "job", "Data analyst", skills=(SkillRef("SQL"), SkillRef("statistics"))
    ),
    OpportunityDoc("cook", "job", "Cook", skills=(SkillRef("prepare desserts"),)),
)
PROFILE = ProfileDoc(id="p", skills=(SkillRef("tilastot"),))


@pytest.fixture(scope="module")
def stored():
    return dump(Recommender.fit(OPPORTUNITIES, (PROFILE,)))


def test_loaded_recommender_ranks_as_the_fitted_one(stored):
    blob, digest = stored
    fitted = Recommender.fit(OPPORTUNITIES, (PROFILE,))
    loaded = load(blob, digest)
    assert loaded.recommend(PROFILE) == fitted.recommend(PROFILE)
    assert loaded.opportunity_ids == ["analyst", "cook"]
    assert digest == hashlib.sha256(blob).hexdigest()


def test_a_flipped_byte_is_caught_before_loading(stored):
    blob, digest = stored
    damaged = bytearray(blob)
    damaged[len(damaged) // 2] ^= 0x01
    with pytest.raises(ArtefactCorrupted):
        load(bytes(damaged), digest)
    with pytest.raises(ArtefactCorrupted):
        load(blob, "0" * 64)


def test_artefact_leaves_out_the_language_models_and_gets_the_shared_ones_back(stored):
    blob, digest = stored
    state = Recommender.fit(OPPORTUNITIES).__getstate__()
    assert "_language" not in state and "_taxonomy" not in state
    assert len(blob) < 2_000_000
    assert load(blob, digest)._language is language_models()


def test_loaded_recommender_accepts_new_opportunities(stored):
    loaded = load(*stored)
    loaded.upsert(OpportunityDoc("baker", "job", "Baker", skills=(SkillRef("prepare desserts"),)))
    baker = ProfileDoc(id="b", skills=(SkillRef("prepare desserts"),))
    assert {m.opportunity_id for m in loaded.recommend(baker, k=2)} == {"baker", "cook"}
