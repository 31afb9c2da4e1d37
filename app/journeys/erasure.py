"""Saved journey-map versions after a participant is erased: a version keeps what the map said, less the
erased participant's quotes and evidence (claims only they supported are dropped); researchers'
opportunities and KPIs are cleaned of quotes and names."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from app.journeys.models import JourneySnapshot, Opportunity, StageGoal
from app.participants.scrub import Scrubber, erased_ids_in, scrub_json


def scrub_snapshots(session: Session, *, project_id: int, ids: set[int], who: str, scrubber: Scrubber) -> int:
    """Scrub every saved version of the project's maps; how many changed."""
    changed = 0
    for snapshot in session.exec(select(JourneySnapshot).where(JourneySnapshot.project_id == project_id)):
        data = _scrubbed(snapshot.data, ids=ids, who=who, scrubber=scrubber)
        label = scrubber.clean(snapshot.label)
        if data != snapshot.data or label != snapshot.label:
            snapshot.data, snapshot.label = data, label
            session.add(snapshot)
            changed += 1
    return changed


def _scrubbed(data: dict[str, Any], *, ids: set[int], who: str, scrubber: Scrubber) -> dict[str, Any]:
    cited = erased_ids_in(data, ids)
    out = dict(scrub_json(data, ids=ids, who=who, scrubber=scrubber))
    if cited and isinstance(data.get("utterances"), int):
        out["utterances"] = max(0, data["utterances"] - len(cited))
    if cited and isinstance(data.get("participants"), int):
        out["participants"] = max(0, data["participants"] - 1)
    return out


def scrub_inputs(session: Session, *, project_id: int, scrubber: Scrubber) -> int:
    """Opportunities and KPIs that quote or name the participant; how many changed."""
    changed = 0
    rows: list[Opportunity | StageGoal] = [
        *session.exec(select(Opportunity).where(Opportunity.project_id == project_id)),
        *session.exec(select(StageGoal).where(StageGoal.project_id == project_id)),
    ]
    for row in rows:
        text = scrubber.clean(row.text)
        if text != row.text:
            row.text = text
            session.add(row)
            changed += 1
    return changed
