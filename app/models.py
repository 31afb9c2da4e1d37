"""Every table, imported in one place so Alembic's autogenerate and create_app see the whole schema."""

from app.accounts.models import ApiToken, LoginAttempt, LoginSession, User
from app.analysis.models import AnalysisRun
from app.audit.models import AuditEvent
from app.coding.models import CodeRecord, CodingJob, UtteranceFeatures
from app.frameworks.models import CustomFramework
from app.journeys.models import JourneySnapshot, Opportunity, StageGoal
from app.members.models import Membership
from app.participants.models import Participant
from app.personas.models import Persona, PersonaMember
from app.projects.models import Project
from app.sources.models import Source, SourceFile, Speaker, SurveyQuestion
from app.themes.models import Theme, ThemeEdit, ThemeMember
from app.utterances.models import Utterance

__all__ = [
    "AnalysisRun",
    "ApiToken",
    "AuditEvent",
    "CodeRecord",
    "CodingJob",
    "CustomFramework",
    "JourneySnapshot",
    "LoginAttempt",
    "LoginSession",
    "Membership",
    "Opportunity",
    "Participant",
    "Persona",
    "PersonaMember",
    "Project",
    "Source",
    "SourceFile",
    "Speaker",
    "StageGoal",
    "SurveyQuestion",
    "Theme",
    "ThemeEdit",
    "ThemeMember",
    "User",
    "Utterance",
    "UtteranceFeatures",
]
