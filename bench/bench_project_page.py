"""Benchmark: the project page's "coded with older models" check and substantive counts at 50,000 utterances.

    PYTHONPATH=. .venv/bin/python bench/bench_project_page.py [--db /tmp/page.db] [--sources 200]

Builds (or reuses, with --db) a SQLite project of `--sources` sources of 250 utterances (a tenth of them
the interviewer's), eight machine codes per utterance of which one is the content code, a researcher's
content code on every 50th utterance, and the last `--uncoded` sources imported but never coded (their
utterances are classified on the fly). The first `--old` sources were coded by emotion and stage v1, and
record so in `Source.coded_versions`. Prints each median time and a digest of each result, so that runs
of two revisions on the same database can be compared, and times the row-by-row count it replaced
(checking that both agree).
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col

import app.models  # noqa: F401  (every table)
from app.coding.content import CODE_FACT_COLUMNS, CONTENT_KIND, CodeFact, effective_content
from app.coding.models import CodeRecord
from app.coding.service import substantive_counts
from app.coding.stale import stale_coding
from app.projects.models import Project
from app.sources.models import Source
from app.utterances.models import Utterance
from nlp.types import SpeakerRole

PER_SOURCE = 250
LABELS = ["substantive", "substantive", "substantive", "backchannel", "filler"]
TEXTS = ["I could not find the price anywhere on the page", "yeah", "mm-hmm", "The app broke every Monday"]


def machine_codes(uid: int, old: bool) -> list[tuple[str, str, str, str]]:
    """(coder, version, kind, label) of one utterance's machine codes."""
    v = "1" if old else "2"
    return [
        ("desirelines.content", "1", "content", LABELS[uid % len(LABELS)]),
        ("desirelines.emotion", v, "emotion", "neutral"),
        ("desirelines.emotion", v, "goemotions", "joy"),
        ("desirelines.emotion", v, "goemotions", "anger"),
        ("desirelines.pain_point", "1", "pain_point", "obstacle"),
        ("desirelines.stage", v, "stage", "research"),
        ("desirelines.forces", "1", "force", "push"),
        ("desirelines.forces", "1", "force", "pull"),
    ]


def build(path: Path, sources: int, old: int, uncoded: int) -> None:
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    coded_upto = sources - uncoded
    with Session(engine) as s:
        s.add(Project(id=1, name="p"))
        s.add(Project(id=2, name="q"))
        s.flush()
        s.execute(
            insert(Source),
            [source_row(i, coded=i <= coded_upto, old=i <= old) for i in range(1, sources + 1)],
        )
        utts: list[dict[str, Any]] = [
            {
                "id": (i - 1) * PER_SOURCE + k + 1,
                "project_id": 1,
                "source_id": i,
                "speaker_role": "interviewer" if k % 10 == 0 else "respondent",
                "turn": k,
                "sentence": 0,
                "text": f"{TEXTS[k % len(TEXTS)]} ({k} of {i})",
            }
            for i in range(1, sources + 1)
            for k in range(PER_SOURCE)
        ]
        s.execute(insert(Utterance), utts)
        codes: list[dict[str, Any]] = []
        for u in utts:
            if u["source_id"] > coded_upto:
                continue
            for coder, version, kind, label in machine_codes(u["id"], u["source_id"] <= old):
                codes.append(code_row(u["id"], coder, version, kind, label, "machine"))
            if u["id"] % 50 == 0:
                label = "substantive" if u["id"] % 100 else "off_topic"
                codes.append(
                    code_row(u["id"], "researcher:r@example.com", "1", "content", label, "researcher")
                )
        s.execute(insert(CodeRecord), codes)
        s.commit()
        print(f"built {len(utts)} utterances, {len(codes)} codes in {path}")


def source_row(i: int, *, coded: bool, old: bool) -> dict[str, Any]:
    v = "1" if old else "2"
    versions = {
        "desirelines.content": ["1"],
        "desirelines.emotion": [v],
        "desirelines.forces": ["1"],
        "desirelines.pain_point": ["1"],
        "desirelines.stage": [v],
    }
    return {
        "id": i,
        "project_id": 1,
        "kind": "interview",
        "filename": f"{i}.txt",
        "format": "txt",
        "sha256": f"{i:064d}",
        "size_bytes": 1,
        "status": "coded" if coded else "imported",
        "coded_versions": versions if coded else None,
    }


def code_row(uid: int, coder: str, version: str, kind: str, label: str, origin: str) -> dict[str, Any]:
    return {
        "utterance_id": uid,
        "project_id": 1,
        "coder": coder,
        "version": version,
        "kind": kind,
        "label": label,
        "score": 0.5,
        "origin": origin,
    }


def timed(name: str, fn: Callable[[], Any]) -> None:
    result = fn()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    digest = hashlib.sha1(repr(result).encode()).hexdigest()[:10]
    print(f"{name}: median {sorted(times)[2] * 1000:.0f} ms  (result digest {digest})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_project_page.db"))
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--old", type=int, default=20)
    parser.add_argument("--uncoded", type=int, default=10)
    args = parser.parse_args()
    if not args.db.exists():
        build(args.db, args.sources, args.old, args.uncoded)
    with Session(create_engine(f"sqlite:///{args.db}")) as s:
        stale = stale_coding(s, project_id=1)
        print(f"stale: {stale.count} sources, {[(c.coder, c.stored) for c in stale.coders]}")
        timed("stale_coding", lambda: stale_coding(s, project_id=1))
        timed("stale_coding one source", lambda: stale_coding(s, project_id=1, source_id=150))
        timed(
            "stale_coding, none stale",
            lambda: stale_coding(s, project_id=1, current={"desirelines.forces": "1"}),
        )
        timed("substantive_counts", lambda: sorted(substantive_counts(s, project_id=1).items()))
        timed(
            "substantive_counts, one row at a time",
            lambda: sorted(row_by_row_counts(s, project_id=1).items()),
        )
        assert substantive_counts(s, project_id=1) == row_by_row_counts(s, project_id=1)


def row_by_row_counts(session: Session, *, project_id: int) -> dict[int, tuple[int, int]]:
    """`substantive_counts` before it counted in the database: every content code and utterance read."""
    content: dict[int, list[CodeFact]] = defaultdict(list)
    codes = sa_select(*CODE_FACT_COLUMNS).where(
        col(CodeRecord.project_id) == project_id, col(CodeRecord.kind) == CONTENT_KIND
    )
    for row in session.execute(codes):
        content[row.utterance_id].append(CodeFact(*row))
    utterances = sa_select(col(Utterance.id), col(Utterance.source_id), col(Utterance.text)).where(
        col(Utterance.project_id) == project_id, col(Utterance.speaker_role) == SpeakerRole.RESPONDENT
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for uid, source_id, text in session.execute(utterances):
        counts[source_id][0] += effective_content(content.get(uid, []), text).substantive
        counts[source_id][1] += 1
    return {source_id: (n[0], n[1]) for source_id, n in counts.items()}


if __name__ == "__main__":
    main()
