"""Career services' cohorts: their consenting graduates filtered and exported, saved cohorts,
promoting an opportunity to a graduate or a cohort, and the promotions made with their counts."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.cohorts.forms import CohortFilterForm, PromoteForm, SaveCohortForm, filter_args
from talentmatch.content_language import plain_title, reader_locale, skill_text
from talentmatch.errors import apply_to_form, render_error
from talentmatch.form_fields import language_names
from talentmatch.models.enums import OpportunityKind, Role
from talentmatch.services import (
    cohort_view,
    cohorts,
    match_summaries,
    promotion_counts,
    promotions,
)
from talentmatch.services.errors import InvalidInput
from talentmatch.services.promotions import PromotionInput
from talentmatch.services.submissions import AlreadySubmitted
from talentmatch.site_dates import site_today

bp = Blueprint("cohorts", __name__, url_prefix="/career-services")


def _filter_form() -> CohortFilterForm:
    """The filter from the query string, its skills those the actor's graduates hold."""
    form = CohortFilterForm(formdata=request.args)
    # Named in the reader's language, and in its alphabetical order.
    form.skills.choices = sorted(
        ((skill.id, skill_text(skill)) for skill in cohort_view.skills_held(current_user)),
        key=lambda choice: choice[1].casefold(),
    )
    return form


def _filter_problems(form: CohortFilterForm) -> str:
    labels = {name: field.label.text for name, field in form._fields.items()}
    problems = []
    for name, errors in form.errors.items():
        flat = errors if isinstance(errors, list) else [str(errors)]
        problems.append(f"{labels.get(name, name)}: {' '.join(str(e) for e in flat)}")
    return _("The filter is not valid. %(problems)s", problems=" ".join(problems))


@bp.get("/graduates")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def graduates():
    """The graduates who share their profile with career services, filtered, with their
    current matches."""
    form = _filter_form()
    if not form.validate():
        return render_template(
            "cohorts/graduates.html",
            form=form,
            page=None,
            problem=_filter_problems(form),
            save_form=None,
        ), 400
    page = cohort_view.page(current_user, form.criteria(), form.page.data or 1, site_today())
    return render_template(
        "cohorts/graduates.html",
        form=form,
        page=page,
        problem=None,
        save_form=SaveCohortForm() if current_user.role is Role.CAREER_SERVICES else None,
        language_names=language_names(),
    )


@bp.get("/graduates.csv")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def graduates_csv():
    """The filtered graduates as CSV: only what they agreed to share with career services."""
    form = _filter_form()
    if not form.validate():
        return render_error(400, _filter_problems(form))
    text = cohort_view.export_csv(current_user, form.criteria(), reader_locale())
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="graduates.csv"'},
    )


@bp.get("/cohorts")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def saved_cohorts():
    """The cohorts saved so far, each a link to its graduates."""
    rows = [
        (cohort, filter_args(cohorts.CohortCriteria.from_json(cohort.criteria)))
        for cohort in cohorts.saved_cohorts(current_user)
    ]
    return render_template("cohorts/cohorts.html", rows=rows)


@bp.post("/cohorts")
@role_required(Role.CAREER_SERVICES)
def save_cohort():
    """Save the filter in the query string under a name."""
    form = _filter_form()
    save_form = SaveCohortForm()
    if not form.validate():
        return render_error(400, _filter_problems(form))
    if save_form.validate_on_submit():
        try:
            cohort = cohorts.save_cohort(current_user, save_form.name.data, form.criteria())
        except InvalidInput as error:
            apply_to_form(save_form, error)
        else:
            flash(_("Cohort “%(name)s” saved.", name=cohort.name), "success")
            return redirect(url_for("cohorts.saved_cohorts"))
    message = " ".join(str(e) for errors in save_form.errors.values() for e in errors)
    return render_error(400, message or _("Give the cohort a name."))


