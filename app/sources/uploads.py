"""Reading uploaded files and their import options from a multipart form (API and pages alike)."""

from __future__ import annotations

import json
from contextlib import nullcontext
from typing import Annotated, BinaryIO, Literal

from fastapi import Depends, Form, Request, UploadFile
from sqlmodel import Session

from app.accounts.models import User
from app.db import end_transaction
from app.errors import InvalidUpload
from app.projects.models import Project
from app.sources import service
from app.sources.models import ImportResult
from app.sources.parse_process import collector_paused, parse_off_process, release
from app.sources.parsing import limits_from
from nlp.ingest import IngestOptions
from nlp.types import SpeakerRole

_CHUNK = 1024 * 1024
LARGE_FILE_BYTES = 1024 * 1024  # imports larger than this pause the garbage collector


def read_limited(upload: BinaryIO, *, max_bytes: int) -> bytes:
    """Read at most max_bytes + 1 bytes, so an oversized file is detected without holding all of it.

    Blocking: call it from a `def` route (FastAPI runs those in its threadpool), with `upload.file`.
    """
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = upload.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def import_upload(
    request: Request, session: Session, *, project: Project, upload: UploadFile, form: ImportForm, actor: User
) -> ImportResult:
    """Read, check, parse and store one uploaded file; blocking, so routes calling it are `def`.

    The parse runs outside any transaction: what the request did so far (signing in, the duplicate
    check) is committed first, so a large file does not hold SQLite's write lock while it is parsed;
    and in a child process (`parse_workers`), so it does not hold this process's GIL either.
    Storing happens in a new transaction, inside a savepoint: a refused file leaves nothing behind.
    The parsed file is then freed in steps (`release`), so no single stretch holds the GIL for long.
    """
    settings = request.app.state.settings
    filename = upload.filename or "upload"
    data = read_limited(upload.file, max_bytes=settings.max_upload_bytes)
    service.check_new_file(session, project=project, filename=filename, data=data)
    end_transaction(session)
    limits = limits_from(settings)
    with collector_paused() if len(data) > LARGE_FILE_BYTES else nullcontext():
        parsed = parse_off_process(
            filename,
            data,
            options=form.options,
            max_bytes=settings.max_upload_bytes,
            limits=limits,
            workers=settings.parse_workers,
        )
        try:
            return service.import_file(
                session,
                project=project,
                filename=filename,
                data=data,
                max_bytes=settings.max_upload_bytes,
                role_overrides=form.role_overrides,
                actor=actor,
                limits=limits,
                parsed=parsed.content,
                sentences=parsed.sentences,
            )
        finally:
            release(parsed)  # in steps, while the collector is still paused


class ImportForm:
    """Optional import settings sent beside the file."""

    def __init__(
        self,
        kind: Annotated[Literal["interview", "survey"] | None, Form()] = None,
        speaker_column: Annotated[str | None, Form()] = None,
        text_column: Annotated[str | None, Form()] = None,
        time_column: Annotated[str | None, Form()] = None,
        roles: Annotated[
            str | None, Form(description='JSON object of speaker label to role, e.g. {"Sam": "interviewer"}')
        ] = None,
    ) -> None:
        self.options = IngestOptions(
            kind=kind,
            speaker_column=speaker_column or None,
            text_column=text_column or None,
            time_column=time_column or None,
        )
        self.role_overrides = parse_roles(roles)


def parse_roles(raw: str | None) -> dict[str, SpeakerRole]:
    """Parse the `roles` form field; a bad value is an InvalidUpload that says what is wrong."""
    if not raw or not raw.strip():
        return {}
    try:
        mapping = json.loads(raw)
        if not isinstance(mapping, dict):
            raise ValueError("expected a JSON object")
        return {str(label): SpeakerRole(str(role)) for label, role in mapping.items()}
    except ValueError as err:
        raise InvalidUpload(
            f'roles: {err}; send a JSON object such as {{"Sam": "interviewer", "Ana": "respondent"}}.',
            detail={"field": "roles"},
        ) from err


ImportFormDep = Annotated[ImportForm, Depends()]
