"""Saved searches of the catalogue: save the current query and filters under a name, list,
run again, delete, and switch alerts. Routes on the catalogue blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.catalogue.forms import SearchForm
from talentmatch.catalogue.saved_search_forms import AlertsForm, SaveSearchForm
from talentmatch.catalogue.views import _filters, bp
from talentmatch.errors import apply_to_form
from talentmatch.models import Role
from talentmatch.services import saved_searches
from talentmatch.services.errors import InvalidInput


def _page(form: SaveSearchForm, status: int = 200):
    searches = saved_searches.list_for(current_user)
    return (
        render_template(
            "catalogue/saved_searches.html",
            searches=[(s, saved_searches.query_args(s)) for s in searches],
            form=form,
            alerts_form=AlertsForm(),
        ),
        status,
    )


@bp.get("/saved-searches")
@role_required(Role.GRADUATE)
def saved_searches_page():
    """The graduate's saved searches, each with a link that runs it again."""
    return _page(SaveSearchForm(formdata=None))


@bp.post("/saved-searches")
@role_required(Role.GRADUATE)
def save_search():
    """Save the search in the query string under the name the form gives."""
    form = SaveSearchForm()
    search_form = SearchForm(formdata=request.args)
    if not search_form.validate():
        raise InvalidInput(_("These filters are not valid; correct them before saving."))
    if form.validate_on_submit():
        try:
            saved = saved_searches.save(
                current_user, form.name.data or "", _filters(search_form), bool(form.alerts.data)
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_('Search saved as "%(name)s".', name=saved.name), "success")
            return redirect(url_for("catalogue.saved_searches_page"))
    return _page(form, 400)


@bp.post("/saved-searches/<int:search_id>/delete")
@role_required(Role.GRADUATE)
def delete_search(search_id: int):
    """Delete one saved search."""
    saved_searches.delete(current_user, search_id)
    flash(_("Saved search deleted."), "success")
    return redirect(url_for("catalogue.saved_searches_page"))


@bp.post("/saved-searches/<int:search_id>/alerts")
@role_required(Role.GRADUATE)
def search_alerts(search_id: int):
    """Turn a saved search's alerts on or off."""
    form = AlertsForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("This form has expired. Please try again."))
    search = saved_searches.set_alerts(current_user, search_id, bool(form.alerts.data))
    flash(
        _('Alerts on for "%(name)s".', name=search.name)
        if search.alerts
        else _('Alerts off for "%(name)s".', name=search.name),
        "success",
    )
    return redirect(url_for("catalogue.saved_searches_page"))
