"""Themes of a project's evidence: BERTopic over stored embeddings; researchers' edits outlive runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.analysis.evidence import EvidenceSet, load_evidence, with_left_out
from app.analysis.jobs import latest_done
from app.analysis.models import AnalysisKind, AnalysisRun
from app.errors import InvalidInput, NotFound
from app.themes.models import Theme, ThemeEdit, ThemeEditAction, ThemeMember
from app.utterances.models import Utterance
from app.words import plural
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.talk import carries_content
from nlp.aggregate.themes import (
    ThemeResult,
    ThemeSettings,
    find_themes,
    label_members,
    match_themes,
    split_theme,
)

MIN_UTTERANCES = 5
# A theme of a new run is "the same" as an edited one when their centroids are at least this close.
EDIT_MATCH = 0.8
SCOPE_KINDS = ("stage", "emotion", "force")


def readable_size(n: int) -> int:
    """The explorer's smallest theme when the researcher sets none: at least 1% of the utterances, so a
    project reads as a few dozen themes (the library's finer default suits benchmarks and the CLI).
    On the demo's 3,725 sentences: 24 themes and 6% outliers, against 95 themes with the library's."""
    return max(ThemeSettings().theme_size_for(n), n // 100)


def check_scope(scope: str) -> str:
    """'all', 'pain_point', or '<stage|emotion|force>:<label>'; anything else is refused."""
    kind, _, label = scope.partition(":")
    if scope in ("all", "pain_point") or (kind in SCOPE_KINDS and label and len(scope) <= 100):
        return scope
    raise InvalidInput(
        f"Unknown theme scope {scope!r}: use all, pain_point, stage:<id>, emotion:<label> or force:<label>."
    )


def in_scope(item: Evidence, scope: str) -> bool:
    kind, _, label = scope.partition(":")
    if scope == "all":
        return True
    if scope == "pain_point":
        return item.pain is not None
    if kind == "stage":
        return item.stage == label
    if kind == "emotion":
        return item.emotion == label
    return label in item.forces


@dataclass
class ThemeInputs:
    """What a themes run reads: the evidence in scope, and its settings (None: too little evidence)."""

    chosen: EvidenceSet
    settings: ThemeSettings | None


@dataclass
class ThemeOutcome:
    chosen: EvidenceSet
    result: ThemeResult | None


def read_themes(session: Session, run: AnalysisRun) -> ThemeInputs:
    """A themes run's first step, in a short read: the evidence in the run's scope."""
    found = load_evidence(session, project_id=run.project_id)
    chosen = found.within(lambda item: in_scope(item, run.scope))
    items = len(chosen.evidence)
    if items < MIN_UTTERANCES:
        return ThemeInputs(chosen, None)
    settings = ThemeSettings(
        seed=int(run.settings.get("seed", 42)),
        min_theme_size=run.settings.get("min_theme_size") or readable_size(items),
    )
    return ThemeInputs(chosen, settings)


def find_run_themes(inputs: ThemeInputs) -> ThemeOutcome:
    """The slow step (BERTopic), with no database session open."""
    if inputs.settings is None:
        return ThemeOutcome(inputs.chosen, None)
    evidence = inputs.chosen.evidence
    texts = [e.text for e in evidence]
    content = [carries_content(e) for e in evidence]
    result = find_themes(texts, inputs.chosen.embeddings, inputs.settings, content=content)
    return ThemeOutcome(inputs.chosen, result)


def store_themes(session: Session, run: AnalysisRun, outcome: ThemeOutcome) -> None:
    """The last step, in one short transaction: store the themes, re-apply the researchers' edits."""
    chosen, result = outcome.chosen, outcome.result
    run.items = len(chosen.evidence)
    if result is None:
        run.message = with_left_out(
            f"Only {plural(run.items, 'coded utterance')} in scope; themes need at least {MIN_UTTERANCES}.",
            chosen,
        )
        return
    for theme in result.themes:
        members = [chosen.evidence[i] for i in theme.members]
        _store(
            session,
            run,
            number=theme.id,
            members=members,
            centroid=theme.centroid,
            label=theme.label,
            keywords=theme.keywords,
            phrase=theme.phrase,
            representatives=[chosen.evidence[i].utterance_id for i in theme.representatives],
        )
    session.flush()
    replay_edits(session, run, chosen)
    themes = run_themes(session, run_id=run.id or 0)
    clear_old_runs(session, project_id=run.project_id, scope=run.scope)
    outside = f"{result.outlier_share:.0%} of {run.items} utterances outside any theme"
    run.message = with_left_out(f"{plural(len(themes), 'theme')}, {outside}", chosen)


def _store(
    session: Session,
    run: AnalysisRun,
    *,
    number: int,
    members: Sequence[Evidence],
    centroid: np.ndarray,
    label: str,
    keywords: list[str],
    phrase: str,
    representatives: list[int],
    edited: bool = False,
    machine_label: str | None = None,
) -> Theme:
    theme = Theme(
        run_id=run.id or 0,
        project_id=run.project_id,
        number=number,
        label=label[:300],
        machine_label=(machine_label or label)[:300],
        keywords=keywords,
        phrase=phrase[:300],
        edited=edited,
        utterance_count=len(members),
        participant_count=len({m.participant for m in members if m.participant is not None}),
        representative_ids=representatives[:5],
        centroid=_unit(centroid).astype(np.float32).tobytes(),
    )
    session.add(theme)
    session.flush()
    session.add_all(ThemeMember(theme_id=theme.id or 0, utterance_id=m.utterance_id) for m in members)
    return theme


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def run_themes(session: Session, *, run_id: int) -> list[Theme]:
    """A run's themes, largest first."""
    query = (
        select(Theme).where(Theme.run_id == run_id).order_by(col(Theme.utterance_count).desc(), col(Theme.id))
    )
    return list(session.exec(query))


def member_theme_labels(session: Session, *, project_id: int, scope: str = "all") -> dict[int, str]:
    """Utterance id -> the label of its theme ("; "-joined if several) in the newest finished themes run
    of `scope` ("all" or "pain_point"); empty when there is none."""
    run = latest_done(session, project_id=project_id, kind=AnalysisKind.THEMES, scope=scope)
    if run is None:
        return {}
    query = (
        select(ThemeMember.utterance_id, Theme.label)
        .join(Theme, col(Theme.id) == col(ThemeMember.theme_id))
        .where(Theme.run_id == run.id)
        .order_by(col(Theme.number))
    )
    labels: dict[int, list[str]] = defaultdict(list)
    for utterance_id, label in session.exec(query):
        labels[utterance_id].append(label)
    return {uid: "; ".join(found) for uid, found in labels.items()}


def get_theme(session: Session, *, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(f"Theme {theme_id} does not exist.")
    return theme


def member_ids(session: Session, *, theme_id: int) -> list[int]:
    query = select(ThemeMember.utterance_id).where(ThemeMember.theme_id == theme_id)
    return sorted(session.exec(query))


def theme_utterances(
    session: Session, *, theme_id: int, offset: int, limit: int
) -> tuple[list[Utterance], int]:
    """A page of a theme's utterances in transcript order, and how many it has."""
    ids = member_ids(session, theme_id=theme_id)
    query = (
        select(Utterance)
        .where(col(Utterance.id).in_(ids))
        .order_by(col(Utterance.source_id), col(Utterance.turn), col(Utterance.sentence))
        .offset(offset)
        .limit(limit)
    )
    return list(session.exec(query)), len(ids)


# --- researcher edits: applied now and remembered for later runs ---------------------------------


def rename_theme(session: Session, *, theme: Theme, label: str, user_id: int | None) -> Theme:
    _remember(session, theme, ThemeEditAction.RENAME, [theme], label=label, user_id=user_id)
    return _rename(session, theme, label)


def merge_themes(session: Session, *, themes: list[Theme], label: str | None, user_id: int | None) -> Theme:
    if len({t.run_id for t in themes}) != 1 or len(themes) < 2:
        raise InvalidInput("Merge needs two or more themes of the same run.")
    _remember(session, themes[0], ThemeEditAction.MERGE, themes, label=label, user_id=user_id)
    run = run_of(session, themes[0])
    return _merge(session, run, themes, label, _evidence_for(session, run, themes))


def split(session: Session, *, theme: Theme, parts: int, user_id: int | None) -> list[Theme]:
    if theme.utterance_count < parts * 2:
        raise InvalidInput(
            f"Theme {theme.label!r} has {theme.utterance_count} utterances: too few to split in {parts}."
        )
    _remember(session, theme, ThemeEditAction.SPLIT, [theme], parts=parts, user_id=user_id)
    run = run_of(session, theme)
    return _split(session, run, theme, parts, _evidence_for(session, run, [theme]))


def _remember(
    session: Session,
    anchor: Theme,
    action: ThemeEditAction,
    themes: list[Theme],
    *,
    label: str | None = None,
    parts: int | None = None,
    user_id: int | None,
) -> None:
    run = run_of(session, anchor)
    centroids = np.stack([np.frombuffer(t.centroid, dtype=np.float32) for t in themes]).astype(np.float32)
    session.add(
        ThemeEdit(
            project_id=run.project_id,
            scope=run.scope,
            action=action,
            centroids=centroids.tobytes(),
            label=label,
            parts=parts,
            created_by=user_id,
        )
    )


def run_of(session: Session, theme: Theme) -> AnalysisRun:
    run = session.get(AnalysisRun, theme.run_id)
    if run is None or run.kind != AnalysisKind.THEMES:
        raise NotFound(f"Theme {theme.id} has no run.")
    return run


def _rename(session: Session, theme: Theme, label: str) -> Theme:
    theme.label, theme.edited = label[:300], True
    session.add(theme)
    return theme


@dataclass
class _Pool:
    """The run's evidence by utterance id, for relabelling and splitting: labels of an edited theme are
    its distinctive words against every other utterance in scope."""

    by_id: dict[int, Evidence]
    vectors: dict[int, np.ndarray]
    texts: list[str]
    index: dict[int, int]


def _evidence_for(session: Session, run: AnalysisRun, themes: list[Theme]) -> _Pool:
    found = load_evidence(session, project_id=run.project_id)
    return _pool(found.subset([i for i, e in enumerate(found.evidence) if in_scope(e, run.scope)]))


def _pool(found: EvidenceSet) -> _Pool:
    return _Pool(
        {e.utterance_id: e for e in found.evidence},
        {e.utterance_id: found.embeddings[i] for i, e in enumerate(found.evidence)},
        [e.text for e in found.evidence],
        {e.utterance_id: i for i, e in enumerate(found.evidence)},
    )


def _label(pool: _Pool, members: Sequence[Evidence]) -> tuple[str, list[str], str]:
    return label_members(pool.texts, [pool.index[m.utterance_id] for m in members])


def _members(session: Session, theme: Theme, pool: _Pool) -> list[Evidence]:
    return [pool.by_id[uid] for uid in member_ids(session, theme_id=theme.id or 0) if uid in pool.by_id]


def _merge(session: Session, run: AnalysisRun, themes: list[Theme], label: str | None, pool: _Pool) -> Theme:
    members = [m for t in themes for m in _members(session, t, pool)]
    machine, keywords, phrase = _label(pool, members)
    vectors = np.stack([pool.vectors[m.utterance_id] for m in members])
    centroid = vectors.mean(axis=0)
    order = np.argsort(-(vectors @ _unit(centroid)))
    merged = _store(
        session,
        run,
        number=min(t.number for t in themes),
        members=members,
        centroid=centroid,
        label=label or machine,
        keywords=keywords,
        phrase=phrase,
        edited=True,
        machine_label=machine,
        representatives=[members[i].utterance_id for i in order[:5].tolist()],
    )
    for theme in themes:
        session.delete(theme)
    session.flush()
    return merged


def _split(session: Session, run: AnalysisRun, theme: Theme, parts: int, pool: _Pool) -> list[Theme]:
    members = _members(session, theme, pool)
    texts = [m.text for m in members]
    vectors = np.stack([pool.vectors[m.utterance_id] for m in members])
    groups = split_theme(texts, vectors, list(range(len(members))), parts=parts)
    made = []
    for group in groups:
        label, keywords, phrase = _label(pool, [members[i] for i in group])
        centroid = vectors[group].mean(axis=0)
        order = sorted(group, key=lambda i: -float(vectors[i] @ _unit(centroid)))
        made.append(
            _store(
                session,
                run,
                number=theme.number,
                members=[members[i] for i in group],
                centroid=centroid,
                label=label,
                keywords=keywords,
                phrase=phrase,
                edited=True,
                representatives=[members[i].utterance_id for i in order[:5]],
            )
        )
    session.delete(theme)
    session.flush()
    return made


def replay_edits(session: Session, run: AnalysisRun, found: EvidenceSet) -> int:
    """Re-apply the project's edits for this scope, oldest first, to the matching themes of `run`."""
    edits = session.exec(
        select(ThemeEdit)
        .where(ThemeEdit.project_id == run.project_id, ThemeEdit.scope == run.scope)
        .order_by(col(ThemeEdit.id))
    ).all()
    pool = _pool(found)
    applied = 0
    for edit in edits:
        targets = _matching(session, run, edit)
        if not targets:
            continue
        if edit.action == ThemeEditAction.RENAME:
            _rename(session, targets[0], edit.label or targets[0].label)
        elif edit.action == ThemeEditAction.MERGE and len(targets) >= 2:
            _merge(session, run, targets, edit.label, pool)
        elif edit.action == ThemeEditAction.SPLIT and targets[0].utterance_count >= 2 * (edit.parts or 2):
            _split(session, run, targets[0], edit.parts or 2, pool)
        else:
            continue
        applied += 1
    return applied


def _matching(session: Session, run: AnalysisRun, edit: ThemeEdit) -> list[Theme]:
    """The run's themes that match the edit's themes, in the edit's order."""
    themes = run_themes(session, run_id=run.id or 0)
    if not themes:
        return []
    previous = list(np.frombuffer(edit.centroids, dtype=np.float32).reshape(-1, len(themes[0].centroid) // 4))
    current = [np.frombuffer(t.centroid, dtype=np.float32) for t in themes]
    matched = match_themes(previous, current, min_similarity=EDIT_MATCH)
    by_previous = {prev: themes[cur] for cur, prev in matched.items()}
    return [by_previous[i] for i in sorted(by_previous)]


def clear_old_runs(session: Session, *, project_id: int, scope: str, keep: int = 3) -> None:
    """Themes of all but the newest few runs of a scope are dropped; their edits live on in ThemeEdit."""
    runs = session.exec(
        select(AnalysisRun.id)
        .where(
            AnalysisRun.project_id == project_id,
            AnalysisRun.kind == AnalysisKind.THEMES,
            AnalysisRun.scope == scope,
        )
        .order_by(col(AnalysisRun.id).desc())
    ).all()
    old = [run_id for run_id in runs[keep:] if run_id is not None]
    if old:
        session.execute(delete(Theme).where(col(Theme.run_id).in_(old)))
