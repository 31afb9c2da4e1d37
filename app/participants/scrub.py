"""Taking an erased participant's words out of stored text and JSON (snapshots, edits, labels).

Derived rows that can be recomputed (persona canvases, theme labels) are recomputed; what is kept as
written (saved map versions, researchers' notes and edits) is scrubbed with these helpers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ERASED = "[erased]"
# Shorter sentences ("Yes.", "Right, okay.") are too common to tell whose they were.
MIN_SENTENCE_CHARS = 12
MIN_NAME_PART = 3


@dataclass(frozen=True)
class Scrubber:
    """Replaces the participant's sentences and (when stored in clear) their name in free text.

    Attributes:
        sentences: The texts of their utterances.
        names: Their name and its parts, matched as whole words, case-sensitive.
    """

    sentences: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    _patterns: list[re.Pattern[str]] = field(default_factory=list, init=False, compare=False)

    def __post_init__(self) -> None:
        said = sorted((s for s in self.sentences if len(s) >= MIN_SENTENCE_CHARS), key=len, reverse=True)
        if said:
            self._patterns.append(re.compile("|".join(re.escape(s) for s in said)))
        if self.names:
            words = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
            self._patterns.append(re.compile(rf"(?<!\w)(?:{words})(?!\w)"))

    def clean(self, text: str) -> str:
        for pattern in self._patterns:
            text = pattern.sub(ERASED, text)
        return text

    def clean_label(self, text: str) -> str:
        """Names in file names and titles: any case, with `_`, `-` and `.` as word breaks ("wren_q.txt")."""
        if not self.names:
            return text
        words = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        return re.sub(rf"(?i)(?<![^\W_])(?:{words})(?![^\W_])", "erased", text)


def scrubber_for(texts: Iterable[str], *, name: str | None) -> Scrubber:
    """A scrubber for these sentences and this name (None when the name is not stored in clear)."""
    return Scrubber(frozenset(t.strip() for t in texts if t.strip()), name_forms(name) if name else ())


def name_forms(name: str) -> tuple[str, ...]:
    """The full name and each capitalised part long enough not to be a common word ("Daniel", "Reyes")."""
    parts = [p for p in re.findall(r"[^\W\d_][\w'-]*", name) if len(p) >= MIN_NAME_PART and p[0].isupper()]
    return tuple(dict.fromkeys([name.strip(), *parts]))


def scrub_json(value: Any, *, ids: set[int], who: str, scrubber: Scrubber) -> Any:
    """A copy of `value` without the erased utterances: quotes of theirs dropped, their ids taken out of
    `utterance_ids` (with `count` and `participants` following), claims left with no evidence dropped,
    and every string cleaned."""
    if isinstance(value, str):
        return scrubber.clean(value)
    if isinstance(value, list):
        items = [scrub_json(v, ids=ids, who=who, scrubber=scrubber) for v in value]
        return [item for item in items if item is not _DROP]
    if isinstance(value, dict):
        return _scrub_dict(value, ids=ids, who=who, scrubber=scrubber)
    return value


_DROP = object()


def _scrub_dict(value: dict[str, Any], *, ids: set[int], who: str, scrubber: Scrubber) -> Any:
    out = {k: scrub_json(v, ids=ids, who=who, scrubber=scrubber) for k, v in value.items()}
    out = {k: None if v is _DROP else v for k, v in out.items()}
    if "utterance_id" in value and (value["utterance_id"] in ids or str(value.get("participant")) == who):
        return _DROP
    before = value.get("utterance_ids")
    if not isinstance(before, list):
        return out
    kept = [i for i in before if i not in ids]
    out["utterance_ids"] = kept
    if len(kept) == len(before):
        return out
    if not kept and "label" in value:
        return _DROP  # a claim only the erased participant supported
    if isinstance(value.get("count"), int):
        out["count"] = len(kept)
    if isinstance(value.get("participants"), int):
        out["participants"] = max(0, value["participants"] - 1)
    return out


def erased_ids_in(value: Any, ids: set[int]) -> set[int]:
    """Which of `ids` a JSON document cites (in `utterance_ids` lists or as a quote's `utterance_id`)."""
    found: set[int] = set()
    if isinstance(value, list):
        for item in value:
            found |= erased_ids_in(item, ids)
    elif isinstance(value, dict):
        if value.get("utterance_id") in ids:
            found.add(value["utterance_id"])
        cited = value.get("utterance_ids")
        if isinstance(cited, list):
            found |= {i for i in cited if i in ids}
        for item in value.values():
            found |= erased_ids_in(item, ids)
    return found
