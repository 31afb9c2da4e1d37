"""Coding jobs: code every respondent utterance of a source in batches, with progress, retryable.

A run first removes the source's machine codes, then writes codes batch by batch; each batch deletes
and inserts its utterances' machine codes in one transaction, so a job run again, or delivered twice,
never duplicates codes; researcher codes are never touched. Leases, retries and the reaper come from
app.jobs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.coding.content import SKIPPED_KIND
from app.coding.features import MODEL_NAME, StoredFeatureEncoder, pack, text_key, unpack
from app.coding.inputs import coding_inputs
from app.coding.models import CodeOrigin, CodeRecord, CodingJob, UtteranceFeatures
from app.coding.progress import BatchProgress
from app.coding.versions import record_coded_versions
from app.coverage.stages import apply_guide_stages, guide_stages
from app.db import session_scope, utcnow
from app.frameworks.service import resolve
from app.jobs.chunks import chunks
from app.jobs.lease import Lease, LeaseLost, hold
from app.jobs.models import ACTIVE, JobStatus
from app.jobs.queueing import add_once
from app.jobs.retry import with_retry
from app.projects.models import Project
from app.sources.models import Source, SourceStatus
from app.utterances.models import Utterance
from nlp.content import ContentClass
from nlp.frameworks import JourneyFramework, list_frameworks
from nlp.pipeline import CodingPipeline, UtteranceCoding
from nlp.textprep import prepare
from nlp.types import CodingInput

log = logging.getLogger(__name__)
BATCH = 256
SKIPPED_CODER = "desirelines.pipeline"


@lru_cache(maxsize=4)
def default_pipeline(framework: str) -> CodingPipeline:
    """The shipped models for a shipped framework, loaded once per process."""
    return CodingPipeline(framework=framework)


@lru_cache(maxsize=8)
def _custom_stage_coder(framework: JourneyFramework) -> Any:
    # A project's own framework has no shipped example embeddings: they are encoded once here.
    from nlp.coders.stage.coder import StageCoder
    from nlp.encoder import get_encoder

    return StageCoder(framework, get_encoder())


PipelineFactory = Callable[[JourneyFramework, StoredFeatureEncoder], Any]


def pipeline_with(framework: JourneyFramework, encoder: StoredFeatureEncoder) -> CodingPipeline:
    shipped = framework.id in list_frameworks()
    base = default_pipeline(framework.id if shipped else "seven-step")
    stage = base.stage if shipped else _custom_stage_coder(framework)
    return CodingPipeline(
        encoder=encoder, emotion=base.emotion, pain=base.pain, stage=stage, forces=base.forces
    )


def queue_job(session: Session, *, source: Source) -> CodingJob:
    """Queue a coding job for a source, or return the one already queued or running for it.

    A runner picks it up after the transaction commits.
    """
    source_id = source.id or 0
    job = add_once(session, CodingJob(source_id=source_id), lambda: active_job(session, source_id=source_id))
    source.status = SourceStatus.CODING
    session.add(source)
    session.flush()
    return job


def active_job(session: Session, *, source_id: int) -> CodingJob | None:
    """The source's queued or running job, if any (there is at most one)."""
    query = select(CodingJob).where(CodingJob.source_id == source_id, col(CodingJob.status).in_(ACTIVE))
    return session.exec(query).first()


def queue_all(session: Session, *, project_id: int, only: Sequence[int] | None = None) -> list[int]:
    """Queue a job for each of a project's sources (or only those listed); returns the job ids."""
    query = select(Source).where(Source.project_id == project_id)
    if only is not None:
        query = query.where(col(Source.id).in_(only))
    return [
        queue_job(session, source=source).id or 0 for source in session.exec(query.order_by(col(Source.id)))
    ]


def jobs_given_up(session: Session, job_ids: list[int]) -> None:
    """The reaper failed these jobs: their sources are marked failed, so a researcher can retry."""
    sources = select(CodingJob.source_id).where(col(CodingJob.id).in_(job_ids))
    session.execute(update(Source).where(col(Source.id).in_(sources)).values(status=SourceStatus.FAILED))
    for source in session.exec(select(Source).where(col(Source.id).in_(sources))):
        record_coded_versions(session, source=source)  # the job may have written some batches


