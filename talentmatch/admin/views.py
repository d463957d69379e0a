"""Administration: accounts, universities, organisation verification and the overview."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_utc
from flask_login import current_user

from talentmatch.admin.forms import (
    AuditFilterForm,
    StaffAccountForm,
    StaffRoleForm,
    UniversityForm,
    UserFilterForm,
)
from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.models.enums import OpportunityStatus, Role
from talentmatch.services import accounts, audit_log, moderation, staff_invitations, universities
from talentmatch.services.errors import InvalidInput
from talentmatch.services.submissions import AlreadySubmitted

bp = Blueprint("admin", __name__, url_prefix="/admin")

ORGANISATION_FILTERS = {"all": None, "awaiting": False, "verified": True}


@bp.get("/")
@role_required(Role.ADMIN)
def dashboard():
    """Counts of accounts, organisations waiting for verification and opportunities."""
    counts = moderation.dashboard_counts()
    return render_template("admin/dashboard.html", counts=counts, statuses=list(OpportunityStatus))


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    """Every account, newest first, filtered by role and paginated."""
    form = UserFilterForm(formdata=request.args)
    valid = form.validate()
    if form.page.errors:  # the page number is not a visible field, so say it at the top
        form.form_errors.extend(form.page.errors)
    role = Role(form.role.data) if valid and form.role.data else None
    page = moderation.list_users(role=role, page=(form.page.data if valid else None) or 1)
    invited = {user.id for user in page.items if staff_invitations.is_pending(user)}
    return render_template(
        "admin/users.html", form=form, page=page, invited=invited
    ), 200 if valid else 400


def _back_to_users():
    return redirect(
        url_for(
            "admin.users",
            role=request.args.get("role") or None,
            page=request.args.get("page", type=int),
        )
    )


@bp.post("/users/<int:user_id>/deactivate")
@role_required(Role.ADMIN)
def deactivate_user(user_id: int):
    """Stop an account from logging in; its data stays."""
    return _set_active(user_id, active=False)


@bp.post("/users/<int:user_id>/reactivate")
@role_required(Role.ADMIN)
def reactivate_user(user_id: int):
    """Let a deactivated account log in again."""
    return _set_active(user_id, active=True)


def _set_active(user_id: int, active: bool):
    try:
        user = accounts.set_active(user_id, active, actor=current_user)
    except InvalidInput as error:
        flash(str(error), "error")
    else:
        if active:
            flash(_("%(email)s can log in again.", email=user.email), "success")
        else:
            flash(_("%(email)s has been deactivated.", email=user.email), "success")
    return _back_to_users()


def _university_choices() -> list[tuple[int, str]]:
    return [(0, _("Choose a university"))] + [
        (university.id, university.name) for university in universities.list_universities()
    ]


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    """Create a career-services or administrator account with an initial password."""
    form = StaffAccountForm()
    form.university_id.choices = _university_choices()
    if form.validate_on_submit():
        role = Role(form.role.data)
        account = accounts.NewAccount(
            email=form.email.data,
            password=form.password.data,
            full_name=form.full_name.data,
            role=role,
            university_id=(form.university_id.data or None)
            if role is Role.CAREER_SERVICES
            else None,
        )
        try:
            user = accounts.create_staff_account(
                account, actor=current_user, submission_token=form.submission_token.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            flash(_("This form was already sent: the account is created."), "info")
            return redirect(url_for("admin.users", role=role.value))
        else:
            flash(
                _("Account created for %(email)s (%(role)s).", email=user.email, role=role.label),
                "success",
            )
            return redirect(url_for("admin.users", role=role.value))
    return render_template("admin/new_user.html", form=form), 400 if form.errors else 200


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def change_role(user_id: int):
    """Make a career-services account an administrator, or the other way round."""
    user = accounts.get_user(user_id)
    form = StaffRoleForm(
        data={"role": user.role.value, "university_id": user.university_id or 0}
        if request.method == "GET"
        else None
    )
    form.university_id.choices = _university_choices()
    if form.validate_on_submit():
        role = Role(form.role.data)
        try:
            moderation.change_staff_role(
                current_user, user_id, role, university_id=form.university_id.data or None
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("%(email)s is now %(role)s.", email=user.email, role=role.label), "success")
            return redirect(url_for("admin.users", role=role.value))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("admin/change_role.html", form=form, user=user), status


@bp.get("/universities")
@role_required(Role.ADMIN)
def university_list():
    """The universities graduates and career-services staff can belong to."""
    return render_template("admin/universities.html", universities=universities.list_universities())


def _university_input(form: UniversityForm) -> universities.UniversityInput:
    return universities.UniversityInput(
        name=form.name.data or "",
        short_name=form.short_name.data or "",
        municipality=form.municipality.data or "",
        website=form.website.data or "",
    )


@bp.route("/universities/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_university():
    """Add a university."""
    form = UniversityForm()
    if form.validate_on_submit():
        try:
            university = universities.create_university(
                current_user, _university_input(form), submission_token=form.submission_token.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            flash(_("This form was already sent: the university is added."), "info")
            return redirect(url_for("admin.university_list"))
        else:
            flash(_("%(name)s has been added.", name=university.name), "success")
            return redirect(url_for("admin.university_list"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("admin/new_university.html", form=form), status


@bp.route("/universities/<int:university_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_university(university_id: int):
    """Correct a university's details."""
    university = universities.get_university(university_id)
    form = UniversityForm(obj=university)
    if form.validate_on_submit():
        try:
            universities.update_university(current_user, university_id, _university_input(form))
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("The university's details have been saved."), "success")
            return redirect(url_for("admin.university_list"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("admin/edit_university.html", form=form, university=university), status


@bp.get("/organisations")
@role_required(Role.ADMIN)
def organisations():
    """Organisations, those awaiting verification first."""
    show = request.args.get("show", "all")
    if show not in ORGANISATION_FILTERS:
        show = "all"
    listed = moderation.list_organisations(verified=ORGANISATION_FILTERS[show])
    return render_template(
        "admin/organisations.html",
        organisations=listed,
        activity=moderation.organisation_activity(listed),
        show=show,
    )


@bp.post("/organisations/<int:organisation_id>/verify")
@role_required(Role.ADMIN)
def verify_organisation(organisation_id: int):
    """Confirm that an organisation is who it says it is."""
    organisation = moderation.set_organisation_verified(current_user, organisation_id, True)
    flash(_("%(name)s is now verified.", name=organisation.name), "success")
    return redirect(url_for("admin.organisations", show=request.args.get("show")))


@bp.post("/organisations/<int:organisation_id>/unverify")
@role_required(Role.ADMIN)
def unverify_organisation(organisation_id: int):
    """Withdraw an organisation's verification."""
    organisation = moderation.set_organisation_verified(current_user, organisation_id, False)
    flash(_("%(name)s is no longer verified.", name=organisation.name), "success")
    return redirect(url_for("admin.organisations", show=request.args.get("show")))


def _helsinki_midnight(day: date | None, days_after: int = 0) -> datetime | None:
    """The start of a day in the site's time zone, as the naive UTC the log is stored in."""
    if day is None:
        return None
    return to_utc(datetime.combine(day + timedelta(days=days_after), time()))


@bp.get("/audit")
@role_required(Role.ADMIN)
def audit_events():
    """The security audit log, newest first, filtered by event, person, address and dates."""
    form = AuditFilterForm(formdata=request.args)
    page = None
    if form.validate():
        filters = audit_log.AuditFilters(
            event=form.event.data or "",
            email=form.email.data or "",
            client_address=form.client_address.data or "",
            since=_helsinki_midnight(form.since.data),
            until=_helsinki_midnight(form.until.data, days_after=1),  # the whole last day
            page=form.page.data or 1,
        )
        try:
            page = audit_log.list_events(
                current_user, filters, per_page=current_app.config["AUDIT_EVENTS_PER_PAGE"]
            )
        except InvalidInput as error:
            apply_to_form(form, error)
    if form.page.errors:  # the page number is not a visible field, so say it at the top
        form.form_errors.extend(form.page.errors)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("admin/audit.html", form=form, page=page), status
