"""Sources coded by older models: machine codes whose coder version differs from the one that codes now.

A coder's version changes when its outputs change (nlp/coders/*/coder.py), and codes keep the version
that made them, so stored scores may be on an old scale. Only the shipped coders' codes are compared:
researcher codes, the content classifier, skipped markers, guide stages and adjusted codes
(app/agreement/adjust.py renames the coder) never count as stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import and_, false, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.coding.jobs import queue_all
from app.coding.models import CodeOrigin, CodeRecord, OlderCoderRead, StaleCodingRead
from app.sources.models import Source, SourceStatus
from app.utterances.models import Utterance
from nlp.pipeline import shipped_versions


def stale_coding(
    session: Session,
    *,
    project_id: int,
    source_id: int | None = None,
    current: Mapping[str, str] | None = None,
) -> StaleCodingRead:
    """The project's (or one source's) sources with machine codes of a coder version other than `current`.

    Args:
        current: Coder name -> version that coding now stores; default the shipped coders'.
        source_id: Only this source (one of the project's).

    Sources being coded are left out: their job is replacing those codes.
    """
    current = shipped_versions() if current is None else current
    older = [and_(col(CodeRecord.coder) == name, col(CodeRecord.version) != v) for name, v in current.items()]
    query = (
        sa_select(col(Utterance.source_id), col(CodeRecord.coder), col(CodeRecord.version))
        .join(Utterance, col(Utterance.id) == CodeRecord.utterance_id)
        .join(Source, col(Source.id) == Utterance.source_id)
        .where(
            col(CodeRecord.origin) == CodeOrigin.MACHINE,
            col(Source.status) != SourceStatus.CODING,
            or_(*older) if older else false(),
        )
        .distinct()
    )
    if source_id is None:
        query = query.where(col(CodeRecord.project_id) == project_id)
    else:  # through the codes' utterance index, not a scan of every code of the project
        utterances = sa_select(col(Utterance.id)).where(col(Utterance.source_id) == source_id)
        query = query.where(col(CodeRecord.utterance_id).in_(utterances))
    sources: set[int] = set()
    stored: dict[str, set[str]] = defaultdict(set)
    for found_source, coder, version in session.execute(query):
        sources.add(found_source)
        stored[coder].add(version)
    coders = [OlderCoderRead(coder=c, stored=sorted(stored[c]), current=current[c]) for c in sorted(stored)]
    return StaleCodingRead(count=len(sources), source_ids=sorted(sources), coders=coders)


def recode_stale(session: Session, *, project_id: int, current: Mapping[str, str] | None = None) -> list[int]:
    """Queue a coding job for each source coded by older models; returns the job ids.

    A job replaces the source's machine codes and keeps researcher codes (app.coding.jobs).
    """
    stale = stale_coding(session, project_id=project_id, current=current)
    if not stale.source_ids:
        return []
    return queue_all(session, project_id=project_id, only=stale.source_ids)
