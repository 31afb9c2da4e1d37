"""Is a table an interview transcript (speaker and text columns) or a survey export?"""

from __future__ import annotations

from nlp.ingest.options import IngestOptions, SourceKind
from nlp.ingest.survey_exports import export_name
from nlp.ingest.table import Table, find_column
from nlp.ingest.table_lines import labelled_column
from nlp.ingest.table_roles import role_columns

SPEAKER_KEYS = frozenset({"speaker", "speakername", "name", "participant", "who"})
# Headers that only a transcript has; "name" and "participant" also head survey columns.
STRONG_SPEAKER_KEYS = frozenset({"speaker", "speakername", "who"})
TEXT_KEYS = frozenset(
    {
        "text", "utterance", "transcript", "transcription", "content", "message", "said", "whatwassaid",
        "dialogue", "dialog", "speech", "sentence", "caption", "transcripttext", "spokentext",
    }
)  # fmt: skip
START_KEYS = frozenset({"time", "start", "timestamp", "starttime", "begin", "starttimestamp"})
END_KEYS = frozenset({"end", "endtime", "stop", "endtimestamp"})


def table_kind(table: Table, options: IngestOptions) -> SourceKind:
    """Decide how to read a table: options first, then survey signatures, then transcript columns."""
    if options.kind is not None:
        return options.kind
    if options.speaker_column or options.text_column or options.time_column:
        return "interview"
    if options.id_column or options.open_columns is not None:
        return "survey"
    export = export_name(table.headers)
    if export in ("qualtrics", "typeform"):
        return "survey"
    if find_column(table.headers, STRONG_SPEAKER_KEYS) is not None:
        return "interview"
    if export == "google-forms":
        return "survey"
    speaker = find_column(table.headers, SPEAKER_KEYS)
    text = find_column(table.headers, TEXT_KEYS)
    if speaker is not None and text is not None and _speakers_repeat(table, speaker):
        return "interview"
    if speaker is None and labelled_column(table) is not None:  # "Interviewee: ..." lines in one column
        return "interview"
    if speaker is None and text is None and role_columns(table) is not None:  # "Interviewer", "Interviewee"
        return "interview"
    return "survey"


def _speakers_repeat(table: Table, column: int) -> bool:
    """An interview has few speakers over many rows; a survey's "Name" column is unique per row."""
    names = table.values(column)
    return len(set(names)) <= max(2, len(names) // 2)
