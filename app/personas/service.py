"""Personas of a project: participants grouped from what they said and who they are, each a canvas.

The machine's canvas is stored as computed; researchers' edits sit beside it and follow the persona to
the next run when most of its members are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.analysis.evidence import EvidenceSet, load_evidence, with_left_out
from app.analysis.models import AnalysisKind, AnalysisRun
from app.errors import InvalidInput, NotFound
from app.jobs.models import JobStatus
from app.participants.models import Participant
from app.personas.models import Persona, PersonaFieldEdit, PersonaMember
from app.sources.models import Source, SourceKind
from app.utterances.models import Utterance
from app.words import plural
from nlp.aggregate.canvas import SECTION_KEYS, PersonaCanvas, build_personas, canvas_to_dict
from nlp.aggregate.personas import ParticipantProfile, PersonaGrouping, group_participants
from nlp.types import SpeakerRole

# A new persona inherits an old one's edits when their members overlap at least this much (Jaccard).
CARRY_OVER = 0.5
MAX_IMAGE_BYTES = 2_000_000
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def profile_of(participant: Participant) -> ParticipantProfile:
    return ParticipantProfile(
        key=str(participant.id),
        name=participant.pseudonym or participant.display_name,
        job_title=participant.job_title,
        company=participant.company,
        sector=participant.sector,
        company_size=participant.company_size,
        revenue_band=participant.revenue_band,
        committee_role=participant.committee_role,
        attributes=dict(participant.attributes or {}),
    )


@dataclass
class PersonaInputs:
    """What a personas run reads: the evidence, its speakers' profiles, and the grouping settings."""

    found: EvidenceSet
    profiles: list[ParticipantProfile]
    k: int | None
    max_k: int
    # The interviews among the sources (`Evidence.source` keys): a persona may not be one interview alone.
    conversations: set[str]


@dataclass
class PersonaOutcome:
    found: EvidenceSet
    profiles: list[ParticipantProfile]
    grouping: PersonaGrouping | None
    canvases: list[PersonaCanvas]


def read_personas(session: Session, run: AnalysisRun) -> PersonaInputs:
    """A personas run's first step, in a short read."""
    sources = _population_sources(session, run)
    found = load_evidence(session, project_id=run.project_id, source_ids=sources)
    speaking = {e.participant for e in found.evidence if e.participant is not None}
    query = select(Participant).where(Participant.project_id == run.project_id).order_by(col(Participant.id))
    profiles = [profile_of(p) for p in session.exec(query) if str(p.id) in speaking]
    interviews = select(Source.id).where(
        Source.project_id == run.project_id, Source.kind == SourceKind.INTERVIEW
    )
    conversations = {str(source_id) for source_id in session.exec(interviews)}
    k, max_k = run.settings.get("k"), int(run.settings.get("max_k", 6))
    return PersonaInputs(found, profiles, k, max_k, conversations)


def group_personas(inputs: PersonaInputs) -> PersonaOutcome:
    """The slow step (grouping, canvases), with no database session open."""
    if not inputs.profiles:
        return PersonaOutcome(inputs.found, [], None, [])
    found = inputs.found
    grouping = group_participants(
        inputs.profiles,
        found.evidence,
        found.embeddings,
        k=inputs.k,
        max_k=inputs.max_k,
        conversations=inputs.conversations,
    )
    return PersonaOutcome(
        found, inputs.profiles, grouping, build_personas(grouping, inputs.profiles, found.evidence)
    )


def store_personas(session: Session, run: AnalysisRun, outcome: PersonaOutcome) -> None:
    """The last step, in one short transaction: the personas, with edits carried over from the last run."""
    run.items = len(outcome.profiles)
    grouping = outcome.grouping
    if grouping is None:
        run.message = "No participant has coded utterances yet: import and code interviews or surveys first."
        return
    speaking = {int(profile.key) for profile in outcome.profiles}
    left_out = _left_out(session, run, speaking=speaking, reasons=grouping.left_out)
    run.settings = {
        **run.settings,
        "k_chosen": grouping.k,
        "chosen_by": grouping.chosen_by,
        "scores": {str(k): round(v, 4) for k, v in grouping.scores.items()},
        "left_out": left_out,
        **_conversations(session, grouping),
    }
    previous = previous_personas(session, run)
    for index, canvas in enumerate(outcome.canvases):
        keys = {int(key) for key in canvas.member_keys}
        persona = Persona(
            run_id=run.id or 0,
            project_id=run.project_id,
            number=index,
            name=canvas.name[:200],
            initials=canvas.initials[:4],
            size=len(keys),
            canvas=canvas_to_dict(canvas),
        )
        carry_over(persona, keys, previous)
        session.add(persona)
        session.flush()
        session.add_all(PersonaMember(persona_id=persona.id or 0, participant_id=key) for key in sorted(keys))
    why = CHOSEN_BY.get(grouping.chosen_by, grouping.chosen_by)
    if grouping.chosen_by == "user" and run.settings.get("k_set_by") == "demo":
        why = "number set by the demo"  # the demo queues its run with k; no researcher chose it
    grouped = len(outcome.profiles) - len(grouping.left_out)
    message = f"{plural(grouping.k, 'persona')} from {plural(grouped, 'participant')} ({why})"
    if left_out:
        message += f"; {len(left_out)} left out with too little substantive talk"
    run.message = with_left_out(message, outcome.found)


