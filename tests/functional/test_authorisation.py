"""Who may do what: every route that takes an argument, for every method it accepts, tried by
each actor (two graduates, a verified and an unverified employer, career services, an
administrator and an anonymous visitor) on one object of every kind owned by each of them.

An allowed actor gets its page (2xx, 3xx, or 400 for a form posted empty); any other gets
403 or 404 and not a word of the object (its title or name), in the page or in a flashed
message; anonymous visitors are sent to the login page from everything that is not public.

A route added without a rule in POLICY fails `test_every_route_with_an_argument_is_classified`,
naming the route: decide who may use it and add a line.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape

import pytest
from flask import Flask
from werkzeug.routing import Rule

from talentmatch.analytics.dashboard import PANELS
from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    Cohort,
    ConsentPurpose,
    Interaction,
    InteractionKind,
    Invitation,
    Membership,
    Message,
    MessageSide,
    MessageThread,
    Notification,
    NotificationKind,
    OpportunityKind,
    OpportunityStatus,
    Promotion,
    Role,
    SavedSearch,
    SignIn,
    University,
    Visibility,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import cv_files
from tests.factories import (
    make_graduate,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

CURATED = (
    OpportunityKind.PROGRAMME,
    OpportunityKind.COMMUNITY,
    OpportunityKind.EVENT,
    OpportunityKind.COURSE,
)
ANONYMOUS = "anonymous"
ACTORS = (
    "graduate_a",
    "graduate_b",
    "verified_employer",
    "unverified_employer",
    "career_services",
    "admin",
    ANONYMOUS,
)
GRADUATE_NAMES = ("Aino Aaltonen", "Bao Berglund")


# --- the world --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    name: str
    role: Role | None = None  # None: not signed in
    email: str = ""
    organisation: str | None = None
    organisation_verified: bool = False
    university: str | None = None


@dataclass(frozen=True)
class Thing:
    """One object a route argument can name, with what a rule needs to know about it."""

    name: str
    value: object  # what goes into the URL
    owner: str | None = None  # the actor it belongs to, if one
    secrets: tuple[str, ...] = ()  # text of it no one else may be shown
    kind: OpportunityKind | None = None
    status: OpportunityStatus | None = None
    organisation: str | None = None
    university: str | None = None  # of an opportunity, a graduate or a cohort
    listed: bool = True
    saved_by: frozenset[str] = frozenset()
    hidden_by: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()  # of a community


@dataclass
class World:
    actors: dict[str, Actor] = field(default_factory=dict)
    things: dict[str, list[Thing]] = field(default_factory=dict)  # by kind of argument

    def add(self, argument_kind: str, thing: Thing) -> None:
        self.things.setdefault(argument_kind, []).append(thing)


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(app, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))


def build_world(app: Flask) -> World:
    """Two universities, two organisations (one verified), a graduate at each university who
    shares their profile with employers, an employer per organisation, career services at the
    first university, an administrator; jobs and curated items open, draft and closed."""
    world = World()
    with app.app_context():
        skills = make_skills()
        data_skills = [skills["SQL"], skills["Python (computer programming)"]]
        sql_id = skills["SQL"].id
        university_a = make_university("Aalto Test University", short_name="ATU")
        university_b = make_university("Borealis Test University", short_name="BTU")
        verified = make_organisation("Vahvistettu Oy")
        unverified = make_organisation("Uusi Yritys Oy", verified=False)

        def person(actor: str, role: Role, full_name: str, university=None, **fields) -> int:
            email = f"{actor.replace('_', '.')}@example.com"
            if role is Role.GRADUATE:
                user = make_graduate(
                    email=email,
                    full_name=full_name,
                    visibility=Visibility.EMPLOYERS,
                    skills=data_skills,
                    university=university,
                )
            else:
                user = make_user(role, email, full_name=full_name, university=university, **fields)
            user.email_verified = True
            db.session.commit()
            organisation = user.organisation
            world.actors[actor] = Actor(
                actor,
                role,
                email,
                organisation=organisation.name if organisation else None,
                organisation_verified=bool(organisation and organisation.verified),
                university=university.name if university else None,
            )
            world.add(
                "user",
                Thing(
                    f"user of {actor}",
                    user.id,
                    actor,
                    (full_name, email),
                    university=university.name if university and role is Role.GRADUATE else None,
                ),
            )
            return user.id

        graduate_a = person("graduate_a", Role.GRADUATE, GRADUATE_NAMES[0], university_a)
        person("graduate_b", Role.GRADUATE, GRADUATE_NAMES[1], university_b)
        person("verified_employer", Role.EMPLOYER, "Veera Vahva", organisation=verified)
        person("unverified_employer", Role.EMPLOYER, "Unto Uusi", organisation=unverified)
        person("career_services", Role.CAREER_SERVICES, "Kaisa Kuraattori", university_a)
        person("admin", Role.ADMIN, "Ada Admin")

        for organisation, owner in (
            (verified, "verified_employer"),
            (unverified, "unverified_employer"),
        ):
            world.add(
                "organisation",
                Thing(
                    organisation.name,
                    organisation.id,
                    owner,
                    (organisation.name,) if not organisation.verified else (),
                ),
            )
        for university in (university_a, university_b):
            world.add("university", Thing(university.name, university.id))

        def opportunity(title: str, owner: str | None, status: OpportunityStatus, **fields):
            row = make_opportunity(
                title=title, status=status, required_skills=data_skills, **fields
            )
            organisation = row.organisation
            world.add(
                "opportunity",
                Thing(
                    title,
                    row.id,
                    owner,
                    (title,),
                    kind=row.kind,
                    status=status,
                    organisation=organisation.name if organisation else None,
                    university=row.university.name if row.university else None,
                    listed=row.kind is not OpportunityKind.JOB or organisation.verified,
                ),
            )
            return row

        for status in OpportunityStatus:
            opportunity(
                f"Vahvistettu {status.value} data job",
                "verified_employer",
                status,
                kind=OpportunityKind.JOB,
                organisation=verified,
            )
        for status in (OpportunityStatus.OPEN, OpportunityStatus.DRAFT):
            opportunity(
                f"Uusi {status.value} data job",
                "unverified_employer",
                status,
                kind=OpportunityKind.JOB,
                organisation=unverified,
            )
        next_week = utcnow() + timedelta(days=7)
        # A programme, a community and an event, one of each status; an open course.
        for kind, status in (
            *zip(CURATED[:3], OpportunityStatus, strict=True),
            (OpportunityKind.COURSE, OpportunityStatus.OPEN),
        ):
            opportunity(
                f"ATU {status.value} {kind.value}",
                "career_services",
                status,
                kind=kind,
                university=university_a,
                **({"starts_at": next_week} if kind is OpportunityKind.EVENT else {}),
            )
        for kind, status in (
            (OpportunityKind.PROGRAMME, OpportunityStatus.OPEN),
            (OpportunityKind.EVENT, OpportunityStatus.DRAFT),
        ):
            opportunity(
                f"BTU {status.value} {kind.value}",
                None,
                status,
                kind=kind,
                university=university_b,
                **({"starts_at": next_week} if kind is OpportunityKind.EVENT else {}),
            )

        # Graduate A saved the verified employer's job before it closed.
        closed_job = next(
            t for t in world.things["opportunity"] if t.name == "Vahvistettu closed data job"
        )
        db.session.add(
            Interaction(
                user_id=graduate_a, opportunity_id=closed_job.value, kind=InteractionKind.SAVE
            )
        )
        # Graduate A is a member of the open community.
        community = next(t for t in world.things["opportunity"] if t.name == "ATU open community")
        db.session.add(Membership(user_id=graduate_a, community_id=community.value, listed=True))
        db.session.commit()
        world.things["opportunity"] = [
            Thing(**{**t.__dict__, "saved_by": frozenset({"graduate_a"})})
            if t is closed_job
            else Thing(**{**t.__dict__, "members": frozenset({"graduate_a"})})
            if t is community
            else t
            for t in world.things["opportunity"]
        ]
        # Both graduates applied to the verified employer's open job, each with a CV.
        open_job = next(
            t for t in world.things["opportunity"] if t.name == "Vahvistettu open data job"
        )
        for actor, full_name in zip(("graduate_a", "graduate_b"), GRADUATE_NAMES, strict=True):
            user_id = next(t.value for t in world.things["user"] if t.owner == actor)
            note = f"Cover note from {full_name}"
            application = Application(
                user_id=user_id,
                opportunity_id=open_job.value,
                cover_note=note,
                cv_filename="cv.pdf",
                cv_stored_name=cv_files.store(user_id, b"%PDF-1.4 a test CV"),
                cv_size=18,
            )
            db.session.add(application)
            db.session.flush()
            world.add(
                "application",
                Thing(
                    f"application of {actor}",
                    application.id,
                    actor,
                    (note,),
                    organisation=open_job.organisation,
                ),
            )
        _add_contact(world, verified, graduate_a)
        _add_cohorts(world)
        # A signed-in device per person, besides the session the test itself signs in with.
        for actor in world.actors.values():
            user_id = next(t.value for t in world.things["user"] if t.owner == actor.name)
            device = SignIn(
                user_id=user_id,
                session_hash=secrets.token_hex(32),
                session_version=1,
                device=f"Firefox on Linux ({actor.name})",
            )
            db.session.add(device)
            db.session.flush()
            world.add("sign_in", Thing(f"device of {actor.name}", device.id, actor.name))
            text = f"Private notice for {actor.name}"
            notice = Notification(
                user_id=user_id, kind=NotificationKind.MESSAGE, text=text, link="/"
            )
            db.session.add(notice)
            db.session.flush()
            world.add("notification", Thing(text, notice.id, actor.name, (text,)))
            if actor.role is Role.GRADUATE:
                name = f"Secret search of {actor.name}"
                search = SavedSearch(user_id=user_id, name=name, text="data")
                db.session.add(search)
                db.session.flush()
                world.add("saved_search", Thing(name, search.id, actor.name, (name,)))
        db.session.commit()
    for kind in (*OpportunityKind, "nonsense"):
        world.add("kind", Thing(f"kind {kind}", str(kind)))
    for purpose in (*ConsentPurpose, "nonsense"):
        world.add("purpose", Thing(f"consent {purpose}", str(purpose)))
    world.add("feed_token", Thing("a calendar address never issued", secrets.token_urlsafe(32)))
    # Links from emails: whoever follows a link that was never sent is told it does not work.
    world.add("token", Thing("a link never sent", secrets.token_urlsafe(32)))
    world.add("file", Thing("stylesheet", "css/app.css"))
    for chart in (*PANELS, "nonsense"):
        world.add("chart", Thing(f"analytics chart {chart}", chart))
    # A language doors open through, and one they do not; an ESCO skill, and none.
    for code in ("fi", "xx"):
        world.add("language_code", Thing(f"language {code}", code))
    world.add("esco_skill", Thing("skill SQL", sql_id))
    world.add("esco_skill", Thing("no such skill", 999_999))
    # Every graduate's step, a step no graduate here is at (it needs an offer), and none.
    for step in ("tax_card", "employment_permit", "nonsense"):
        world.add("checklist_step", Thing(f"checklist step {step}", step))
    return world


def _add_cohorts(world: World) -> None:
    """A saved cohort at each university; the first has a promotion to it (so it is kept when
    someone tries to delete it)."""
    adviser = next(t.value for t in world.things["user"] if t.owner == "career_services")
    job = next(t for t in world.things["opportunity"] if t.name == "Vahvistettu open data job")
    for thing in world.things["university"]:
        university = db.session.get(University, thing.value)
        owner = "career_services" if university.short_name == "ATU" else None
        name = f"{university.short_name} secret cohort"
        cohort = Cohort(university_id=university.id, name=name, criteria="{}")
        db.session.add(cohort)
        db.session.flush()
        world.add("cohort", Thing(name, cohort.id, owner, (name,), university=university.name))
        if owner is not None:
            db.session.add(
                Promotion(
                    university_id=university.id,
                    opportunity_id=job.value,
                    cohort_id=cohort.id,
                    note="A note",
                    created_by_id=adviser,
                )
            )


def _add_contact(world: World, organisation, graduate_a: int) -> None:
    """Graduate A invited by the verified organisation to its open job and introduced to it by
    career services, each with its conversation (both graduates' applications to that job are
    in the world already)."""
    open_job = next(t for t in world.things["opportunity"] if t.name == "Vahvistettu open data job")
    recruiter, adviser = (
        next(t.value for t in world.things["user"] if t.owner == name)
        for name in ("verified_employer", "career_services")
    )
    invitation = Invitation(
        user_id=graduate_a,
        opportunity_id=open_job.value,
        organisation_id=organisation.id,
        invited_by_id=recruiter,
        note="Invitation note for graduate A",
    )
    db.session.add(invitation)
    db.session.flush()
    threads = {
        "invitation": MessageThread(
            organisation_id=organisation.id, user_id=graduate_a, invitation_id=invitation.id
        ),
        "introduction": MessageThread(
            organisation_id=organisation.id, user_id=graduate_a, introduced_by_id=adviser
        ),
    }
    for about, thread in threads.items():
        db.session.add(thread)
        db.session.flush()
        secret = f"Private {about} message for graduate A"
        db.session.add(
            Message(
                thread_id=thread.id, sender_id=recruiter, side=MessageSide.ORGANISATION, body=secret
            )
        )
        world.add(
            "thread",
            Thing(
                f"{about} thread",
                thread.id,
                "graduate_a",
                (secret,),
                organisation=organisation.name,
            ),
        )
    world.add(
        "invitation",
        Thing(
            "invitation of graduate A",
            invitation.id,
            "graduate_a",
            ("Invitation note for graduate A",),
            organisation=organisation.name,
        ),
    )


# --- who may do what --------------------------------------------------------------------------

ALLOW, DENY, CLOSED = "allow", "deny", "closed"  # closed: 403 with the reason, own data only
REFUSED_LINK = "refused link"  # 400 with the reason, for anyone
REDIRECTS = "redirects"  # allowed, and a GET answers with a redirect (to what it opens)


def public(actor: Actor, thing: Thing) -> bool:
    return True


def signed_in(actor: Actor, thing: Thing) -> bool:
    """Routes about the signed-in person's own settings (the argument names no one's data)."""
    return actor.role is not None


def owns(actor: Actor, thing: Thing) -> bool:
    return thing.owner == actor.name


def owns_and_opens(actor: Actor, thing: Thing) -> str:
    """Following one's own notification redirects to what it is about."""
    return REDIRECTS if owns(actor, thing) else DENY


