"""The catalogue's search filters and the forms for programmes, communities, events and
courses, with who may take part (the fields every kind shares are in
talentmatch.opportunity_forms)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    URLField,
)
from wtforms.validators import URL, Length, NumberRange, Optional

from talentmatch.form_fields import MultiCheckboxField, cefr_choices, language_names, page_field
from talentmatch.models import Opportunity
from talentmatch.models.enums import (
    MUNICIPALITIES,
    CEFRLevel,
    CourseCost,
    CourseFormat,
    DegreeLevel,
    EmploymentType,
    OpportunityKind,
    TargetGroup,
    WorkPermit,
    label_choices,
)
from talentmatch.models.opportunities import course_day
from talentmatch.opportunity_forms import OpportunityForm, language_list
from talentmatch.services import eligibility
from talentmatch.services.catalogue_search import MAX_SEARCH_TEXT
from talentmatch.services.courses import MAX_PRICE_EUR
from talentmatch.services.opportunities import MAX_URL

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
        choices=[("", _l("All kinds"))] + label_choices(OpportunityKind),
    )
    municipality = SelectField(
        _l("Municipality"),
        validators=[Optional()],
        choices=[("", _l("Anywhere"))] + [(name, name) for name in MUNICIPALITIES],
    )
    employment_type = SelectField(
        _l("Employment type"),
        validators=[Optional()],
        choices=[("", _l("Any"))] + label_choices(EmploymentType),
        description=_l("Applies to jobs."),
    )
    remote = BooleanField(_l("Remote or hybrid only"))
    meets_my_languages = BooleanField(
        _l("Language requirements I meet"),
        description=_l("Compares each requirement with the levels in your profile."),
    )
    page = page_field()


class ItemForm(OpportunityForm):
    """A talent programme, community or event: the shared fields in a curator's words, plus
    dates and capacity (programmes and events), a community (events) and who may take part."""

    HELP: ClassVar[dict[str, Any]] = {
        "description": _l("Who it is for, what participants do and gain, how to take part."),
        "deadline": _l(
            "Leave empty if people can join at any time. For an event: the last day to sign "
            "up, at the latest the day it starts."
        ),
    }
    LABELS: ClassVar[dict[str, Any]] = {"required_skills": _l("Skills participants need")}

    provider = SelectField(
        _l("Provider"),
        validators=[Optional()],
        description=_l("The university or organisation that offers this."),
    )
    languages = language_list(min_entries=LANGUAGE_ROWS)
    url = URLField(
        _l("Link for more information"),
        validators=[
            Optional(),
            Length(max=MAX_URL),
            URL(message=_l("Enter a full web address, such as https://example.fi/programme.")),
        ],
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
    own_graduates_only = BooleanField(
        _l("Only our own students and alumni"),
        description=_l("Students and graduates of the university that offers this."),
    )
    eligible_universities = MultiCheckboxField(
        _l("Students and graduates of these universities"),
        coerce=int,
        validate_choice=True,
        description=_l("Leave all unticked if people from any university, or none, may take part."),
    )
    eligible_degree_levels = MultiCheckboxField(
        _l("Degree"),
        choices=label_choices(DegreeLevel),
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
        choices=label_choices(WorkPermit),
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
        choices=label_choices(TargetGroup),
        validate_choice=True,
        description=_l(
            "Checked against the year a graduate moved to Finland, which they may give in "
            "their profile. Leave all unticked if it is open to everyone."
        ),
    )
    save = SubmitField(_l("Save changes"))

    @classmethod
    def kind_initial_data(cls, opportunity: Opportunity) -> dict[str, Any]:
        who = eligibility.input_of(opportunity)
        own = opportunity.university_id is not None and who.university_ids == (
            opportunity.university_id,
        )
        return {
            # The form is in Helsinki time; the database keeps UTC.
            "starts_at": _local(opportunity.starts_at),
            "ends_at": _local(opportunity.ends_at),
            "capacity": opportunity.capacity,
            "community_id": opportunity.community_id or 0,
            "own_graduates_only": own,
            "eligible_universities": list(who.university_ids),
            "eligible_degree_levels": [level.value for level in who.degree_levels],
            "max_years_since_graduation": who.max_years_since_graduation,
            "eligible_work_permits": [permit.value for permit in who.work_permits],
            "eligible_fields_of_study": ", ".join(who.fields_of_study),
            "target_groups": [group.value for group in who.target_groups],
        }

    def kind_input(self) -> dict[str, Any]:
        return {
            "starts_at": to_utc(self.starts_at.data) if self.starts_at.data else None,
            "ends_at": to_utc(self.ends_at.data) if self.ends_at.data else None,
            "capacity": self.capacity.data,
            "community_id": self.community_id.data or None,
        }

    def eligibility_input(self) -> eligibility.EligibilityInput:
        return eligibility.EligibilityInput(
            university_ids=tuple(self.eligible_universities.data or ()),
            degree_levels=tuple(DegreeLevel(v) for v in self.eligible_degree_levels.data or ()),
            max_years_since_graduation=self.max_years_since_graduation.data,
            work_permits=tuple(WorkPermit(v) for v in self.eligible_work_permits.data or ()),
            fields_of_study=eligibility.parse_keywords(self.eligible_fields_of_study.data or ""),
            target_groups=tuple(TargetGroup(v) for v in self.target_groups.data or ()),
            own_graduates_only=bool(self.own_graduates_only.data),
        )


def _local(moment: datetime | None) -> datetime | None:
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def _languages_with(first: Any) -> list[tuple[str, Any]]:
    return [("", first), *language_names().items()]


class CourseForm(ItemForm):
    """A course: the shared fields, the language it is taught in, what it teaches (a language
    from one level to another, or the skills in the picker), cost, format, days and when its
    details were last checked. Its skills are one list, the skills taught."""

    LABELS: ClassVar[dict[str, Any]] = {
        "required_skills": _l("Skills taught"),
        "deadline": _l("Enrolment deadline"),
    }
    HELP: ClassVar[dict[str, Any]] = {
        "description": _l(
            "What participants learn, who it is for, how it is taught and how to enrol. Say "
            "plainly if a date or a price is only an example."
        ),
        "required_skills": _l(
            "What participants learn. For a language course, the language and levels below "
            "say what it teaches; add skills only if it teaches more."
        ),
        "deadline": _l(
            "The last day to enrol, at the latest the course's first day. Leave empty if people "
            "can enrol until it starts (or, self-paced, at any time)."
        ),
        "municipality": _l("Where it is taught; leave empty only for an online course."),
    }

    instruction_language = SelectField(
        _l("Language of instruction"),
        description=_l("The language the course is taught in."),
    )
    teaches_language = SelectField(
        _l("Language the course teaches"),
        description=_l("Only for a language course."),
    )
    level_from = SelectField(
        _l("Level it starts from"),
        choices=[("", _l("From scratch"))] + cefr_choices(include_blank=False)[:-1],
        description=_l("The level participants need before they start."),
    )
    level_to = SelectField(
        _l("Level it reaches"),
        choices=[("", _l("Choose a level"))] + cefr_choices(include_blank=False)[:-1],
    )
    cost = SelectField(
        _l("Cost"),
        choices=[("", _l("Choose free or paid"))] + label_choices(CourseCost),
    )
    price_eur = IntegerField(
        _l("Price in euros"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_PRICE_EUR,
                message=_l("Give a price between 0 and 100,000 euros, or leave it empty."),
            ),
        ],
        description=_l("Only for a paid course; leave empty if the price varies."),
        render_kw={"inputmode": "numeric"},
    )
    course_format = SelectField(
        _l("Format"),
        choices=[("", _l("Choose how it is taught"))] + label_choices(CourseFormat),
    )
    self_paced = BooleanField(
        _l("Self-paced: people start and finish when they like"),
        description=_l("Then leave the first and last day empty."),
    )
    starts_at = DateField(_l("First day"), validators=[Optional()])
    ends_at = DateField(_l("Last day"), validators=[Optional()])
    details_checked_on = DateField(
        _l("Details last checked on"),
        validators=[Optional()],
        description=_l("The day you last checked these details against the provider's own page."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instruction_language.choices = _languages_with(_l("Choose a language"))
        self.teaches_language.choices = _languages_with(_l("No language: it teaches skills"))

    @classmethod
    def kind_initial_data(cls, opportunity: Opportunity) -> dict[str, Any]:
        return {
            **super().kind_initial_data(opportunity),
            "starts_at": opportunity.starts_at.date() if opportunity.starts_at else None,
            "ends_at": opportunity.ends_at.date() if opportunity.ends_at else None,
            "instruction_language": opportunity.instruction_language or "",
            "teaches_language": opportunity.teaches_language or "",
            "level_from": opportunity.cefr_from.name if opportunity.cefr_from else "",
            "level_to": opportunity.cefr_to.name if opportunity.cefr_to else "",
            "cost": opportunity.cost.value if opportunity.cost else "",
            "price_eur": opportunity.price_eur,
            "course_format": opportunity.course_format.value if opportunity.course_format else "",
            "self_paced": bool(opportunity.self_paced),
            "details_checked_on": opportunity.details_checked_on,
        }

    def kind_input(self) -> dict[str, Any]:
        return {
            "starts_at": course_day(self.starts_at.data) if self.starts_at.data else None,
            "ends_at": course_day(self.ends_at.data) if self.ends_at.data else None,
            "instruction_language": self.instruction_language.data or None,
            "teaches_language": self.teaches_language.data or None,
            "level_from": CEFRLevel[self.level_from.data] if self.level_from.data else None,
            "level_to": CEFRLevel[self.level_to.data] if self.level_to.data else None,
            "cost": CourseCost(self.cost.data) if self.cost.data else None,
            "price_eur": self.price_eur.data,
            "course_format": CourseFormat(self.course_format.data)
            if self.course_format.data
            else None,
            "self_paced": bool(self.self_paced.data),
            "details_checked_on": self.details_checked_on.data,
        }
