"""Every table, imported in one place so Alembic's autogenerate and create_app see the whole schema."""

from app.accounts.models import ApiToken, LoginAttempt, LoginSession, User
from app.agreement.models import ProjectAdjustment
from app.analysis.models import AnalysisRun
from app.audit.models import AuditEvent
from app.coding.models import CodeRecord, CodingJob, UtteranceFeatures
from app.coverage.models import GuideLink, SourceGuide
from app.frameworks.models import CustomFramework
from app.guides.models import Guide, GuideVersion
from app.interviews.models import Highlight, LiveAnswer, LiveInterview, SectionTime
from app.journeys.models import JourneySnapshot, Opportunity, StageGoal
from app.members.models import Membership
from app.participants.models import Participant
from app.personas.models import Persona, PersonaMember
from app.projects.models import Project
from app.review.models import BlindCode, ReviewRound
from app.sources.models import (
    Source,
    SourceFile,
    Speaker,
    SurveyClosedQuestion,
    SurveyQuestion,
    SurveyResponse,
)
from app.themes.models import Theme, ThemeEdit, ThemeMember
from app.utterances.models import Utterance

__all__ = [
    "AnalysisRun",
    "ApiToken",
    "AuditEvent",
    "BlindCode",
    "CodeRecord",
    "CodingJob",
    "CustomFramework",
    "Guide",
    "GuideLink",
    "GuideVersion",
    "Highlight",
    "JourneySnapshot",
    "LiveAnswer",
    "LiveInterview",
    "LoginAttempt",
    "LoginSession",
    "Membership",
    "Opportunity",
    "Participant",
    "Persona",
    "PersonaMember",
    "Project",
    "ProjectAdjustment",
    "ReviewRound",
    "SectionTime",
    "Source",
    "SourceFile",
    "SourceGuide",
    "Speaker",
    "StageGoal",
    "SurveyClosedQuestion",
    "SurveyQuestion",
    "SurveyResponse",
    "Theme",
    "ThemeEdit",
    "ThemeMember",
    "User",
    "Utterance",
    "UtteranceFeatures",
]
