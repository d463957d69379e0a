"""The catalogue's search filters and the form for programmes, communities and events, with
who may take part."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    FormField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from talentmatch.form_fields import (
    LanguageEntryForm,
    MultiCheckboxField,
    OneTimeSubmission,
    SkillPickerField,
    page_field,
)
from talentmatch.models.enums import (
    MUNICIPALITIES,
    DegreeLevel,
    EmploymentType,
    OpportunityKind,
    RemoteMode,
    TargetGroup,
    WorkPermit,
)
from talentmatch.services import eligibility
from talentmatch.services.catalogue_search import MAX_SEARCH_TEXT
from talentmatch.services.opportunities import MAX_DESCRIPTION, MAX_TITLE

LANGUAGE_ROWS = 3
MAX_CAPACITY = 100_000


class SearchForm(FlaskForm):
    """Read from the query string, so a search is a link that can be shared."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"),
        validators=[
            Optional(),
            Length(max=MAX_SEARCH_TEXT, message=_l("Search with at most %(max)d characters.")),
        ],
        description=_l(
            "Words in the title, description or skills, in English, Finnish or Swedish."
        ),
    )
    kind = SelectField(
        _l("Kind"),
        validators=[Optional()],
        choices=[("", _l("All kinds"))] + [(kind.value, kind.label) for kind in OpportunityKind],
    )
    municipality = SelectField(
        _l("Municipality"),
        validators=[Optional()],
        choices=[("", _l("Anywhere"))] + [(name, name) for name in MUNICIPALITIES],
    )
    employment_type = SelectField(
        _l("Employment type"),
        validators=[Optional()],
        choices=[("", _l("Any"))] + [(kind.value, kind.label) for kind in EmploymentType],
        description=_l("Applies to jobs."),
    )
    remote = BooleanField(_l("Remote or hybrid only"))
    meets_my_languages = BooleanField(
        _l("Language requirements I meet"),
        description=_l("Compares each requirement with the levels in your profile."),
    )
    page = page_field()


class ItemForm(OneTimeSubmission, FlaskForm):
    """A talent programme, community or event; dates and capacity only for the dated kinds."""

    provider = SelectField(
        _l("Provider"),
        validators=[Optional()],
        description=_l("The university or organisation that offers this."),
    )
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Please give a title.")), Length(max=MAX_TITLE)],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=MAX_DESCRIPTION)],
        description=_l("Who it is for, what participants do and gain, how to take part."),
    )
    required_skills = SkillPickerField(_l("Skills participants need"))
    nice_to_have_skills = SkillPickerField(_l("Nice-to-have skills"))
    languages = FieldList(FormField(LanguageEntryForm), min_entries=LANGUAGE_ROWS, max_entries=12)
    municipality = SelectField(
        _l("Municipality"),
        validators=[Optional()],
        choices=[("", _l("Not tied to one place"))] + [(name, name) for name in MUNICIPALITIES],
    )
    remote_mode = SelectField(
        _l("Where it happens"),
        choices=[(mode.value, mode.label) for mode in RemoteMode],
        default=RemoteMode.ON_SITE.value,
    )
    url = URLField(
        _l("Link for more information"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address, such as https://example.fi/programme.")),
        ],
    )
    deadline = DateField(
        _l("Application deadline"),
        validators=[Optional()],
        description=_l(
            "Leave empty if people can join at any time. For an event: the last day to sign "
            "up, at the latest the day it starts."
        ),
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("Helsinki time."),
    )
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    capacity = IntegerField(
        _l("Places"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_CAPACITY,
                message=_l("Give between 1 and 100,000 places, or leave it empty."),
            ),
        ],
        description=_l("Leave empty if there is no limit."),
    )
    community_id = SelectField(
        _l("Community"),
        coerce=int,
        validate_choice=False,  # the service checks the choice and says why
        description=_l("The event is listed on this community's page."),
    )
    # Who may take part: every criterion left empty means open to everyone.
    eligible_universities = MultiCheckboxField(
        _l("Students and graduates of these universities"),
        coerce=int,
        validate_choice=True,
        description=_l("Leave all unticked if people from any university, or none, may take part."),
    )
    eligible_degree_levels = MultiCheckboxField(
        _l("Degree"),
        choices=[(level.value, level.label) for level in DegreeLevel],
        validate_choice=True,
        description=_l("Leave all unticked for any degree."),
    )
    max_years_since_graduation = IntegerField(
        _l("Graduated at most this many years ago"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=eligibility.MAX_YEARS_SINCE_GRADUATION,
                message=_l("Give between 0 and 50 years, or leave it empty."),
            ),
        ],
        description=_l("Students still studying always qualify. Leave empty for no limit."),
        render_kw={"inputmode": "numeric"},
    )
    eligible_work_permits = MultiCheckboxField(
        _l("Right to work in Finland"),
        choices=[(permit.value, permit.label) for permit in WorkPermit],
        validate_choice=True,
        description=_l("Leave all unticked for any permit situation."),
    )
    eligible_fields_of_study = StringField(
        _l("Fields of study"),
        validators=[Optional(), Length(max=eligibility.MAX_KEYWORDS_TEXT)],
        description=_l(
            "Words separated by commas, e.g. “nursing, health care”; any one of them in a "
            "graduate's field of study will do. Leave empty for any field."
        ),
    )
    target_groups = MultiCheckboxField(
        _l("Meant for"),
        choices=[(group.value, group.label) for group in TargetGroup],
        validate_choice=True,
        description=_l(
            "Checked against the year a graduate moved to Finland, which they may give in "
            "their profile. Leave all unticked if it is open to everyone."
        ),
    )
    save_draft = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish"))
    save = SubmitField(_l("Save changes"))
