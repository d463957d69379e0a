"""A match's explanation in plain words: the fit label and the *why* lines, for both sides.

Pages, and `flask recommender review`, word an engine `Explanation` here, so what a graduate,
an employer and a reviewer read is the same text built from the same facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from talentmatch.recommender.types import Explanation, Reason, ReasonCode
from talentmatch.services.eligibility import value_labels

MAX_PAIRS = 3
MAX_MISSING_NAMED = 5
GAPS = frozenset(
    {
        ReasonCode.LANGUAGE_BELOW,
        ReasonCode.LANGUAGE_MISSING,
        ReasonCode.PERMIT_NEEDS_SPONSORSHIP,
        ReasonCode.LOCATION_ELSEWHERE,
        ReasonCode.NOT_ELIGIBLE,
    }
)


@dataclass(frozen=True)
class WhyLine:
    text: str  # Markup when the skills in it were named as HTML (see why_lines)
    good: bool  # True: speaks for the match; False: a gap


class _Wording:
    """Fills a translated sentence with skill names: as plain text, or as HTML when each
    skill is named by `skill_name` (which marks a name shown in another language)."""

    def __init__(self, skill_name: Callable[[str], Markup] | None) -> None:
        self._name = skill_name

    def skill(self, label: str) -> str:
        return self._name(label) if self._name is not None else label

    def join(self, separator: str, parts: list[str]) -> str:
        return escape(separator).join(parts) if self._name is not None else separator.join(parts)

    def fill(self, sentence: str, **values: object) -> str:
        """`sentence` translated but not yet filled in (gettext without values)."""
        if self._name is not None:
            # The sentence is text: escaped, it fills in text escaped and names as HTML.
            return escape(sentence) % values
        return sentence % values


def fit_label(band: str | None, mutual: bool = False) -> str:
    """'Strong match', 'Good mutual fit' …; empty when there is no band."""
    labels = {
        ("strong", False): _("Strong match"),
        ("good", False): _("Good match"),
        ("some", False): _("Some match"),
        ("strong", True): _("Strong mutual fit"),
        ("good", True): _("Good mutual fit"),
        ("some", True): _("Some mutual fit"),
    }
    return labels.get((band or "", mutual), "")


def _level(code: str) -> str:
    return _("native") if code == "NATIVE" else code


def _language_reason(reason: Reason, language: str, audience: str, is_job: bool) -> str:
    values = {
        "language": language,
        "have": _level(reason.param("have")),
        "required": reason.param("required"),
    }
    if reason.code == ReasonCode.LANGUAGE_MISSING:
        if audience == "employer":
            return _("No %(language)s listed; the job asks for %(required)s.", **values)
        if is_job:
            return _("You have not listed %(language)s; this job asks for %(required)s.", **values)
        return _("You have not listed %(language)s; it asks for %(required)s.", **values)
    if audience == "employer":
        return _("Has %(language)s %(have)s; the job asks for %(required)s.", **values)
    if is_job:
        return _("You have %(language)s %(have)s; this job asks for %(required)s.", **values)
    return _("You have %(language)s %(have)s; it asks for %(required)s.", **values)


def _permit_ok(reason: Reason, audience: str) -> str:
    if audience == "employer":
        return _("Needs an employer-sponsored work permit, which this job offers.")
    return _("You need a sponsored work permit, and this employer can sponsor one.")


def _permit_gap(reason: Reason, audience: str) -> str:
    if audience == "employer":
        return _("Needs an employer-sponsored work permit; this job does not offer sponsorship.")
    return _("You need a sponsored work permit; this employer does not offer sponsorship.")


def _location_ok(reason: Reason, audience: str) -> str:
    place = reason.param("municipality")
    if audience == "employer":
        return _("In %(municipality)s, where they want to work.", municipality=place)
    return _("In %(municipality)s, where you want to work.", municipality=place)


def _location_elsewhere(reason: Reason, audience: str) -> str:
    place = reason.param("municipality")
    if audience == "employer":
        return _("In %(municipality)s, not among the places they chose.", municipality=place)
    return _("In %(municipality)s, not among the places you chose.", municipality=place)


def _deadline(reason: Reason, audience: str) -> str:
    return _("The deadline is soon: %(deadline)s.", deadline=reason.param("deadline"))


def _promoted(reason: Reason, audience: str) -> str:
    note = reason.param("note")
    text = _("Recommended by career services.")
    return f"{text} {note}" if note else text


def eligibility_text(reason: Reason, audience: str = "graduate") -> str:
    """One eligibility criterion: what was asked and that it is met, or what the profile says
    (or that it does not say it)."""
    criterion = reason.param("criterion")
    ok = reason.code == ReasonCode.ELIGIBLE
    missing = bool(reason.param("missing"))
    years = reason.param("years")
    wanted = value_labels(criterion, reason.param("wanted"))
    have = value_labels(criterion, reason.param("have"))
    if criterion == "university":
        university, universities = reason.param("university"), reason.param("universities")
        if ok and years:
            return _(
                "For students and recent graduates (the last %(years)s years) of "
                "%(university)s — you qualify.",
                years=years,
                university=university,
            )
        if ok:
            return _(
                "For students and graduates of %(university)s — you qualify.",
                university=university,
            )
        if years and missing:
            return _(
                "For students and graduates of %(universities)s of the last %(years)s years — "
                "add your university to your profile if you studied there.",
                universities=universities,
                years=years,
            )
        if years:
            return _(
                "For students and graduates of %(universities)s of the last %(years)s years — "
                "your profile names another university.",
                universities=universities,
                years=years,
            )
        if missing:
            return _(
                "For students and graduates of %(universities)s — add your university to your "
                "profile if you studied there.",
                universities=universities,
            )
        return _(
            "For students and graduates of %(universities)s — your profile names another "
            "university.",
            universities=universities,
        )
    if criterion == "graduation":
        if ok:
            return _(
                "For students and those who graduated in the last %(years)s years — you qualify.",
                years=years,
            )
        if missing:
            return _(
                "For students and those who graduated in the last %(years)s years — add your "
                "graduation year to your profile.",
                years=years,
            )
        return _(
            "For students and those who graduated in the last %(years)s years — you graduated "
            "in %(year)s.",
            years=years,
            year=reason.param("graduation_year"),
        )
    if criterion == "degree_level":
        if ok:
            return _("Degree asked for: %(degrees)s — yours qualifies.", degrees=wanted)
        if missing:
            return _(
                "Degree asked for: %(degrees)s — add your degree to your profile.", degrees=wanted
            )
        return _(
            "Degree asked for: %(degrees)s — your profile says %(have)s.", degrees=wanted, have=have
        )
    if criterion == "work_permit":
        if ok:
            return _("Right to work asked for: %(permits)s — yours qualifies.", permits=wanted)
        if missing:
            return _(
                "Right to work asked for: %(permits)s — add your work-permit situation to your "
                "profile.",
                permits=wanted,
            )
        return _(
            "Right to work asked for: %(permits)s — your profile says %(have)s.",
            permits=wanted,
            have=have,
        )
    if criterion == "field_of_study":
        fields = reason.param("fields")
        if ok:
            return _("For people who studied %(fields)s — you qualify.", fields=fields)
        if missing:
            return _(
                "For people who studied %(fields)s — add your field of study to your profile.",
                fields=fields,
            )
        return _(
            "For people who studied %(fields)s — your field is %(have)s.",
            fields=fields,
            have=reason.param("have"),
        )
    if criterion == "target_group":
        groups = value_labels(criterion, reason.param("wanted"), _(" or "))
        if ok:
            return _("For %(groups)s — you qualify.", groups=groups)
        if missing:
            return _(
                "For %(groups)s — add the year you moved to Finland to your profile if this is "
                "you.",
                groups=groups,
            )
        return _(
            "For %(groups)s — you moved to Finland in %(year)s.",
            groups=groups,
            year=reason.param("moved"),
        )
    return _("You qualify for it.") if ok else _("You do not qualify for it.")


# Every reason code has wording here; a test checks that none is left out.
WORDING: dict[ReasonCode, Callable[[Reason, str], str]] = {
    ReasonCode.PERMIT_OK: _permit_ok,
    ReasonCode.PERMIT_NEEDS_SPONSORSHIP: _permit_gap,
    ReasonCode.LOCATION_OK: _location_ok,
    ReasonCode.LOCATION_REMOTE: lambda reason, audience: _("Remote: can be done from anywhere."),
    ReasonCode.LOCATION_ELSEWHERE: _location_elsewhere,
    ReasonCode.DEADLINE_SOON: _deadline,
    ReasonCode.PROMOTED: _promoted,
    ReasonCode.ELIGIBLE: eligibility_text,
    ReasonCode.NOT_ELIGIBLE: eligibility_text,
}
LANGUAGE_CODES = frozenset(
    {ReasonCode.LANGUAGE_OK, ReasonCode.LANGUAGE_BELOW, ReasonCode.LANGUAGE_MISSING}
)


def reason_text(
    reason: Reason,
    language_names: Mapping[str, str] | None = None,
    audience: str = "graduate",
    is_job: bool = True,
) -> str:
    """One reason in the reader's words; `audience` is "graduate" or "employer"."""
    if reason.code in LANGUAGE_CODES:
        code = reason.param("language")
        language = (language_names or {}).get(code, code)
        return _language_reason(reason, language, audience, is_job)
    return WORDING[ReasonCode(reason.code)](reason, audience)


