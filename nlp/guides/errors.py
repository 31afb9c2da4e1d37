"""Errors raised while reading interview guides."""

from __future__ import annotations


class GuideError(ValueError):
    """A guide file or document is not valid; says which file and which key.

    Attributes:
        source: File name ("switch.yaml"), or another name the caller gave the document.
        path: Key path inside it ("sections[2].questions[0].probes"), or "" for the whole document.
        problem: What is wrong ("expected a list, found a string").
    """

    def __init__(self, source: str, path: str, problem: str) -> None:
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.path = path
        self.problem = problem


class UnknownGuideError(KeyError):
    """No shipped guide has this id."""

    def __init__(self, guide_id: str, known: list[str]) -> None:
        super().__init__(f"no interview guide {guide_id!r}; shipped guides: {', '.join(known)}")
        self.guide_id = guide_id
        self.known = known

    def __str__(self) -> str:
        return str(self.args[0])
