"""The graduate's profile form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from talentmatch.form_fields import LanguageEntryForm, MultiCheckboxField, SkillPickerField
from talentmatch.models.enums import (
    MUNICIPALITIES,
    DegreeLevel,
    Visibility,
    WorkPermit,
    label_choices,
)
from talentmatch.services import matching, profiles

MAX_LANGUAGE_ROWS = profiles.MAX_LANGUAGES
TOO_LONG = _l("Use at most %(max)d characters (you used %(length)d).")
BLANK_LANGUAGE_ROWS = 2

# Who sees what, said plainly next to each visibility choice and on the profile page.
VISIBILITY_EXPLANATIONS = {
    Visibility.PRIVATE: _l(
        "Nobody else sees your profile. You still get recommendations, but career services "
        "and employers cannot find you."
    ),
    Visibility.CAREER_SERVICES: _l(
        "Career services at your university can see your profile and suggest jobs, programmes "
        "and events to you. Employers cannot see it."
    ),
    Visibility.EMPLOYERS: _l(
        "Your university's career services and employers looking for talent can see your "
        "profile, see how well you fit their roles and invite you to apply."
    ),
}


class ProfileForm(FlaskForm):
    headline = StringField(
        _l("Headline"),
        validators=[Length(max=profiles.MAX_HEADLINE, message=TOO_LONG)],
        description=_l("One line about you, e.g. “Data analyst with a master's in statistics”."),
    )
    about = TextAreaField(
        _l("About you"),
        validators=[Length(max=profiles.MAX_ABOUT, message=TOO_LONG)],
        description=_l(
            "What you have done and what you are looking for (at most 10,000 characters)."
        ),
        render_kw={"rows": 6},
    )
    university_id = SelectField(_l("University"), coerce=int, validators=[Optional()])
    degree_level = SelectField(
        _l("Degree"),
        choices=[("", _l("Choose a degree"))] + label_choices(DegreeLevel),
        validators=[Optional()],
    )
    field_of_study = StringField(
        _l("Field of study"), validators=[Length(max=profiles.MAX_FIELD_OF_STUDY, message=TOO_LONG)]
    )
    graduation_year = IntegerField(
        _l("Graduation year"),
        validators=[Optional()],
        description=_l("The year you graduated, or expect to."),
        render_kw={"inputmode": "numeric"},
    )
    moved_to_finland_year = IntegerField(
        _l("Year you moved to Finland (optional)"),
        validators=[Optional()],
        description=_l(
            "Some programmes and networks are for people who moved to Finland recently. "
            "Leave it empty if you grew up here or prefer not to say; we never ask about "
            "nationality."
        ),
        render_kw={"inputmode": "numeric"},
    )
    skills = SkillPickerField(_l("Skills"))
    languages = FieldList(
        FormField(LanguageEntryForm), min_entries=0, max_entries=MAX_LANGUAGE_ROWS
    )
    municipalities = MultiCheckboxField(
        _l("Where would you like to work?"),
        choices=[(name, name) for name in MUNICIPALITIES],
        validate_choice=True,
    )
    remote_ok = BooleanField(_l("I am also happy to work remotely"))
    work_permit = RadioField(
        _l("Your right to work in Finland"),
        choices=label_choices(WorkPermit),
        validators=[Optional()],
    )
    permit_end_date = DateField(
        _l("Permit end date"),
        validators=[Optional()],
        description=_l(
            "When your current residence permit ends. Needed if you have a permit to look for "
            "work after graduation; the staying checklist uses it for your deadlines."
        ),
    )
    open_to_full_time = BooleanField(_l("Full-time jobs"))
    open_to_part_time = BooleanField(_l("Part-time jobs"))
    open_to_internship = BooleanField(_l("Internships"))
    open_to_trainee = BooleanField(_l("Trainee programmes"))
    visibility = RadioField(
        _l("Who can see your profile?"),
        choices=label_choices(Visibility),
        default=Visibility.PRIVATE.value,
        validators=[InputRequired(_l("Choose who can see your profile."))],
    )

    # Not saved: text to suggest skills from, sent with the "Suggest skills" button.
    cv_text = TextAreaField(
        _l("Paste your CV or a description of your work"),
        validators=[Length(max=matching.MAX_SUGGESTION_TEXT, message=TOO_LONG)],
        description=_l(
            "We suggest ESCO skills found in the text; tick the ones you have and save. "
            "The text itself is not saved."
        ),
        render_kw={"rows": 5},
    )
    suggest_skills = SubmitField(_l("Suggest skills from my CV text"))

    def add_blank_language_rows(self) -> None:
        """Empty rows after the filled ones, so languages can be added without JavaScript."""
        blank = [e for e in self.languages.entries if not (e.form.code.data or e.form.level.data)]
        missing = min(
            BLANK_LANGUAGE_ROWS - len(blank), MAX_LANGUAGE_ROWS - len(self.languages.entries)
        )
        for _row in range(missing):
            self.languages.append_entry()


class ForYouFilterForm(FlaskForm):
    """Hard filters for "For you", read from the query string so a view can be linked to."""

    class Meta:
        csrf = False

    languages_met = BooleanField(_l("Only jobs whose language requirements I meet"))
    sponsors_permit = BooleanField(_l("Only jobs that sponsor a work permit"))
    my_municipalities = BooleanField(_l("Only in the municipalities I chose (or remote)"))


class ConfirmForm(FlaskForm):
    """One button that confirms an action the page describes (with CSRF protection)."""
