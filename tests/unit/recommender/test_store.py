"""Fitted recommenders stored as signed, data-only artefacts: round trip, signatures checked
before anything is read, no pickle accepted, shared language models re-attached."""

import hashlib
import io
import json
import pickle
import zipfile
from datetime import date
from pathlib import Path

import joblib
import numpy as np
import pytest

from talentmatch.recommender.language import language_models
from talentmatch.recommender.model import Recommender
from talentmatch.recommender.store import ArtefactRefused, dump, load, sign, verify
from talentmatch.recommender.types import (
    Eligibility,
    LanguageLevel,
    OpportunityDoc,
    ProfileDoc,
    SkillRef,
)

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
OPPORTUNITIES = (
    OpportunityDoc(
        "analyst",
        "job",
        "Data analyst",
        description="Reporting in SQL for a Helsinki retailer.",
        skills=(SkillRef("SQL"), SkillRef("statistics")),
        nice_to_have_skills=(SkillRef("Power BI"),),
        languages=(LanguageLevel("fi", 3), LanguageLevel("en", 5)),
        municipality="Helsinki",
        remote="hybrid",
        employment_type="full_time",
        sponsors_permit=True,
        deadline=date(2031, 5, 1),
        provider="Kauppa Oy",
    ),
    OpportunityDoc("cook", "job", "Cook", skills=(SkillRef("prepare desserts"),)),
    OpportunityDoc(
        "programme",
        "programme",
        "Data careers programme",
        description="For recent master's graduates.",
        eligibility=Eligibility(
            universities=("uh",),
            university_names=("University of Helsinki",),
            degree_levels=("master",),
            max_years_since_graduation=2,
            fields_of_study=("data",),
        ),
    ),
)
PROFILE = ProfileDoc(
    id="p",
    about="Dashboards and reporting",
    skills=(SkillRef("tilastot"), SkillRef("my own phrase for pivot tables")),
)
MASTER = ProfileDoc(
    id="m",
    skills=(SkillRef("SQL"),),
    university="uh",
    degree_level="master",
    graduation_year=2025,
    field_of_study="data science",
)


