"""Compare two saved versions of a journey map: what changed after new interviews.

Items are matched by label within a stage and row, opportunities by id, KPIs by text. A valence
shift is reported when the rounded (two-decimal) means differ, and flagged when it exceeds
VALENCE_SHIFT; the summary mentions unflagged shifts only for stages with nothing else to say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from nlp.aggregate.journey import ITEM_ROWS, ROW_KEYS, CellItem, JourneyMap, journey_from_dict

VALENCE_SHIFT = 0.1
MAX_LISTED = 3
NO_CHANGES = "No changes between the two versions."
_NOUNS = {
    "script": "script item",
    "touchpoints": "touchpoint",
    "actions": "action",
    "thoughts": "thought",
    "pain_points": "pain point",
    "channels": "channel",
    "teams": "team",
    "opportunities": "opportunity",
    "kpis": "KPI",
}


@dataclass(slots=True)
class Change:
    """One difference between two versions.

    Attributes:
        stage: Stage id, or "" for the map as a whole.
        row: A ROW_KEYS key, "stages" (a column added or removed) or "totals".
        kind: "added", "removed" or "changed".
        label: What changed: an item label, "mean valence", "dominant emotion", an opportunity's or a
            KPI's text, a stage name, or a total ("participants", "utterances", "unstaged", ...).
        before: The old value (an item's count, a valence, an opportunity as a dict); None if added.
        after: The new value; None if removed.
        flagged: For a valence change, whether it is larger than VALENCE_SHIFT (or appears or vanishes).
    """

    stage: str
    row: str
    kind: str
    label: str
    before: Any = None
    after: Any = None
    flagged: bool = False


@dataclass(slots=True)
class JourneyDiff:
    """All changes, in map order, and human sentences about them, most important first."""

    changes: list[Change]
    summary: list[str]


def compare_maps(old: Mapping[str, Any], new: Mapping[str, Any]) -> JourneyDiff:
    """Compare two `journey_to_dict` outputs, the older first.

    Raises:
        ValueError: either is not journey map data of the current schema version.
    """
    before, after = journey_from_dict(old), journey_from_dict(new)
    changes = _totals(before, after)
    names = {stage.id: stage.name for stage in [*before.stages, *after.stages]}
    for stage_id in _stage_order(before, after):
        changes += _stage_changes(before, after, stage_id)
    return JourneyDiff(changes, summarise(changes, names))


def _stage_order(before: JourneyMap, after: JourneyMap) -> list[str]:
    ids = [stage.id for stage in after.stages]
    return ids + [stage.id for stage in before.stages if stage.id not in ids]


def _totals(before: JourneyMap, after: JourneyMap) -> list[Change]:
    pairs = {
        "framework": (before.framework, after.framework),
        "persona": (before.persona, after.persona),
        "participants": (before.participants, after.participants),
        "utterances": (before.utterances, after.utterances),
        "unstaged": (before.unstaged, after.unstaged),
    }
    return [Change("", "totals", "changed", label, a, b) for label, (a, b) in pairs.items() if a != b]


def _stage_changes(before: JourneyMap, after: JourneyMap, stage_id: str) -> list[Change]:
    old_ids = {stage.id: stage.name for stage in before.stages}
    new_ids = {stage.id: stage.name for stage in after.stages}
    if stage_id not in old_ids:
        return [Change(stage_id, "stages", "added", new_ids[stage_id])]
    if stage_id not in new_ids:
        return [Change(stage_id, "stages", "removed", old_ids[stage_id])]
    changes: list[Change] = []
    for row in ROW_KEYS:
        if row in ITEM_ROWS:
            old_items = before.rows.get(row, {}).get(stage_id, [])
            changes += _item_changes(stage_id, row, old_items, after.rows.get(row, {}).get(stage_id, []))
    changes += _emotion_changes(before, after, stage_id)
    changes += _opportunity_changes(before, after, stage_id)
    old_goals, new_goals = before.kpis.get(stage_id, []), after.kpis.get(stage_id, [])
    changes += [Change(stage_id, "kpis", "added", goal) for goal in new_goals if goal not in old_goals]
    changes += [Change(stage_id, "kpis", "removed", goal) for goal in old_goals if goal not in new_goals]
    return changes


def _item_changes(stage_id: str, row: str, old: Sequence[CellItem], new: Sequence[CellItem]) -> list[Change]:
    """Items added, removed, or whose count changed, each kind sorted by label."""
    was = {item.label: item.count for item in old}
    now = {item.label: item.count for item in new}
    added = [
        Change(stage_id, row, "added", label, None, now[label]) for label in sorted(now.keys() - was.keys())
    ]
    removed = [
        Change(stage_id, row, "removed", label, was[label], None) for label in sorted(was.keys() - now)
    ]
    changed = [
        Change(stage_id, row, "changed", label, was[label], now[label])
        for label in sorted(was.keys() & now.keys())
        if was[label] != now[label]
    ]
    return added + removed + changed


def _emotion_changes(before: JourneyMap, after: JourneyMap, stage_id: str) -> list[Change]:
    old, new = before.emotions.get(stage_id), after.emotions.get(stage_id)
    a = old.mean_valence if old else None
    b = new.mean_valence if new else None
    changes: list[Change] = []
    if _rounded(a) != _rounded(b):
        flagged = a is None or b is None or abs(b - a) > VALENCE_SHIFT
        changes.append(Change(stage_id, "emotions", "changed", "mean valence", a, b, flagged))
    old_dominant, new_dominant = (old.dominant if old else None), (new.dominant if new else None)
    if old_dominant != new_dominant:
        changes.append(
            Change(stage_id, "emotions", "changed", "dominant emotion", old_dominant, new_dominant)
        )
    return changes


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _opportunity_changes(before: JourneyMap, after: JourneyMap, stage_id: str) -> list[Change]:
    was = {o.id: asdict(o) for o in before.opportunities.get(stage_id, [])}
    now = {o.id: asdict(o) for o in after.opportunities.get(stage_id, [])}
    row = "opportunities"
    return (
        [
            Change(stage_id, row, "added", now[i]["text"], None, now[i])
            for i in sorted(now.keys() - was.keys())
        ]
        + [Change(stage_id, row, "removed", was[i]["text"], was[i], None) for i in sorted(was.keys() - now)]
        + [
            Change(stage_id, row, "changed", now[i]["text"], was[i], now[i])
            for i in sorted(was.keys() & now.keys())
            if was[i] != now[i]
        ]
    )


def summarise(changes: Sequence[Change], names: Mapping[str, str]) -> list[str]:
    """Sentences about `changes`: the totals first, then one per stage, most important stage first.

    Args:
        changes: What `compare_maps` found.
        names: Stage id -> stage name, for the sentences.
    """
    if not changes:
        return [NO_CHANGES]
    overall = [c for c in changes if not c.stage]
    sentences = [_totals_sentence(overall)] if overall else []
    by_stage: dict[str, list[Change]] = {}
    for change in changes:
        if change.stage:
            by_stage.setdefault(change.stage, []).append(change)
    ranked = sorted(by_stage.items(), key=lambda kv: -_importance(kv[1]))  # stable: map order on ties
    return sentences + [f"{names.get(stage, stage)}: {'; '.join(_parts(items))}." for stage, items in ranked]


def _totals_sentence(changes: Sequence[Change]) -> str:
    parts = [f"{change.label} {_show(change.before)} -> {_show(change.after)}" for change in changes]
    return "Overall: " + "; ".join(parts) + "."


_WEIGHTS = {
    ("pain_points", "added"): 3.0,
    ("pain_points", "removed"): 2.0,
    ("stages", "added"): 5.0,
    ("stages", "removed"): 5.0,
    ("opportunities", "added"): 0.5,
    ("opportunities", "removed"): 0.5,
    ("kpis", "added"): 0.5,
    ("kpis", "removed"): 0.5,
}


def _importance(changes: Sequence[Change]) -> float:
    """A stage's weight: new and lost pain points and big valence shifts count most."""
    total = 0.0
    for change in changes:
        if change.label == "mean valence":
            total += (
                2.0
                if change.before is None or change.after is None
                else 10 * abs(change.after - change.before)
            )
        elif change.label == "dominant emotion":
            total += 2.0
        elif change.kind == "changed":
            total += 0.25
        else:
            total += _WEIGHTS.get((change.row, change.kind), 1.0)
    return total


def _parts(changes: Sequence[Change]) -> list[str]:
    """The clauses of one stage's sentence, most important first."""

    def pick(row: str, kind: str) -> list[Change]:
        return [c for c in changes if c.row == row and c.kind == kind]

    parts = [f"stage {kind}" for kind in ("added", "removed") if pick("stages", kind)]
    parts += _listed(pick("pain_points", "added"), "new {}", "pain_points")
    parts += _listed(pick("pain_points", "removed"), "{} no longer mentioned", "pain_points")
    parts += [_valence(c) for c in changes if c.label == "mean valence" and c.flagged]
    parts += [
        f"dominant emotion {_show(c.before)} -> {_show(c.after)}"
        for c in changes
        if c.label == "dominant emotion"
    ]
    pain_counts = pick("pain_points", "changed")
    if pain_counts:
        shown = ", ".join(f"{c.label} {c.before} -> {c.after}" for c in pain_counts[:MAX_LISTED])
        parts.append(f"pain point counts {shown}{_more(pain_counts)}")
    for row in (*[r for r in ITEM_ROWS if r != "pain_points"], "opportunities", "kpis"):
        parts += _listed(pick(row, "added"), "new {}", row)
        parts += _listed(pick(row, "removed"), "{} gone", row)
    parts += _listed(pick("opportunities", "changed"), "{} edited", "opportunities")
    other = [c for c in changes if c.kind == "changed" and c.row in ITEM_ROWS and c.row != "pain_points"]
    if other:
        parts.append(f"{len(other)} other count{'s' if len(other) > 1 else ''} changed")
    if not parts:
        parts = [_valence(c) + " (small shift)" for c in changes if c.label == "mean valence"]
    return parts


def _listed(changes: Sequence[Change], template: str, row: str) -> list[str]:
    if not changes:
        return []
    noun = _plural(_NOUNS[row], len(changes))
    labels = ", ".join(c.label for c in changes[:MAX_LISTED])
    return [f"{len(changes)} {template.format(noun)} ({labels}{_more(changes)})"]


def _more(changes: Sequence[Change]) -> str:
    return f" and {len(changes) - MAX_LISTED} more" if len(changes) > MAX_LISTED else ""


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _valence(change: Change) -> str:
    return f"mean valence {_show(change.before)} -> {_show(change.after)}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
