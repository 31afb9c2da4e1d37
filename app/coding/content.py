"""An utterance's effective content class: a researcher's wins over the machine's, and utterances coded
before the content filter existed are classified on the fly, so every page and aggregate agrees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import col

from app.coding.models import CodeOrigin, CodeRecord
from nlp.content import REASONS, ContentClass, classify

CONTENT_KIND = "content"
# The kind of the code that records why the coders left an utterance out (empty, emoji only, too long ...).
SKIPPED_KIND = "skipped"
CONTENT_LABELS = tuple(str(c) for c in ContentClass)


class CodeLike(Protocol):
    """What the content rules read of a code: a `CodeRecord`, or a lighter row with the same fields."""

    @property
    def id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def origin(self) -> CodeOrigin | str: ...


@dataclass(frozen=True, slots=True)
class CodeFact:
    """The columns of one stored code that pages, aggregates and the content rules read: selected as
    columns (`CODE_FACT_COLUMNS`), so a page over thousands of codes builds no ORM objects."""

    id: int
    utterance_id: int
    kind: str
    label: str
    score: float
    origin: str


CODE_FACT_COLUMNS = tuple(
    col(c)
    for c in (
        CodeRecord.id,
        CodeRecord.utterance_id,
        CodeRecord.kind,
        CodeRecord.label,
        CodeRecord.score,
        CodeRecord.origin,
    )
)


@dataclass(frozen=True, slots=True)
class ContentView:
    """What a page or an aggregate needs to know about an utterance's content class."""

    content_class: str
    reason: str
    by_researcher: bool = False

    @property
    def substantive(self) -> bool:
        return self.content_class == ContentClass.SUBSTANTIVE


def effective_content(codes: Iterable[CodeLike], text: str) -> ContentView:
    """The latest researcher content code, else the machine's, else the classifier's answer on `text`."""
    content = [c for c in codes if c.kind == CONTENT_KIND]
    return content_view(researcher_class(content), content[0].label if content else None, text)


def content_view(researcher: str | None, machine: str | None, text: str) -> ContentView:
    """The class a researcher set, else the machine's label, else the classifier's answer on `text`."""
    if researcher is not None:
        return ContentView(researcher, f"set by a researcher: {_reason(researcher)}", by_researcher=True)
    if machine is not None:
        return ContentView(machine, _reason(machine))
    label = classify(text)
    return ContentView(str(label.content_class), label.reason)


def researcher_class(codes: Iterable[CodeLike]) -> str | None:
    """The class a researcher last set on an utterance, if any (the coders then follow it)."""
    mine = [c for c in codes if c.kind == CONTENT_KIND and c.origin == CodeOrigin.RESEARCHER]
    return max(mine, key=lambda c: c.id or 0).label if mine else None


def _reason(label: str) -> str:
    return REASONS[ContentClass(label)] if label in CONTENT_LABELS else label
