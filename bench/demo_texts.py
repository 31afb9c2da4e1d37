"""The demo study's texts for benchmarks: every interview and survey under app/demo/data, parsed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from nlp.ingest import read_source
from nlp.types import Survey, Transcript

DEMO = Path(__file__).resolve().parent.parent / "app" / "demo" / "data"
NOT_SOURCES = ("participants.csv", "README.md")


def demo_sources() -> Iterator[Transcript | Survey]:
    """Each demo file, parsed as an upload would be, in file-name order."""
    for path in sorted(DEMO.rglob("*")):
        if path.is_file() and path.name not in NOT_SOURCES:
            yield read_source(path.name, path.read_bytes())


def survey_answers(survey: Survey) -> list[str]:
    return [answer for respondent in survey.respondents for answer in respondent.answers.values()]
