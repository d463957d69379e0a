"""Stored model artefacts as an attacker with database access and a private graduate see them:
a planted row never runs code, a foreign signature is refused, and no profile that is not
visible to employers is ever in an artefact, while its owner is matched as well as anyone."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from pathlib import Path

import joblib
import pytest
from flask import Flask
from sqlalchemy import select, update

from talentmatch.engine import ServedEngine
from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    GraduateProfile,
    ModelVersion,
    OpportunityKind,
    ProfileSkill,
    Role,
    User,
    Visibility,
    WorkPermit,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import store
from talentmatch.recommender.types import MatchFilters
from talentmatch.services import accounts, matching, model_versions, profiles
from talentmatch.services.errors import InvalidInput
from talentmatch.services.profiles import ProfileInput
from talentmatch.services.skills import SkillsInput
from tests.factories import (
    DEFAULT_PASSWORD,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_user,
)

VISIBLE_WORD = "zorblaxvisible"
PRIVATE_WORD = "quuxprivate"
CAREERS_WORD = "flimcareers"


class WritesAMarker:
    """Unpickling this writes a file: the code a planted artefact would run in a worker."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (Path.write_text, (Path(self.path), "code ran"))


pytestmark = pytest.mark.usefixtures("checks_every_request")


@pytest.fixture
def catalogue(app_ctx):
    skills = make_skills()
    organisation = make_organisation()
    make_job(
        organisation,
        title="Data analyst",
        required_skills=[skills["SQL"], skills["Python (computer programming)"]],
    )
    make_job(organisation, title="SQL reporting specialist", required_skills=[skills["SQL"]])
    make_job(organisation, title="Marketing coordinator")
    make_opportunity(OpportunityKind.COMMUNITY, title="Data community", organisation=organisation)
    make_opportunity(OpportunityKind.PROGRAMME, title="Data careers programme")
    return skills


def _graduate(skills, visibility: Visibility, word: str, email: str) -> User:
    user = make_graduate(
        email=email,
        skills=[skills["SQL"], skills["Python (computer programming)"]],
        visibility=visibility,
        languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A2},
        about=f"Reporting dashboards and {word} analytics for retail.",
        field_of_study="Statistics",
    )
    # A typed skill ESCO does not know is kept as free text: it must not leak either.
    user.profile.skills.append(ProfileSkill(label=f"{word}skill", position=9))
    db.session.commit()
    return user


def served(app: Flask) -> ServedEngine:
    return app.extensions["matching"]


def _logged_in(app: Flask, email: str):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def _decoded(blob: bytes) -> str:
    """Everything in an artefact a reader could find: the raw bytes and every member of the
    archive decompressed (manifest and arrays)."""
    parts = [blob]
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        parts += [archive.read(name) for name in archive.namelist()]
    return b"\n".join(parts).decode("utf-8", errors="replace").casefold()


def _stored_contents() -> list[str]:
    db.session.expire_all()
    return [_decoded(v.artefact) for v in db.session.scalars(select(ModelVersion))]


def _plant(artefact: bytes, signature: str | None) -> ModelVersion:
    """What a database writer can do: insert an active row with a matching hash."""
    db.session.execute(update(ModelVersion).values(active=False))
    row = ModelVersion(
        artefact=artefact,
        sha256=hashlib.sha256(artefact).hexdigest(),
        signature=signature,
        size=len(artefact),
        fit_seconds=0.1,
        active=True,
        activated_at=utcnow(),
    )
    db.session.add(row)
    db.session.commit()
    return row


def _pickle(marker: Path) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(WritesAMarker(marker), buffer, compress=("zlib", 3))
    return buffer.getvalue()


# -- planted and foreign artefacts ----------------------------------------------------------------


@pytest.mark.parametrize("signature", ["sha256", "none"])
def test_a_planted_pickle_is_not_executed_and_the_worker_keeps_answering(
    catalogue, other_worker, make_app, tmp_path, caplog, signature
):
    control = tmp_path / "control"
    joblib.load(io.BytesIO(_pickle(control)))
    assert control.read_text() == "code ran"  # the payload does run when unpickled

    graduate = _graduate(catalogue, Visibility.PRIVATE, PRIVATE_WORD, "grace@example.fi")
    first = matching.fit_and_activate()
    client = _logged_in(other_worker, "grace@example.fi")
    assert client.get("/graduates/for-you").status_code == 200
    worker = served(other_worker).holder
    assert worker.version[0] == first.id

    marker = tmp_path / "marker"
    planted_bytes = _pickle(marker)
    digest = hashlib.sha256(planted_bytes).hexdigest()
    planted = _plant(planted_bytes, digest if signature == "sha256" else None)
    with caplog.at_level(logging.ERROR):
        page = client.get("/graduates/for-you")
    assert page.status_code == 200
    assert "Data analyst" in page.get_data(as_text=True)  # still served by the previous model
    assert not marker.exists()
    assert f"Model version {planted.id} is refused and not loaded" in caplog.text
    assert worker.version[0] == first.id
    assert (planted.id, planted.activated_at) in worker.refused

    # A worker starting now, with nothing to serve, fits a fresh version instead.
    fresh = _logged_in(make_app(MATCHING_CHECK_SECONDS=0), graduate.email)
    assert fresh.get("/graduates/for-you").status_code == 200
    assert not marker.exists()
    db.session.expire_all()
    active = db.session.scalars(select(ModelVersion).where(ModelVersion.active)).one()
    assert active.id not in (first.id, planted.id)
    assert active.signature == store.sign(active.artefact, model_versions.artefact_key())


