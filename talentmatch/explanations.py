"""A match's explanation in plain words: the fit label and the *why* lines, for both sides.

Pages, and `flask recommender review`, word an engine `Explanation` here, so what a graduate,
an employer and a reviewer read is the same text built from the same facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from talentmatch.recommender.types import Explanation, Reason, ReasonCode

MAX_PAIRS = 3
MAX_MISSING_NAMED = 5
GAPS = frozenset(
    {
        ReasonCode.LANGUAGE_BELOW,
        ReasonCode.LANGUAGE_MISSING,
        ReasonCode.PERMIT_NEEDS_SPONSORSHIP,
        ReasonCode.LOCATION_ELSEWHERE,
    }
)


@dataclass(frozen=True)
class WhyLine:
    text: str
    good: bool  # True: speaks for the match; False: a gap


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


def _eligible(reason: Reason, audience: str) -> str:
    who = reason.param("who")
    if audience == "employer":
        return _("Meets who it is for: %(who)s.", who=who) if who else _("Meets who it is for.")
    return _("It is for %(who)s, and you qualify.", who=who) if who else _("You qualify for it.")


# Every reason code has wording here; a test checks that none is left out.
WORDING: dict[ReasonCode, Callable[[Reason, str], str]] = {
    ReasonCode.PERMIT_OK: _permit_ok,
    ReasonCode.PERMIT_NEEDS_SPONSORSHIP: _permit_gap,
    ReasonCode.LOCATION_OK: _location_ok,
    ReasonCode.LOCATION_REMOTE: lambda reason, audience: _("Remote: can be done from anywhere."),
    ReasonCode.LOCATION_ELSEWHERE: _location_elsewhere,
    ReasonCode.DEADLINE_SOON: _deadline,
    ReasonCode.PROMOTED: _promoted,
    ReasonCode.ELIGIBLE: _eligible,
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
) -> list[WhyLine]:
    """The lines shown under a match, strengths first, then gaps, then the reasons."""
    lines = []
    if explanation.shared_skills:
        skills = ", ".join(explanation.shared_skills)
        lines.append(WhyLine(_("Shared skills: %(skills)s.", skills=skills), True))
    if explanation.related_skills:
        pairs = "; ".join(
            _("%(have)s (close to %(wanted)s)", have=have, wanted=wanted)
            for have, wanted in explanation.related_skills[:MAX_PAIRS]
        )
        if audience == "employer":
            text = _("Related skills they have: %(pairs)s.", pairs=pairs)
        else:
            text = _("Related skills you have: %(pairs)s.", pairs=pairs)
        lines.append(WhyLine(text, True))
    if explanation.required_count:
        met = explanation.required_met
        lines.append(
            WhyLine(
                ngettext(
                    "%(met)d of its %(num)d required skill met.",
                    "%(met)d of its %(num)d required skills met.",
                    explanation.required_count,
                    met=met,
                ),
                met > 0,
            )
        )
    missing = explanation.missing_skills
    if missing:
        named = ", ".join(missing[:MAX_MISSING_NAMED])
        more = max(explanation.missing_count, len(missing)) - min(len(missing), MAX_MISSING_NAMED)
        if more > 0:
            text = _("Missing skills: %(skills)s and %(more)d more.", skills=named, more=more)
        else:
            text = _("Missing skills: %(skills)s.", skills=named)
        lines.append(WhyLine(text, False))
    for reason in explanation.reasons:
        text = reason_text(reason, language_names, audience, is_job)
        if text:
            lines.append(WhyLine(text, not reason.penalty and reason.code not in GAPS))
    return lines
