"""What journey-map and forces pages, the API and exports show."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from app.exports.render import ExportFormat, export, quotes_text
from app.journeys import service
from app.projects.models import Project
from app.quotes import attribute_quotes, speaker_names
from nlp.aggregate import journey as journey_lib
from nlp.aggregate.quotes import shown_text

CURVE_WIDTH, CURVE_HEIGHT, CURVE_PAD = 760, 200, 60
JOURNEY_COLUMNS = (
    "stage", "row", "label", "count", "participants", "utterance_ids", "quotes", "said_by", "support",
)  # fmt: skip
FORCE_COLUMNS = ("force", "utterances", "participants", "quote", "said_by", "utterance_id")
_NO_EMOTION = journey_lib.EmotionCell(0, None, None, None, None, None, [], [])


@dataclass(frozen=True, slots=True)
class ShownMap:
    """A journey map as a page or the API shows it, and where it came from.

    Attributes:
        journey: The map, current or read back from a saved version.
        version: The saved version's id, label and time; None for the current map.
        left_out: The note on no-content utterances left out (current map only).
    """

    journey: journey_lib.JourneyMap
    version: dict[str, Any] | None = None
    left_out: str = ""

    def as_dict(self) -> dict[str, Any]:
        """`journey_to_dict`'s shape plus `version` and `left_out` (what the API and templates read)."""
        shown = {"version": self.version, "left_out": self.left_out}
        return {**journey_lib.journey_to_dict(self.journey), **shown}


def shown_map(
    session: Session, *, project: Project, persona_id: int | None, snapshot_id: int | None
) -> ShownMap:
    """The current map (overall or one persona's), or a saved version read back as a `JourneyMap`."""
    if snapshot_id is not None:
        snapshot = service.get_snapshot(session, project=project, snapshot_id=snapshot_id)
        saved = {"id": snapshot.id, "label": snapshot.label, "saved": snapshot.created_at}
        return ShownMap(journey_lib.journey_from_dict(snapshot.data), version=saved)
    persona = service.persona_in(session, project=project, persona_id=persona_id)
    found = service.evidence_for(session, project=project, persona=persona)
    journey = service.build_map(session, project=project, persona=persona, found=found)
    return ShownMap(journey, left_out=found.left_out_note())


def shown_dict(session: Session, shown: ShownMap) -> dict[str, Any]:
    """`ShownMap.as_dict` with its quotes as pages, the API and exports show them (`attribute_quotes`):
    who said each, transcription notes left out."""
    return attribute_quotes(session, shown.as_dict())


def emotion_curve(journey: journey_lib.JourneyMap) -> dict[str, Any]:
    """Points, interval bars and axis positions for the inline SVG emotion curve.

    The scale fits the data (at least -0.25..0.25, in steps of 0.25) so that differences between
    stages show even when most talk is close to neutral; the axis says which scale is used.
    """
    stages = journey.stages
    cells = [journey.emotions.get(stage.id) for stage in stages]
    values = [abs(v) for c in cells if c for v in (c.mean_valence, c.low, c.high) if v is not None]
    scale = max(0.25, math.ceil(max(values, default=0.0) / 0.25) * 0.25)
    step = (CURVE_WIDTH - 2 * CURVE_PAD) / max(1, len(stages) - 1)

    def y(value: float | None) -> float | None:
        if value is None:
            return None
        return round(CURVE_PAD / 2 + (1 - value / scale) / 2 * (CURVE_HEIGHT - CURVE_PAD), 1)

    points = []
    for i, (stage, cell) in enumerate(zip(stages, cells, strict=True)):
        cell = cell or _NO_EMOTION
        points.append({
            "x": round(CURVE_PAD + i * step if len(stages) > 1 else CURVE_WIDTH / 2, 1),
            "name": stage.name, "n": cell.n, "mean": _shown(cell.mean_valence), "dominant": cell.dominant,
            "feeling": journey_lib.feeling(cell),
            "y": y(cell.mean_valence), "low": y(cell.low), "high": y(cell.high),
        })  # fmt: skip
    drawn = [p for p in points if p["y"] is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(drawn))
    axis = {"zero": y(0.0), "top": y(scale), "bottom": y(-scale), "scale": scale}
    return {"width": CURVE_WIDTH, "height": CURVE_HEIGHT, **axis, "points": points, "path": path}


def _shown(value: float | None) -> float | None:
    """Rounded as the page prints it, without a minus on zero (-0.003 would read "-0.00")."""
    return None if value is None else round(value, 2) + 0.0


