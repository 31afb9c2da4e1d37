"""Every table, imported in one place so Alembic's autogenerate and create_app see the whole schema."""

from app.accounts.models import ApiToken, LoginAttempt, LoginSession, User
from app.audit.models import AuditEvent
from app.coding.models import CodeRecord, CodingJob, UtteranceFeatures
from app.frameworks.models import CustomFramework
from app.members.models import Membership
from app.participants.models import Participant
from app.projects.models import Project
from app.sources.models import Source, SourceFile, Speaker, SurveyQuestion
from app.utterances.models import Utterance

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CodeRecord",
    "CodingJob",
    "CustomFramework",
    "LoginAttempt",
    "LoginSession",
    "Membership",
    "Participant",
    "Project",
    "Source",
    "SourceFile",
    "Speaker",
    "SurveyQuestion",
    "User",
    "Utterance",
    "UtteranceFeatures",
]
