"""Personas after a participant is erased: each persona they belonged to is rebuilt from its remaining
members' evidence (name, canvas, quotes), or removed when none remain; researchers' edits lose pins of
the erased utterances and any text quoting or naming the participant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from app.analysis.evidence import EvidenceSet, load_evidence
from app.analysis.models import AnalysisRun
from app.participants.models import Participant
from app.personas.models import Persona, PersonaMember
from app.personas.service import _population, members_of, profile_of, run_personas
from nlp.aggregate.canvas import build_canvas, canvas_to_dict


def personas_of(session: Session, participant_id: int) -> list[int]:
    """Personas the participant belongs to (read before the participant goes)."""
    query = select(PersonaMember.persona_id).where(PersonaMember.participant_id == participant_id)
    return sorted(session.exec(query))


def rebuild_personas(session: Session, *, project_id: int, persona_ids: list[int]) -> tuple[int, int]:
    """Rebuild these personas without the erased participant; (rebuilt, removed)."""
    personas = [p for p in (session.get(Persona, i) for i in persona_ids) if p is not None]
    if not personas:
        return 0, 0
    found = load_evidence(session, project_id=project_id)
    rebuilt = removed = 0
    for persona in personas:
        if _rebuild(session, persona, found):
            rebuilt += 1
        else:
            session.delete(persona)
            removed += 1
    session.flush()
    return rebuilt, removed


def _rebuild(session: Session, persona: Persona, found: EvidenceSet) -> bool:
    keys = members_of(session, persona_id=persona.id or 0)
    run = session.get(AnalysisRun, persona.run_id)
    if not keys or run is None:
        return False
    people = session.exec(
        select(Participant).where(col(Participant.id).in_(keys)).order_by(col(Participant.id))
    )
    profiles = [profile_of(p) for p in people]
    evidence = _population(session, run, found).evidence
    own = [e for e in evidence if e.participant in {p.key for p in profiles}]
    taken = [p.name for p in run_personas(session, run_id=run.id or 0) if p.id != persona.id]
    canvas = build_canvas(persona.number, profiles, own, corpus=evidence, taken_names=taken)
    persona.name, persona.initials = canvas.name[:200], canvas.initials[:4]
    persona.size, persona.canvas = len(profiles), canvas_to_dict(canvas)
    session.add(persona)
    return True


def scrub_persona_edits(
    session: Session, *, project_id: int, ids: set[int], clean: Callable[[str], str]
) -> int:
    """Researchers' edits of every persona of the project: pins of erased utterances and text quoting or
    naming the participant; how many personas changed."""
    changed = 0
    for persona in session.exec(select(Persona).where(Persona.project_id == project_id)):
        edits = {key: _scrub_field(field, ids, clean) for key, field in persona.edits.items()}
        if edits != persona.edits:
            persona.edits = edits  # a new dict, so the JSON column is seen as changed
            session.add(persona)
            changed += 1
    return changed


def _scrub_field(field: dict[str, Any], ids: set[int], clean: Callable[[str], str]) -> dict[str, Any]:
    out = dict(field)
    for key in ("pinned", "removed"):
        if key in out:
            out[key] = [i for i in out[key] if i not in ids]
    if isinstance(out.get("value"), str):
        out["value"] = clean(out["value"])
    return out
