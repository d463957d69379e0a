"""The email preferences form: one checkbox per notification kind, and the digest frequency."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from talentmatch.models import DigestFrequency, NotificationKind
from talentmatch.services.email_preferences import KINDS_FOR_ROLE, LABELS

DIGEST_CHOICES = [
    (DigestFrequency.OFF.value, _l("No digest")),
    (DigestFrequency.DAILY.value, _l("Daily")),
    (DigestFrequency.WEEKLY.value, _l("Weekly")),
]


class PreferencesForm(FlaskForm):
    """Fields named after the kinds (`email_message`, ...); the view shows those of the role."""

    digest = RadioField(
        _l("Digest of new strong matches"),
        choices=DIGEST_CHOICES,
        default=DigestFrequency.OFF.value,
        description=_l(
            "An email listing opportunities that became strong matches for you, at most once a "
            "day. Choosing one agrees to news emails (see Privacy)."
        ),
    )


_ALL_KINDS = {kind for kinds in KINDS_FOR_ROLE.values() for kind in kinds}
for _kind in NotificationKind:
    if _kind in _ALL_KINDS:
        setattr(PreferencesForm, f"email_{_kind.value}", BooleanField(LABELS[_kind]))


def kind_field(form: PreferencesForm, kind: NotificationKind) -> BooleanField:
    field: BooleanField = getattr(form, f"email_{kind.value}")
    return field
