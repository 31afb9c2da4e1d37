"""Errors raised while loading journey frameworks."""

from __future__ import annotations

from nlp.checking import DocumentError


class FrameworkError(DocumentError):
    """A framework file or dict is not valid; says which file and which key."""


class UnknownFrameworkError(KeyError):
    """No shipped framework has this id."""

    def __init__(self, framework_id: str, known: list[str]) -> None:
        super().__init__(f"no journey framework {framework_id!r}; shipped frameworks: {', '.join(known)}")
        self.framework_id = framework_id
        self.known = known

    def __str__(self) -> str:
        return str(self.args[0])