@bp.post("/cohorts/<int:cohort_id>/delete")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def delete_cohort(cohort_id: int):
    """Delete a saved cohort (not one something was promoted to)."""
    try:
        cohort = cohorts.delete_cohort(current_user, cohort_id)
    except InvalidInput as error:
        flash(str(error), "error")
    else:
        flash(_("Cohort “%(name)s” deleted.", name=cohort.name), "success")
    return redirect(url_for("cohorts.saved_cohorts"))


def _opportunity_choices(today: date, best_ids: list[int]) -> dict[str, list[tuple[int, str]]]:
    """Open opportunities grouped by kind, a graduate's current best matches in a group of
    their own first: a list of hundreds of jobs is read by its groups."""
    open_items = promotions.promotable(today)
    by_id = {o.id: o for o in open_items}
    groups: dict[str, list[tuple[int, str]]] = {"": [(0, _("Choose an opportunity"))]}
    best = [by_id[oid] for oid in best_ids if oid in by_id]
    if best:
        groups[_("Their best matches now")] = [
            (o.id, f"{o.kind.label}: {plain_title(o)} ({o.provider_name})") for o in best
        ]
    for kind in OpportunityKind:
        items = [
            (o.id, f"{plain_title(o)} ({o.provider_name})") for o in open_items if o.kind is kind
        ]
        if items:
            groups[kind.plural_label] = items
    return groups


def _promote(
    form: PromoteForm,
    target: PromotionInput,
    heading: str,
    members: int | None,
    best_ids: list[int] | None = None,
):
    """Show the promotion form, or promote and go to the list of promotions."""
    today = site_today()
    form.opportunity_id.choices = _opportunity_choices(today, best_ids or [])
    if form.validate_on_submit():
        data = PromotionInput(
            opportunity_id=form.opportunity_id.data or None,
            note=form.note.data or "",
            graduate_id=target.graduate_id,
            cohort_id=target.cohort_id,
        )
        try:
            promoted = promotions.promote(
                current_user, data, today, submission_token=form.submission_token.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            flash(_("This form was already sent: the opportunity is promoted."), "info")
            return redirect(url_for("cohorts.promotions_made"))
        else:
            flash(
                ngettext(
                    "Promoted: %(num)d graduate received it now.",
                    "Promoted: %(num)d graduates received it now.",
                    promoted.delivered,
                ),
                "success",
            )
            return redirect(url_for("cohorts.promotions_made"))
    return render_template(
        "cohorts/promote.html", form=form, heading=heading, members=members
    ), 400 if form.errors else 200


@bp.route("/graduates/<int:user_id>/promote", methods=["GET", "POST"])
@role_required(Role.CAREER_SERVICES)
def promote_graduate(user_id: int):
    """Promote an opportunity, with a note, to one graduate."""
    graduate = promotions.graduate_to_promote(current_user, user_id)
    heading = _("Promote an opportunity to %(name)s", name=graduate.full_name)
    summary = match_summaries.current([graduate.id]).get(graduate.id)
    best_ids = [match.opportunity_id for match in summary.top] if summary else []
    return _promote(
        PromoteForm(), PromotionInput(None, "", graduate_id=graduate.id), heading, None, best_ids
    )


@bp.route("/cohorts/<int:cohort_id>/promote", methods=["GET", "POST"])
@role_required(Role.CAREER_SERVICES)
def promote_cohort(cohort_id: int):
    """Promote an opportunity, with a note, to a cohort: also to graduates who join it later."""
    cohort = promotions.cohort_to_promote(current_user, cohort_id)
    members = len(
        cohorts.member_user_ids(
            cohort.university_id, cohorts.CohortCriteria.from_json(cohort.criteria)
        )
    )
    heading = _("Promote an opportunity to the cohort “%(name)s”", name=cohort.name)
    return _promote(PromoteForm(), PromotionInput(None, "", cohort_id=cohort.id), heading, members)


@bp.get("/promotions")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def promotions_made():
    """The promotions made, with how many received, opened, saved and applied."""
    return render_template(
        "cohorts/promotions.html", rows=promotion_counts.made_by_university(current_user)
    )
