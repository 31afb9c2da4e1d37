"""Journey frameworks as plain data: a framework is an ordered list of stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a journey framework.

    Attributes:
        id: Slug, unique within its framework ("post-purchase").
        name: What a researcher reads ("Post-purchase").
        description: Two or three sentences saying what belongs in the stage.
        cue_phrases: Short phrases that signal the stage; matched case-insensitively and loosely
            inflected ("ordered" also matches "order", "ordering").
        examples: Realistic customer utterances that belong in the stage; the stage coder learns
            from them.
        base_rate: Relative share of customer talk expected in this stage (defaults to 1.0 for
            every stage); the stage coder reads it as a prior.
    """

    id: str
    name: str
    description: str
    cue_phrases: tuple[str, ...]
    examples: tuple[str, ...]
    base_rate: float = 1.0


@dataclass(frozen=True, slots=True)
class JourneyFramework:
    """A customer-journey framework: id, provenance and stages in journey order."""

    id: str
    name: str
    description: str
    source: str
    stages: tuple[Stage, ...]
    notes: str | None = None

    @property
    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.stages]

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id; KeyError naming the framework's stages otherwise."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(f"framework {self.id!r} has no stage {stage_id!r}; stages: {self.stage_ids}")
