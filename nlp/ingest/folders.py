"""The files of a study folder, as both `desirelines import` and `desirelines personas` read them."""

from __future__ import annotations

from pathlib import Path


def folder_files(folder: Path) -> list[Path]:
    """Every file in `folder` and its subfolders ("ml/p01.txt", "utility/p07.csv"), in path order;
    hidden files and folders (".DS_Store", ".git/") are left out, and links to folders are not followed."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
