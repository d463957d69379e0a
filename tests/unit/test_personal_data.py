"""Download my data and erasure, proved against a marker planted in every table that holds data
about a person. The list of those tables is worked out here from the metadata on its own, so a
new table without a planted marker fails these tests until one is added below."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Enum, String, Table, select

from talentmatch.extensions import db
from talentmatch.models import (
    AccountToken,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CalendarFeed,
    CEFRLevel,
    Cohort,
    ConsentPurpose,
    ConsentRecord,
    DigestFrequency,
    DigestItem,
    EmailPreference,
    ErasureReason,
    ErasureRequest,
    ErasureStep,
    EventRegistration,
    FitState,
    FormSubmission,
    Interaction,
    InteractionKind,
    Invitation,
    MatchDigest,
    MatchSummary,
    Membership,
    Message,
    MessageSide,
    MessageThread,
    ModelFit,
    ModelVersion,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityLanguage,
    OpportunitySkill,
    OpportunityStatus,
    OpportunityText,
    OrganisationBlock,
    OutcomeResponse,
    OutcomeStatus,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
    Promotion,
    PromotionDelivery,
    RegistrationStatus,
    ReminderChannel,
    RetentionNotice,
    Role,
    SavedSearch,
    SignIn,
    StayingReminder,
    StayingSituation,
    StayingStepDone,
    StayingStepEdit,
    TokenPurpose,
    User,
    Visibility,
)
from talentmatch.models.opportunities import opportunity_universities
from talentmatch.models.timestamps import utcnow
from talentmatch.recommender import store
from talentmatch.services import audit, data_export, erasure, mail, model_versions
from talentmatch.services.errors import InvalidInput, NotAllowed
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

MARKER = "Zqxmarker"  # one token, so the matching engine's vocabulary keeps it whole


def tables_about_a_person() -> set[str]:
    """users, every table with a foreign key to it, and tables hanging off those that do not
    name an account themselves."""
    tables = db.metadata.tables
    names_account = {
        name
        for name, table in tables.items()
        if any(fk.column.table.name == "users" for fk in table.foreign_keys)
    }
    found = {"users", *names_account}
    frontier = set(names_account)
    while frontier:
        reached = {
            name
            for name, table in tables.items()
            if name not in found
            and name not in names_account
            and any(fk.column.table.name in frontier for fk in table.foreign_keys)
        }
        found |= reached
        frontier = reached
    return found


def _text_columns(table: Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if isinstance(c.type, String)
        and not isinstance(c.type, Enum)
        and (c.type.length is None or c.type.length >= len(MARKER))
    ]


class Planted:
    """A person with a row in every table about them, each text column carrying MARKER."""

    def __init__(self, upload_folder: Path) -> None:
        skills = make_skills()
        university = make_university()
        self.user = make_graduate(
            email="zqx.person@example.com",
            full_name=f"{MARKER} Person",
            visibility=Visibility.EMPLOYERS,
            headline=f"Analyst {MARKER}",
            about=f"I love {MARKER} and SQL.",
            field_of_study=f"{MARKER} studies",
            municipalities=(MARKER,),
            skills=[skills["SQL"]],
            university=university,
        )
        self.profile = self.user.profile
        self.organisation = make_organisation()
        # A draft: the matching engine never sees it, so its marker stays out of artefacts.
        self.posted = make_job(
            self.organisation, title=f"Job posted by {MARKER}", status=OpportunityStatus.DRAFT
        )
        self.applied_to = make_job(self.organisation, title="Data analyst")
        self.stranger = make_graduate(email="stranger@example.com", full_name="Sam Stranger")
        self.upload_folder = upload_folder

    def plant(self, table: str) -> None:
        PLANTERS[table](self)
        db.session.commit()


def _users(p: Planted) -> None:
    p.user.locale = "en"


def _graduate_profiles(p: Planted) -> None:
    assert p.profile.about.endswith("and SQL.")


def _profile_skills(p: Planted) -> None:
    p.profile.skills.append(ProfileSkill(label=f"{MARKER} brewing", position=5))


def _profile_languages(p: Planted) -> None:
    p.profile.languages.append(ProfileLanguage(code="fi", level=int(CEFRLevel.A2)))


def _profile_municipalities(p: Planted) -> None:
    assert [m.name for m in p.profile.municipalities] == [MARKER]
    p.profile.municipalities.append(ProfileMunicipality(name="Espoo"))


def _consent_records(p: Planted) -> None:
    db.session.add(
        ConsentRecord(
            user_id=p.user.id, purpose=ConsentPurpose.OUTCOME_SHARING, text_version=MARKER
        )
    )


def _audit_events(p: Planted) -> None:
    audit.record(audit.AuditEventKind.LOGIN, p.user, note=MARKER).client_address = "192.0.2.7"
    # A failed login names the person by address only.
    audit.record(audit.AuditEventKind.LOGIN_FAILED, email=p.user.email, note=MARKER)
    audit.record(audit.AuditEventKind.LOGIN, p.stranger, note="the stranger")


def _erasure_requests(p: Planted) -> None:
    db.session.add(
        ErasureRequest(
            user_id=p.user.id,
            requested_by_id=p.user.id,
            reason=ErasureReason.SELF_SERVICE,
            last_error=MARKER,
        )
    )


def _opportunities(p: Planted) -> None:
    p.posted.created_by_id = p.user.id


def _opportunity_skills(p: Planted) -> None:
    p.posted.skills.append(OpportunitySkill(label=f"{MARKER} tasting", required=True))


def _opportunity_texts(p: Planted) -> None:
    p.posted.texts.append(
        OpportunityText(locale="fi", title=f"{MARKER} maistelu", description="Maistele.")
    )


def _opportunity_languages(p: Planted) -> None:
    p.posted.languages.append(OpportunityLanguage(code="sv", min_level=int(CEFRLevel.B1)))


def _opportunity_universities(p: Planted) -> None:
    university = p.profile.university
    db.session.execute(
        opportunity_universities.insert().values(
            opportunity_id=p.posted.id, university_id=university.id
        )
    )


def _outbound_emails(p: Planted) -> None:
    mail.queue(p.user, f"Hello {MARKER}", f"Dear {MARKER}")
    mail.queue(p.user.email, f"Sent by address {MARKER}", "Body")


def _retention_notices(p: Planted) -> None:
    db.session.add(RetentionNotice(user_id=p.user.id, delete_after=utcnow() + timedelta(30)))


def _account_tokens(p: Planted) -> None:
    db.session.add(
        AccountToken(
            user_id=p.user.id,
            purpose=TokenPurpose.VERIFY_EMAIL,
            token_hash="0" * 64,
            email=f"{MARKER}@example.com",
            expires_at=utcnow() + timedelta(hours=1),
        )
    )


def _sign_ins(p: Planted) -> None:
    db.session.add(
        SignIn(
            user_id=p.user.id,
            session_hash="1" * 64,
            session_version=p.user.session_version,
            device=f"{MARKER} browser",
        )
    )


def _form_submissions(p: Planted) -> None:
    db.session.add(FormSubmission(user_id=p.user.id, token=f"{MARKER}-form", purpose="job"))


def _memberships(p: Planted) -> None:
    db.session.add(Membership(user_id=p.user.id, community_id=p.posted.id, listed=True))


def _event_registrations(p: Planted) -> None:
    db.session.add(
        EventRegistration(
            user_id=p.user.id,
            event_id=p.applied_to.id,
            status=RegistrationStatus.GOING,
            position=1,
        )
    )


def _calendar_feeds(p: Planted) -> None:
    db.session.add(CalendarFeed(user_id=p.user.id, token=f"{MARKER}-calendar-address"))


def _interactions(p: Planted) -> None:
    for kind in (InteractionKind.SAVE, InteractionKind.APPLY):
        db.session.add(Interaction(user_id=p.user.id, opportunity_id=p.applied_to.id, kind=kind))
    # Someone else's interest in the job the person posted is not the person's data.
    db.session.add(
        Interaction(user_id=p.stranger.id, opportunity_id=p.posted.id, kind=InteractionKind.SAVE)
    )


def _applications(p: Planted) -> None:
    db.session.add(
        Application(
            user_id=p.user.id,
            opportunity_id=p.applied_to.id,
            cover_note=f"Please hire me, {MARKER}",
            cv_filename=f"{MARKER}.pdf",
            cv_stored_name="0" * 32 + ".pdf",
            cv_size=1234,
            explanation=json.dumps({"graduate": {"shared_skills": [MARKER]}}),
        )
    )


def _application_events(p: Planted) -> None:
    application = db.session.scalar(select(Application).where(Application.user_id == p.user.id))
    application.events.append(
        ApplicationEvent(status=ApplicationStatus.SUBMITTED, actor_id=p.user.id, note=MARKER)
    )
    # The employer's note to the person is part of the person's application too.
    employer = make_employer(p.organisation)
    application.events.append(
        ApplicationEvent(
            status=ApplicationStatus.REVIEWED, actor_id=employer.id, note=f"Thanks, {MARKER}!"
        )
    )


def _notifications(p: Planted) -> None:
    db.session.add(
        Notification(
            user_id=p.user.id,
            kind=NotificationKind.APPLICATION_STATUS,
            text=f"Your application, {MARKER}, was reviewed.",
            link="/applications/1",
        )
    )
    # What an employer was told about the person names them: it goes with them too.
    employer = make_employer(p.organisation)
    db.session.add(
        Notification(
            user_id=employer.id,
            about_user_id=p.user.id,
            kind=NotificationKind.APPLICATION_RECEIVED,
            text=f"{MARKER} Person applied to “Data analyst”.",
            link="/employers/applications/1",
        )
    )


def _invitations(p: Planted) -> None:
    recruiter = make_employer(p.organisation)
    db.session.add(
        Invitation(
            user_id=p.user.id,
            opportunity_id=p.applied_to.id,
            organisation_id=p.organisation.id,
            invited_by_id=recruiter.id,
            note=f"Dear {MARKER}, please apply.",
        )
    )


def _message_threads(p: Planted) -> None:
    invitation = db.session.scalar(select(Invitation).where(Invitation.user_id == p.user.id))
    db.session.add(
        MessageThread(
            organisation_id=p.organisation.id,
            user_id=p.user.id,
            opportunity_id=p.applied_to.id,
            invitation_id=invitation.id,
        )
    )


def _messages(p: Planted) -> None:
    thread = db.session.scalar(select(MessageThread).where(MessageThread.user_id == p.user.id))
    recruiter_id = thread.invitation.invited_by_id
    # The person's own message, and the organisation's answer that names them: both go.
    db.session.add(
        Message(thread=thread, sender_id=p.user.id, side=MessageSide.GRADUATE, body=MARKER)
    )
    db.session.add(
        Message(
            thread=thread,
            sender_id=recruiter_id,
            side=MessageSide.ORGANISATION,
            body=f"Thanks {MARKER}",
        )
    )


def _organisation_blocks(p: Planted) -> None:
    db.session.add(OrganisationBlock(user_id=p.user.id, organisation_id=p.organisation.id))


def _email_preferences(p: Planted) -> None:
    db.session.add(EmailPreference(user_id=p.user.id, kind=NotificationKind.MESSAGE, email=False))


def _match_digests(p: Planted) -> None:
    db.session.add(MatchDigest(user_id=p.user.id, frequency=DigestFrequency.WEEKLY))


def _digest_items(p: Planted) -> None:
    db.session.add(DigestItem(user_id=p.user.id, opportunity_id=p.applied_to.id))


def _saved_searches(p: Planted) -> None:
    db.session.add(SavedSearch(user_id=p.user.id, name=f"{MARKER} jobs", text=MARKER))


def _cohorts(p: Planted) -> None:
    # A university's record: who saved it is forgotten, the cohort stays with the university.
    db.session.add(
        Cohort(
            university_id=p.profile.university_id,
            name=f"Saved by {MARKER}",
            created_by_id=p.user.id,
        )
    )


def _promotions(p: Planted) -> None:
    db.session.add(
        Promotion(
            university_id=p.profile.university_id,
            opportunity_id=p.applied_to.id,
            graduate_id=p.user.id,
            note=f"Dear {MARKER}, this one is for you.",
        )
    )


def _promotion_deliveries(p: Planted) -> None:
    promotion = db.session.scalar(select(Promotion).where(Promotion.graduate_id == p.user.id))
    db.session.add(
        PromotionDelivery(
            promotion_id=promotion.id, user_id=p.user.id, opportunity_id=p.applied_to.id
        )
    )


def _match_summaries(p: Planted) -> None:
    db.session.add(
        MatchSummary(
            user_id=p.user.id,
            computed_on=date(2026, 12, 1),
            strong_matches=1,
            top=json.dumps([{"opportunity_id": p.applied_to.id, "title": f"{MARKER} match"}]),
        )
    )


def _outcome_responses(p: Planted) -> None:
    db.session.add(
        OutcomeResponse(
            user_id=p.user.id,
            checkpoint=6,
            status=OutcomeStatus.EMPLOYED,
            employer_name=f"{MARKER} Oy",
            municipality="Espoo",
        )
    )


def _model_fits(p: Planted) -> None:
    # The installation's record: who started the refit is forgotten, the run stays.
    db.session.add(
        ModelFit(
            requested_by_id=p.user.id,
            state=FitState.FAILED,
            in_progress=False,
            error=f"Stopped while {MARKER} watched",
        )
    )


def _staying_situations(p: Planted) -> None:
    db.session.add(StayingSituation(user_id=p.user.id, municipality=MARKER))


def _staying_steps_done(p: Planted) -> None:
    db.session.add(StayingStepDone(user_id=p.user.id, step_key=MARKER, done_on=date(2026, 11, 2)))


def _staying_reminders(p: Planted) -> None:
    db.session.add(
        StayingReminder(
            user_id=p.user.id,
            step_key=MARKER,
            due_on=date(2027, 1, 31),
            channel=ReminderChannel.NOTIFICATION,
        )
    )


def _staying_step_edits(p: Planted) -> None:
    # The installation's checklist: who edited a step is forgotten, the step's text stays.
    db.session.add(
        StayingStepEdit(
            step_key="tax_card",
            content={"text": {"en": {"title": f"Edited by {MARKER}"}}, "link": {}, "sources": []},
            last_checked=date(2026, 11, 30),
            edited_by_id=p.user.id,
        )
    )


PLANTERS: dict[str, Callable[[Planted], None]] = {
    "users": _users,
    "graduate_profiles": _graduate_profiles,
    "profile_skills": _profile_skills,
    "profile_languages": _profile_languages,
    "profile_municipalities": _profile_municipalities,
    "consent_records": _consent_records,
    "audit_events": _audit_events,
    "erasure_requests": _erasure_requests,
    "opportunities": _opportunities,
    "opportunity_skills": _opportunity_skills,
    "opportunity_languages": _opportunity_languages,
    "opportunity_texts": _opportunity_texts,
    "opportunity_universities": _opportunity_universities,
    "outbound_emails": _outbound_emails,
    "retention_notices": _retention_notices,
    "interactions": _interactions,
    "account_tokens": _account_tokens,
    "sign_ins": _sign_ins,
    "form_submissions": _form_submissions,
    "applications": _applications,
    "application_events": _application_events,
    "notifications": _notifications,
    "invitations": _invitations,
    "message_threads": _message_threads,
    "messages": _messages,
    "organisation_blocks": _organisation_blocks,
    "email_preferences": _email_preferences,
    "match_digests": _match_digests,
    "digest_items": _digest_items,
    "saved_searches": _saved_searches,
    "memberships": _memberships,
    "event_registrations": _event_registrations,
    "calendar_feeds": _calendar_feeds,
    "cohorts": _cohorts,
    "promotions": _promotions,
    "promotion_deliveries": _promotion_deliveries,
    "match_summaries": _match_summaries,
    "outcome_responses": _outcome_responses,
    "model_fits": _model_fits,
    "staying_situations": _staying_situations,
    "staying_steps_done": _staying_steps_done,
    "staying_reminders": _staying_reminders,
    "staying_step_edits": _staying_step_edits,
}


@pytest.fixture
def planted(app, app_ctx, tmp_path) -> Planted:
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    person = Planted(tmp_path / "uploads")
    for table in PLANTERS:
        person.plant(table)
    files = data_export.user_files_dir(person.user.id)
    (files / "cv").mkdir(parents=True)
    (files / "cv" / "cv.txt").write_text(f"Curriculum vitae of {MARKER}")
    yield person
    app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")


def test_every_table_about_a_person_has_a_planted_marker():
    assert set(PLANTERS) == tables_about_a_person(), (
        "A table refers to users (directly or through a user's rows): plant a marker in it "
        "above, so export and erasure are proved to cover it."
    )


def test_the_export_holds_every_table_about_the_person_and_their_files(planted):
    document = data_export.export(planted.user)

    tables = document["tables"]
    assert set(tables) == tables_about_a_person()
    for name in tables_about_a_person():
        assert tables[name], f"nothing exported from {name}"
        if _text_columns(db.metadata.tables[name]) and name not in ("profile_languages",):
            assert MARKER in json.dumps(tables[name]), f"marker missing from {name}"
    [cv] = document["files"]
    assert cv["name"] == "cv/cv.txt" and cv["size"] == len(f"Curriculum vitae of {MARKER}")
    # Secrets stay out and the document says so.
    assert "password_hash" not in tables["users"][0]
    assert all("body" not in row for row in tables["outbound_emails"])
    assert "password_hash" in document["excluded_columns"]
    assert "excluded_columns" in document["about"]
    # Rows of other people reached through the person's rows are not theirs to download.
    assert {row["user_id"] for row in tables["interactions"]} == {planted.user.id}
    assert {row["user_id"] for row in tables["audit_events"] if row["user_id"]} == {planted.user.id}
    exported = db.session.scalar(
        select(audit.AuditEvent).where(audit.AuditEvent.event == "data_exported")
    )
    assert exported.user_id == planted.user.id


def _markers_left() -> set[str]:
    found = set()
    for name, table in db.metadata.tables.items():
        columns = [table.c[c] for c in _text_columns(table)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                if value and MARKER.lower() in str(value).lower():
                    found.add(f"{name}.{column.name}")
    return found


def _artefact_text(version: ModelVersion) -> bytes:
    """Every member of the (verified) artefact archive, decompressed: all a reader could find."""
    store.verify(version.artefact, version.signature, model_versions.artefact_key())
    with zipfile.ZipFile(io.BytesIO(version.artefact)) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist()).lower()


def test_erasure_leaves_no_marker_anywhere_but_in_the_organisations_job(planted):
    before, _engine = model_versions.fit_version()
    assert MARKER.lower().encode() in _artefact_text(before)  # the finding, reproduced
    profile_id, before_id = planted.profile.id, before.id

    request = erasure.erase_own_account(planted.user, DEFAULT_PASSWORD)

    assert request.step is ErasureStep.DONE and request.completed_at is not None
    assert _markers_left() == {
        "opportunities.title",
        "opportunity_skills.label",
        "opportunity_texts.title",
        "cohorts.name",
        "model_fits.error",  # planted there only to prove the export; a real error names no one
    }
    [active] = db.session.scalars(select(ModelVersion)).all()
    assert active.active and active.id != before_id
    assert MARKER.lower().encode() not in _artefact_text(active)
    assert not data_export.user_files_dir(planted.user.id).exists()
    # What stays: the anonymous account placeholder, the application, the audit trail.
    user = db.session.get(User, planted.user.id)
    assert user.email == f"erased-{user.id}@erased.invalid" and user.full_name == ""
    assert not user.active and user.session_version == 2
    assert user.organisation_id is None and user.university_id is None
    assert [
        i.kind
        for i in db.session.scalars(select(Interaction).where(Interaction.user_id == user.id))
    ] == [InteractionKind.APPLY]
    assert db.session.get(Opportunity, planted.posted.id).created_by_id is None
    [cohort] = db.session.scalars(select(Cohort)).all()
    assert cohort.created_by_id is None
    [fit] = db.session.scalars(select(ModelFit)).all()
    assert fit.requested_by_id is None
    [edit] = db.session.scalars(select(StayingStepEdit)).all()
    assert edit.edited_by_id is None and edit.step_key == "tax_card"
    assert db.session.scalars(select(StayingStepDone)).all() == []
    assert db.session.scalars(select(StayingSituation)).all() == []
    assert db.session.scalars(select(Promotion)).all() == []
    assert db.session.scalars(select(OutcomeResponse)).all() == []
    [application] = db.session.scalars(select(Application)).all()
    assert application.user_id == user.id and application.cover_note == ""
    assert application.cv_stored_name is None and application.explanation == ""
    assert [e.note for e in application.events] == ["", ""]
    assert (
        db.session.scalar(select(ProfileSkill).where(ProfileSkill.profile_id == profile_id)) is None
    )
    events = db.session.scalars(select(audit.AuditEvent).order_by(audit.AuditEvent.id)).all()
    assert all(e.client_address == "" and e.email == "" for e in events if e.user_id == user.id)
    assert [e.event for e in events][-1] == "account_erased"
    # The stranger keeps everything of theirs.
    stranger_rows = db.session.scalars(
        select(Interaction).where(Interaction.user_id == planted.stranger.id)
    ).all()
    assert len(stranger_rows) == 1
    stranger_event = next(e for e in events if e.user_id == planted.stranger.id)
    assert json.loads(stranger_event.details) == {"note": "the stranger"}


def test_an_erased_email_address_can_sign_up_again(planted, app):
    from talentmatch.services import accounts

    erasure.erase_own_account(planted.user, DEFAULT_PASSWORD)
    with app.test_request_context():  # the confirmation email links back to the site
        accounts.register(
            accounts.NewAccount(
                email="zqx.person@example.com",
                password="another long passphrase",
                full_name="Back Again",
                role=Role.GRADUATE,
            )
        )
    again = accounts.find_by_email("zqx.person@example.com")
    assert again is not None and again.id != planted.user.id
    assert again.full_name == "Back Again"
    with pytest.raises(InvalidInput):
        accounts.authenticate(f"erased-{planted.user.id}@erased.invalid", DEFAULT_PASSWORD)


def test_an_interrupted_erasure_resumes_where_it_stopped_and_completes(planted, monkeypatch):
    def disk_failure(request, user):
        raise OSError("the upload volume is not mounted")

    monkeypatch.setattr(erasure, "_remove_files", disk_failure)
    with pytest.raises(erasure.ErasureInterrupted):
        erasure.erase_own_account(planted.user, DEFAULT_PASSWORD)

    request = db.session.scalar(select(ErasureRequest))
    assert request.step is ErasureStep.PERSONAL_FIELDS_REMOVED
    assert request.last_error == "files_removed: OSError"
    assert db.session.get(User, planted.user.id).full_name == ""
    assert data_export.user_files_dir(planted.user.id).exists()

    monkeypatch.undo()
    completed, failing = erasure.resume_unfinished()

    assert [r.id for r in completed] == [request.id] and failing == []
    db.session.expire_all()
    assert db.session.get(ErasureRequest, request.id).step is ErasureStep.DONE
    assert not data_export.user_files_dir(planted.user.id).exists()
    assert _markers_left() == {
        "opportunities.title",
        "opportunity_skills.label",
        "opportunity_texts.title",
        "cohorts.name",
        "model_fits.error",  # planted there only to prove the export; a real error names no one
    }
    assert erasure.resume_unfinished() == ([], [])  # nothing left to do


def test_a_wrong_password_deletes_nothing(planted):
    with pytest.raises(InvalidInput) as refused:
        erasure.erase_own_account(planted.user, "not my password")

    assert refused.value.errors == {"password": "That is not your password."}
    assert db.session.get(User, planted.user.id).full_name == f"{MARKER} Person"
    # Only the planted request exists, untouched.
    assert db.session.scalar(select(ErasureRequest)).step is ErasureStep.REQUESTED


def test_staff_cannot_delete_themselves_and_only_admins_delete_others(app_ctx):
    staff = make_user(Role.CAREER_SERVICES, university=make_university())
    graduate = make_graduate()
    with pytest.raises(NotAllowed):
        erasure.erase_own_account(staff, DEFAULT_PASSWORD)
    with pytest.raises(NotAllowed):
        erasure.erase_account(graduate, staff.id)
    admin = make_user(Role.ADMIN)
    with pytest.raises(InvalidInput):
        erasure.erase_account(admin, admin.id)

    erasure.erase_account(admin, staff.id)

    assert db.session.get(User, staff.id).email == f"erased-{staff.id}@erased.invalid"
    with pytest.raises(InvalidInput):
        erasure.erase_account(admin, staff.id)  # already erased