def link_never_sent(actor: Actor, thing: Thing) -> str:
    return REFUSED_LINK


def admin_only(actor: Actor, thing: Thing) -> bool:
    return actor.role is Role.ADMIN


def manages(actor: Actor, thing: Thing) -> bool:
    """The opportunity's owners: its organisation's employers, its university's career
    services; and administrators."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.EMPLOYER:
        return thing.organisation is not None and thing.organisation == actor.organisation
    if actor.role is Role.CAREER_SERVICES:
        return thing.university is not None and thing.university == actor.university
    return False


def sees_opportunity(actor: Actor, thing: Thing) -> bool:
    return (thing.status is OpportunityStatus.OPEN and thing.listed) or manages(actor, thing)


def own_job(actor: Actor, thing: Thing) -> bool:
    return (
        actor.role is Role.EMPLOYER and thing.kind is OpportunityKind.JOB and manages(actor, thing)
    )


def own_job_candidates(actor: Actor, thing: Thing) -> str:
    if not own_job(actor, thing):
        return DENY
    return ALLOW if actor.organisation_verified else CLOSED


def curates(actor: Actor, thing: Thing) -> bool:
    if thing.kind not in CURATED:
        return False
    if actor.role is Role.ADMIN:
        return True
    return actor.role is Role.CAREER_SERVICES and thing.university == actor.university


def reads_analytics(actor: Actor, thing: Thing) -> bool:
    """Career services (their own university's numbers) and administrators; a chart that
    does not exist is 404 for them too."""
    return actor.role in (Role.CAREER_SERVICES, Role.ADMIN) and thing.value in PANELS


def curates_kind(actor: Actor, thing: Thing) -> bool:
    return actor.role in (Role.CAREER_SERVICES, Role.ADMIN) and thing.value in CURATED


def advises(actor: Actor, thing: Thing) -> bool:
    """Career services, on a graduate of their university who shares their profile with them
    (both graduates of the world share with employers, and so with career services)."""
    return (
        actor.role is Role.CAREER_SERVICES
        and thing.university is not None
        and thing.university == actor.university
    )


def cohort_of_own_university(actor: Actor, thing: Thing) -> bool:
    return actor.role is Role.ADMIN or advises(actor, thing)


def graduate_acts_on(actor: Actor, thing: Thing) -> bool:
    """Save, hide, not interested: open, listed opportunities."""
    return actor.role is Role.GRADUATE and thing.status is OpportunityStatus.OPEN and thing.listed


def graduate_unsaves(actor: Actor, thing: Thing) -> bool:
    """What they can see, or what is on their saved list (closed ones too, never drafts)."""
    return (
        actor.role is Role.GRADUATE
        and thing.listed
        and thing.status is not OpportunityStatus.DRAFT
        and (thing.status is OpportunityStatus.OPEN or actor.name in thing.saved_by)
    )


def graduate_applies(actor: Actor, thing: Thing) -> bool:
    """Only jobs are applied to here, and only open, listed ones."""
    return graduate_acts_on(actor, thing) and thing.kind is OpportunityKind.JOB


def employer_of_application(actor: Actor, thing: Thing) -> bool:
    """The employers of the job applied to, once their organisation is verified."""
    return (
        actor.role is Role.EMPLOYER
        and actor.organisation_verified
        and thing.organisation == actor.organisation
    )


def reads_cv(actor: Actor, thing: Thing) -> bool:
    """The applicant, and the job's employers; nobody else, administrators included."""
    return owns(actor, thing) or employer_of_application(actor, thing)


def party(actor: Actor, thing: Thing) -> bool:
    """A conversation, an application or an invitation: the graduate it belongs to and the
    employers of the organisation on the other side."""
    return owns(actor, thing) or (
        actor.role is Role.EMPLOYER and actor.organisation == thing.organisation
    )


def invites(actor: Actor, job: Thing, user: Thing) -> bool:
    """A verified organisation's employer, one of its jobs, a graduate who shares with employers."""
    return (
        own_job(actor, job)
        and actor.organisation_verified
        and user.owner in ("graduate_a", "graduate_b")
    )


def blocks(actor: Actor, thing: Thing) -> bool:
    """Graduates block organisations that could contact them: verified ones."""
    return actor.role is Role.GRADUATE and not thing.secrets


def graduate_unhides(actor: Actor, thing: Thing) -> bool:
    """What they can see, or what is on their hidden list (closed ones too, never drafts)."""
    return (
        actor.role is Role.GRADUATE
        and thing.listed
        and thing.status is not OpportunityStatus.DRAFT
        and (thing.status is OpportunityStatus.OPEN or actor.name in thing.hidden_by)
    )


def graduate_joins(actor: Actor, thing: Thing) -> bool:
    return graduate_acts_on(actor, thing) and thing.kind is OpportunityKind.COMMUNITY


def member_lists(actor: Actor, thing: Thing) -> bool:
    return actor.role is Role.GRADUATE and actor.name in thing.members


def graduate_leaves(actor: Actor, thing: Thing) -> bool:
    """A community they are in, or one open to them (leaving it then changes nothing)."""
    return thing.kind is OpportunityKind.COMMUNITY and (
        graduate_acts_on(actor, thing) or member_lists(actor, thing)
    )


def graduate_rsvps(actor: Actor, thing: Thing) -> bool:
    """Open, listed events (cancelling one never booked changes nothing)."""
    return graduate_acts_on(actor, thing) and thing.kind is OpportunityKind.EVENT


def sees_event(actor: Actor, thing: Thing) -> bool:
    return thing.kind is OpportunityKind.EVENT and sees_opportunity(actor, thing)


def unknown_address(actor: Actor, thing: Thing) -> bool:
    """A calendar address is its own key: one never issued (or reset) is 404 for everyone."""
    return False


def graduate_ticks(actor: Actor, thing: Thing) -> bool:
    """A step on the graduate's own checklist: the tax card is on everyone's."""
    return actor.role is Role.GRADUATE and thing.value == "tax_card"


def graduate_unticks(actor: Actor, thing: Thing) -> bool:
    """Any step of the checklist (unticking one never ticked changes nothing)."""
    return actor.role is Role.GRADUATE and thing.value != "nonsense"


def graduate_counts_doors(actor: Actor, thing: Thing) -> bool:
    """Graduates, through Finnish, Swedish or English, or an ESCO skill that exists."""
    return actor.role is Role.GRADUATE and thing.value not in ("xx", 999_999)


def graduate_takes_course(actor: Actor, thing: Thing) -> bool:
    """Open, listed courses."""
    return graduate_acts_on(actor, thing) and thing.kind is OpportunityKind.COURSE


def graduate_finishes_course(actor: Actor, thing: Thing) -> bool:
    """Listed courses that are not drafts: a dated course closes when it starts."""
    return (
        actor.role is Role.GRADUATE
        and thing.kind is OpportunityKind.COURSE
        and thing.listed
        and thing.status is not OpportunityStatus.DRAFT
    )


def admin_edits_step(actor: Actor, thing: Thing) -> bool:
    return actor.role is Role.ADMIN and thing.value != "nonsense"


@dataclass(frozen=True)
class Policy:
    rule: Callable[[Actor, Thing], bool | str | None]
    public: bool = False  # anonymous visitors are judged by the rule, not sent to log in


# What a route's arguments name: argument name -> the kind of object in the world.
ARGUMENTS = {
    "job_id": "opportunity",  # every kind: a programme's id is no job
    "opportunity_id": "opportunity",
    "user_id": "user",
    "organisation_id": "organisation",
    "university_id": "university",
    "kind": "kind",
    "filename": "file",
    "sign_in_id": "sign_in",
    "purpose": "purpose",
    "token": "token",
    "thread_id": "thread",
    "invitation_id": "invitation",
    "application_id": "application",
    "notification_id": "notification",
    "search_id": "saved_search",
    "feed_token": "feed_token",
    "cohort_id": "cohort",
    "chart": "chart",
    "key": "checklist_step",
    "code": "language_code",
    "skill_id": "esco_skill",
    "course_id": "opportunity",  # every kind: a job's id is no course
}

POLICY: dict[str, Policy] = {
    "static": Policy(public, public=True),
    "catalogue.detail": Policy(sees_opportunity, public=True),
    "api.opportunity": Policy(sees_opportunity, public=True),
    "catalogue.edit_item": Policy(curates),
    "catalogue.close_item": Policy(curates),
    "catalogue.reopen_item": Policy(curates),
    "catalogue.new_item": Policy(curates_kind),
    "employers.detail": Policy(own_job),
    "employers.edit_job": Policy(own_job),
    "employers.close_job": Policy(own_job),
    "employers.reopen_job": Policy(own_job),
    "employers.candidates": Policy(own_job_candidates),
    "employers.applicants_tab": Policy(own_job_candidates),
    "employers.application": Policy(employer_of_application),
    "employers.move_application": Policy(employer_of_application),
    "applications.apply": Policy(graduate_applies),
    "applications.applied_there": Policy(graduate_applies),
    "applications.detail": Policy(owns),
    "applications.withdraw": Policy(owns),
    "applications.cv": Policy(reads_cv),
    "graduates.save": Policy(graduate_acts_on),
    "graduates.hide": Policy(graduate_acts_on),
    "graduates.not_interested": Policy(graduate_acts_on),
    "graduates.unsave": Policy(graduate_unsaves),
    "graduates.unhide": Policy(graduate_unhides),
    "communities.join": Policy(graduate_joins),
    "communities.listing": Policy(member_lists),
    "communities.leave": Policy(graduate_leaves),
    "events.rsvp": Policy(graduate_rsvps),
    "events.cancel": Policy(graduate_rsvps),
    "events.event_file": Policy(sees_event, public=True),
    "events.feed": Policy(unknown_address, public=True),
    "admin.deactivate_user": Policy(admin_only),
    "admin.reactivate_user": Policy(admin_only),
    "admin.change_role": Policy(admin_only),
    "admin.edit_university": Policy(admin_only),
    "admin.verify_organisation": Policy(admin_only),
    "admin.unverify_organisation": Policy(admin_only),
    "admin.resend_invitation": Policy(admin_only),
    "admin.unpublish_opportunity": Policy(admin_only),
    "admin.republish_opportunity": Policy(admin_only),
    "auth.sign_out_device": Policy(owns),
    "auth.verify_email": Policy(link_never_sent, public=True),
    "auth.reset": Policy(link_never_sent, public=True),
    "auth.accept_invitation": Policy(link_never_sent, public=True),
    "privacy.give_consent": Policy(signed_in),
    "privacy.withdraw_consent": Policy(signed_in),
    "privacy.erase_account": Policy(admin_only),
    "messages.thread": Policy(party),
    "messages.application_thread": Policy(party),
    "messages.accept": Policy(owns),
    "messages.decline": Policy(owns),
    "messages.invite": Policy(invites),
    "messages.block": Policy(blocks),
    "messages.unblock": Policy(blocks),
    "notifications.follow": Policy(owns_and_opens),
    "notifications.mark_read": Policy(owns),
    "notifications.unsubscribe": Policy(link_never_sent, public=True),
    "catalogue.delete_search": Policy(owns),
    "catalogue.search_alerts": Policy(owns),
    # A graduate records or declines only their own hire as a survey answer.
    "outcomes.record_hire": Policy(owns),
    "outcomes.decline_hire": Policy(owns),
    "cohorts.promote_graduate": Policy(advises),
    "cohorts.promote_cohort": Policy(advises),
    "cohorts.delete_cohort": Policy(cohort_of_own_university),
    "analytics.download": Policy(reads_analytics),
    "graduates.take_course": Policy(graduate_takes_course),
    "graduates.stop_taking_course": Policy(graduate_finishes_course),
    "graduates.finish_course": Policy(graduate_finishes_course),
    "graduates.language_door": Policy(graduate_counts_doors),
    "graduates.skill_door": Policy(graduate_counts_doors),
    "staying.mark_done": Policy(graduate_ticks),
    "staying.mark_not_done": Policy(graduate_unticks),
    "admin.edit_staying_step": Policy(admin_edits_step),
    "admin.revert_staying_step": Policy(admin_edits_step),
}


# --- walking the routes -----------------------------------------------------------------------


def argument_routes(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if r.arguments), key=lambda r: r.rule)


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _arguments_in_order(rule: Rule) -> list[str]:
    return [name for name in re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule.rule)]


