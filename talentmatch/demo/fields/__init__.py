"""The fields of work the demo jobs and graduates come from, and their roles."""

from __future__ import annotations

from talentmatch.demo.fields.business import BUSINESS_FIELDS
from talentmatch.demo.fields.education import EDUCATION_FIELDS
from talentmatch.demo.fields.engineering import ENGINEERING_FIELDS
from talentmatch.demo.fields.health import HEALTH_FIELDS
from talentmatch.demo.fields.hospitality import HOSPITALITY_FIELDS
from talentmatch.demo.fields.ict import ICT_FIELDS
from talentmatch.demo.fields.media import MEDIA_FIELDS
from talentmatch.demo.fields.model import Field, Languages, Role, languages

FIELDS: tuple[Field, ...] = (
    *ICT_FIELDS,
    *HEALTH_FIELDS,
    *BUSINESS_FIELDS,
    *ENGINEERING_FIELDS,
    *EDUCATION_FIELDS,
    *HOSPITALITY_FIELDS,
    *MEDIA_FIELDS,
)

__all__ = ["FIELDS", "Field", "Languages", "Role", "languages"]
