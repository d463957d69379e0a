"""Administration forms: staff accounts, universities and the user filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from talentmatch.form_fields import OneTimeSubmission, page_field
from talentmatch.models.enums import (
    MUNICIPALITIES,
    ROLE_LABELS,
    OpportunityKind,
    OpportunityStatus,
    Role,
    label_choices,
)
from talentmatch.services.audit_log import event_choices
from talentmatch.services.passwords import MAX_LENGTH
from talentmatch.services.universities import MAX_NAME, MAX_SHORT_NAME, MAX_WEBSITE
from talentmatch.services.unpublishing import MAX_REASON, MAX_SEARCH

STAFF_ROLES = (Role.CAREER_SERVICES, Role.ADMIN)
STAFF_ROLE_CHOICES = [
    (Role.CAREER_SERVICES.value, _l("Career services: works for one university")),
    (Role.ADMIN.value, _l("Administrator: full access to these pages")),
]
UNIVERSITY_OF_STAFF = _l(
    "Required for career-services staff; they see only this university's data."
)


def _full_name_field() -> StringField:
    return StringField(
        _l("Full name"),
        validators=[InputRequired(_l("Enter the person's name.")), Length(max=120)],
        render_kw={"autocomplete": "off"},
    )


def _email_field(description: str = "") -> EmailField:
    return EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter the person's email address.")),
            Length(max=254),
            Email(_l("Enter a valid email address, such as name@example.com.")),
        ],
        description=description,
        render_kw={"autocomplete": "off"},
    )


class StaffAccountForm(OneTimeSubmission, FlaskForm):
    role = RadioField(
        _l("Account type"),
        choices=STAFF_ROLE_CHOICES,
        default=Role.CAREER_SERVICES.value,
        validators=[InputRequired(_l("Choose the type of account."))],
    )
    full_name = _full_name_field()
    email = _email_field()
    university_id = SelectField(
        _l("University"),
        coerce=int,
        validators=[Optional()],
        description=UNIVERSITY_OF_STAFF,
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[InputRequired(_l("Set an initial password.")), Length(max=MAX_LENGTH)],
        description=_l(
            "At least 8 characters; avoid common passwords. Give it to the person in a safe way."
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class StaffInvitationForm(OneTimeSubmission, FlaskForm):
    full_name = _full_name_field()
    email = _email_field(_l("The invitation link is sent here; it works once, for 7 days."))
    university_id = SelectField(
        _l("University"),
        coerce=int,
        validators=[Optional()],
        validate_choice=False,  # the service checks, with its own message
        description=_l("They see only this university's graduates and data."),
    )


class StaffRoleForm(FlaskForm):
    role = RadioField(
        _l("Role"),
        choices=STAFF_ROLE_CHOICES,
        validators=[InputRequired(_l("Choose the role."))],
    )
    university_id = SelectField(
        _l("University"),
        coerce=int,
        validators=[Optional()],
        description=UNIVERSITY_OF_STAFF,
    )


class UniversityForm(OneTimeSubmission, FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(_l("Enter the university's name.")), Length(max=MAX_NAME)],
    )
    short_name = StringField(
        _l("Short name"),
        validators=[
            InputRequired(_l("Enter a short name, such as UH or Aalto.")),
            Length(max=MAX_SHORT_NAME),
        ],
    )
    municipality = SelectField(
        _l("Municipality"),
        choices=[(name, name) for name in MUNICIPALITIES],
        validators=[InputRequired(_l("Choose a municipality from the list."))],
        validate_choice=False,  # the service checks, with its own message
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=MAX_WEBSITE)],
        description=_l("Starts with https:// or http://."),
    )


class UserFilterForm(FlaskForm):
    """The filter above the user list: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    role = SelectField(
        _l("Role"),
        choices=[("", _l("All roles"))] + [(role.value, ROLE_LABELS[role]) for role in Role],
        validators=[Optional()],
    )
    page = page_field()


class AuditFilterForm(FlaskForm):
    """The filter above the audit log: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    event = SelectField(
        _l("What happened"),
        validators=[Optional()],
        validate_choice=False,  # the service checks, with its own message
    )
    email = StringField(
        _l("Email address"),
        validators=[Optional(), Length(max=254)],
        description=_l("Who acted, or whom it concerned; part of an address such as a domain."),
    )
    client_address = StringField(
        _l("Client address"),
        validators=[Optional(), Length(max=45)],
        description=_l("An IP address, such as 192.0.2.10."),
    )
    since = DateField(
        _l("From date"),
        validators=[Optional()],
        description=_l("Dates are in Helsinki time."),
    )
    until = DateField(_l("Until date"), validators=[Optional()])
    page = page_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event.choices = [("", _l("Everything")), *event_choices()]


class OpportunityFilterForm(FlaskForm):
    """The filter above the list of every opportunity: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    text = StringField(_l("Title"), validators=[Optional(), Length(max=MAX_SEARCH)])
    kind = SelectField(
        _l("Kind"),
        choices=[("", _l("All kinds"))] + label_choices(OpportunityKind),
        validators=[Optional()],
    )
    status = SelectField(
        _l("Status"),
        choices=[("", _l("Any status"))]
        + label_choices(OpportunityStatus)
        + [("unpublished", _l("Unpublished by an administrator"))],
        validators=[Optional()],
    )
    page = page_field()


class UnpublishForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            InputRequired(_l("Say why it is unpublished: its owners are told.")),
            Length(max=MAX_REASON),
        ],
        description=_l("Sent to the organisation's employers or the university's career services."),
    )


class StayingStepForm(FlaskForm):
    """One step of the staying checklist in every language, its sources and check date (the
    service checks every field, with its own messages)."""

    title_en = StringField(_l("Title (English)"))
    what_en = TextAreaField(_l("What it is (English)"), render_kw={"rows": 5})
    when_en = TextAreaField(_l("When it is due (English)"), render_kw={"rows": 2})
    link_en = StringField(_l("The authority's page (English)"))
    title_fi = StringField(_l("Title (Finnish)"))
    what_fi = TextAreaField(_l("What it is (Finnish)"), render_kw={"rows": 5})
    when_fi = TextAreaField(_l("When it is due (Finnish)"), render_kw={"rows": 2})
    link_fi = StringField(
        _l("The authority's page (Finnish)"),
        description=_l("Leave empty to link to the English page."),
    )
    title_sv = StringField(_l("Title (Swedish)"))
    what_sv = TextAreaField(_l("What it is (Swedish)"), render_kw={"rows": 5})
    when_sv = TextAreaField(_l("When it is due (Swedish)"), render_kw={"rows": 2})
    link_sv = StringField(
        _l("The authority's page (Swedish)"),
        description=_l("Leave empty to link to the English page."),
    )
    sources = TextAreaField(
        _l("Sources"),
        description=_l(
            "One source a line: its title, a vertical bar and its web address, for example "
            "Migri: extended permit | https://migri.fi/en/extended-permit"
        ),
        render_kw={"rows": 4},
    )
    last_checked = DateField(
        _l("Last checked against its sources"),
        validators=[InputRequired(_l("Give the day you checked the step against its sources."))],
    )