def why_lines(
    explanation: Explanation,
    language_names: Mapping[str, str] | None = None,
    audience: str = "graduate",
    is_job: bool = True,
    skill_name: Callable[[str], Markup] | None = None,
) -> list[WhyLine]:
    """The lines shown under a match, strengths first, then gaps, then the reasons.

    Skills are named as the explanation keeps them (plain text), or by `skill_name` as HTML:
    pages name them in the reader's language (talentmatch.content_language).
    """
    words = _Wording(skill_name)
    lines = []
    if explanation.shared_skills:
        skills = words.join(", ", [words.skill(label) for label in explanation.shared_skills])
        lines.append(WhyLine(words.fill(_("Shared skills: %(skills)s."), skills=skills), True))
    if explanation.related_skills:
        pairs = words.join(
            "; ",
            [
                words.fill(
                    _("%(have)s (close to %(wanted)s)"),
                    have=words.skill(have),
                    wanted=words.skill(wanted),
                )
                for have, wanted in explanation.related_skills[:MAX_PAIRS]
            ],
        )
        if audience == "employer":
            text = words.fill(_("Related skills they have: %(pairs)s."), pairs=pairs)
        else:
            text = words.fill(_("Related skills you have: %(pairs)s."), pairs=pairs)
        lines.append(WhyLine(text, True))
    if explanation.required_count:
        met, close = explanation.required_met, explanation.required_close
        if close:
            text = ngettext(
                "%(met)d of its %(num)d required skill met, %(close)d more through a close skill.",
                "%(met)d of its %(num)d required skills met, %(close)d more through a close skill.",
                explanation.required_count,
                met=met,
                close=close,
            )
        else:
            text = ngettext(
                "%(met)d of its %(num)d required skill met.",
                "%(met)d of its %(num)d required skills met.",
                explanation.required_count,
                met=met,
            )
        lines.append(WhyLine(text, met + close > 0))
    missing = explanation.missing_skills
    if missing:
        named = words.join(", ", [words.skill(label) for label in missing[:MAX_MISSING_NAMED]])
        more = max(explanation.missing_count, len(missing)) - min(len(missing), MAX_MISSING_NAMED)
        if more > 0:
            text = words.fill(
                _("Missing skills: %(skills)s and %(more)d more."), skills=named, more=more
            )
        else:
            text = words.fill(_("Missing skills: %(skills)s."), skills=named)
        lines.append(WhyLine(text, False))
    if explanation.offered_skills:
        built = words.join(
            ", ", [words.skill(label) for label in explanation.offered_skills[:MAX_MISSING_NAMED]]
        )
        lines.append(WhyLine(words.fill(_("What it builds: %(skills)s."), skills=built), True))
    for reason in explanation.reasons:
        text = reason_text(reason, language_names, audience, is_job)
        if text:
            lines.append(WhyLine(text, not reason.penalty and reason.code not in GAPS))
    return lines
