"""Contact pages: the inbox, a conversation, inviting a candidate, answering an invitation, and
the organisations a graduate has blocked."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.auth.views import safe_next
from talentmatch.content_language import plain_title
from talentmatch.errors import apply_to_form
from talentmatch.messages.forms import InviteForm, ReplyForm
from talentmatch.models.enums import Role
from talentmatch.services import contact, invitations, threads
from talentmatch.services.errors import InvalidInput
from talentmatch.services.submissions import AlreadySubmitted
from talentmatch.site_dates import site_today

bp = Blueprint("messages", __name__, url_prefix="/messages")

PARTIES = (Role.GRADUATE, Role.EMPLOYER)


@bp.get("/")
@role_required(*PARTIES)
def inbox():
    """The person's conversations (their organisation's, for an employer) and invitations."""
    graduate = current_user.has_role(Role.GRADUATE)
    return render_template(
        "messages/inbox.html",
        entries=threads.inbox(current_user),
        invitations=invitations.received_by(current_user) if graduate else [],
        blocked={o.id for o in contact.blocked_by(current_user)} if graduate else set(),
    )


@bp.route("/threads/<int:thread_id>", methods=["GET", "POST"])
@role_required(*PARTIES)
def thread(thread_id: int):
    """A conversation with its messages, and a reply form."""
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            threads.reply(
                current_user,
                thread_id,
                form.body.data or "",
                submission_token=form.submission_token.data,
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            return redirect(url_for("messages.thread", thread_id=thread_id))
        else:
            flash(_("Your message is sent."), "success")
            return redirect(url_for("messages.thread", thread_id=thread_id, _anchor="latest"))
    page = threads.read(current_user, thread_id)
    return render_template("messages/thread.html", page=page, form=form), (
        400 if form.errors else 200
    )


@bp.get("/applications/<int:application_id>")
@role_required(*PARTIES)
def application_thread(application_id: int):
    """The conversation about an application, opened on first use (applicant and the job's
    organisation only)."""
    page = threads.open_for_application(current_user, application_id)
    return render_template("messages/thread.html", page=page, form=ReplyForm())


@bp.route("/jobs/<int:job_id>/invite/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def invite(job_id: int, user_id: int):
    """Invite a candidate to apply for one of the organisation's open jobs, with a note."""
    draft = invitations.prepare(current_user, job_id, user_id, site_today())
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitations.invite(current_user, job_id, user_id, form.note.data or "", site_today())
        except invitations.AlreadyInvited as already:  # a double click, or a colleague
            flash(str(already), "info")
            return redirect(url_for("employers.candidates", job_id=job_id))
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("%(name)s is invited to apply.", name=draft.graduate.full_name), "success")
            return redirect(url_for("employers.candidates", job_id=job_id))
    return render_template(
        "messages/invite.html",
        draft=draft,
        form=form,
        closed_job_problem=invitations.closed_job_problem(),
    ), 400 if form.errors else 200


@bp.post("/invitations/<int:invitation_id>/accept")
@role_required(Role.GRADUATE)
def accept(invitation_id: int):
    """Accept an invitation and go to the job to apply."""
    invitation = invitations.answer(current_user, invitation_id, accept=True)
    flash(
        _(
            "You accepted the invitation. Apply for “%(title)s” here.",
            title=plain_title(invitation.opportunity),
        ),
        "success",
    )
    return redirect(url_for("catalogue.detail", opportunity_id=invitation.opportunity_id))


@bp.post("/invitations/<int:invitation_id>/decline")
@role_required(Role.GRADUATE)
def decline(invitation_id: int):
    """Decline an invitation; the organisation is told."""
    invitations.answer(current_user, invitation_id, accept=False)
    flash(_("You declined the invitation. The organisation has been told."), "success")
    return redirect(url_for("messages.inbox"))


@bp.get("/blocked")
@role_required(Role.GRADUATE)
def blocked():
    """The organisations the graduate has blocked, each with an Unblock button."""
    return render_template("messages/blocked.html", organisations=contact.blocked_by(current_user))


def _back():
    return redirect(safe_next(request.form.get("next")) or url_for("messages.blocked"))


@bp.post("/organisations/<int:organisation_id>/block")
@role_required(Role.GRADUATE)
def block(organisation_id: int):
    """Stop an organisation inviting or messaging the graduate, and finding them as a candidate."""
    organisation = contact.block(current_user, organisation_id)
    flash(
        _(
            "You blocked %(organisation)s: it can no longer invite you, write to you or find "
            "you among its candidates.",
            organisation=organisation.name,
        ),
        "success",
    )
    return _back()


@bp.post("/organisations/<int:organisation_id>/unblock")
@role_required(Role.GRADUATE)
def unblock(organisation_id: int):
    """Let an organisation contact the graduate again."""
    organisation = contact.unblock(current_user, organisation_id)
    flash(_("You unblocked %(organisation)s.", organisation=organisation.name), "success")
    return _back()
