"""Assemble turns from labelled pieces; consecutive pieces by one speaker become one turn."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp.types import Turn


@dataclass(slots=True)
class _Draft:
    speaker: str
    line: int | None
    start: float | None
    end: float | None
    parts: list[str] = field(default_factory=list)


class TurnBuilder:
    """Collects speech piece by piece and merges a speaker's consecutive pieces."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self._draft: _Draft | None = None

    @property
    def open(self) -> bool:
        """Whether a speaker has been named, so unlabelled text can continue their turn."""
        return self._draft is not None

    def start(
        self, speaker: str, *, line: int | None, start: float | None = None, end: float | None = None
    ) -> None:
        """Begin a turn by `speaker`, or continue the current one if they are still speaking."""
        draft = self._draft
        if draft is not None and draft.speaker == speaker:
            draft.end = end if end is not None else draft.end
            return
        self._close()
        self._draft = _Draft(speaker, line, start, end)

    def add(self, text: str) -> None:
        """Append text to the current turn (ignored when no speaker has been named yet)."""
        if self._draft is not None and text.strip():
            self._draft.parts.append(text)

    def finish(self) -> list[Turn]:
        """Close the last turn and return all turns with non-empty text."""
        self._close()
        return self.turns

    def _close(self) -> None:
        draft, self._draft = self._draft, None
        text = " ".join(" ".join(draft.parts).split()) if draft else ""
        if draft is None or not text:
            return
        last = self.turns[-1] if self.turns else None
        if last is not None and last.speaker == draft.speaker:
            # A speaker whose empty turn was dropped in between keeps talking.
            text, draft.line, draft.start = f"{last.text} {text}", last.line, last.start
            draft.end = draft.end if draft.end is not None else last.end
            self.turns.pop()
        self.turns.append(Turn(draft.speaker, text, draft.start, draft.end, draft.line))
