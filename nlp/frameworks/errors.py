"""Errors raised while loading journey frameworks."""

from __future__ import annotations


class FrameworkError(ValueError):
    """A framework file or dict is not valid; says which file and which key.

    Attributes:
        source: File name ("b2b-five.yaml") or "<dict>" for frameworks given as data.
        path: Key path inside it ("stages[2].examples"), or "" for the whole document.
        problem: What is wrong ("needs at least 15, found 9").
    """

    def __init__(self, source: str, path: str, problem: str) -> None:
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.path = path
        self.problem = problem


class UnknownFrameworkError(KeyError):
    """No shipped framework has this id."""

    def __init__(self, framework_id: str, known: list[str]) -> None:
        super().__init__(f"no journey framework {framework_id!r}; shipped frameworks: {', '.join(known)}")
        self.framework_id = framework_id
        self.known = known

    def __str__(self) -> str:
        return str(self.args[0])