@dataclass(frozen=True)
class Attempt:
    rule: Rule
    method: str
    things: tuple[Thing, ...]
    url: str

    def __str__(self) -> str:
        names = ", ".join(thing.name for thing in self.things)
        return f"{self.method} {self.url} ({self.rule.endpoint} on {names})"


def attempts(app: Flask, world: World) -> list[Attempt]:
    """Every route with every combination of objects; reads first, then writes."""
    found = []
    with app.test_request_context():
        from flask import url_for

        for rule in argument_routes(app):
            names = _arguments_in_order(rule)
            choices = [world.things[ARGUMENTS[name]] for name in names]
            for things in itertools.product(*choices):
                url = url_for(
                    rule.endpoint, **{n: t.value for n, t in zip(names, things, strict=True)}
                )
                found.extend(Attempt(rule, method, things, url) for method in _methods(rule))
    return sorted(found, key=lambda a: (a.method != "GET", a.rule.rule, a.method))


def expected(attempt: Attempt, actor: Actor) -> str | None:
    policy = POLICY[attempt.rule.endpoint]
    if actor.role is None and not policy.public:
        return "login"
    verdict = policy.rule(actor, *attempt.things)
    if verdict is None:
        return None
    if isinstance(verdict, bool):
        return ALLOW if verdict else DENY
    return verdict


