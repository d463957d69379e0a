"""Registration, login and logout (email verification and password reset: recovery.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from talentmatch import limits
from talentmatch.auth import sessions as sign_in
from talentmatch.auth.forms import LoginForm, RegistrationForm
from talentmatch.errors import apply_to_form
from talentmatch.models.enums import Role
from talentmatch.services import accounts, universities
from talentmatch.services.errors import InvalidInput, NotAllowed

bp = Blueprint("auth", __name__, url_prefix="/auth")

HOME_ENDPOINTS = {
    Role.GRADUATE: "graduates.profile",
    Role.EMPLOYER: "employers.dashboard",
    Role.CAREER_SERVICES: "career_services.dashboard",
    Role.ADMIN: "admin.dashboard",
}


def home_url(user) -> str:
    return url_for(HOME_ENDPOINTS[user.role])


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def _keep_chosen_language(user) -> None:
    """A language picked with the switcher before logging in is the newest choice: the account
    takes it, so logging in does not switch the page back to the account's older one."""
    supported = current_app.config["SUPPORTED_LOCALES"]
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"], "")
    if chosen in supported and chosen != user.locale:
        accounts.set_locale(user, chosen, supported)


def _start_session(user, remember: bool) -> None:
    # A fresh session at every login, on a new server-side sign-in (and remember-me token).
    sign_in.begin(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limits.registration
def register():
    """Sign up as a graduate or as an employer."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = RegistrationForm()
    form.university_id.choices = [(0, _("Not listed / not applicable"))] + [
        (u.id, u.name) for u in universities.list_universities()
    ]
    if form.validate_on_submit():
        role = Role(form.role.data)
        account = accounts.NewAccount(
            email=form.email.data,
            password=form.password.data,
            full_name=form.full_name.data,
            role=role,
            university_id=form.university_id.data or None if role is Role.GRADUATE else None,
            locale=str(get_locale()),
        )
        try:
            accounts.register(account)
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            # The same answer whether or not the address already had an account.
            return redirect(url_for("auth.check_inbox"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limits.login_failures_per_client
@limits.login_failures_per_account
def login():
    """Sign in with email and password."""
    next_arg = request.args.get("next")
    next_path = safe_next(next_arg)
    if current_user.is_authenticated:
        return redirect(next_path or home_url(current_user))
    form = LoginForm()
    if next_arg and next_path is None:
        form.form_errors.append(
            _(
                "The link you followed points to another site. After logging in you will go to "
                "your TalentMatch home page instead."
            )
        )
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except (InvalidInput, NotAllowed) as error:
            form.form_errors.append(str(error))
        else:
            _start_session(user, remember=form.remember.data)
            _keep_chosen_language(user)
            flash(_("You are logged in."), "success")
            return redirect(next_path or home_url(user))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out: this browser's session and remember-me token end, on the server too."""
    sign_in.end(current_user)
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))
