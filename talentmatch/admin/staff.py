"""Inviting career-services staff by email link, on the `admin` blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.admin.forms import StaffInvitationForm
from talentmatch.admin.views import _back_to_users, _university_choices, bp
from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.models.enums import Role
from talentmatch.services import staff_invitations
from talentmatch.services.errors import InvalidInput
from talentmatch.services.submissions import AlreadySubmitted


@bp.route("/users/invite", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def invite_staff():
    """Invite a member of a university's career services by email."""
    form = StaffInvitationForm()
    form.university_id.choices = _university_choices()
    if form.validate_on_submit():
        invitation = staff_invitations.StaffInvitation(
            full_name=form.full_name.data or "",
            email=form.email.data or "",
            university_id=form.university_id.data or None,
        )
        try:
            user = staff_invitations.invite(
                current_user, invitation, submission_token=form.submission_token.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            flash(_("This form was already sent: the invitation is on its way."), "info")
            return redirect(url_for("admin.users", role=Role.CAREER_SERVICES.value))
        else:
            flash(
                _(
                    "Invitation sent to %(email)s. The account starts when they choose a "
                    "password through the link.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.users", role=Role.CAREER_SERVICES.value))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("admin/invite_staff.html", form=form), status


@bp.post("/users/<int:user_id>/resend-invitation")
@role_required(Role.ADMIN)
def resend_invitation(user_id: int):
    """Send a pending invitation again, with a new link; the old one stops working."""
    try:
        user = staff_invitations.resend(current_user, user_id)
    except InvalidInput as error:
        flash(str(error), "error")
    else:
        flash(_("A new invitation link was sent to %(email)s.", email=user.email), "success")
    return _back_to_users()