class WritesAMarker:
    """Unpickling this writes a file: the code a planted pickle would run."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (Path.write_text, (Path(self.path), "pwned"))


@pytest.fixture(scope="module")
def fitted():
    return Recommender.fit(OPPORTUNITIES, (PROFILE,))


@pytest.fixture(scope="module")
def stored(fitted):
    return dump(fitted, KEY)


def test_a_loaded_recommender_ranks_and_explains_as_the_fitted_one(fitted, stored):
    loaded = load(stored.blob, stored.signature, KEY)
    today = date(2026, 6, 1)
    for profile in (PROFILE, MASTER):
        assert loaded.recommend(profile, today=today) == fitted.recommend(profile, today=today)
        assert loaded.recommend(profile, kind="programme", today=today) == fitted.recommend(
            profile, kind="programme", today=today
        )
        assert loaded.explain(profile, "analyst", today) == fitted.explain(
            profile, "analyst", today
        )
    assert loaded.rank_candidates("analyst", [PROFILE, MASTER], today=today) == (
        fitted.rank_candidates("analyst", [PROFILE, MASTER], today=today)
    )
    assert loaded.opportunity_ids == ["analyst", "cook", "programme"]
    assert loaded.profile_ids == ("p",)
    assert loaded.snapshot().docs == list(OPPORTUNITIES)
    assert stored.sha256 == hashlib.sha256(stored.blob).hexdigest()


def test_the_artefact_holds_only_json_and_npy_members(stored):
    with zipfile.ZipFile(io.BytesIO(stored.blob)) as archive:
        names = sorted(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        for name in names:
            if name.endswith(".npy"):
                with archive.open(name) as member:
                    values = np.lib.format.read_array(member, allow_pickle=False)
                assert values.dtype != object
    assert "manifest.json" in names
    assert all(n == "manifest.json" or n.endswith(".npy") for n in names)
    assert manifest["format"] == "talentmatch-recommender"
    assert manifest["profile_ids"] == ["p"]


def test_profiles_served_after_the_fit_leave_nothing_in_the_artefact():
    engine = Recommender.fit(OPPORTUNITIES, (PROFILE,))
    served = ProfileDoc(
        id="private",
        about="secretaboutword",
        skills=(SkillRef("SQL"), SkillRef("secretphraseword pivot tables")),
    )
    assert engine.recommend(served)
    engine.rank_candidates("analyst", [served])
    artefact = dump(engine, KEY)
    with zipfile.ZipFile(io.BytesIO(artefact.blob)) as archive:
        contents = b"".join(archive.read(name) for name in archive.namelist())
    assert b"secretaboutword" not in contents and b"secretphraseword" not in contents
    assert b"dashboards" in contents  # the fitted profile's about is in the vocabulary
    loaded = load(artefact.blob, artefact.signature, KEY)
    assert loaded.recommend(served) == engine.recommend(served)


def test_a_flipped_byte_is_refused_before_anything_is_read(stored):
    damaged = bytearray(stored.blob)
    damaged[len(damaged) // 2] ^= 0x01
    with pytest.raises(ArtefactRefused, match="signature does not match"):
        load(bytes(damaged), stored.signature, KEY)


def test_an_artefact_signed_with_another_key_or_unsigned_is_refused(stored):
    with pytest.raises(ArtefactRefused, match="signature does not match"):
        load(stored.blob, stored.signature, OTHER_KEY)
    with pytest.raises(ArtefactRefused, match="signature does not match"):
        load(stored.blob, sign(stored.blob, OTHER_KEY), KEY)
    with pytest.raises(ArtefactRefused, match="not signed"):
        load(stored.blob, None, KEY)
    with pytest.raises(ArtefactRefused, match="signature does not match"):
        load(stored.blob, stored.sha256, KEY)  # a plain hash is no signature
    verify(stored.blob, stored.signature.upper(), KEY)  # hex case does not matter


def test_a_planted_pickle_is_never_unpickled_even_when_signed(tmp_path):
    marker = tmp_path / "marker"
    buffer = io.BytesIO()
    joblib.dump(WritesAMarker(marker), buffer)
    planted = buffer.getvalue()
    with pytest.raises(ArtefactRefused, match="signature does not match"):
        load(planted, hashlib.sha256(planted).hexdigest(), KEY)
    # With the key itself, a pickle is still only bytes that are not an artefact.
    with pytest.raises(ArtefactRefused, match="cannot be read"):
        load(planted, sign(planted, KEY), KEY)
    raw = pickle.dumps(WritesAMarker(marker))
    with pytest.raises(ArtefactRefused, match="cannot be read"):
        load(raw, sign(raw, KEY), KEY)
    assert not marker.exists()


def test_a_signed_archive_with_an_object_array_is_refused_without_running_it(tmp_path, stored):
    marker = tmp_path / "marker"
    blob = _replace_member(
        stored.blob, "norms.npy", _npy(np.array([WritesAMarker(marker)], dtype=object))
    )
    with pytest.raises(ArtefactRefused, match="cannot be read"):
        load(blob, sign(blob, KEY), KEY)
    assert not marker.exists()


def test_a_signed_archive_with_parts_that_do_not_fit_together_is_refused(stored):
    extra = _replace_member(stored.blob, "norms.npy", _npy(np.zeros(7, dtype=np.float32)))
    with pytest.raises(ArtefactRefused, match="cannot be read"):
        load(extra, sign(extra, KEY), KEY)
    with zipfile.ZipFile(io.BytesIO(stored.blob)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["version"] = 99
    newer = _replace_member(stored.blob, "manifest.json", json.dumps(manifest).encode())
    with pytest.raises(ArtefactRefused, match="format version"):
        load(newer, sign(newer, KEY), KEY)


def test_a_short_key_is_refused():
    with pytest.raises(ValueError, match="at least 16 bytes"):
        sign(b"blob", b"short")


def test_artefact_leaves_out_the_language_models_and_gets_the_shared_ones_back(stored):
    with zipfile.ZipFile(io.BytesIO(stored.blob)) as archive:
        assert set(json.loads(archive.read("manifest.json"))) >= {"terms", "docs", "labels"}
    assert len(stored.blob) < 2_000_000
    assert load(stored.blob, stored.signature, KEY)._language is language_models()


def test_loaded_recommender_accepts_new_opportunities(stored):
    loaded = load(stored.blob, stored.signature, KEY)
    loaded.upsert(OpportunityDoc("baker", "job", "Baker", skills=(SkillRef("prepare desserts"),)))
    baker = ProfileDoc(id="b", skills=(SkillRef("prepare desserts"),))
    assert {m.opportunity_id for m in loaded.recommend(baker, k=2)} == {"baker", "cook"}


def test_an_engine_with_edits_and_removals_round_trips(fitted):
    engine = Recommender.restore(fitted.snapshot())
    engine.upsert(OpportunityDoc("cook", "job", "Pastry cook", skills=(SkillRef("bake"),)))
    engine.remove("analyst")
    again = dump(engine, KEY)
    loaded = load(again.blob, again.signature, KEY)
    assert loaded.opportunity_ids == ["cook", "programme"]
    assert loaded.recommend(PROFILE) == engine.recommend(PROFILE)


def _npy(values: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, values, allow_pickle=True)
    return buffer.getvalue()


def _replace_member(blob: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.namelist():
            target.writestr(member, content if member == name else source.read(member))
    return out.getvalue()
