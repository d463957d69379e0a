"""The notification centre (each person's own notifications), email preferences, and the
one-click unsubscribe page that works without signing in."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from talentmatch.errors import apply_to_form
from talentmatch.extensions import csrf
from talentmatch.models import DigestFrequency
from talentmatch.notifications.forms import PreferencesForm, kind_field
from talentmatch.services import email_preferences, notifications
from talentmatch.services.errors import InvalidInput

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def inject_unread_count() -> dict[str, object]:
    """`unread_notifications()` for the navigation: one COUNT query, only when a page asks."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return notifications.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@bp.get("/")
@login_required
def index():
    """The signed-in person's notifications, newest first."""
    page = request.args.get("page", "1")
    if not page.isdigit():
        raise InvalidInput(_("The page number must be at least 1."))
    return render_template(
        "notifications/index.html",
        page=notifications.page_for(current_user, int(page)),
        unread=notifications.unread_count(current_user),
    )


@bp.get("/<int:notification_id>")
@login_required
def follow(notification_id: int):
    """Open what a notification is about; following it marks it read."""
    notification = notifications.mark_read(current_user, notification_id)
    return redirect(notifications.inside(notification.link))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """Mark one notification read without opening it."""
    notifications.mark_read(current_user, notification_id)
    return redirect(url_for("notifications.index", page=request.args.get("page", 1)))


@bp.post("/read-all")
@login_required
def mark_all_read():
    """Mark every notification read."""
    count = notifications.mark_all_read(current_user)
    flash(
        ngettext(
            "Marked %(num)d notification as read.", "Marked %(num)d notifications as read.", count
        ),
        "success",
    )
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Which notifications are also emailed, and the digest of new matches."""
    current = email_preferences.preferences_for(current_user)
    form = PreferencesForm()
    if request.method == "GET":
        for choice in current.kinds:
            kind_field(form, choice.kind).data = choice.email
        if current.digest is not None:
            form.digest.data = current.digest.value
    elif form.validate_on_submit():
        choices = email_preferences.PreferenceChoices(
            email_kinds=frozenset(c.kind for c in current.kinds if kind_field(form, c.kind).data),
            digest=DigestFrequency(form.digest.data) if current.digest is not None else None,
        )
        try:
            email_preferences.save(current_user, choices)
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("Your email preferences were saved."), "success")
            return redirect(url_for("notifications.preferences"))
    status = 400 if form.errors or form.form_errors else 200
    return (
        render_template(
            "notifications/preferences.html",
            form=form,
            preferences=current,
            fields=[(choice, kind_field(form, choice.kind)) for choice in current.kinds],
        ),
        status,
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session
def unsubscribe(token: str):
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST does it,
    whether from the page's button or a mail client's one-click request. The signed token is
    what authorises it."""
    if request.method == "POST":
        done = email_preferences.unsubscribe(token)
        return render_template("notifications/unsubscribed.html", unsubscription=done)
    return render_template(
        "notifications/unsubscribe.html",
        unsubscription=email_preferences.read_token(token),
    )
