"""Parse uploads in a child process, so a large file does not stall the web process's other requests.

Decoding, format detection and parsing run C code (regex, lxml, zip) over megabytes that holds
Python's GIL for seconds; in a child process it holds that process's GIL only. The child runs the
same `parse_upload` (caps and zipguard included; errors keep their file, line and column), splits an
interview's turns into sentences (the utterances to store; spaCy, seconds for a large file), and sends
the result back through the pool's pipe as plain rows in JSON chunks, so the web process never spends
long in one decode either (a 5,000-row chunk decodes in about 10 ms). There is one pool per web
process (spawn context: no copy of the web process's threads or connections), started on the first
upload and shared by every app in it.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.errors import InvalidUpload
from app.sources.parsing import parse_upload
from nlp.ingest import IngestLimits, IngestOptions, sentences_of
from nlp.types import Sentence, Survey, SurveyQuestion, SurveyRespondent, Transcript, Turn

log = logging.getLogger(__name__)
CHUNK_ROWS = 5000
RELEASE_STEP = 5000  # objects freed at a time by `release` (a few milliseconds each)
PARENT_CHECK_S = 2.0
_pools: dict[int, ProcessPoolExecutor] = {}
_lock = threading.Lock()
_paused = 0  # imports running with the garbage collector paused (see `collector_paused`)

Packed = tuple[str, tuple[Any, ...], list[str], list[str]]


@dataclass(frozen=True)
class ParsedUpload:
    """A parsed file, and an interview's sentences when the parser process split them already."""

    content: Transcript | Survey
    sentences: list[Sentence] | None = None


def parse_off_process(
    filename: str,
    data: bytes,
    *,
    options: IngestOptions | None,
    max_bytes: int,
    limits: IngestLimits | None,
    workers: int,
) -> ParsedUpload:
    """`parse_upload` in a child process (`workers` of them at most); in this thread when `workers` is 0
    (the sentences are then left for the store step to split).

    Raises:
        InvalidUpload: as `parse_upload` does; also when the child process dies reading the file.
    """
    if workers <= 0:
        return ParsedUpload(parse_upload(filename, data, options=options, max_bytes=max_bytes, limits=limits))
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large import runs in this process.

    Storing a large file makes millions of objects (turns, sentences, rows); each full collection then
    scans them all with the GIL held, up to 0.6 s on the 2-core machine, and every other request
    waits. They are freed by reference counting when the import ends; the collector starts again when
    the last import running has ended.
    """
    global _paused
    with _lock:
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0:
                gc.enable()


def release(parsed: ParsedUpload) -> None:
    """Free a parsed file's turns, respondents and sentences a step at a time, emptying their lists.

    A list dropped whole frees all its objects (hundreds of thousands for a 20 MB transcript) in one
    call that holds the GIL for 0.1-0.3 s; emptied from the end in steps, with the GIL offered between
    them, no stretch is long. Call it before the collector starts again, so it never scans them either.
    """
    content = parsed.content
    for items in (
        parsed.sentences,
        content.turns if isinstance(content, Transcript) else content.respondents,
    ):
        if items is not None:
            drop_in_steps(items)


def drop_in_steps(items: list[Any]) -> None:
    """Empty a list from its end, RELEASE_STEP items at a time, yielding the GIL between steps."""
    while items:
        del items[-RELEASE_STEP:]
        time.sleep(0)


def parse_packed(
    filename: str, data: bytes, options: IngestOptions | None, max_bytes: int, limits: IngestLimits | None
) -> Packed:
    """In the child: parse, then pack for the trip back (see `pack`)."""
    return pack(parse_upload(filename, data, options=options, max_bytes=max_bytes, limits=limits))


def pack(parsed: Transcript | Survey) -> Packed:
    """A parse result as (kind, header fields, JSON chunks of rows, JSON chunks of sentences)."""
    if isinstance(parsed, Transcript):
        rows: list[tuple[Any, ...]] = [(t.speaker, t.text, t.start, t.end, t.line) for t in parsed.turns]
        head: tuple[Any, ...] = (parsed.format, parsed.warnings, parsed.title)
        sentences = [(s.turn, s.sentence, s.text) for s in sentences_of(parsed)]
        return "transcript", head, _chunked(rows), _chunked(sentences)
    questions = [(q.position, q.column, q.text, q.multi_select, q.typed_option) for q in parsed.questions]
    # JSON object keys are strings: answers travel as [position, text] pairs.
    rows = [
        (r.respondent_id, r.row, r.attributes, list(r.answers.items()), r.name) for r in parsed.respondents
    ]
    closed = [(q.position, q.column, q.text, q.multi_select) for q in parsed.closed]
    return "survey", (parsed.format, parsed.warnings, questions, closed), _chunked(rows), []


def unpack(packed: Packed) -> ParsedUpload:
    kind, head, chunks, sentence_chunks = packed
    rows = _rows(chunks)
    if kind == "transcript":
        format_, warnings, title = head
        transcript = Transcript(format_, [Turn(*row) for row in rows], warnings, title)
        return ParsedUpload(transcript, [Sentence(*row) for row in _rows(sentence_chunks)])
    format_, warnings, questions, closed = head
    respondents = [SurveyRespondent(r, n, a, dict(answers), name) for r, n, a, answers, name in rows]
    opened = [SurveyQuestion(*q) for q in questions]
    return ParsedUpload(Survey(format_, opened, respondents, warnings, [SurveyQuestion(*q) for q in closed]))


def _rows(chunks: list[str]) -> Iterator[list[Any]]:
    return (row for chunk in chunks for row in json.loads(chunk))


def _chunked(rows: list[tuple[Any, ...]]) -> list[str]:
    return [
        json.dumps(rows[start : start + CHUNK_ROWS], ensure_ascii=False)
        for start in range(0, len(rows), CHUNK_ROWS)
    ]


def _pool(workers: int) -> ProcessPoolExecutor:
    with _lock:
        if workers not in _pools:
            context = multiprocessing.get_context("spawn")
            _pools[workers] = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=watch_parent, initargs=(os.getpid(),)
            )
        return _pools[workers]


def watch_parent(parent_pid: int) -> None:
    """In each parser process: exit when the web process is gone (killed before it could stop us)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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


WARM_UP = b"Interviewer: Hello.\nRespondent: The import broke twice, so we switched.\n"


def start_parsers(workers: int) -> None:
    """Start the parser processes now and let each read a two-line transcript (spawning one and loading
    the parsers took ~4 s, which the first upload after a start waited for). Returns at once."""
    if workers <= 0:
        return
    pool = _pool(workers)
    for _ in range(workers):
        pool.submit(parse_packed, "warm-up.txt", WARM_UP, None, len(WARM_UP), None)
