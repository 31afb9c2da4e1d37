"""Errors raised while reading interview guides."""

from __future__ import annotations

from nlp.checking import DocumentError


class GuideError(DocumentError):
    """A guide file or document is not valid; says which file and which key."""


class UnknownGuideError(KeyError):
    """No shipped guide has this id."""

    def __init__(self, guide_id: str, known: list[str]) -> None:
        super().__init__(f"no interview guide {guide_id!r}; shipped guides: {', '.join(known)}")
        self.guide_id = guide_id
        self.known = known

    def __str__(self) -> str:
        return str(self.args[0])
