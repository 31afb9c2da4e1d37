"""Journey maps drawn from a project's evidence, the researcher's opportunities and KPIs, and snapshots."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlmodel import Session, col, select

from app.analysis.evidence import EvidenceSet, load_evidence
from app.errors import MAX_ID, InvalidInput, NotFound
from app.frameworks.service import journey_stages
from app.journeys.models import (
    JourneySnapshot,
    Opportunity,
    OpportunityCreate,
    SnapshotCreate,
    StageGoal,
    StageGoalCreate,
)
from app.personas.models import Persona
from app.personas.service import get_persona, members_of
from app.projects.models import Project
from app.themes.service import member_theme_labels
from nlp.aggregate import journey as journey_lib
from nlp.aggregate.forces_diagram import forces_diagram
from nlp.aggregate.journey_diff import compare_maps


def stages_of(session: Session, *, project: Project) -> list[journey_lib.Stage]:
    return journey_stages(session, project_id=project.id or 0, framework_id=project.framework)


def _stage_ids(session: Session, project: Project) -> set[str]:
    return {s.id for s in stages_of(session, project=project)}


def pain_groups(session: Session, *, project_id: int) -> dict[int, str]:
    """Utterance id -> theme label, from the latest themes run over pain points (if there is one)."""
    return member_theme_labels(session, project_id=project_id, scope="pain_point")


def evidence_for(session: Session, *, project: Project, persona: Persona | None = None) -> EvidenceSet:
    """The evidence a map rests on: the project's, or one persona's participants'."""
    people = members_of(session, persona_id=persona.id or 0) if persona else None
    return load_evidence(session, project_id=project.id or 0, participant_ids=people, embeddings=False)


def build_map(
    session: Session, *, project: Project, persona: Persona | None = None, found: EvidenceSet | None = None
) -> journey_lib.JourneyMap:
    """The current map, overall or for one persona's participants (from `found` when already loaded)."""
    if found is None:
        found = evidence_for(session, project=project, persona=persona)
    opportunities = [
        journey_lib.Opportunity(
            id=o.id or 0,
            text=o.text,
            stage=o.stage,
            feasibility=o.feasibility,
            pain_points=list(o.pain_points),
        )
        for o in list_opportunities(session, project_id=project.id or 0)
    ]
    kpis: dict[str, list[str]] = {}
    for goal in list_goals(session, project_id=project.id or 0):
        kpis.setdefault(goal.stage, []).append(goal.text)
    return journey_lib.build_journey_map(
        stages_of(session, project=project),
        found.evidence,
        framework=project.framework,
        persona=persona.name if persona else None,
        pain_groups=pain_groups(session, project_id=project.id or 0),
        opportunities=opportunities,
        kpis=kpis,
    )


def forces(session: Session, *, project: Project, persona: Persona | None = None) -> list[Any]:
    people = members_of(session, persona_id=persona.id or 0) if persona else None
    found = load_evidence(session, project_id=project.id or 0, participant_ids=people, embeddings=False)
    return forces_diagram(found.evidence)


def persona_in(session: Session, *, project: Project, persona_id: int | None) -> Persona | None:
    if persona_id is None:
        return None
    persona = get_persona(session, persona_id=persona_id)
    if persona.project_id != project.id:
        raise NotFound(f"Persona {persona_id} does not exist in this project.")
    return persona


# --- researcher inputs --------------------------------------------------------------------------


def list_opportunities(session: Session, *, project_id: int) -> list[Opportunity]:
    query = select(Opportunity).where(Opportunity.project_id == project_id).order_by(col(Opportunity.id))
    return list(session.exec(query))


def add_opportunity(
    session: Session, *, project: Project, data: OpportunityCreate, user_id: int | None
) -> Opportunity:
    if data.stage not in _stage_ids(session, project):
        raise InvalidInput(f"Stage {data.stage!r} is not in the project's framework ({project.framework}).")
    opportunity = Opportunity(**data.model_dump(), project_id=project.id or 0, created_by=user_id)
    opportunity.pain_points = [p.strip() for p in data.pain_points if p.strip()]
    session.add(opportunity)
    session.flush()
    return opportunity


def delete_opportunity(session: Session, *, project: Project, opportunity_id: int) -> None:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.project_id != project.id:
        raise NotFound(f"Opportunity {opportunity_id} does not exist in this project.")
    session.delete(opportunity)


def list_goals(session: Session, *, project_id: int) -> list[StageGoal]:
    return list(
        session.exec(select(StageGoal).where(StageGoal.project_id == project_id).order_by(col(StageGoal.id)))
    )


def add_goal(session: Session, *, project: Project, data: StageGoalCreate) -> StageGoal:
    if data.stage not in _stage_ids(session, project):
        raise InvalidInput(f"Stage {data.stage!r} is not in the project's framework ({project.framework}).")
    goal = StageGoal(**data.model_dump(), project_id=project.id or 0)
    session.add(goal)
    session.flush()
    return goal


def delete_goal(session: Session, *, project: Project, goal_id: int) -> None:
    goal = session.get(StageGoal, goal_id)
    if goal is None or goal.project_id != project.id:
        raise NotFound(f"KPI {goal_id} does not exist in this project.")
    session.delete(goal)


# --- versions -----------------------------------------------------------------------------------


def save_snapshot(
    session: Session, *, project: Project, data: SnapshotCreate, user_id: int | None
) -> JourneySnapshot:
    persona = persona_in(session, project=project, persona_id=data.persona_id)
    journey = build_map(session, project=project, persona=persona)
    count = len(list_snapshots(session, project_id=project.id or 0))
    snapshot = JourneySnapshot(
        project_id=project.id or 0,
        persona_id=persona.id if persona else None,
        persona_name=persona.name if persona else None,
        framework=project.framework,
        label=data.label.strip() or f"Version {count + 1}",
        data=journey_lib.journey_to_dict(journey),
        created_by=user_id,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def list_snapshots(session: Session, *, project_id: int) -> list[JourneySnapshot]:
    query = (
        select(JourneySnapshot)
        .where(JourneySnapshot.project_id == project_id)
        .order_by(col(JourneySnapshot.id).desc())
    )
    return list(session.exec(query))


def get_snapshot(session: Session, *, project: Project, snapshot_id: int) -> JourneySnapshot:
    # `old` and `new` are query ids not named `..._id`, so check_path_ids does not range-check them.
    snapshot = session.get(JourneySnapshot, snapshot_id) if 1 <= snapshot_id <= MAX_ID else None
    if snapshot is None or snapshot.project_id != project.id:
        raise NotFound(f"Journey map version {snapshot_id} does not exist in this project.")
    return snapshot


def compare(session: Session, *, project: Project, old_id: int, new_id: int | None) -> dict[str, Any]:
    """What changed from one saved version to another (or to the current map when `new_id` is None)."""
    old = get_snapshot(session, project=project, snapshot_id=old_id)
    if new_id is None:
        persona = persona_in(session, project=project, persona_id=old.persona_id)
        new_data, new_label = (
            journey_lib.journey_to_dict(build_map(session, project=project, persona=persona)),
            "Current map",
        )
    else:
        new = get_snapshot(session, project=project, snapshot_id=new_id)
        new_data, new_label = new.data, new.label
    diff = compare_maps(old.data, new_data)
    return {
        "old": old.label,
        "new": new_label,
        "summary": diff.summary,
        "changes": [asdict(change) for change in diff.changes],
        # Stage id -> name as the two maps give it (a stage removed since still has its old name).
        "stage_names": {
            stage["id"]: stage.get("name")
            for data in (old.data, new_data)
            for stage in data.get("stages", [])
        },
    }
