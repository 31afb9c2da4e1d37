"""The coder versions a source's machine codes were made with, recorded on the source when its coding job
ends, so that finding the sources coded by older models (app.coding.stale) reads one row per source."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.coding.models import CodeOrigin, CodeRecord
from app.sources.models import Source
from app.utterances.models import Utterance


def coded_versions(session: Session, *, source_id: int) -> dict[str, list[str]] | None:
    """Coder name -> sorted versions of the source's machine codes; None when it has none."""
    utterances = sa_select(col(Utterance.id)).where(col(Utterance.source_id) == source_id)
    query = (
        sa_select(col(CodeRecord.coder), col(CodeRecord.version))
        .where(col(CodeRecord.utterance_id).in_(utterances), col(CodeRecord.origin) == CodeOrigin.MACHINE)
        .distinct()
    )
    found: dict[str, set[str]] = defaultdict(set)
    for coder, version in session.execute(query):
        found[coder].add(version)
    return {coder: sorted(found[coder]) for coder in sorted(found)} or None


def record_coded_versions(session: Session, *, source: Source) -> None:
    """Store on `source` the versions its machine codes now have (called as its coding job ends)."""
    source.coded_versions = coded_versions(session, source_id=source.id or 0)
    session.add(source)