def never_shown_to(actor: Actor, world: World) -> set[str]:
    """Text this actor must not meet in any response whatever."""
    hidden: set[str] = set()
    if actor.role is Role.EMPLOYER and not actor.organisation_verified:
        hidden.update(GRADUATE_NAMES)  # no candidate reaches an unverified employer
    if actor.role is not Role.ADMIN:
        for thing in world.things["opportunity"]:
            if not thing.listed and not manages(actor, thing):
                hidden.update(thing.secrets)
    return hidden


def _flashed(client) -> str:
    with client.session_transaction() as session:
        messages = session.pop("_flashes", [])
    return " ".join(str(message) for _category, message in messages)


def check(client, attempt: Attempt, actor: Actor, world: World) -> Iterator[str]:
    """What is wrong with the response to one attempt (nothing when all is well)."""
    outcome = expected(attempt, actor)
    if outcome is None:
        yield f"{attempt} as {actor.name}: the rule does not say whether it is allowed"
        return
    response = client.open(attempt.url, method=attempt.method)
    status = response.status_code
    seen = unescape(response.get_data(as_text=True)) + " " + _flashed(client)
    location = response.headers.get("Location", "")
    response.close()  # a static file is streamed from an open file
    if status >= 500:
        yield f"{attempt} as {actor.name}: {status}"
    elif outcome == "login":
        if status != 302 or not location.startswith("/auth/login?next="):
            yield f"{attempt} as {actor.name}: {status} {location}, expected the login page"
    elif outcome == ALLOW:
        allowed = (200,) if attempt.method == "GET" else (200, 302, 303, 400)
        if status not in allowed:
            yield f"{attempt} as {actor.name}: {status}, expected it to be allowed"
    elif outcome == REDIRECTS:
        if status not in (302, 303):
            yield f"{attempt} as {actor.name}: {status}, expected a redirect"
    elif outcome == REFUSED_LINK:
        if status != 400:
            yield f"{attempt} as {actor.name}: {status}, expected 400 for a link never sent"
    elif outcome == CLOSED:
        if status != 403 or "awaits verification" not in seen:
            yield f"{attempt} as {actor.name}: {status}, expected 403 with the reason"
    else:
        if status not in (403, 404):
            yield f"{attempt} as {actor.name}: {status}, expected 403 or 404"
        for thing in attempt.things:
            if thing.owner == actor.name:
                continue
            for secret in thing.secrets:
                if secret in seen:
                    yield f"{attempt} as {actor.name}: refused, yet shows {secret!r}"
    for secret in never_shown_to(actor, world):
        if secret in seen:
            yield f"{attempt} as {actor.name}: shows {secret!r}, which it must never see"