def run_job(engine: Engine, job_id: int, make_pipeline: PipelineFactory | None = None) -> None:
    """Run one queued coding job to the end, recording progress; failures are recorded, never raised.

    The job is claimed with a lease first: a job another worker holds, or one that has ended, is left
    alone, so a job delivered twice never runs twice at once.
    """
    with hold(engine, CodingJob, job_id, started_at=None) as lease:  # loading until the models are in
        if lease is None:
            log.debug("coding job %s is not queued (running elsewhere or ended); nothing to do", job_id)
            return
        try:
            _code_all(engine, lease, make_pipeline)
        except LeaseLost:
            log.warning("coding job %s: lease lost, another worker has the job", job_id)
        except Exception as err:  # a job must end in a recorded state whatever went wrong
            log.exception("coding job %s failed", job_id)
            _finish_quietly(engine, lease, JobStatus.FAILED, f"{type(err).__name__}: {err}")


def _code_all(engine: Engine, lease: Lease, make_pipeline: PipelineFactory | None) -> None:
    items, encoder, framework = _start(engine, lease.job_id)
    pipeline = (make_pipeline or pipeline_with)(framework, encoder)  # loads the models on a first job
    progress = BatchProgress(lease)
    progress.started()
    encoder.on_encoded, pipeline.on_coded = progress.encoded, progress.coded
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        progress.batch(start, len(batch))
        results = pipeline.code([item for _, item in batch])
        lease.check()  # a heartbeat, and no write if another worker now has the job
        _save_batch(engine, lease.job_id, [u for u, _ in batch], results, done=start + len(batch))
    _finish(engine, lease, JobStatus.DONE, None)


def _start(
    engine: Engine, job_id: int
) -> tuple[list[tuple[int, CodingInput]], StoredFeatureEncoder, JourneyFramework]:
    with session_scope(engine) as session:
        job = _job(session, job_id)
        source = session.get(Source, job.source_id)
        project = session.get(Project, source.project_id) if source else None
        if source is None or project is None:
            raise LookupError(f"source {job.source_id} no longer exists")
        pairs = coding_inputs(session, source_id=source.id or 0)
        ids = [u.id or 0 for u, _ in pairs]
        session.execute(
            delete(CodeRecord).where(
                col(CodeRecord.utterance_id).in_(
                    select(Utterance.id).where(Utterance.source_id == source.id)
                ),
                col(CodeRecord.origin) == CodeOrigin.MACHINE,
            )
        )
        cache = _stored_features(session, ids)
        job.total, job.done, job.skipped, job.error = len(pairs), 0, 0, None
        session.add(job)
        framework = resolve(session, project_id=project.id or 0, framework_id=project.framework)
    from nlp.encoder import get_encoder

    return [(u.id or 0, item) for u, item in pairs], StoredFeatureEncoder(get_encoder, cache), framework


