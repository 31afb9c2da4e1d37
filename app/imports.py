"""Import files and folders from disk (the CLI and the demo loader), each file all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from app.errors import AppError, DuplicateSource
from app.projects.models import Project
from app.sources.models import ImportResult
from app.sources.service import import_file
from nlp.ingest.folders import folder_files

# Files in a folder that are not sources: rosters are applied separately, notes are for people.
ROSTER_NAMES = {"participants.csv", "roster.csv"}
SKIPPED_SUFFIXES = {".md", ".json", ".py"}


@dataclass
class ImportReport:
    imported: list[tuple[Path, ImportResult]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def utterances(self) -> int:
        return sum(result.utterances for _, result in self.imported)


def source_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted, hidden files and folders left out) into the files to import."""
    files: list[Path] = []
    for path in paths:
        candidates = folder_files(path) if path.is_dir() else [path]
        files.extend(
            p
            for p in candidates
            if p.name.lower() not in ROSTER_NAMES
            and p.suffix.lower() not in SKIPPED_SUFFIXES
            and not p.name.startswith(".")  # a hidden file named on the command line
        )
    return files


def import_paths(
    session: Session, *, project: Project, paths: Iterable[Path], max_bytes: int
) -> ImportReport:
    """Import every file; a bad file is reported and leaves nothing behind, the others go on."""
    report = ImportReport()
    for path in source_files(paths):
        try:
            # import_file writes inside its own savepoint: a failure leaves nothing of this file.
            result = import_file(
                session, project=project, filename=path.name, data=path.read_bytes(), max_bytes=max_bytes
            )
            report.imported.append((path, result))
        except DuplicateSource as err:
            report.duplicates.append((path, err.message))
        except AppError as err:
            report.failed.append((path, err.message))
        except OSError as err:
            report.failed.append((path, f"{path}: cannot be read ({err.strerror})."))
    return report
