"""The demo tour (development only): see the product from each side through the demo accounts."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth import sessions as sign_in
from talentmatch.auth.views import home_url
from talentmatch.services import demo_tour
from talentmatch.tour.forms import TourSignInForm

bp = Blueprint("tour", __name__, url_prefix="/tour")


@bp.before_request
def _only_where_enabled():
    if not current_app.config.get("DEMO_SIGN_IN"):
        abort(404)


@bp.get("/")
def index():
    """The demo accounts to try, per role, with what each has going on."""
    return render_template("tour/index.html", tour=demo_tour.tour_accounts(), form=TourSignInForm())


@bp.post("/sign-in")
def sign_in_as():
    """Sign in as the demo account chosen (ending any session this browser had)."""
    form = TourSignInForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.user_id.errors) or _("Choose a demo account."), "error")
        return render_template("tour/index.html", tour=demo_tour.tour_accounts(), form=form), 400
    user = demo_tour.demo_account(int(form.user_id.data))
    if current_user.is_authenticated:
        sign_in.end(current_user)
    sign_in.begin(user, remember=False, method="demo_tour")
    flash(_("You are now signed in as %(name)s, a demo account.", name=user.full_name), "info")
    return redirect(home_url(user))
