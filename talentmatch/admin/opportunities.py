"""Every opportunity, of any kind and owner: administrators unpublish and republish them, on the
`admin` blueprint."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.admin.forms import OpportunityFilterForm, UnpublishForm
from talentmatch.admin.views import bp
from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.models.enums import OpportunityKind, OpportunityStatus, Role
from talentmatch.services import unpublishing
from talentmatch.services.errors import InvalidInput


@bp.get("/opportunities")
@role_required(Role.ADMIN)
def opportunities():
    """Opportunities of every kind and owner, searched by title, filtered by kind and status."""
    form = OpportunityFilterForm(formdata=request.args)
    page = None
    if form.validate():
        status = form.status.data or ""
        filters = unpublishing.OpportunityFilters(
            text=form.text.data or "",
            kind=OpportunityKind(form.kind.data) if form.kind.data else None,
            status=OpportunityStatus(status) if status and status != "unpublished" else None,
            unpublished_only=status == "unpublished",
            page=form.page.data or 1,
        )
        try:
            page = unpublishing.list_opportunities(current_user, filters)
        except InvalidInput as error:
            apply_to_form(form, error)
    if form.page.errors:  # the page number is not a visible field, so say it at the top
        form.form_errors.extend(form.page.errors)
    status_code = 400 if form.errors or form.form_errors else 200
    return render_template("admin/opportunities.html", form=form, page=page), status_code


def _back_to_list():
    return redirect(url_for("admin.opportunities", **_list_arguments()))


def _list_arguments() -> dict[str, Any]:
    return {
        name: value
        for name in ("text", "kind", "status", "page")
        if (value := request.args.get(name, ""))
    }


@bp.route("/opportunities/<int:opportunity_id>/unpublish", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unpublish_opportunity(opportunity_id: int):
    """Take an opportunity off the site, with a reason its owners are told."""
    opportunity = unpublishing.get_opportunity(current_user, opportunity_id)
    form = UnpublishForm()
    if form.validate_on_submit():
        try:
            unpublishing.unpublish(current_user, opportunity_id, form.reason.data or "")
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(
                _(
                    "“%(title)s” is unpublished; its owners have been told why.",
                    title=opportunity.title,
                ),
                "success",
            )
            return _back_to_list()
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "admin/unpublish.html",
        form=form,
        opportunity=opportunity,
        owners=unpublishing.owners(opportunity),
        back=_list_arguments(),
    ), status


@bp.post("/opportunities/<int:opportunity_id>/republish")
@role_required(Role.ADMIN)
def republish_opportunity(opportunity_id: int):
    """Put an unpublished opportunity back on the site."""
    try:
        opportunity = unpublishing.republish(current_user, opportunity_id)
    except InvalidInput as error:
        flash(str(error), "error")
    else:
        flash(_("“%(title)s” is published again.", title=opportunity.title), "success")
    return _back_to_list()
