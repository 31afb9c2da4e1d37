"""What journey-map and forces pages, the API and exports show."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from app.exports.render import ExportFormat, export, quotes_text
from app.journeys import service
from app.projects.models import Project
from app.quotes import attribute_quotes
from nlp.aggregate import journey as journey_lib
from nlp.aggregate.support import Support

CURVE_WIDTH, CURVE_HEIGHT, CURVE_PAD = 760, 200, 60


def map_data(
    session: Session, *, project: Project, persona_id: int | None, snapshot_id: int | None
) -> dict[str, Any]:
    """The map as a dict (journey_to_dict's shape), current or a saved version, plus where it came from."""
    if snapshot_id is not None:
        snapshot = service.get_snapshot(session, project=project, snapshot_id=snapshot_id)
        return {
            **snapshot.data,
            "version": {"id": snapshot.id, "label": snapshot.label, "saved": snapshot.created_at},
        }
    persona = service.persona_in(session, project=project, persona_id=persona_id)
    found = service.evidence_for(session, project=project, persona=persona)
    journey = service.build_map(session, project=project, persona=persona, found=found)
    return {
        **journey_lib.journey_to_dict(journey),
        "version": None,
        "left_out": found.left_out_note(),
    }


def emotion_curve(data: dict[str, Any]) -> dict[str, Any]:
    """Points, interval bars and axis positions for the inline SVG emotion curve.

    The scale fits the data (at least -0.25..0.25, in steps of 0.25) so that differences between
    stages show even when most talk is close to neutral; the axis says which scale is used.
    """
    stages = data["stages"]
    cells = [data["emotions"].get(stage["id"]) or {} for stage in stages]
    values = [abs(c[k]) for c in cells for k in ("mean_valence", "low", "high") if c.get(k) is not None]
    scale = max(0.25, math.ceil(max(values, default=0.0) / 0.25) * 0.25)
    step = (CURVE_WIDTH - 2 * CURVE_PAD) / max(1, len(stages) - 1)

    def y(value: float) -> float:
        return round(CURVE_PAD / 2 + (1 - value / scale) / 2 * (CURVE_HEIGHT - CURVE_PAD), 1)

    points = []
    for i, (stage, cell) in enumerate(zip(stages, cells, strict=True)):
        mean = cell.get("mean_valence")
        points.append({
            "x": round(CURVE_PAD + i * step if len(stages) > 1 else CURVE_WIDTH / 2, 1),
            "name": stage["name"], "n": cell.get("n", 0), "mean": mean, "dominant": cell.get("dominant"),
            "y": y(mean) if mean is not None else None,
            "low": y(cell["low"]) if cell.get("low") is not None else None,
            "high": y(cell["high"]) if cell.get("high") is not None else None,
        })  # fmt: skip
    drawn = [p for p in points if p["y"] is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(drawn))
    axis = {"zero": y(0.0), "top": y(scale), "bottom": y(-scale), "scale": scale}
    return {"width": CURVE_WIDTH, "height": CURVE_HEIGHT, **axis, "points": points, "path": path}


def rows_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV row per claim: stage, row, label, counts, evidence ids and quotes."""
    names = {s["id"]: s["name"] for s in data["stages"]}
    notes = support_notes(data)
    out: list[dict[str, Any]] = []
    for row, by_stage in data["rows"].items():
        for stage_id, items in by_stage.items():
            out += [
                {
                    "stage": names.get(stage_id, stage_id),
                    "row": row,
                    "label": item["label"],
                    "count": item["count"],
                    "participants": item["participants"],
                    "utterance_ids": " ".join(map(str, item["utterance_ids"])),
                    "quotes": quotes_text(item["quotes"]),
                    "support": notes.get(stage_id, ""),
                }
                for item in items
            ]
    for stage_id, cell in data["emotions"].items():
        out.append(
            {
                "stage": names.get(stage_id, stage_id),
                "row": "emotions",
                "label": cell.get("dominant") or "",
                "count": cell.get("n", 0),
                "participants": "",
                "utterance_ids": " ".join(map(str, cell["utterance_ids"])),
                "quotes": f"mean valence {cell.get('mean_valence')} [{cell.get('low')}, {cell.get('high')}]",
                "support": notes.get(stage_id, ""),
            }
        )
    for stage_id, items in data["opportunities"].items():
        out += [
            {
                "stage": names.get(stage_id, stage_id),
                "row": "opportunities",
                "label": o["text"],
                "count": "",
                "participants": "",
                "utterance_ids": "",
                "quotes": f"feasibility {o['feasibility']}; answers {', '.join(o['pain_points'])}",
                "support": "",
            }
            for o in items
        ]
    for stage_id, goals in data["kpis"].items():
        out += [
            {
                "stage": names.get(stage_id, stage_id),
                "row": "kpis",
                "label": goal,
                "count": "",
                "participants": "",
                "utterance_ids": "",
                "quotes": "",
                "support": "",
            }
            for goal in goals
        ]
    return out


def support_notes(data: dict[str, Any]) -> dict[str, str]:
    """Stage id -> "low support: 3 utterances, 1 participant" for each low-support stage."""
    notes = {}
    for stage_id, raw in (data.get("support") or {}).items():
        support = Support(int(raw["utterances"]), int(raw["participants"]))
        if support.low:
            notes[stage_id] = support.note
    return notes


def export_map(request: Request, data: dict[str, Any], *, project: Project, fmt: ExportFormat) -> Response:
    title = f"{project.name}-journey" + (f"-{data['persona']}" if data.get("persona") else "")
    context = {
        "project": project,
        "map": data,
        "curve": emotion_curve(data),
        "row_titles": journey_lib.ROW_TITLES,
    }
    return export(
        request, fmt=fmt, name=title, data=data, template="journey", context=context, rows=rows_of(data)
    )


def forces_data(session: Session, *, project: Project, persona_id: int | None) -> dict[str, Any]:
    persona = service.persona_in(session, project=project, persona_id=persona_id)
    found = service.forces(session, project=project, persona=persona)
    data = {"persona": persona.name if persona else None, "forces": [_plain(f) for f in found]}
    return attribute_quotes(session, data)


def _plain(summary: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(summary)


def export_forces(request: Request, data: dict[str, Any], *, project: Project, fmt: ExportFormat) -> Response:
    rows = [
        {
            "force": f["force"],
            "utterances": f["utterances"],
            "participants": f["participants"],
            "quote": q["text"] if q else "",
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
    )
