"""Join a community, change what the directory shows, leave."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.communities.forms import ListingForm
from talentmatch.content_language import plain_title
from talentmatch.models import Role
from talentmatch.services import communities
from talentmatch.site_dates import site_today

bp = Blueprint("communities", __name__, url_prefix="/communities")


def _to_page(community_id: int, anchor: str = "membership"):
    return redirect(url_for("catalogue.detail", opportunity_id=community_id, _anchor=anchor))


@bp.post("/<int:opportunity_id>/join")
@role_required(Role.GRADUATE)
def join(opportunity_id: int):
    """Become a member, choosing what the member directory shows."""
    form = ListingForm()
    if not form.validate():
        return _to_page(opportunity_id)
    community = communities.join(
        current_user._get_current_object(), opportunity_id, form.listing(), site_today()
    ).community
    flash(_("Welcome to “%(title)s”.", title=plain_title(community)), "success")
    return _to_page(opportunity_id)


@bp.post("/<int:opportunity_id>/directory")
@role_required(Role.GRADUATE)
def listing(opportunity_id: int):
    """Change what the member directory shows about the member."""
    form = ListingForm()
    if form.validate():
        communities.update_listing(
            current_user._get_current_object(), opportunity_id, form.listing()
        )
        flash(_("Your directory listing is saved."), "success")
    return _to_page(opportunity_id, "directory")


@bp.post("/<int:opportunity_id>/leave")
@role_required(Role.GRADUATE)
def leave(opportunity_id: int):
    """Stop being a member."""
    community = communities.leave(current_user._get_current_object(), opportunity_id)
    flash(_("You left “%(title)s”.", title=plain_title(community)), "success")
    return _to_page(opportunity_id)
