"""Find themes in a file of texts without the server: CSV, JSONL or TXT in, CSV or JSONL out.

Unlike `desirelines code`, themes need every text at once, so the rows are held in memory (50,000
short answers take well under 1 GB with their embeddings). Every input row comes out, in order, with
two added columns: `theme_id` (0 is the largest theme; -1 for an outlier, a text without content or a
blank row) and `theme_label` ("(outlier)" for an outlier, "(no content)" for a text that carries no
content, empty for a blank row). Texts without content ("Yeah.", "Thank you.", "[REDACTED].", talk about
the interview itself; see `nlp.content`) are neither embedded nor themed, and the report counts them.
Transcription marks inside a sentence are left out of what is embedded, so they do not form a theme.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from nlp.aggregate.themes import ThemeResult, ThemeSettings, find_themes
from nlp.batch import BatchInputError, Row, read_rows
from nlp.content import is_substantive, spoken_text

THEME_COLUMNS = ["theme_id", "theme_label"]
OUTLIER_LABEL = "(outlier)"
NO_CONTENT_LABEL = "(no content)"
Embed = Callable[[list[str]], np.ndarray]


@dataclass
class ThemesReport:
    """What one run did, for the summary line."""

    rows: int = 0
    texts: int = 0
    no_content: int = 0
    themes: int = 0
    outliers: int = 0
    embed_seconds: float = 0.0
    theme_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def themed(self) -> int:
        """Texts with content, the ones clustered."""
        return self.texts - self.no_content

    @property
    def outlier_share(self) -> float:
        return self.outliers / self.themed if self.themed else 0.0


def theme_file(
    source: Path,
    target: Path,
    embed: Embed,
    *,
    text_column: str | None = None,
    settings: ThemeSettings = ThemeSettings(),
) -> ThemesReport:
    """Theme every non-blank row of `source` and write all rows to `target` (CSV or JSONL by extension).

    Args:
        source: A .csv (with a header row), .jsonl or .txt file.
        target: Output path ending in .csv or .jsonl.
        embed: Turns texts into L2-normalised embeddings, called once (e.g. the MiniLM encoder).
        text_column: Column or field holding the text; guessed for CSV, "text" for JSONL.
        settings: Theme settings (seed, min_theme_size ...).
    """
    if target.suffix.lower() not in (".csv", ".jsonl", ".ndjson"):
        raise BatchInputError(f"{target}: the output must end in .csv or .jsonl")
    started = time.perf_counter()
    header, column, numbered = read_rows(source, text_column)
    rows = [row for _, row in numbered]
    texts = [str(row.get(column) or "").strip() for row in rows]
    nonblank = [index for index, text in enumerate(texts) if text]
    live = [index for index in nonblank if is_substantive(texts[index])]
    report = ThemesReport(rows=len(rows), texts=len(nonblank), no_content=len(nonblank) - len(live))
    # Marks inside a sentence ("so {vocalsound} we", "[inaudible]") would pull unrelated sentences together.
    spoken = [spoken_text(texts[i]) or texts[i] for i in live]
    vectors = embed(spoken) if live else np.zeros((0, 1), dtype=np.float32)
    report.embed_seconds = time.perf_counter() - started
    result = find_themes([texts[i] for i in live], vectors, settings)
    report.theme_seconds = time.perf_counter() - started - report.embed_seconds
    report.themes, report.outliers = len(result.themes), int(np.sum(result.assignments < 0))
    added = _added(len(rows), live, result)
    for index in sorted(set(nonblank) - set(live)):
        added[index] = {"theme_id": -1, "theme_label": NO_CONTENT_LABEL}
    with target.open("w", encoding="utf-8", newline="") as out:
        write = _writer(out, target, header or _keys(rows))
        for row, extra in zip(rows, added, strict=True):
            write({**row, **extra})
    report.seconds = time.perf_counter() - started
    return report


def _added(count: int, live: list[int], result: ThemeResult) -> list[dict[str, Any]]:
    added: list[dict[str, Any]] = [{"theme_id": -1, "theme_label": ""} for _ in range(count)]
    for position, index in enumerate(live):
        theme_id = int(result.assignments[position])
        label = result.themes[theme_id].label if theme_id >= 0 else OUTLIER_LABEL
        added[index] = {"theme_id": theme_id, "theme_label": label}
    return added


def _keys(rows: Iterable[Row]) -> list[str]:
    """JSONL fields in order of first appearance, so a CSV written from JSONL keeps them all."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _writer(out: TextIO, target: Path, header: list[str]) -> Callable[[Row], object]:
    if target.suffix.lower() == ".csv":
        columns = [c for c in header if c not in THEME_COLUMNS] + THEME_COLUMNS
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        return writer.writerow
    return lambda row: out.write(json.dumps(row, ensure_ascii=False) + "\n")
