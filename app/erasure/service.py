"""Erasing a participant: their utterances and speaker rows, and their words in everything derived from
them (themes, personas, saved maps, highlights, researchers' notes) and in the original files.

Order matters: what cites the participant is read first, then their rows go (codes, features, theme
members, guide links and their interviews follow by cascade), then the derived rows are recomputed from
what is left or scrubbed where they are kept as written. Erasure reaches into most features, so it
is a feature folder of its own, above all of them; each keeps its own part (app/<feature>/erasure.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, col, select

from app.accounts.models import User
from app.audit.erasure import scrub_details
from app.audit.service import record
from app.coding.models import CodeRecord
from app.interviews.models import Highlight, LiveInterview
from app.journeys.erasure import scrub_inputs, scrub_snapshots
from app.participants.models import Participant
from app.participants.scrub import Scrubber, scrubber_for
from app.personas.erasure import personas_of, rebuild_personas, scrub_persona_edits
from app.sources.duplicates import refingerprint
from app.sources.erasure import delete_originals, recount, redact_mentions
from app.sources.models import Speaker, SurveyResponse
from app.themes.erasure import refresh_themes, scrub_theme_labels, themes_citing
from app.utterances.models import Utterance


class ErasureReport(SQLModel):
    """What an erasure touched. `removed` and `rewritten` count rows per kind."""

    participant_id: int
    utterances: int
    speakers: int
    sources_touched: list[int]
    removed: dict[str, int]
    rewritten: dict[str, int]


@dataclass
class _Cited:
    """What cites the participant, read before their rows go."""

    utterances: dict[int, str]
    sources: list[int]
    themes: list[int]
    personas: list[int]
    interviews: list[int]


def erase_participant(session: Session, *, participant: Participant, actor: User) -> ErasureReport:
    """Erase the participant and their words everywhere; report what was touched."""
    pid, project_id = participant.id or 0, participant.project_id
    cited = _cited(session, pid)
    scrubber = scrubber_for(cited.utterances.values(), name=_clear_name(participant))
    removed = _remove_rows(session, participant, cited)
    rewritten = _rewrite_derived(session, project_id, pid, cited, scrubber)
    removed["themes"], removed["personas"] = (
        rewritten.pop("themes_removed"),
        rewritten.pop("personas_removed"),
    )
    removed["original_files"] = delete_originals(session, source_ids=cited.sources)
    recount(session, cited.sources)
    refingerprint(session, source_ids=cited.sources)
    session.flush()
    record(
        session, actor=actor, action="participant.erase", project_id=project_id, participant_id=pid, **removed
    )
    return ErasureReport(
        participant_id=pid,
        utterances=removed["utterances"],
        speakers=removed["speakers"],
        sources_touched=cited.sources,
        removed=removed,
        rewritten=rewritten,
    )


def _clear_name(participant: Participant) -> str | None:
    """The name as it may appear in others' words; None when only a pseudonym was ever stored."""
    return None if participant.name_hash else participant.display_name


def _cited(session: Session, pid: int) -> _Cited:
    said = dict(
        session.exec(select(Utterance.id, Utterance.text).where(Utterance.participant_id == pid)).all()
    )
    ids = [i for i in said if i is not None]
    sources = set(session.exec(select(Utterance.source_id).where(Utterance.participant_id == pid)).all())
    sources |= {s for s in session.exec(select(Speaker.source_id).where(Speaker.participant_id == pid))}
    interviews = session.exec(select(LiveInterview.id).where(LiveInterview.participant_id == pid)).all()
    return _Cited(
        utterances={i: said[i] for i in ids},
        sources=sorted(sources),
        themes=themes_citing(session, ids),
        personas=personas_of(session, pid),
        interviews=[i for i in interviews if i is not None],
    )


def _remove_rows(session: Session, participant: Participant, cited: _Cited) -> dict[str, int]:
    ids = list(cited.utterances)
    counts = {
        "codes": _count(session, CodeRecord, col(CodeRecord.utterance_id).in_(ids)),
        "highlights": _delete(
            session,
            Highlight,
            col(Highlight.utterance_id).in_(ids) | col(Highlight.interview_id).in_(cited.interviews),
        ),
        "live_interviews": len(cited.interviews),
        "utterances": _delete(session, Utterance, col(Utterance.participant_id) == participant.id),
        "speakers": _delete(session, Speaker, col(Speaker.participant_id) == participant.id),
        "survey_responses": _delete(
            session, SurveyResponse, col(SurveyResponse.participant_id) == participant.id
        ),
    }
    session.delete(participant)
    session.flush()
    return counts


def _rewrite_derived(
    session: Session, project_id: int, pid: int, cited: _Cited, scrubber: Scrubber
) -> dict[str, int]:
    ids = set(cited.utterances)
    mentions = redact_mentions(session, source_ids=cited.sources, scrubber=scrubber)
    themes, themes_removed = refresh_themes(session, project_id=project_id, theme_ids=cited.themes)
    personas, personas_removed = rebuild_personas(session, project_id=project_id, persona_ids=cited.personas)
    return {
        "name_mentions": mentions,
        "themes": themes,
        "themes_removed": themes_removed,
        "theme_labels": scrub_theme_labels(session, project_id=project_id, clean=scrubber.clean),
        "personas": personas,
        "personas_removed": personas_removed,
        "persona_edits": scrub_persona_edits(session, project_id=project_id, ids=ids, clean=scrubber.clean),
        "journey_versions": scrub_snapshots(
            session, project_id=project_id, ids=ids, who=str(pid), scrubber=scrubber
        ),
        "journey_inputs": scrub_inputs(session, project_id=project_id, scrubber=scrubber),
        "highlights": _scrub_highlights(session, project_id, scrubber),
        "audit_events": scrub_details(session, project_id=project_id, clean=scrubber.clean_label),
    }


def _scrub_highlights(session: Session, project_id: int, scrubber: Scrubber) -> int:
    changed = 0
    for highlight in session.exec(select(Highlight).where(Highlight.project_id == project_id)):
        text = scrubber.clean(highlight.text)
        if text != highlight.text:
            highlight.text = text
            session.add(highlight)
            changed += 1
    return changed


def _count(session: Session, model: type[SQLModel], condition: object) -> int:
    return int(session.exec(select(func.count()).select_from(model).where(condition)).one())  # type: ignore[arg-type]


def _delete(session: Session, model: type[SQLModel], condition: object) -> int:
    result = session.execute(delete(model).where(condition))  # type: ignore[arg-type]
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