def _conversations(session: Session, grouping: PersonaGrouping) -> dict[str, Any]:
    """The sources (id and title) the one-conversation rule acted on: for each k passed over, the one
    whose respondents alone would have been a persona; and those set aside at every k."""
    keys = {*grouping.passed_over.values(), *grouping.set_aside}
    ids = {int(key) for key in keys}
    titles = {
        source.id: source.title or source.filename
        for source in session.exec(select(Source).where(col(Source.id).in_(ids)))
    }

    def named(key: str) -> dict[str, Any]:
        return {"source_id": int(key), "title": titles.get(int(key), f"source {key}")}

    return {
        "passed_over": {str(k): named(key) for k, key in grouping.passed_over.items()},
        "set_aside": [named(key) for key in grouping.set_aside],
    }


NO_CODED_TALK = "no coded substantive talk (only fillers, greetings, talk about the interview or markers)"


def _left_out(
    session: Session, run: AnalysisRun, *, speaking: set[int], reasons: dict[str, str]
) -> list[dict[str, Any]]:
    """Respondents not in any persona and why: too little substantive talk, or none that was coded."""
    silent_ids = session.exec(
        select(Utterance.participant_id)
        .where(
            Utterance.project_id == run.project_id,
            Utterance.speaker_role == SpeakerRole.RESPONDENT,
            col(Utterance.participant_id).is_not(None),
        )
        .distinct()
    ).all()
    silent = [i for i in silent_ids if i is not None and i not in speaking]
    if run.settings.get("population", "all") != "all":
        silent = []  # the other population's respondents are not left out, just not asked
    rows = [(int(key), reason) for key, reason in reasons.items()] + [(i, NO_CODED_TALK) for i in silent]
    ids = [i for i, _ in rows]
    people = {p.id: p for p in session.exec(select(Participant).where(col(Participant.id).in_(ids)))}
    return [
        {"participant_id": i, "name": people[i].display_name, "reason": reason}
        for i, reason in sorted(rows)
        if i in people
    ]


CHOSEN_BY = {
    "silhouette": "number chosen from the data",
    "user": "number set by the researcher",
    "single": "too few participants to split",
    "no-structure": "the data show no clear groups; set a number to split anyway",
    "no-evidence": "no coded utterances to group by",
}


def _population_sources(session: Session, run: AnalysisRun) -> list[int] | None:
    """The sources of the run's population: interviews only, surveys only, or all (None)."""
    wanted = run.settings.get("population", "all")
    if wanted == "all":
        return None
    kind = SourceKind.INTERVIEW if wanted == "interviews" else SourceKind.SURVEY
    query = select(Source.id).where(Source.project_id == run.project_id, Source.kind == kind)
    return [source_id for source_id in session.exec(query) if source_id is not None]


def _population(session: Session, run: AnalysisRun, found: EvidenceSet) -> EvidenceSet:
    """Only the evidence of the run's population (interview participants, survey respondents or all)."""
    sources = _population_sources(session, run)
    if sources is None:
        return found
    wanted = {str(source_id) for source_id in sources}
    return found.subset([i for i, e in enumerate(found.evidence) if e.source in wanted])


def previous_personas(session: Session, run: AnalysisRun) -> list[tuple[Persona, set[int]]]:
    """The personas of the project's last finished personas run before `run`, each with its members."""
    older = session.exec(
        select(AnalysisRun)
        .where(
            AnalysisRun.project_id == run.project_id,
            AnalysisRun.kind == AnalysisKind.PERSONAS,
            AnalysisRun.status == JobStatus.DONE,
            col(AnalysisRun.id) < (run.id or 0),
        )
        .order_by(col(AnalysisRun.id).desc())
    ).first()
    if older is None:
        return []
    return [
        (p, members_of(session, persona_id=p.id or 0)) for p in run_personas(session, run_id=older.id or 0)
    ]


def carry_over(persona: Persona, members: set[int], previous: list[tuple[Persona, set[int]]]) -> None:
    """Give a new persona the researcher's edits and picture of the previous persona most like it.

    Likeness is the overlap of members (Jaccard); below CARRY_OVER nothing carries over.
    """
    best, overlap = None, 0.0
    for old, old_members in previous:
        score = len(members & old_members) / max(1, len(members | old_members))
        if score > overlap:
            best, overlap = old, score
    if best is not None and overlap >= CARRY_OVER:
        persona.edits = dict(best.edits)
        persona.image, persona.image_type = best.image, best.image_type


