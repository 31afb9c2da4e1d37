"""Saturation per added interview (sources in upload order): new code labels and new themes, overall and
per persona, with the Guest, Namey and Chen (2020) stopping signal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

from sqlmodel import Session, col, select

from app.analysis.evidence import load_evidence
from app.analysis.jobs import latest_done
from app.analysis.models import AnalysisKind
from app.personas.models import Persona, PersonaMember
from app.saturation.models import CurveRead, PointRead, SaturationRead
from app.sources.models import Source, SourceKind
from app.themes.models import Theme, ThemeMember
from app.utterances.models import Utterance
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.saturation import saturation

BASE, RUN, THRESHOLD = 4, 2, 0.05
Codes = dict[int, set[str]]  # source id -> codes found in it


def _sources(session: Session, project_id: int) -> list[Source]:
    """Interviews in upload order; a project of surveys only uses its surveys."""
    rows = list(
        session.exec(select(Source).where(Source.project_id == project_id).order_by(col(Source.id))).all()
    )
    interviews = [s for s in rows if s.kind == SourceKind.INTERVIEW]
    return interviews or rows


def _labels(item: Evidence) -> set[str]:
    found = {f"force:{force}" for force in item.forces}
    for kind, label in (("emotion", item.emotion), ("pain", item.pain), ("stage", item.stage)):
        if label and label != "neutral":
            found.add(f"{kind}:{label}")
    return found


def _code_labels(evidence: Iterable[Evidence]) -> Codes:
    codes: Codes = defaultdict(set)
    for item in evidence:
        codes[int(item.source or 0)] |= _labels(item)
    return codes


def _themes(session: Session, project_id: int, participants: set[int] | None) -> Codes | None:
    run = latest_done(session, project_id=project_id, kind=AnalysisKind.THEMES)
    if run is None:
        return None
    query = (
        select(Theme.number, Utterance.source_id, Utterance.participant_id)
        .join(ThemeMember, col(ThemeMember.theme_id) == col(Theme.id))
        .join(Utterance, col(Utterance.id) == col(ThemeMember.utterance_id))
        .where(Theme.run_id == run.id)
    )
    codes: Codes = defaultdict(set)
    for number, source_id, participant_id in session.exec(query):
        if participants is None or participant_id in participants:
            codes[source_id].add(f"theme:{number}")
    return codes


def _personas(session: Session, project_id: int) -> list[tuple[str, set[int]]]:
    run = latest_done(session, project_id=project_id, kind=AnalysisKind.PERSONAS)
    if run is None:
        return []
    query = (
        select(Persona.name, Persona.number, PersonaMember.participant_id)
        .join(PersonaMember, col(PersonaMember.persona_id) == col(Persona.id))
        .where(Persona.run_id == run.id)
        .order_by(col(Persona.number))
    )
    groups: dict[str, set[int]] = defaultdict(set)
    for name, number, participant_id in session.exec(query):
        groups[f"persona {number}: {name}"].add(participant_id)
    return list(groups.items())


def _curve(what: str, group: str, sources: list[Source], codes: Codes) -> CurveRead:
    present = [s for s in sources if codes.get(s.id or 0)]
    found = saturation([(s.id, codes[s.id or 0]) for s in present], base=BASE, run=RUN, threshold=THRESHOLD)
    titles: dict[Hashable, str] = {s.id: s.title or s.filename for s in present}
    points = [
        PointRead(source_id=int(str(p.key)), title=titles[p.key], new=list(p.new), total=p.total)
        for p in found.points
    ]
    return CurveRead(
        what=what,
        group=group,
        points=points,
        base_size=found.base_size,
        new_information=found.new_information,
        saturated_at=found.saturated_at,
        saturated=found.saturated,
    )


def project_saturation(session: Session, *, project_id: int) -> SaturationRead:
    """Every curve of the project: code labels and themes, overall and per persona of the latest run."""
    sources = _sources(session, project_id)
    evidence = load_evidence(session, project_id=project_id, embeddings=False).evidence
    curves = [_curve("code labels", "everyone", sources, _code_labels(evidence))]
    themes = _themes(session, project_id, None)
    if themes is not None:
        curves.append(_curve("themes", "everyone", sources, themes))
    for group, members in _personas(session, project_id):
        mine = [e for e in evidence if e.participant is not None and int(e.participant) in members]
        curves.append(_curve("code labels", group, sources, _code_labels(mine)))
        persona_themes = _themes(session, project_id, members)
        if persona_themes is not None:
            curves.append(_curve("themes", group, sources, persona_themes))
    return SaturationRead(project_id=project_id, base=BASE, run=RUN, threshold=THRESHOLD, curves=curves)
