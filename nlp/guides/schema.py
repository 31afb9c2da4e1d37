"""The guide schema, checked in code so that every error names the file and the key path.

A guide document is a mapping with `id`, `name`, `description`, `framework` (a journey framework id),
optional `kind` (interview or survey), `source` and `intro`, and `sections`. Each section has `id`,
`title`, `questions` and optional `stage` (a stage id of the framework), `purpose` and `minutes`. Each
question has `id`, `text`, `finds` (what it is meant to find out) and optional `probes`: strings, or
mappings with `text` and a `force` (push, pull, anxiety, habit). Unknown keys are errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from nlp.checking import Checker
from nlp.guides.errors import GuideError
from nlp.guides.model import GuideKind, InterviewGuide, Probe, Question, Section
from nlp.types import FORCES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 64
GUIDE_KEYS = {"id", "name", "description", "framework", "kind", "source", "intro", "sections"}
GUIDE_REQUIRED = {"id", "name", "description", "framework", "sections"}
SECTION_KEYS = {"id", "title", "stage", "purpose", "minutes", "questions"}
SECTION_REQUIRED = {"id", "title", "questions"}
QUESTION_KEYS = {"id", "text", "finds", "probes"}
QUESTION_REQUIRED = {"id", "text", "finds"}
PROBE_KEYS = {"text", "force"}

# Framework id -> its stage ids, in journey order.
FrameworkStages = Mapping[str, Sequence[str]]


def parse_guide(data: object, source: str, frameworks: FrameworkStages) -> InterviewGuide:
    """Validate a guide document and build the guide.

    Args:
        data: The parsed YAML (or a dict a user supplies).
        source: Name used in error messages, usually the file name.
        frameworks: The journey frameworks the guide may use, with their stage ids.

    Raises:
        GuideError: naming `source`, the key path and the problem.
    """
    check = _Checker(source)
    doc = check.mapping(data, "", GUIDE_KEYS, GUIDE_REQUIRED)
    framework = check.slug(doc["framework"], "framework")
    if framework not in frameworks:
        raise check.fail(
            "framework", f"unknown journey framework {framework!r}; known: {', '.join(frameworks)}"
        )
    stages = list(frameworks[framework])
    sections = check.sequence(doc["sections"], "sections", 1)
    parsed = tuple(
        _section(check, item, f"sections[{i}]", framework, stages) for i, item in enumerate(sections)
    )
    check.unique([s.id for s in parsed], "sections", "id")
    questions = [(i, j, q.id) for i, s in enumerate(parsed) for j, q in enumerate(s.questions)]
    _unique_questions(check, questions)
    return InterviewGuide(
        id=check.slug(doc["id"], "id"),
        name=check.text(doc["name"], "name"),
        description=check.text(doc["description"], "description"),
        framework=framework,
        kind=GuideKind(check.choice(doc.get("kind", GuideKind.INTERVIEW.value), "kind", list(GuideKind))),
        source=check.optional_text(doc.get("source"), "source"),
        intro=check.optional_text(doc.get("intro"), "intro"),
        sections=parsed,
    )


def _section(check: _Checker, data: object, path: str, framework: str, stages: list[str]) -> Section:
    section = check.mapping(data, path, SECTION_KEYS, SECTION_REQUIRED)
    stage = section.get("stage")
    if stage is not None:
        stage = check.slug(stage, f"{path}.stage")
        if stage not in stages:
            raise check.fail(
                f"{path}.stage", f"{stage!r} is not a stage of {framework}; stages: {', '.join(stages)}"
            )
    questions = check.sequence(section["questions"], f"{path}.questions", 1)
    minutes = section.get("minutes")
    return Section(
        id=check.slug(section["id"], f"{path}.id"),
        title=check.text(section["title"], f"{path}.title"),
        stage=stage,
        purpose=check.optional_text(section.get("purpose"), f"{path}.purpose"),
        minutes=None if minutes is None else check.positive(minutes, f"{path}.minutes"),
        questions=tuple(_question(check, q, f"{path}.questions[{i}]") for i, q in enumerate(questions)),
    )


def _question(check: _Checker, data: object, path: str) -> Question:
    question = check.mapping(data, path, QUESTION_KEYS, QUESTION_REQUIRED)
    probes = check.sequence(question.get("probes", []), f"{path}.probes", 0)
    return Question(
        id=check.slug(question["id"], f"{path}.id"),
        text=check.text(question["text"], f"{path}.text"),
        finds=check.text(question["finds"], f"{path}.finds"),
        probes=tuple(_probe(check, p, f"{path}.probes[{i}]") for i, p in enumerate(probes)),
    )


def _probe(check: _Checker, data: object, path: str) -> Probe:
    if isinstance(data, str):
        return Probe(check.text(data, path))
    probe = check.mapping(data, path, PROBE_KEYS, {"text"})
    force = probe.get("force")
    return Probe(
        text=check.text(probe["text"], f"{path}.text"),
        force=None if force is None else check.choice(force, f"{path}.force", list(FORCES)),
    )


def _unique_questions(check: _Checker, questions: list[tuple[int, int, str]]) -> None:
    seen: set[str] = set()
    for i, j, question_id in questions:
        if question_id in seen:
            raise check.fail(f"sections[{i}].questions[{j}].id", f"duplicate question id {question_id!r}")
        seen.add(question_id)


def to_document(guide: InterviewGuide) -> dict[str, Any]:
    """The guide as a plain document that `parse_guide` reads back to an equal guide."""
    doc: dict[str, Any] = {
        "id": guide.id,
        "name": guide.name,
        "description": guide.description,
        "framework": guide.framework,
        "kind": guide.kind.value,
    }
    doc |= {key: value for key, value in (("source", guide.source), ("intro", guide.intro)) if value}
    doc["sections"] = [_section_document(section) for section in guide.sections]
    return doc


def _section_document(section: Section) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": section.id, "title": section.title}
    if section.stage:
        doc["stage"] = section.stage
    if section.purpose:
        doc["purpose"] = section.purpose
    if section.minutes is not None:
        doc["minutes"] = int(section.minutes) if section.minutes.is_integer() else section.minutes
    doc["questions"] = [
        {
            "id": q.id,
            "text": q.text,
            "finds": q.finds,
            "probes": [{"text": p.text, "force": p.force} if p.force else p.text for p in q.probes],
        }
        for q in section.questions
    ]
    return doc


class _Checker(Checker):
    """Type and value checks that raise GuideError for one source."""

    error = GuideError

    def optional_text(self, value: object, path: str) -> str | None:
        return None if value is None else self.text(value, path)

    def slug(self, value: object, path: str) -> str:
        text = self.text(value, path)
        if not SLUG.match(text) or len(text) > MAX_SLUG:
            raise self.fail(
                path, f"{text!r} is not a slug (up to {MAX_SLUG} lowercase letters, digits, hyphens)"
            )
        return text

    def choice(self, value: object, path: str, allowed: list[str]) -> Any:
        text = self.text(value, path)
        if text not in allowed:
            raise self.fail(path, f"{text!r} is not one of {', '.join(allowed)}")
        return text

    def unique(self, values: list[str], path: str, key: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                raise self.fail(f"{path}[{i}].{key}", f"duplicate {key} {value!r}")
            seen.add(value)
