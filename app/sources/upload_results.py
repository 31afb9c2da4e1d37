"""Per-file upload results, small enough to carry across the redirect after the upload form (app.flash)."""

from __future__ import annotations

import json
from typing import Any

from app.errors import AppError
from app.flash import MAX_FLASH_BYTES
from app.sources.models import ImportResult

MAX_TEXT = 240
MAX_ERROR = 1000  # a reason is shown whole (parsers keep it short); this only guards the flash cookie
MAX_WARNINGS = 3
# What the upload form's options can do about a refusal, by its reason (IngestError.code).
HINTS = {
    "no_text_column": (
        'To import it anyway, name the column that holds the text under Options \u2192 "Text column".'
    ),
    # Naming a "Text column" would read a survey as an interview table instead.
    "no_open_answers": (
        "A survey is coded through its free-text answers, and none were found. If the file is an "
        'interview table instead, choose Options \u2192 "Treat tables as: interview transcript" and name '
        'its "Text column".'
    ),
}


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def imported_result(name: str, imported: ImportResult) -> dict[str, Any]:
    """What the upload page says about a file that was imported."""
    source = imported.source
    duplicate = imported.near_duplicate
    return {
        "file": _cut(name),
        "ok": True,
        "id": source.id,
        "kind": str(source.kind),
        "format": str(source.format),
        "turns": imported.turns,
        "utterances": imported.utterances,
        "participants": imported.participants,
        "warnings": [_cut(w) for w in imported.warnings[:MAX_WARNINGS]],
        "more_warnings": max(0, len(imported.warnings) - MAX_WARNINGS),
        # The page offers to delete a file that repeats an earlier one (its warning is warnings[0]).
        "duplicate_of": {"id": duplicate.source_id, "file": _cut(duplicate.filename)} if duplicate else None,
    }


def failed_result(name: str, err: AppError) -> dict[str, Any]:
    """What the upload page says about a file that was refused: its name and why (the page shows the
    name already, so a message that starts with it drops it: "a.vtt, line 4: ..." reads "Line 4: ..."),
    as a sentence."""
    message = err.message.strip()
    for separator in (": ", ", "):
        if message.startswith(name + separator):
            message = message.removeprefix(name + separator).strip()
            break
    if message and message[-1] not in ".!?)":
        message += "."
    if not message.startswith(name):  # a file name keeps its case, whatever it starts with
        message = message[:1].upper() + message[1:]
    hint = HINTS.get(str(err.detail.get("reason")))
    return {"file": _cut(name), "ok": False, "error": _cut(message, MAX_ERROR), "hint": hint}


def fit_results(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As many results as fit in the flash cookie, failures first; the rest summed up in one line."""
    ordered = sorted(results, key=lambda r: r["ok"])
    kept: list[dict[str, Any]] = []
    for result in ordered:
        if len(json.dumps([*kept, result])) * 4 // 3 + 200 > MAX_FLASH_BYTES:
            break
        kept.append(result)
    rest = ordered[len(kept) :]
    if rest:
        imported = sum(1 for r in rest if r["ok"])
        summary = {
            "file": f"{len(rest)} more files",
            "ok": None,
            "imported": imported,
            "failed": len(rest) - imported,
        }
        kept.append(summary)
    return kept
