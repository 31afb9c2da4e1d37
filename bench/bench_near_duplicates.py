"""Benchmark: near-duplicate detection at upload in a project of 50,000 utterances.

    .venv/bin/python bench/bench_near_duplicates.py [--postgres postgresql+psycopg://user@127.0.0.1:5432/test]

Fills a fresh database (SQLite in a temporary folder, or a temporary database on the PostgreSQL server
given) with one project of 50 survey sources x 1,000 answers (synthetic, all different), fingerprints
them (what migration 0014 does for an existing database), then times `mark_near_duplicate`'s two steps
for new sources, as the upload runs them after storing a file: the same answers re-cased and
re-punctuated (flagged), and unrelated ones of 1,000 and 25,000 utterances (not flagged).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.projects.models import Project
from app.sources.duplicates import find_near_duplicate, fingerprint_source
from app.sources.models import Source, SourceKind
from app.utterances.models import Utterance

SOURCES, PER_SOURCE = 50, 1000
WORDS = [
    *("invoice", "export", "ledger", "approval", "client", "payment", "late", "bank", "feed", "report"),
    *("team", "month", "tool", "price", "support", "email", "reminder", "tax", "amount", "dispute"),
    *("account", "manager", "weekly", "slow", "broken", "easy", "hard", "clear", "confusing", "screen"),
    *("button", "login", "password", "mobile", "desktop", "sync", "error", "fix", "wait", "call"),
]


def answers(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choices(WORDS, k=rng.randint(6, 16))).capitalize() + "." for _ in range(count)]


def add_source(session: Session, project: Project, name: str, texts: list[str]) -> Source:
    source = Source(
        project_id=project.id or 0, kind=SourceKind.SURVEY, filename=name, format="csv",
        sha256=uuid.uuid4().hex, size_bytes=1, utterance_count=len(texts),
    )  # fmt: skip
    session.add(source)
    session.flush()
    rows = [
        {"project_id": project.id, "source_id": source.id, "speaker_role": "respondent", "turn": n,
         "sentence": 0, "text": t}
        for n, t in enumerate(texts)
    ]  # fmt: skip
    for start in range(0, len(rows), 5000):
        session.execute(insert(Utterance), rows[start : start + 5000])
    return source


def timed(label: str, session: Session, source: Source) -> None:
    """`mark_near_duplicate`, its two steps timed apart: fingerprint (read, hash, insert), then match."""
    started = time.perf_counter()
    total = fingerprint_source(session, source=source)
    fingerprinted = time.perf_counter()
    found = find_near_duplicate(session, source=source, total=total)
    done = time.perf_counter()
    verdict = f"repeats source {found.source_id} ({found.share:.0%})" if found else "not a duplicate"
    steps = (
        f"fingerprint {(fingerprinted - started) * 1000:.1f} ms, match {(done - fingerprinted) * 1000:.1f} ms"
    )
    print(f"  {label}: {(done - started) * 1000:7.1f} ms ({steps}), {verdict}")


@contextmanager
def database(postgres: str | None) -> Iterator[Engine]:
    if postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            yield engine
            engine.dispose()
        return
    admin = make_engine(postgres).execution_options(isolation_level="AUTOCOMMIT")
    name = f"desirelines_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(postgres).set(database=name).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(engine: Engine) -> None:
    upgrade(engine)
    rng = random.Random(7)
    with Session(engine) as session:
        project = Project(name="Bench")
        session.add(project)
        session.flush()
        existing = [
            add_source(session, project, f"s{n}.csv", answers(rng, PER_SOURCE)) for n in range(SOURCES)
        ]
        started = time.perf_counter()
        hashes = sum(fingerprint_source(session, source=source) for source in existing)
        session.commit()
        backfill = time.perf_counter() - started
        size = f"{SOURCES * PER_SOURCE} utterances, {SOURCES} sources"
        print(f"{engine.dialect.name}: {size}, {hashes} fingerprints")
        print(f"  fingerprinting all of them (migration 0014's backfill): {backfill * 1000:.0f} ms")
        texts = [u.upper().replace(".", " !") for u in answers(random.Random(7), PER_SOURCE)]
        timed("1,000 answers repeating s0.csv", session, add_source(session, project, "copy.xlsx", texts))
        timed("1,000 new answers", session, add_source(session, project, "new.csv", answers(rng, 1000)))
        timed("25,000 new answers", session, add_source(session, project, "big.csv", answers(rng, 25000)))
        session.rollback()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a temporary database is made on it")
    args = parser.parse_args()
    with database(args.postgres) as engine:
        run(engine)


if __name__ == "__main__":
    main()