def test_an_artefact_signed_with_another_key_is_refused_and_replaced(catalogue, make_app, caplog):
    _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    version = matching.fit_and_activate()
    token = (version.id, version.activated_at)
    elsewhere = make_app(MATCHING_CHECK_SECONDS=0, MATCHING_ARTEFACT_KEY="another-key-" * 3)
    worker = served(elsewhere).holder
    with elsewhere.app_context():
        with caplog.at_level(logging.ERROR):
            assert worker.engine(fit_if_missing=False) is None
        assert "signature does not match this installation's key" in caplog.text
        assert worker.refused == {token}
        assert worker.engine() is not None  # fitted afresh, signed with its own key
        with pytest.raises(InvalidInput, match="not signed with this installation's key"):
            model_versions.activate_version(version.id)
    assert worker.version[0] != version.id

    # The same secret key on another worker derives the same artefact key: it loads, no refit.
    same = make_app(MATCHING_CHECK_SECONDS=0, MATCHING_ARTEFACT_KEY="another-key-" * 3)
    with same.app_context():
        assert served(same).holder.engine(fit_if_missing=False) is not None
    assert served(same).holder.version == worker.version


def test_the_default_key_is_derived_from_the_secret_key_and_is_not_it(app, make_app):
    with app.app_context():
        key = model_versions.artefact_key()
    assert len(key) == 32 and app.config["SECRET_KEY"].encode() not in key
    other_secret = make_app(SECRET_KEY="a-different-secret-key")
    with other_secret.app_context():
        assert model_versions.artefact_key() != key
    short = make_app(MATCHING_ARTEFACT_KEY="short")
    with short.app_context(), pytest.raises(RuntimeError, match="at least 16 bytes"):
        model_versions.artefact_key()


# -- no private profile in any artefact -----------------------------------------------------------


def test_only_profiles_visible_to_employers_enter_a_stored_artefact(catalogue, app):
    _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    _graduate(catalogue, Visibility.PRIVATE, PRIVATE_WORD, "pia@example.fi")
    _graduate(catalogue, Visibility.CAREER_SERVICES, CAREERS_WORD, "cara@example.fi")
    gone = _graduate(catalogue, Visibility.EMPLOYERS, "dormantword", "dora@example.fi")
    gone.active = False  # deactivated before any fit
    db.session.commit()

    version = matching.fit_and_activate()
    assert version.profile_count == 1
    # The private graduates are served from their live profiles, then the engine is refitted.
    for email in ("pia@example.fi", "cara@example.fi"):
        page = _logged_in(app, email).get("/graduates/for-you")
        assert page.status_code == 200 and "Data analyst" in page.get_data(as_text=True)
    matching.fit_and_activate()

    contents = _stored_contents()
    assert len(contents) == 2
    for decoded in contents:
        assert VISIBLE_WORD in decoded and f"{VISIBLE_WORD}skill" in decoded  # the search works
        for word in (PRIVATE_WORD, CAREERS_WORD, "dormantword"):
            assert word not in decoded


def test_a_private_graduate_is_matched_exactly_as_an_identical_visible_one(catalogue):
    visible = _graduate(catalogue, Visibility.EMPLOYERS, "dashboards", "vera@example.fi")
    private = _graduate(catalogue, Visibility.PRIVATE, "dashboards", "pia@example.fi")
    careers = _graduate(catalogue, Visibility.CAREER_SERVICES, "dashboards", "cara@example.fi")
    matching.fit_and_activate()

    def ranking(user: User):
        page = matching.for_you(user, MatchFilters())
        return [
            [(r.opportunity.id, r.score, r.explanation) for r in lane.items] for lane in page.lanes
        ]

    expected = ranking(visible)
    assert any(expected)  # there is something to compare
    assert ranking(private) == expected
    assert ranking(careers) == expected
    jobs = matching.recommend_for(private, OpportunityKind.JOB, k=10)
    assert [r.opportunity.title for r in jobs][:2] == ["Data analyst", "SQL reporting specialist"]