def _stored_features(session: Session, ids: Sequence[int]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for part in chunks(ids):
        rows = session.exec(
            select(UtteranceFeatures).where(
                col(UtteranceFeatures.utterance_id).in_(part), UtteranceFeatures.model == MODEL_NAME
            )
        )
        found.update((row.text_sha1, unpack(row.embedding, row.layers)) for row in rows)
    return found


def _save_batch(
    engine: Engine, job_id: int, utterance_ids: list[int], results: list[UtteranceCoding], *, done: int
) -> None:
    with session_scope(engine) as session:
        job = _job(session, job_id)
        project_id = session.get(Source, job.source_id).project_id  # type: ignore[union-attr]
        rows = [
            row
            for utterance_id, result in zip(utterance_ids, results, strict=True)
            for row in _code_rows(utterance_id, project_id, result)
        ]
        framework = session.get(Project, project_id).framework  # type: ignore[union-attr]
        pairs = zip(utterance_ids, results, strict=True)
        coded = [u for u, r in pairs if r.coded_as == ContentClass.SUBSTANTIVE]  # the stage coder ran
        stages = guide_stages(session, utterance_ids=utterance_ids, framework=framework)
        rows = apply_guide_stages(rows, stages, coded=coded)
        _clear_machine_codes(session, utterance_ids)  # delete + insert in one transaction: idempotent
        if rows:
            session.execute(insert(CodeRecord), rows)
        _save_features(session, utterance_ids, results)
        job.done = done  # absolute: the count reported while the batch was coded is replaced
        job.started_at = job.started_at or utcnow()  # in case the report that the models were in failed
        job.skipped += sum(1 for r in results if r.skipped)
        session.add(job)


def _code_rows(utterance_id: int, project_id: int, result: UtteranceCoding) -> list[dict[str, Any]]:
    base = {"utterance_id": utterance_id, "project_id": project_id, "origin": CodeOrigin.MACHINE}
    if result.skipped:
        skipped = {"coder": SKIPPED_CODER, "version": "1", "kind": SKIPPED_KIND, "label": result.skipped[:64]}
        return [{**base, **skipped, "score": 1.0}]
    return [
        {
            **base,
            "coder": code.coder,
            "version": code.version,
            "kind": code.kind,
            "label": code.label[:64],
            "score": min(max(float(code.score), 0.0), 1.0),
            "span_start": code.span[0] if code.span else None,
            "span_end": code.span[1] if code.span else None,
        }
        for code in result.codes
    ]


def _save_features(session: Session, utterance_ids: list[int], results: list[UtteranceCoding]) -> None:
    coded = [(uid, r) for uid, r in zip(utterance_ids, results, strict=True) if r.embedding is not None]
    if not coded:
        return
    session.execute(
        delete(UtteranceFeatures).where(col(UtteranceFeatures.utterance_id).in_([uid for uid, _ in coded]))
    )
    texts = {
        u.id: u.text
        for u in session.exec(select(Utterance).where(col(Utterance.id).in_([uid for uid, _ in coded])))
    }
    rows = []
    for uid, result in coded:
        key = text_key(prepare(texts[uid]).text)
        layers = result.layers if result.layers is not None else np.zeros((7, 384), np.float32)
        embedding, packed_layers = pack(result.embedding, layers)  # type: ignore[arg-type]
        rows.append(
            {
                "utterance_id": uid,
                "model": MODEL_NAME,
                "text_sha1": key,
                "embedding": embedding,
                "layers": packed_layers,
            }
        )
    session.execute(insert(UtteranceFeatures), rows)


def _clear_machine_codes(session: Session, utterance_ids: Sequence[int]) -> None:
    for part in chunks(utterance_ids):
        session.execute(
            delete(CodeRecord).where(
                col(CodeRecord.utterance_id).in_(part), col(CodeRecord.origin) == CodeOrigin.MACHINE
            )
        )


AfterCoded = Callable[[Session, Source], object]
_AFTER_CODED: list[AfterCoded] = []


def register_after_coded(hook: AfterCoded) -> None:
    """Run `hook(session, source)` in the transaction that marks a source coded (app/handlers.py registers
    the features above coding that act on fresh codes, such as a project's switched-on adjustments)."""
    if hook not in _AFTER_CODED:
        _AFTER_CODED.append(hook)


def _finish(engine: Engine, lease: Lease, status: JobStatus, error: str | None) -> None:
    """Record the outcome and the source's status; retried while the database is briefly down."""

    def write() -> None:
        with session_scope(engine) as session:
            if not lease.end(session.connection(), status, error=error, finished_at=utcnow()):
                log.warning("coding job %s: lease lost before the end; not recorded here", lease.job_id)
                return
            job = _job(session, lease.job_id)
            source = session.get(Source, job.source_id)
            if source is not None:
                source.status = SourceStatus.CODED if status == JobStatus.DONE else SourceStatus.FAILED
                record_coded_versions(session, source=source)
                if status == JobStatus.DONE:
                    _after_coded(session, source)

    with_retry(write, what=f"record coding job {lease.job_id} as {status}")


def _after_coded(session: Session, source: Source) -> None:
    """Run the after-coded hooks, each in a savepoint: a failing hook is logged and undone, and the source
    stays coded (its codes are all stored)."""
    for hook in _AFTER_CODED:
        try:
            with session.begin_nested():
                hook(session, source)
        except Exception:
            log.exception("source %s: an after-coding step failed; the source stays coded", source.id)


def _finish_quietly(engine: Engine, lease: Lease, status: JobStatus, error: str | None) -> None:
    try:
        _finish(engine, lease, status, error)
    except Exception:  # the database stayed down: the lease lapses and the reaper takes the job
        log.exception("coding job %s: could not record the failure", lease.job_id)


def _job(session: Session, job_id: int) -> CodingJob:
    job = session.get(CodingJob, job_id)
    if job is None:
        raise LookupError(f"coding job {job_id} does not exist")
    return job
