"""Accepting an invitation to career services, on the `auth` blueprint.

Like the other links in emails, the link opens a page and is used only when the form is sent,
so mail scanners that open links do not use it up.
"""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext as _

from talentmatch import limits
from talentmatch.auth.forms import AcceptInvitationForm
from talentmatch.auth.views import _start_session, bp, home_url
from talentmatch.errors import apply_to_form
from talentmatch.services import staff_invitations
from talentmatch.services.errors import InvalidInput


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Choose a password for the career-services account an administrator created."""
    invitation = staff_invitations.find_invitation(token)
    if invitation is None:
        return _link_refused()
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = staff_invitations.accept(token, form.password.data)
        except InvalidInput as error:
            if "password" not in error.errors:
                return _link_refused()
            apply_to_form(form, error)
        else:
            limits.forget_failed_logins(user.email)
            _start_session(user, remember=False)
            flash(_("Welcome to TalentMatch: your password is set."), "success")
            return redirect(home_url(user))
    return render_template(
        "auth/accept_invitation.html", form=form, invited=invitation.user
    ), 400 if form.errors else 200


def _link_refused():
    return render_template(
        "auth/invitation_refused.html", message=staff_invitations.link_problem()
    ), 400