def members_of(session: Session, *, persona_id: int) -> set[int]:
    return set(
        session.exec(select(PersonaMember.participant_id).where(PersonaMember.persona_id == persona_id))
    )


def run_personas(session: Session, *, run_id: int) -> list[Persona]:
    return list(session.exec(select(Persona).where(Persona.run_id == run_id).order_by(col(Persona.number))))


def get_persona(session: Session, *, persona_id: int) -> Persona:
    persona = session.get(Persona, persona_id)
    if persona is None:
        raise NotFound(f"Persona {persona_id} does not exist.")
    return persona


def members(session: Session, *, persona: Persona) -> list[Participant]:
    ids = members_of(session, persona_id=persona.id or 0)
    return list(
        session.exec(select(Participant).where(col(Participant.id).in_(ids)).order_by(col(Participant.id)))
    )


def edit_field(
    session: Session, *, persona: Persona, key: str, data: PersonaFieldEdit, user_email: str
) -> Persona:
    """Apply a researcher's change to one field; the machine's canvas stays as it was."""
    if key not in SECTION_KEYS:
        raise NotFound(f"Persona canvas has no field {key!r}; fields are {', '.join(SECTION_KEYS)}.")
    edits = dict(persona.edits)
    if data.reset:
        edits.pop(key, None)
    else:
        field = dict(edits.get(key, {}))
        if data.value is not None:
            field["value"] = data.value.strip() or None
        if data.pinned is not None:
            field["pinned"] = _own_utterances(session, persona, data.pinned)
        if data.removed is not None:
            field["removed"] = sorted(set(data.removed))
        field.update(by=user_email, at=datetime.now(UTC).isoformat(timespec="seconds"))
        edits[key] = field
    persona.edits = edits  # a new dict, so the JSON column is seen as changed
    session.add(persona)
    return persona


def _own_utterances(session: Session, persona: Persona, ids: list[int]) -> list[int]:
    """Pinned quotes must be utterances of the persona's members."""
    people = members_of(session, persona_id=persona.id or 0)
    found = session.exec(
        select(Utterance.id, Utterance.participant_id).where(col(Utterance.id).in_(ids))
    ).all()
    allowed = {uid for uid, pid in found if pid in people}
    wrong = [i for i in ids if i not in allowed]
    if wrong:
        raise InvalidInput(f"Utterances {wrong} are not quotes of this persona's participants.")
    return list(dict.fromkeys(ids))


def set_image(persona: Persona, *, content: bytes, session: Session) -> Persona:
    if len(content) > MAX_IMAGE_BYTES:
        raise InvalidInput(f"The picture is {len(content):,} bytes; the limit is {MAX_IMAGE_BYTES:,}.")
    kind = next((t for magic, t in IMAGE_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise InvalidInput("The picture must be a PNG or JPEG file.")
    persona.image, persona.image_type = content, kind
    session.add(persona)
    return persona


def view(session: Session, *, persona: Persona) -> dict[str, Any]:
    """The canvas as shown: each field with the researcher's value and quotes applied, marked as theirs."""
    fields = []
    pinned_ids = {uid for f in persona.edits.values() for uid in f.get("pinned", [])}
    texts = _quote_rows(session, pinned_ids)
    for field in persona.canvas.get("fields", []):
        edit = persona.edits.get(field["key"], {})
        removed = set(edit.get("removed", []))
        pinned = [texts[uid] for uid in edit.get("pinned", []) if uid in texts]
        machine = [q for q in field.get("quotes", []) if q["utterance_id"] not in removed]
        quotes = (
            pinned + [q for q in machine if q["utterance_id"] not in {p["utterance_id"] for p in pinned}]
        )[:5]
        fields.append(
            {
                **field,
                "machine_value": field.get("value"),
                "value": edit.get("value", field.get("value")),
                "quotes": quotes,
                "edited": bool(edit),
                "edited_by": edit.get("by"),
                "edited_at": edit.get("at"),
                "pinned": edit.get("pinned", []),
            }
        )
    return {
        "id": persona.id,
        "name": persona.name,
        "subtitle": persona.canvas.get("subtitle", ""),
        "initials": persona.initials,
        "size": persona.size,
        "has_image": persona.image is not None,
        "fields": fields,
    }


def _quote_rows(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = session.exec(select(Utterance).where(col(Utterance.id).in_(ids))).all()
    return {
        u.id or 0: {
            "utterance_id": u.id,
            "text": u.text,
            "participant": str(u.participant_id),
            "source": str(u.source_id),
            "pinned": True,
        }
        for u in rows
    }
