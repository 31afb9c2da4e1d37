"""Coverage: which guide questions a source asked and answered, from stored utterance links.

Live interviews link utterances as they are finished; an uploaded transcript is linked by matching
its interviewer turns to the guide's questions by meaning (nlp.guides.matching).
"""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from app.coverage.models import CoverageRead, GuideLink, LinkOrigin, QuestionCoverageRead, SourceGuide
from app.errors import Conflict, InvalidInput, NotFound
from app.guides.models import GuideVersion
from app.guides.parsing import version_guide
from app.sources.models import Source, SourceKind
from app.utterances.models import Utterance
from app.utterances.service import source_utterances
from nlp.encoder import Encoder
from nlp.guides import Section
from nlp.guides.coverage import coverage
from nlp.guides.matching import DEFAULT_THRESHOLD, QuestionMatcher, SpokenTurn, TurnLink
from nlp.types import SpeakerRole

# Fewer than one question in this many matched: the interview probably did not follow the guide.
WEAK_MATCH_SHARE = 4


def match_source(
    session: Session,
    *,
    source: Source,
    version: GuideVersion,
    encoder: Encoder,
    threshold: float = DEFAULT_THRESHOLD,
) -> CoverageRead:
    """Link an uploaded interview's turns to the questions of the guide it followed (replacing any earlier
    match), so coverage and guide stages work as for live interviews."""
    if source.kind != SourceKind.INTERVIEW:
        raise InvalidInput("Only interview transcripts follow a guide; a survey has its own questions.")
    current = session.get(SourceGuide, source.id)
    if current is not None and current.origin == LinkOrigin.LIVE:
        raise Conflict("This source was recorded in the live interview mode; its answers are linked already.")
    guide = version_guide(session, version)
    utterances = source_utterances(session, source_id=source.id or 0)
    turns = [list(group) for _, group in groupby(utterances, key=lambda u: u.turn)]
    spoken = [SpokenTurn(t[0].turn, SpeakerRole(t[0].speaker_role), tuple(u.text for u in t)) for t in turns]
    matched = QuestionMatcher(guide, encoder, threshold).link(spoken)
    links = {(link.turn, link.sentence): link for link in matched}
    sections = {question.id: section for section, question in guide.questions}
    session.execute(delete(GuideLink).where(col(GuideLink.source_id) == source.id))
    if current is not None:
        session.delete(current)
        session.flush()
    rows = [
        _link_row(source, version, utterance, links[(turn[0].turn, position)], sections)
        for turn in turns
        for position, utterance in enumerate(turn)
        if (turn[0].turn, position) in links
    ]
    if rows:
        session.execute(insert(GuideLink), rows)
    session.add(
        SourceGuide(
            source_id=source.id or 0,
            guide_version_id=version.id or 0,
            origin=LinkOrigin.MATCHED,
            threshold=threshold,
        )
    )
    session.flush()
    return source_coverage(session, source=source)


def _link_row(
    source: Source, version: GuideVersion, utterance: Utterance, link: TurnLink, sections: dict[str, Section]
) -> dict[str, object]:
    section = sections[link.question_id]
    return {
        "utterance_id": utterance.id,
        "source_id": source.id,
        "guide_version_id": version.id,
        "question_id": link.question_id,
        "section_id": section.id,
        "stage": section.stage,
        "asked": link.asked,
        "score": round(link.score, 4),
        "origin": LinkOrigin.MATCHED,
    }


def source_coverage(session: Session, *, source: Source) -> CoverageRead:
    """Per question of the source's guide: asked, answered, and the utterances that show it."""
    chosen = session.get(SourceGuide, source.id)
    if chosen is None:
        raise NotFound(
            f"Source {source.id} is not linked to a guide yet: choose the guide the interview followed."
        )
    version = session.get(GuideVersion, chosen.guide_version_id)
    assert version is not None  # the foreign key guarantees it
    guide = version_guide(session, version)
    rows = session.exec(select(GuideLink).where(GuideLink.source_id == source.id)).all()
    # Coverage counts units; here a unit is an utterance, so the result names utterance ids.
    units = [TurnLink(row.utterance_id, row.question_id, row.score, row.asked) for row in rows]
    questions = [
        QuestionCoverageRead(
            section_id=q.section_id,
            section_title=q.section_title,
            stage=q.stage,
            question_id=q.question_id,
            text=q.text,
            asked=q.asked,
            answered=q.answered,
            score=q.score,
            asked_utterance_ids=list(q.asked_turns),
            answer_utterance_ids=list(q.answer_turns),
        )
        for q in coverage(guide, units)
    ]
    asked = sum(q.asked for q in questions)
    return CoverageRead(
        source_id=source.id or 0,
        guide_version_id=version.id or 0,
        guide_name=version.name,
        guide_version=version.number,
        framework=version.framework,
        origin=chosen.origin,
        threshold=chosen.threshold,
        asked=asked,
        answered=sum(q.answered for q in questions),
        total=len(questions),
        questions=questions,
        warning=_weak_match(chosen, asked=asked, total=len(questions)),
    )


def _weak_match(chosen: SourceGuide, *, asked: int, total: int) -> str | None:
    """A warning where matching found few of the guide's questions: the interview may not follow it."""
    if chosen.origin != LinkOrigin.MATCHED or asked * WEAK_MATCH_SHARE >= total:
        return None
    return (
        f"Only {asked} of {total} questions matched: this interview may not have followed this guide. "
        "Matched answers take the guide's stages; check them, or choose the guide it followed."
    )


def links_by_utterance(session: Session, *, source_id: int) -> dict[int, GuideLink]:
    """A transcript page's guide chips: each linked utterance's question and stage."""
    rows = session.exec(select(GuideLink).where(GuideLink.source_id == source_id)).all()
    return {row.utterance_id: row for row in rows}


def utterance_texts(session: Session, *, ids: list[int]) -> dict[int, Utterance]:
    """The utterances a coverage page quotes, in one query."""
    if not ids:
        return {}
    return {u.id or 0: u for u in session.exec(select(Utterance).where(col(Utterance.id).in_(ids))).all()}
