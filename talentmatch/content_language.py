"""Content in the reader's language, for templates: ESCO skills named in it (the English name,
marked, when ESCO has none) and opportunities' titles and descriptions in it (the original,
with its language marked and a note, when there is no translation).

Every template names skills and opportunities through these helpers (registered as globals in
`create_app`); the choices themselves are made in services.skill_labels and
services.opportunity_texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from talentmatch import explanations
from talentmatch.form_fields import language_names
from talentmatch.models import Opportunity
from talentmatch.recommender.types import Explanation
from talentmatch.services import opportunity_texts, skill_labels
from talentmatch.services.esco_names import EscoName
from talentmatch.services.opportunity_texts import ShownText
from talentmatch.services.skill_labels import NO_NAMES, SkillLabel, SkillNames
from talentmatch.services.skills import SkillChoice


def reader_locale() -> str:
    """The interface language: what the page (or email) is in."""
    return str(get_locale() or "en")[:2]


def language_name(code: str) -> str:
    """A language's name in the reader's language."""
    return language_names(reader_locale()).get(code, code)


# --- Skills ------------------------------------------------------------------------------------


def skill_html(label: SkillLabel) -> Markup:
    """A skill's name; one shown in another language carries that language and a marker."""
    if not label.is_fallback:
        return escape(label.text)
    return Markup(
        '<span class="other-language"><span lang="{lang}">{text}</span>'
        '<sup class="language-marker" aria-hidden="true">{marker}</sup>'
        '<span class="visually-hidden"> {spoken}</span></span>'
    ).format(lang=label.lang, text=label.text, marker=_("EN"), spoken=_("(in English)"))


def skill_name(item: object, skills: Mapping[int, EscoName] | None = None) -> Markup:
    """A profile's or opportunity's skill, an ESCO skill or a picker's choice, named in the
    reader's language (services.skill_labels.skill_label)."""
    return skill_html(skill_labels.skill_label(item, reader_locale(), skills))  # type: ignore[arg-type]


def skill_text(item: object) -> str:
    """A skill's name as plain text (an option of a select, a chart's label): one in another
    language says so in brackets."""
    label = skill_labels.skill_label(item, reader_locale())  # type: ignore[arg-type]
    if label.is_fallback:
        return f"{label.text} {_('(in English)')}"
    return label.text


def picked_skills(choices: Iterable[SkillChoice]) -> list[tuple[SkillChoice, Markup]]:
    """A skill picker's choices with their names (their ESCO skills in one query)."""
    chosen = list(choices)
    skills = skill_labels.skills_of_choices(chosen)
    return [(choice, skill_name(choice, skills)) for choice in chosen]


def why_lines(
    explanation: Explanation,
    language_names: Mapping[str, str] | None = None,
    audience: str = "graduate",
    is_job: bool = True,
    skill_names: SkillNames | None = None,
) -> list[explanations.WhyLine]:
    """An explanation's lines with its skills named in the reader's language; `skill_names`
    come with the explanations from the service (services.skill_labels.names_in)."""
    names = skill_names or NO_NAMES
    locale = reader_locale()
    return explanations.why_lines(
        explanation,
        language_names,
        audience,
        is_job,
        skill_name=lambda label: skill_html(names.label(label, locale)),
    )


# --- Opportunities -----------------------------------------------------------------------------


def shown(opportunity: Opportunity) -> ShownText:
    """The opportunity's title and description as the reader sees them."""
    return opportunity_texts.shown_text(opportunity, reader_locale())


def title_of(opportunity: Opportunity) -> Markup:
    """The title in the reader's language; an original in another language carries its
    `lang`, so it is read out in that language."""
    text = shown(opportunity)
    if not text.is_fallback:
        return escape(text.title)
    return Markup('<span lang="{lang}">{title}</span>').format(lang=text.language, title=text.title)


def plain_title(opportunity: Opportunity) -> str:
    """The title as plain text: the page's <title>, a flash message, a select's option."""
    return shown(opportunity).title


def language_note(opportunity: Opportunity) -> Markup:
    """The note under a title shown in another language than the reader's ("Not available in
    Finnish; shown in English."); nothing otherwise."""
    note = shown(opportunity).note
    if not note:
        return Markup("")
    return Markup('<p class="meta language-note">{note}</p>').format(note=note)


def given_in(codes: Iterable[str]) -> str:
    """ "English, Finnish": the languages a text is given in, named in the reader's language."""
    return ", ".join(language_name(code) for code in codes)


def template_globals() -> dict[str, object]:
    return {
        "skill_name": skill_name,
        "skill_text": skill_text,
        "picked_skills": picked_skills,
        "why_lines": why_lines,
        "title_of": title_of,
        "plain_title": plain_title,
        "shown_text": shown,
        "language_note": language_note,
        "language_name": language_name,
        "given_in": given_in,
        "given_in_languages": opportunity_texts.given_in,
    }
