"""Redaction on import, per project: stable pseudonyms, real names never stored."""

from __future__ import annotations

import hashlib
import hmac
import re

from sqlmodel import Session, col, select

from app.participants.models import Participant
from app.projects.models import Project
from nlp.privacy import Redactor

_PSEUDONYM = re.compile(r"^Participant (\d+)$")


class ProjectRedaction:
    """Knows a project's participants by pseudonym and recognises returning names by a keyed hash."""

    def __init__(self, project: Project, known: list[Participant]) -> None:
        self._key = project.pseudonym_key.encode()
        self.redactor = Redactor()
        for participant in known:
            if participant.pseudonym and participant.display_name != participant.pseudonym:
                self.redactor.add(participant.display_name, f"[{participant.pseudonym}]")

    def name_hash(self, name: str) -> str:
        normalised = " ".join(name.lower().split())
        return hmac.new(self._key, normalised.encode(), hashlib.sha256).hexdigest()

    def text(self, text: str) -> str:
        return self.redactor.redact(text)


def project_redactor(session: Session, *, project: Project) -> ProjectRedaction:
    known = list(session.exec(select(Participant).where(Participant.project_id == project.id)).all())
    return ProjectRedaction(project, known)


def next_pseudonym_number(session: Session, *, project_id: int) -> int:
    """1 + the highest "Participant N" in the project, so numbers are never reused."""
    names = session.exec(
        select(Participant.pseudonym).where(
            Participant.project_id == project_id, col(Participant.pseudonym).is_not(None)
        )
    ).all()
    numbers = [int(m.group(1)) for name in names if name and (m := _PSEUDONYM.match(name))]
    return max(numbers, default=0) + 1
