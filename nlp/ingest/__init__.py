"""Import parsers: interview transcripts and survey exports, from bytes to `nlp.types` data.

Start at `read_source`; every bad input raises `IngestError` with a code and a position.
"""

from nlp.ingest.errors import ErrorCode, IngestError, empty_file
from nlp.ingest.limits import IngestLimits
from nlp.ingest.options import IngestOptions
from nlp.ingest.reader import detect_format, read_source
from nlp.ingest.roles import infer_roles
from nlp.ingest.sentences import sentences_of, split_sentences

__all__ = [
    "ErrorCode",
    "IngestError",
    "IngestLimits",
    "IngestOptions",
    "detect_format",
    "empty_file",
    "infer_roles",
    "read_source",
    "sentences_of",
    "split_sentences",
]
