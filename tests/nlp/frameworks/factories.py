"""Factories for framework documents: valid by default, for tests to break on purpose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def stage_dict(stage_id: str, n_cues: int = 10, n_examples: int = 15) -> dict[str, Any]:
    return {
        "id": stage_id,
        "name": stage_id.replace("-", " ").title(),
        "description": f"Everything customers say about the {stage_id} part of their journey.",
        "cue_phrases": [f"{stage_id} cue {i}" for i in range(n_cues)],
        "examples": [f"Something a customer said about {stage_id}, number {i}." for i in range(n_examples)],
    }


def framework_dict(
    framework_id: str = "our-journey", stage_ids: tuple[str, ...] = ("before", "after")
) -> dict[str, Any]:
    return {
        "id": framework_id,
        "name": "Our journey",
        "description": "A two-stage journey a project defined for itself.",
        "source": "The research team, 2024.",
        "stages": [stage_dict(stage_id) for stage_id in stage_ids],
    }


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
