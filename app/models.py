"""Every table, imported in one place so Alembic's autogenerate and create_app see the whole schema."""

from app.accounts.models import ApiToken, LoginAttempt, LoginSession, User
from app.audit.models import AuditEvent
from app.coding.models import CodeRecord, CodingJob, UtteranceFeatures
from app.coverage.models import GuideLink, SourceGuide
from app.frameworks.models import CustomFramework
from app.guides.models import Guide, GuideVersion
from app.interviews.models import Highlight, LiveAnswer, LiveInterview, SectionTime
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
    "Guide",
    "GuideLink",
    "GuideVersion",
    "Highlight",
    "LiveAnswer",
    "LiveInterview",
    "LoginAttempt",
    "LoginSession",
    "Membership",
    "Participant",
    "Project",
    "SectionTime",
    "Source",
    "SourceFile",
    "SourceGuide",
    "Speaker",
    "SurveyQuestion",
    "User",
    "Utterance",
    "UtteranceFeatures",
]
