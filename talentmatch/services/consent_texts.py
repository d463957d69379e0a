"""The consent texts people are shown, one per purpose, each with the version recorded with a
consent. Change a text's meaning and its version must change too: consents given to the old
text keep the old version."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from talentmatch.models import ConsentPurpose, Role

# What records migrated from the visibility choice of the profile form carry: the consent was
# given with the profile form's explanation of each visibility level.
PROFILE_FORM_VERSION = "profile-form-2026-11"


@dataclass(frozen=True)
class ConsentText:
    purpose: ConsentPurpose
    version: str
    title: LazyString
    text: LazyString
    # Who is asked for this consent.
    roles: tuple[Role, ...]


TEXTS: dict[ConsentPurpose, ConsentText] = {
    ConsentPurpose.CAREER_SERVICES_VISIBILITY: ConsentText(
        ConsentPurpose.CAREER_SERVICES_VISIBILITY,
        "2026-12-02",
        _l("Career services at my university may see my profile"),
        _l(
            "Career-services staff of the university on your profile see your profile (name, "
            "studies, skills, languages, permit situation, where you want to work and what you "
            "are open to) and may suggest jobs, programmes and events to you. Employers do not "
            "see it unless you also agree to the next purpose."
        ),
        (Role.GRADUATE,),
    ),
    ConsentPurpose.EMPLOYER_VISIBILITY: ConsentText(
        ConsentPurpose.EMPLOYER_VISIBILITY,
        "2026-12-02",
        _l("Employers may find me and see my profile"),
        _l(
            "Employers with an open job see you in a ranking of consenting candidates for it, "
            "with your profile and the reasons you fit (shared and missing skills, languages, "
            "permit and location). They may contact you. Withdrawing takes you out of every "
            "ranking at once; career services still see you."
        ),
        (Role.GRADUATE,),
    ),
    ConsentPurpose.OUTCOME_SHARING: ConsentText(
        ConsentPurpose.OUTCOME_SHARING,
        "2026-12-02",
        _l("My university may count what happened after I graduated"),
        _l(
            "Career services at your university may include your applications, hires and "
            "whether you stayed in the Helsinki region in statistics about their graduates. "
            "Statistics show counts, never you by name."
        ),
        (Role.GRADUATE,),
    ),
    ConsentPurpose.EMAIL_NOTIFICATIONS: ConsentText(
        ConsentPurpose.EMAIL_NOTIFICATIONS,
        "2026-12-02",
        _l("TalentMatch may email me news I did not ask for"),
        _l(
            "Emails that are not needed for your account, such as news of opportunities. "
            "Emails your account needs (confirming your address, resetting your password, a "
            "warning before an inactive account is deleted) are sent whatever you choose here."
        ),
        (Role.GRADUATE, Role.EMPLOYER, Role.CAREER_SERVICES, Role.ADMIN),
    ),
}


def text_for(purpose: ConsentPurpose) -> ConsentText:
    return TEXTS[purpose]


def purposes_for(role: Role) -> list[ConsentPurpose]:
    """The purposes a person of this role is asked about, in the order they are shown."""
    return [purpose for purpose, text in TEXTS.items() if role in text.roles]