def _make_private(user: User) -> None:
    profile = user.profile
    profiles.update_profile(
        user,
        ProfileInput(
            headline=profile.headline,
            about=profile.about,
            skills=SkillsInput(
                tokens=tuple(f"esco:{s.skill_id}:{s.label}" for s in profile.skills if s.skill_id)
            ),
            languages=[("en", CEFRLevel.C1)],
            municipalities=["Helsinki"],
            work_permit=WorkPermit.PERMIT_ALLOWS_WORK,
            visibility=Visibility.PRIVATE,
        ),
        utcnow().date(),
    )


def test_a_profile_made_private_leaves_the_served_engine_and_every_stored_artefact(app, catalogue):
    vera = _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    for _ in range(2):
        matching.fit_and_activate()
    holder = served(app).holder
    assert VISIBLE_WORD in holder.recommender.snapshot().terms
    assert all(VISIBLE_WORD in decoded for decoded in _stored_contents())

    _make_private(vera)

    assert VISIBLE_WORD not in holder.recommender.snapshot().terms
    assert str(vera.profile.id) not in holder.recommender.profile_ids
    contents = _stored_contents()
    assert len(contents) == 1  # the older versions that held the profile are gone
    assert VISIBLE_WORD not in contents[0]
    # ...and the graduate is still recommended to, from the live profile.
    assert matching.recommend_for(vera, OpportunityKind.JOB, k=3)


def test_with_background_refits_a_profile_made_private_is_refitted_out_at_once(
    app, catalogue, monkeypatch
):
    vera = _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    matching.fit_and_activate()
    monkeypatch.setitem(app.config, "MATCHING_BACKGROUND_REFIT", True)
    monkeypatch.setitem(app.config, "MATCHING_REFIT_DELAY_SECONDS", 3600)
    refits = served(app).refits
    assert refits.request() == "scheduled"  # an ordinary refit, an hour away

    _make_private(vera)  # brings it forward

    assert refits.wait(timeout=120)
    contents = _stored_contents()
    assert len(contents) == 1 and VISIBLE_WORD not in contents[0]
    assert VISIBLE_WORD not in served(app).holder.recommender.snapshot().terms


def test_a_deactivated_account_leaves_every_stored_artefact(catalogue):
    vera = _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    matching.fit_and_activate()
    admin = make_user(Role.ADMIN)
    accounts.set_active(vera.id, False, admin)
    contents = _stored_contents()
    assert len(contents) == 1 and VISIBLE_WORD not in contents[0]


def test_withdrawing_the_employer_consent_leaves_every_stored_artefact(catalogue):
    vera = _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    matching.fit_and_activate()
    profiles.set_visibility(vera, Visibility.CAREER_SERVICES)  # what the privacy page does
    contents = _stored_contents()
    assert len(contents) == 1 and VISIBLE_WORD not in contents[0]


def test_a_private_profile_going_private_again_costs_no_refit(catalogue):
    pia = _graduate(catalogue, Visibility.CAREER_SERVICES, PRIVATE_WORD, "pia@example.fi")
    version = matching.fit_and_activate()
    _make_private(pia)
    db.session.expire_all()
    assert [v.id for v in db.session.scalars(select(ModelVersion))] == [version.id]


# -- erasure ---------------------------------------------------------------------------------------


def test_refit_and_drop_older_leaves_one_version_without_the_erased_profile(catalogue, app):
    vera = _graduate(catalogue, Visibility.EMPLOYERS, VISIBLE_WORD, "vera@example.fi")
    kept = _graduate(catalogue, Visibility.EMPLOYERS, "keptword", "kim@example.fi")
    older = [matching.fit_and_activate().id for _ in range(3)]
    # Erasure as the privacy code does it: the row goes without the engine being told.
    db.session.execute(
        update(GraduateProfile).where(GraduateProfile.id == vera.profile.id).values(about="")
    )
    db.session.execute(
        ProfileSkill.__table__.delete().where(ProfileSkill.profile_id == vera.profile.id)
    )
    db.session.execute(update(User).where(User.id == vera.id).values(active=False))
    db.session.commit()

    version = model_versions.refit_and_drop_older()

    db.session.expire_all()
    stored = db.session.scalars(select(ModelVersion)).all()
    assert [(v.id, v.active) for v in stored] == [(version.id, True)]
    assert version.id not in older
    assert json.loads(version.metrics)["opportunities_by_kind"]["job"] == 3
    decoded = _decoded(stored[0].artefact)
    assert VISIBLE_WORD not in decoded and "keptword" in decoded
    holder = served(app).holder
    assert holder.version == (version.id, version.activated_at)  # served here at once
    assert VISIBLE_WORD not in holder.recommender.snapshot().terms
    assert holder.recommender.profile_ids == (str(kept.profile.id),)