def rows_of(
    journey: journey_lib.JourneyMap, said_by: Mapping[int, str] | None = None
) -> list[dict[str, Any]]:
    """One CSV row per claim: stage, row, label, counts, evidence ids, quotes and who said each (`said_by`:
    utterance id -> name, from `app.quotes.speaker_names`), in the quotes' order, " | " between."""
    names = {s.id: s.name for s in journey.stages}
    notes = {sid: support.note for sid, support in journey.support.items() if support.low}
    speakers = said_by or {}

    def row(stage_id: str, kind: str, label: str, **rest: Any) -> dict[str, Any]:
        blank = dict.fromkeys(JOURNEY_COLUMNS[3:], "")
        return {"stage": names.get(stage_id, stage_id), "row": kind, "label": label, **blank, **rest}

    out = [
        row(sid, kind, item.label, count=item.count, participants=item.participants,
            utterance_ids=_ids(item.utterance_ids), quotes=quotes_text(asdict(q) for q in item.quotes),
            said_by=" | ".join(speakers.get(q.utterance_id, "") for q in item.quotes),
            support=item.support_note or notes.get(sid, ""))
        for kind, by_stage in journey.rows.items() for sid, items in by_stage.items() for item in items
    ]  # fmt: skip
    out += [
        row(sid, "emotions", _feeling(cell), count=cell.n, utterance_ids=_ids(cell.utterance_ids),
            quotes=_valence(cell), support=notes.get(sid, ""))
        for sid, cell in journey.emotions.items()
    ]  # fmt: skip
    for sid, ideas in journey.opportunities.items():
        out += [row(sid, "opportunities", o.text, quotes=_answers(o)) for o in ideas]
    out += [row(sid, "kpis", goal) for sid, goals in journey.kpis.items() for goal in goals]
    return out


def _valence(cell: journey_lib.EmotionCell) -> str:
    """The mean valence and its interval; blank where the stage has no utterance (and so no mean)."""
    if cell.mean_valence is None:
        return ""
    interval = f" [{cell.low}, {cell.high}]" if cell.low is not None and cell.high is not None else ""
    return f"mean valence {cell.mean_valence}{interval}"


def _feeling(cell: journey_lib.EmotionCell) -> str:
    """The cell's emotions in the words the map uses; blank for a stage nobody's emotions reached."""
    return str(journey_lib.feeling(cell)) if cell.n or cell.dominant else ""


def _ids(ids: list[int]) -> str:
    return " ".join(map(str, ids))


def _answers(idea: journey_lib.Opportunity) -> str:
    return f"feasibility {idea.feasibility}; answers {', '.join(idea.pain_points)}"


def export_map(
    request: Request, session: Session, shown: ShownMap, *, project: Project, fmt: ExportFormat
) -> Response:
    journey, data = shown.journey, shown_dict(session, shown)
    quoted = (q.utterance_id for cells in journey.rows.values() for items in cells.values() for i in items
              for q in i.quotes)  # fmt: skip
    title = f"{project.name}-journey" + (f"-{journey.persona}" if journey.persona else "")
    context = {
        "project": project,
        "map": data,
        "curve": emotion_curve(journey),
        "row_titles": journey_lib.ROW_TITLES,
    }
    return export(
        request,
        fmt=fmt,
        name=title,
        data=data,
        template="journey",
        context=context,
        rows=rows_of(journey, speaker_names(session, quoted)),
        columns=JOURNEY_COLUMNS,
    )


def forces_data(session: Session, *, project: Project, persona_id: int | None) -> dict[str, Any]:
    persona = service.persona_in(session, project=project, persona_id=persona_id)
    found = service.forces(session, project=project, persona=persona)
    data = {"persona": persona.name if persona else None, "forces": [_plain(f) for f in found]}
    return attribute_quotes(session, data)


def _plain(summary: Any) -> dict[str, Any]:
    return asdict(summary)


def export_forces(request: Request, data: dict[str, Any], *, project: Project, fmt: ExportFormat) -> Response:
    rows = [
        {
            "force": f["force"],
            "utterances": f["utterances"],
            "participants": f["participants"],
            "quote": shown_text(q["text"], q.get("before")) if q else "",
            "said_by": (q.get("said_by") or "") if q else "",
            "utterance_id": q["utterance_id"] if q else "",
        }
        for f in data["forces"]
        for q in (f["quotes"] or [None])
    ]
    return export(
        request,
        fmt=fmt,
        name=f"{project.name}-forces",
        data=data,
        template="forces",
        context={"project": project, "data": data},
        rows=rows,
        columns=FORCE_COLUMNS,
    )
