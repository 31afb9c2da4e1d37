"""Interview guides as plain data: sections of questions, each with probes and a purpose."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class GuideKind(StrEnum):
    """An interview is run live by a researcher; a survey is a list of open questions to send out."""

    INTERVIEW = "interview"
    SURVEY = "survey"


@dataclass(frozen=True, slots=True)
class Probe:
    """A follow-up the interviewer may ask; `force` names the force of progress it listens for."""

    text: str
    force: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """One guide question.

    Attributes:
        id: Slug, unique within the guide; answers are stored against it.
        text: The question as the interviewer asks it.
        finds: What the question is meant to find out.
        probes: Follow-ups, in the order a researcher would try them.
    """

    id: str
    text: str
    finds: str
    probes: tuple[Probe, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the guide, tied to a stage of the guide's journey framework.

    Attributes:
        id: Slug, unique within the guide.
        title: What the researcher reads ("Passive looking").
        stage: A stage id of the guide's framework; None for profile sections (who the person is)
            that belong to no journey stage.
        purpose: What the section is for, shown above its questions.
        minutes: Suggested time for the section.
    """

    id: str
    title: str
    questions: tuple[Question, ...]
    stage: str | None = None
    purpose: str | None = None
    minutes: float | None = None


@dataclass(frozen=True, slots=True)
class InterviewGuide:
    """A question guide: id, framework, and sections in the order they are asked."""

    id: str
    name: str
    description: str
    framework: str
    sections: tuple[Section, ...]
    kind: GuideKind = GuideKind.INTERVIEW
    source: str | None = None
    intro: str | None = None

    @property
    def questions(self) -> list[tuple[Section, Question]]:
        """Every question with its section, in guide order."""
        return [(section, question) for section in self.sections for question in section.questions]

    def question(self, question_id: str) -> tuple[Section, Question]:
        """The question with this id and its section; KeyError otherwise."""
        for section, question in self.questions:
            if question.id == question_id:
                return section, question
        raise KeyError(f"guide {self.id!r} has no question {question_id!r}")

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"guide {self.id!r} has no section {section_id!r}")
