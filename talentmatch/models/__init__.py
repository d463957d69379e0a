"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from talentmatch.models.audit import AuditEvent
from talentmatch.models.engagement import Interaction
from talentmatch.models.enums import (
    CEFRLevel,
    DegreeLevel,
    EmploymentType,
    InteractionKind,
    OpportunityKind,
    OpportunityStatus,
    OrganisationSize,
    RemoteMode,
    Role,
    TargetGroup,
    Visibility,
    WorkPermit,
)
from talentmatch.models.graduates import (
    ConsentRecord,
    GraduateProfile,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
)
from talentmatch.models.mail import OutboundEmail
from talentmatch.models.model_versions import ModelVersion
from talentmatch.models.opportunities import Opportunity, OpportunityLanguage, OpportunitySkill
from talentmatch.models.organisations import Organisation
from talentmatch.models.submissions import FormSubmission
from talentmatch.models.taxonomy import EscoSkill
from talentmatch.models.universities import University
from talentmatch.models.users import User

__all__ = [
    "AuditEvent",
    "CEFRLevel",
    "ConsentRecord",
    "DegreeLevel",
    "EmploymentType",
    "EscoSkill",
    "FormSubmission",
    "GraduateProfile",
    "Interaction",
    "InteractionKind",
    "ModelVersion",
    "Opportunity",
    "OpportunityKind",
    "OpportunityLanguage",
    "OpportunitySkill",
    "OpportunityStatus",
    "OutboundEmail",
    "Organisation",
    "OrganisationSize",
    "ProfileLanguage",
    "ProfileMunicipality",
    "ProfileSkill",
    "RemoteMode",
    "Role",
    "TargetGroup",
    "University",
    "User",
    "Visibility",
    "WorkPermit",
]
