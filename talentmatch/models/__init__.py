"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from talentmatch.models import search_indexes  # noqa: F401  (PostgreSQL search indexes)
from talentmatch.models.account_tokens import AccountToken, TokenPurpose
from talentmatch.models.applications import Application, ApplicationEvent, ApplicationStatus
from talentmatch.models.audit import AuditEvent
from talentmatch.models.background_jobs import BackgroundJob, JobState
from talentmatch.models.career_services import (
    Cohort,
    MatchSummary,
    Promotion,
    PromotionDelivery,
)
from talentmatch.models.engagement import Interaction
from talentmatch.models.enums import (
    CEFRLevel,
    CourseCost,
    CourseFormat,
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
    GraduateProfile,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
)
from talentmatch.models.mail import OutboundEmail
from talentmatch.models.messages import (
    Invitation,
    InvitationStatus,
    Message,
    MessageSide,
    MessageThread,
    OrganisationBlock,
)
from talentmatch.models.model_versions import FitState, ModelFit, ModelVersion
from talentmatch.models.notifications import Notification, NotificationKind
from talentmatch.models.opportunities import (
    LifecycleRefused,
    Opportunity,
    OpportunityLanguage,
    OpportunitySkill,
)
from talentmatch.models.opportunity_texts import CONTENT_LANGUAGES, OpportunityText
from talentmatch.models.organisations import Organisation
from talentmatch.models.outcomes import OutcomeResponse, OutcomeSource, OutcomeStatus
from talentmatch.models.participation import (
    CalendarFeed,
    EventRegistration,
    Membership,
    RegistrationStatus,
)
from talentmatch.models.privacy import (
    ConsentPurpose,
    ConsentRecord,
    ErasureReason,
    ErasureRequest,
    ErasureStep,
    RetentionNotice,
)
from talentmatch.models.sign_ins import SignIn
from talentmatch.models.staying import (
    ReminderChannel,
    StayingReminder,
    StayingSituation,
    StayingStepDone,
    StayingStepEdit,
)
from talentmatch.models.submissions import FormSubmission
from talentmatch.models.subscriptions import (
    DigestFrequency,
    DigestItem,
    EmailPreference,
    MatchDigest,
    SavedSearch,
)
from talentmatch.models.taxonomy import EscoSkill
from talentmatch.models.universities import University
from talentmatch.models.users import User

__all__ = [
    "BackgroundJob",
    "JobState",
    "FitState",
    "ModelFit",
    "Cohort",
    "MatchSummary",
    "OutcomeResponse",
    "OutcomeSource",
    "OutcomeStatus",
    "Promotion",
    "PromotionDelivery",
    "SavedSearch",
    "MatchDigest",
    "EmailPreference",
    "DigestItem",
    "DigestFrequency",
    "AccountToken",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "AuditEvent",
    "CalendarFeed",
    "CEFRLevel",
    "CourseCost",
    "CourseFormat",
    "ConsentPurpose",
    "ConsentRecord",
    "DegreeLevel",
    "EmploymentType",
    "ErasureReason",
    "ErasureRequest",
    "ErasureStep",
    "EventRegistration",
    "EscoSkill",
    "FormSubmission",
    "GraduateProfile",
    "Interaction",
    "LifecycleRefused",
    "InteractionKind",
    "Invitation",
    "InvitationStatus",
    "Message",
    "MessageSide",
    "MessageThread",
    "Membership",
    "ModelVersion",
    "Notification",
    "NotificationKind",
    "Opportunity",
    "OpportunityKind",
    "OpportunityLanguage",
    "OpportunitySkill",
    "OpportunityStatus",
    "OpportunityText",
    "CONTENT_LANGUAGES",
    "OutboundEmail",
    "Organisation",
    "OrganisationBlock",
    "OrganisationSize",
    "ProfileLanguage",
    "ProfileMunicipality",
    "ProfileSkill",
    "RegistrationStatus",
    "RemoteMode",
    "RetentionNotice",
    "Role",
    "SignIn",
    "ReminderChannel",
    "StayingReminder",
    "StayingSituation",
    "StayingStepDone",
    "StayingStepEdit",
    "TargetGroup",
    "TokenPurpose",
    "University",
    "User",
    "Visibility",
    "WorkPermit",
]