# --- the tests --------------------------------------------------------------------------------


def unclassified(app: Flask) -> list[str]:
    """Routes with an argument that POLICY has no rule for, or whose argument ARGUMENTS does
    not know, each named with what to do about it."""
    routes = argument_routes(app)
    return [
        f"{', '.join(_methods(rule))} {rule.rule} ({rule.endpoint}): add a Policy to POLICY in "
        f"tests/functional/test_authorisation.py saying who may use it"
        for rule in routes
        if rule.endpoint not in POLICY
    ] + [
        f"{rule.rule} ({rule.endpoint}): argument {name!r} names no kind of object; add it to "
        f"ARGUMENTS (and the object to build_world)"
        for rule in routes
        for name in _arguments_in_order(rule)
        if name not in ARGUMENTS
    ]


def test_every_route_with_an_argument_is_classified(app):
    problems = unclassified(app)
    assert not problems, "\n".join(problems)
    assert not set(POLICY) - {r.endpoint for r in argument_routes(app)}, "rules for no route"


def test_a_new_route_without_a_rule_is_named(make_app):
    other = make_app()
    other.add_url_rule(
        "/employers/jobs/<int:job_id>/offers/<int:offer_id>",
        "employers.make_offer",
        lambda job_id, offer_id: "",
        methods=["POST"],
    )
    assert unclassified(other) == [
        "POST /employers/jobs/<int:job_id>/offers/<int:offer_id> (employers.make_offer): "
        "add a Policy to POLICY in tests/functional/test_authorisation.py saying who may use it",
        "/employers/jobs/<int:job_id>/offers/<int:offer_id> (employers.make_offer): "
        "argument 'offer_id' names no kind of object; add it to ARGUMENTS (and the object "
        "to build_world)",
    ]


