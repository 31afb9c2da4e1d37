"""The framework schema, checked in code so that every error names the file and the key path.

A framework document is a mapping with `id`, `name`, `description`, `source`, optional `notes`, and
`stages`; each stage has `id`, `name`, `description`, `cue_phrases`, `examples` and optional
`base_rate`. Unknown keys are errors, so a typo never silently drops data.
"""

from __future__ import annotations

import re

from nlp.checking import Checker
from nlp.frameworks.errors import FrameworkError
from nlp.frameworks.model import JourneyFramework, Stage

MIN_STAGES = 2
MIN_CUE_PHRASES = 10
MAX_CUE_PHRASES = 25
MIN_EXAMPLES = 15
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

FRAMEWORK_KEYS = {"id", "name", "description", "source", "notes", "stages"}
FRAMEWORK_REQUIRED = FRAMEWORK_KEYS - {"notes"}
STAGE_KEYS = {"id", "name", "description", "cue_phrases", "examples", "base_rate"}
STAGE_REQUIRED = STAGE_KEYS - {"base_rate"}


def parse_framework(data: object, source: str) -> JourneyFramework:
    """Validate a framework document and build the framework.

    Args:
        data: The parsed YAML (or a dict a user supplies).
        source: Name used in error messages, usually the file name.

    Raises:
        FrameworkError: naming `source`, the key path and the problem.
    """
    check = _Checker(source)
    doc = check.mapping(data, "", FRAMEWORK_KEYS, FRAMEWORK_REQUIRED)
    stages = check.sequence(doc["stages"], "stages", MIN_STAGES)
    parsed = tuple(_parse_stage(check, item, f"stages[{i}]") for i, item in enumerate(stages))
    check.unique([stage.id for stage in parsed], "stages", "id")
    notes = doc.get("notes")
    return JourneyFramework(
        id=check.slug(doc["id"], "id"),
        name=check.text(doc["name"], "name"),
        description=check.text(doc["description"], "description"),
        source=check.text(doc["source"], "source"),
        notes=None if notes is None else check.text(notes, "notes"),
        stages=parsed,
    )


def _parse_stage(check: _Checker, data: object, path: str) -> Stage:
    stage = check.mapping(data, path, STAGE_KEYS, STAGE_REQUIRED)
    cues = check.texts(stage["cue_phrases"], f"{path}.cue_phrases", MIN_CUE_PHRASES, MAX_CUE_PHRASES)
    examples = check.texts(stage["examples"], f"{path}.examples", MIN_EXAMPLES)
    return Stage(
        id=check.slug(stage["id"], f"{path}.id"),
        name=check.text(stage["name"], f"{path}.name"),
        description=check.text(stage["description"], f"{path}.description"),
        cue_phrases=cues,
        examples=examples,
        base_rate=check.positive(stage.get("base_rate", 1.0), f"{path}.base_rate"),
    )


class _Checker(Checker):
    """Type and value checks that raise FrameworkError for one source."""

    error = FrameworkError

    def slug(self, value: object, path: str) -> str:
        text = self.text(value, path)
        if not SLUG.match(text):
            raise self.fail(path, f"{text!r} is not a slug (lowercase letters, digits and hyphens)")
        return text

    def texts(self, value: object, path: str, minimum: int, maximum: int | None = None) -> tuple[str, ...]:
        items = self.sequence(value, path, minimum)
        if maximum is not None and len(items) > maximum:
            raise self.fail(path, f"allows at most {maximum}, found {len(items)}")
        texts = tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(items))
        self.unique([text.lower() for text in texts], path, None)
        return texts

    def unique(self, values: list[str], path: str, key: str | None) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                where = f"{path}[{i}].{key}" if key else f"{path}[{i}]"
                raise self.fail(where, f"duplicate {key or 'entry'} {value!r}")
            seen.add(value)
