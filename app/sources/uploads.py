"""Reading uploaded files and their import options from a multipart form (API and pages alike)."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import Depends, Form, UploadFile

from app.errors import InvalidUpload
from nlp.ingest import IngestOptions
from nlp.types import SpeakerRole

_CHUNK = 1024 * 1024


async def read_limited(upload: UploadFile, *, max_bytes: int) -> bytes:
    """Read at most max_bytes + 1 bytes, so an oversized file is detected without holding all of it."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = await upload.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


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