@pytest.mark.parametrize("actor_name", ACTORS)
def test_each_actor_gets_exactly_what_it_may(app, client, auth, actor_name, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)
    world = build_world(app)
    actor = world.actors.get(actor_name, Actor(ANONYMOUS))
    if actor.role is not None:
        assert auth.login(actor.email).status_code == 302
    problems: list[str] = []
    walked = attempts(app, world)
    for attempt in walked:
        problems.extend(check(client, attempt, actor, world))
    # every route was tried, each with every object its argument can name
    assert {a.rule.endpoint for a in walked} == {r.endpoint for r in argument_routes(app)}
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_unverified_employer_sees_no_candidate_and_graduates_do_not_see_its_jobs(app, client, auth):
    world = build_world(app)
    unverified_jobs = [t for t in world.things["opportunity"] if not t.listed]
    assert unverified_jobs

    auth.login(world.actors["unverified_employer"].email)
    for job in unverified_jobs:
        page = unescape(client.get(f"/employers/jobs/{job.value}/candidates").get_data(True))
        assert "awaits verification" in page
        assert not any(name in page for name in GRADUATE_NAMES)
    auth.logout()

    for actor in ("graduate_a", "graduate_b"):
        auth.login(world.actors[actor].email)
        for url in ("/", "/opportunities/", "/opportunities/?q=data", "/graduates/for-you"):
            page = unescape(client.get(url).get_data(as_text=True))
            if url.startswith("/opportunities/"):
                assert "Vahvistettu open data job" in page, url
            for job in unverified_jobs:
                assert job.name not in page, (actor, url)
        auth.logout()
