"""Themes after a participant is erased: labels, keywords, representatives and centroids recomputed from
the utterances left; a theme left with none is removed. Researchers' own labels stay, scrubbed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sqlmodel import Session, col, select

from app.analysis.evidence import load_evidence
from app.analysis.models import AnalysisRun
from app.themes.models import Theme, ThemeEdit, ThemeMember
from app.themes.service import _label, _members, _Pool, _pool, _unit, in_scope


def themes_citing(session: Session, utterance_ids: list[int]) -> list[int]:
    """Themes that hold any of these utterances (read before the utterances go)."""
    if not utterance_ids:
        return []
    query = select(ThemeMember.theme_id).where(col(ThemeMember.utterance_id).in_(utterance_ids)).distinct()
    return sorted(session.exec(query))


def refresh_themes(session: Session, *, project_id: int, theme_ids: list[int]) -> tuple[int, int]:
    """Recompute these themes from their remaining members; (relabelled, removed)."""
    themes = list(session.exec(select(Theme).where(col(Theme.id).in_(theme_ids)))) if theme_ids else []
    if not themes:
        return 0, 0
    found = load_evidence(session, project_id=project_id)
    pools: dict[str, _Pool] = {}
    relabelled = removed = 0
    for theme in themes:
        run = session.get(AnalysisRun, theme.run_id)
        scope = run.scope if run is not None else "all"
        if scope not in pools:
            pools[scope] = _pool(
                found.subset([i for i, e in enumerate(found.evidence) if in_scope(e, scope)])
            )
        if _refresh(session, theme, pools[scope]):
            relabelled += 1
        else:
            removed += 1
    session.flush()
    return relabelled, removed


def _refresh(session: Session, theme: Theme, pool: _Pool) -> bool:
    members = _members(session, theme, pool)
    if not members:
        session.delete(theme)
        return False
    machine, keywords, phrase = _label(pool, members)
    vectors = np.stack([pool.vectors[m.utterance_id] for m in members])
    centroid = _unit(vectors.mean(axis=0))
    order = np.argsort(-(vectors @ centroid))
    theme.machine_label = machine[:300]
    if not theme.edited:
        theme.label = machine[:300]
    theme.keywords, theme.phrase = keywords, phrase[:300]
    theme.utterance_count = len(members)
    theme.participant_count = len({m.participant for m in members if m.participant is not None})
    theme.representative_ids = [members[i].utterance_id for i in order[:5].tolist()]
    theme.centroid = centroid.astype(np.float32).tobytes()
    session.add(theme)
    return True


def scrub_theme_labels(session: Session, *, project_id: int, clean: Callable[[str], str]) -> int:
    """Researchers' labels (on themes and remembered edits) that quote or name the participant."""
    changed = 0
    for theme in session.exec(select(Theme).where(Theme.project_id == project_id)):
        label = clean(theme.label)
        if label != theme.label:
            theme.label = label
            session.add(theme)
            changed += 1
    for edit in session.exec(select(ThemeEdit).where(ThemeEdit.project_id == project_id)):
        if edit.label and clean(edit.label) != edit.label:
            edit.label = clean(edit.label)
            session.add(edit)
            changed += 1
    return changed
