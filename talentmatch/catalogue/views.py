"""The catalogue: browsing every opportunity, and curating programmes, communities, events and
courses."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.auth.views import safe_next
from talentmatch.catalogue.forms import CourseForm, ItemForm, SearchForm
from talentmatch.catalogue.saved_search_forms import SaveSearchForm
from talentmatch.errors import apply_to_form
from talentmatch.form_fields import language_names
from talentmatch.models import (
    EmploymentType,
    OpportunityKind,
    OpportunityStatus,
    Role,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import (
    applications,
    catalogue_search,
    communities,
    curation,
    eligibility,
    engagement,
    events,
    promotions,
    vetting,
    visibility,
)
from talentmatch.services.errors import InvalidInput
from talentmatch.services.submissions import AlreadySubmitted
from talentmatch.site_dates import site_today

bp = Blueprint("catalogue", __name__, url_prefix="/opportunities")


def _viewer():
    return current_user if current_user.is_authenticated else None


def _filters(form: SearchForm) -> catalogue_search.SearchFilters:
    return catalogue_search.SearchFilters(
        kind=OpportunityKind(form.kind.data) if form.kind.data else None,
        municipality=form.municipality.data or None,
        remote=form.remote.data,
        employment_type=(
            EmploymentType(form.employment_type.data) if form.employment_type.data else None
        ),
        meets_my_languages=form.meets_my_languages.data,
        text=(form.q.data or "").strip(),
        page=form.page.data or 1,
    )


@bp.get("/")
def index():
    """Every open opportunity, filtered by the query string."""
    form = SearchForm(formdata=request.args)
    results = None
    if form.validate():
        try:
            results = catalogue_search.search(
                _filters(form),
                _viewer(),
                today=site_today(),
                per_page=current_app.config["OPPORTUNITIES_PER_PAGE"],
            )
        except InvalidInput as error:
            apply_to_form(form, error)
    if form.page.errors:  # the page number is not a visible field, so say it at the top
        form.form_errors.extend(form.page.errors)
    status = 400 if form.errors or form.form_errors else 200
    return (
        render_template(
            "catalogue/index.html",
            form=form,
            results=results,
            language_names=language_names(),
            save_search_form=SaveSearchForm(formdata=None),
        ),
        status,
    )


@bp.get("/<int:opportunity_id>")
def detail(opportunity_id: int):
    """Everything about one opportunity; a community's members and events, an event's seats."""
    viewer = _viewer()
    opportunity = visibility.get_visible(opportunity_id, viewer)
    graduate = viewer is not None and viewer.role is Role.GRADUATE
    promotions.mark_opened(viewer, opportunity.id)  # once, if career services recommended it
    community = (
        communities.page(viewer, opportunity, utcnow())
        if opportunity.kind is OpportunityKind.COMMUNITY
        else None
    )
    return render_template(
        "catalogue/detail.html",
        opportunity=opportunity,
        eligibility=eligibility.for_viewer(viewer, opportunity, site_today()),
        can_manage=visibility.can_manage(viewer, opportunity)
        and opportunity.kind in curation.CURATED_KINDS,
        listed=vetting.is_listed(opportunity),
        application=applications.applied_to(viewer, opportunity.id),
        language_names=language_names(),
        today=site_today(),
        now=utcnow(),
        community=community,
        community_listing=communities.listing_of(community.membership if community else None),
        seats=events.seats(viewer, opportunity)
        if opportunity.kind is OpportunityKind.EVENT
        else None,
        feedback=engagement.feedback_on(viewer, opportunity_id) if graduate else None,
    )


def _curated_kind(kind: str) -> OpportunityKind:
    try:
        chosen = OpportunityKind(kind)
    except ValueError:
        abort(404)
    if chosen not in curation.CURATED_KINDS:
        abort(404)
    return chosen


def _form_class(kind: OpportunityKind) -> type[ItemForm]:
    return CourseForm if kind is OpportunityKind.COURSE else ItemForm


def _offer_universities(form: ItemForm) -> None:
    form.eligible_universities.choices = [(u.id, u.name) for u in eligibility.university_choices()]
    form.community_id.choices = [(0, _("No community"))] + [
        (c.id, c.title) for c in curation.community_choices(current_user)
    ]


def _publish_choice(form: ItemForm) -> bool | None:
    if form.publish.data:
        return True
    if form.save_draft.data:
        return False
    return None


def _offer_providers(form: ItemForm) -> None:
    universities, organisations = curation.provider_choices()
    form.provider.choices = (
        [("", _("Choose a provider"))]
        + [(f"university:{u.id}", u.name) for u in universities]
        + [(f"organisation:{o.id}", o.name) for o in organisations]
    )


def _chosen_provider(form: ItemForm) -> curation.Provider | None:
    kind, _sep, number = (form.provider.data or "").partition(":")
    if not number.isdigit():
        return None
    if kind == "university":
        return curation.Provider(university_id=int(number))
    return curation.Provider(organisation_id=int(number))


@bp.route("/new/<kind>", methods=["GET", "POST"])
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def new_item(kind: str):
    """Add a talent programme, community, event or course."""
    chosen = _curated_kind(kind)
    form = _form_class(chosen)()
    _offer_universities(form)
    is_admin = current_user.role is Role.ADMIN
    if is_admin:
        _offer_providers(form)
    else:
        del form.provider
    if form.validate_on_submit():
        try:
            item = curation.create_item(
                current_user,
                chosen,
                form.to_input(),
                publish=bool(form.publish.data),
                today=site_today(),
                provider=_chosen_provider(form) if is_admin else None,
                who=form.eligibility_input(),
                submission_token=form.submission_token.data,
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted as earlier:
            flash(_("This form was already sent: here is what it saved."), "info")
            if earlier.purpose == "catalogue_item" and earlier.result_id is not None:
                return redirect(url_for("catalogue.detail", opportunity_id=earlier.result_id))
            return redirect(url_for("catalogue.index"))
        else:
            if item.status is OpportunityStatus.OPEN:
                flash(
                    _("Published: “%(title)s” is now in the catalogue.", title=item.title),
                    "success",
                )
            else:
                flash(_("Saved “%(title)s” as a draft.", title=item.title), "success")
            return redirect(url_for("catalogue.detail", opportunity_id=item.id))
    headings = {
        OpportunityKind.PROGRAMME: _("New talent programme"),
        OpportunityKind.COMMUNITY: _("New community"),
        OpportunityKind.EVENT: _("New event"),
        OpportunityKind.COURSE: _("New course"),
    }
    return render_template(
        "catalogue/edit_item.html",
        form=form,
        kind=chosen,
        item=None,
        heading=headings[chosen],
        show_provider=is_admin,
        offer_own_graduates=True,
    ), (400 if form.errors or form.form_errors else 200)


@bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"])
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def edit_item(opportunity_id: int):
    """Change a programme, community, event or course."""
    item = curation.get_managed(current_user, opportunity_id)
    form_class = _form_class(item.kind)
    form = form_class(data=form_class.initial_data(item))
    _offer_universities(form)
    del form.provider  # the provider is chosen once, when the item is created
    if form.validate_on_submit():
        try:
            curation.update_item(
                current_user,
                opportunity_id,
                form.to_input(),
                today=site_today(),
                publish=_publish_choice(form),
                who=form.eligibility_input(),
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("catalogue.detail", opportunity_id=opportunity_id))
    return render_template(
        "catalogue/edit_item.html",
        form=form,
        kind=item.kind,
        item=item,
        heading=_("Edit “%(title)s”", title=item.title),
        show_provider=False,
        offer_own_graduates=item.university_id is not None,
    ), (400 if form.errors or form.form_errors else 200)


def _back_to(opportunity_id: int):
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for("catalogue.detail", opportunity_id=opportunity_id))


def _refused(opportunity_id: int, error: InvalidInput):
    """Show why a status change was refused on the item's page, with a 400."""
    flash(str(error), "error")
    return detail(opportunity_id), 400


@bp.post("/<int:opportunity_id>/close")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def close_item(opportunity_id: int):
    """Take an item out of the catalogue."""
    try:
        item = curation.close_item(current_user, opportunity_id)
    except InvalidInput as error:
        return _refused(opportunity_id, error)
    flash(_("Closed “%(title)s”.", title=item.title), "success")
    return _back_to(opportunity_id)


@bp.post("/<int:opportunity_id>/reopen")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def reopen_item(opportunity_id: int):
    """Put a closed item back in the catalogue."""
    try:
        item = curation.reopen_item(current_user, opportunity_id, today=site_today())
    except InvalidInput as error:
        return _refused(opportunity_id, error)
    flash(_("Reopened “%(title)s”.", title=item.title), "success")
    return _back_to(opportunity_id)
