"""Parse uploads in a child process, so a large file does not stall the web process's other requests.

Decoding, format detection and parsing run C code (regex, lxml, zip) over megabytes that holds
Python's GIL for seconds; in a child process it holds that process's GIL only. The child runs the
same `parse_upload` (caps and zipguard included; errors keep their file, line and column) and sends
the result back through the pool's pipe as plain rows in JSON chunks, so the web process never spends
long in one decode either (a 5,000-row chunk decodes in about 10 ms). There is one pool per web
process (spawn context: no copy of the web process's threads or connections), started on the first
upload and shared by every app in it.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from app.errors import InvalidUpload
from app.sources.parsing import parse_upload
from nlp.ingest import IngestLimits, IngestOptions
from nlp.types import Survey, SurveyQuestion, SurveyRespondent, Transcript, Turn

log = logging.getLogger(__name__)
CHUNK_ROWS = 5000
_pools: dict[int, ProcessPoolExecutor] = {}
_lock = threading.Lock()

Packed = tuple[str, tuple[Any, ...], list[str]]


def parse_off_process(
    filename: str,
    data: bytes,
    *,
    options: IngestOptions | None,
    max_bytes: int,
    limits: IngestLimits | None,
    workers: int,
) -> Transcript | Survey:
    """`parse_upload` in a child process (`workers` of them at most); in this thread when `workers` is 0.

    Raises:
        InvalidUpload: as `parse_upload` does; also when the child process dies reading the file.
    """
    if workers <= 0:
        return parse_upload(filename, data, options=options, max_bytes=max_bytes, limits=limits)
    pool = _pool(workers)
    try:
        packed = pool.submit(parse_packed, filename, data, options, max_bytes, limits).result()
    except BrokenProcessPool as err:
        _forget(workers, pool)
        log.error("the parser process stopped while reading %s", filename)
        raise InvalidUpload(
            f"{filename}: the parser stopped while reading this file (out of memory?); nothing was imported.",
            detail={"file": filename, "reason": "parser_stopped"},
        ) from err
    return unpack(packed)


def parse_packed(
    filename: str, data: bytes, options: IngestOptions | None, max_bytes: int, limits: IngestLimits | None
) -> Packed:
    """In the child: parse, then pack for the trip back (see `pack`)."""
    return pack(parse_upload(filename, data, options=options, max_bytes=max_bytes, limits=limits))


def pack(parsed: Transcript | Survey) -> Packed:
    """A parse result as (kind, header fields, JSON chunks of rows)."""
    if isinstance(parsed, Transcript):
        rows: list[tuple[Any, ...]] = [(t.speaker, t.text, t.start, t.end, t.line) for t in parsed.turns]
        head: tuple[Any, ...] = (parsed.format, parsed.warnings, parsed.title)
        return "transcript", head, _chunked(rows)
    questions = [(q.position, q.column, q.text) for q in parsed.questions]
    # JSON object keys are strings: answers travel as [position, text] pairs.
    rows = [
        (r.respondent_id, r.row, r.attributes, list(r.answers.items()), r.name) for r in parsed.respondents
    ]
    return "survey", (parsed.format, parsed.warnings, questions), _chunked(rows)


def unpack(packed: Packed) -> Transcript | Survey:
    kind, head, chunks = packed
    rows = (row for chunk in chunks for row in json.loads(chunk))
    if kind == "transcript":
        format_, warnings, title = head
        return Transcript(format_, [Turn(*row) for row in rows], warnings, title)
    format_, warnings, questions = head
    respondents = [SurveyRespondent(r, n, a, dict(answers), name) for r, n, a, answers, name in rows]
    return Survey(format_, [SurveyQuestion(*q) for q in questions], respondents, warnings)


def _chunked(rows: list[tuple[Any, ...]]) -> list[str]:
    return [
        json.dumps(rows[start : start + CHUNK_ROWS], ensure_ascii=False)
        for start in range(0, len(rows), CHUNK_ROWS)
    ]


def _pool(workers: int) -> ProcessPoolExecutor:
    with _lock:
        if workers not in _pools:
            context = multiprocessing.get_context("spawn")
            _pools[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        return _pools[workers]


def _forget(workers: int, pool: ProcessPoolExecutor) -> None:
    """Drop a broken pool; the next upload starts a new one."""
    with _lock:
        if _pools.get(workers) is pool:
            del _pools[workers]
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the parser processes (they start again on the next upload)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
