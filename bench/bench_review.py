"""Benchmark: the researcher's loop at demo scale and above, on a temporary SQLite database.

    .venv/bin/python bench/bench_review.py [--sources 40] [--per-source 100] [--reviewed 600]

Builds a synthetic project (random unit embeddings in a few clusters, machine emotion and stage codes on
every utterance, researcher decisions on `--reviewed` of them) and times: the review queue (every pending
code, sorted least certain first), machine-vs-researcher agreement, fitting the emotion adjustment (5-fold
cross-validation plus the final head), switching it on and off, the saturation curves, full-text search
for a word every utterance holds (the worst case: every match is ranked by content class, then one page),
and a misspelt search that finds nothing and asks for suggestions ("Did you mean ...?"), first while the
project's vocabulary is built and then from the cached one. Each utterance carries ten pseudo-words drawn
Zipf-like from a vocabulary of VOCABULARY, so the suggestions search a vocabulary of realistic size.
The data are random, so the agreement figures it prints mean nothing; only the times do.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from sqlmodel import Session

from app.accounts.models import User
from app.agreement.adjust import fit, switch
from app.agreement.service import machine_vs_researcher
from app.coding.content import CONTENT_KIND
from app.coding.models import CodeOrigin, CodeRecord, UtteranceFeatures
from app.db import make_engine
from app.migrate import upgrade
from app.projects.models import Project
from app.review.models import QueueFilter
from app.review.queue import pending
from app.saturation.service import project_saturation
from app.search.service import search_utterances
from app.sources.models import Source, SourceKind
from app.utterances.models import Utterance

EMOTIONS = ["frustration", "neutral", "delight", "anxiety"]
STAGES = ["awareness", "research", "decision", "purchase"]
CONTENT = {False: "substantive", True: "backchannel"}
VOCABULARY = 8000
WORDS_PER_UTTERANCE = 10


def misspelt(word: str) -> str:
    """`word` with its second and third letters swapped, as a hurried typist would."""
    return word[0] + word[2] + word[1] + word[3:]


def pseudo_words(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct lower-case letter strings of 4 to 10 letters."""
    words: set[str] = set()
    while len(words) < count:
        length = int(rng.integers(4, 11))
        words.add("".join(chr(97 + int(c)) for c in rng.integers(0, 26, size=length)))
    return sorted(words)


def build(
    session: Session, *, sources: int, per_source: int, reviewed: int, seed: int = 0
) -> tuple[int, User]:
    rng = np.random.default_rng(seed)
    user = User(email="bench@example.com", password_hash="x")
    project = Project(name="Bench")
    session.add_all([user, project])
    session.flush()
    centres = rng.normal(size=(len(EMOTIONS), 384))
    vocabulary = pseudo_words(np.random.default_rng(seed + 1), VOCABULARY)
    weights = 1 / np.arange(1, VOCABULARY + 1)
    weights /= weights.sum()
    count = 0
    for s in range(sources):
        source = Source(
            project_id=project.id or 0,
            kind=SourceKind.INTERVIEW,
            filename=f"s{s}.txt",
            format="txt",
            sha256=f"{s:064d}",
            size_bytes=1,
        )
        session.add(source)
        session.flush()
        for turn in range(per_source):
            truth = int(rng.integers(len(EMOTIONS)))
            vector = centres[truth] + rng.normal(size=384)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            u = Utterance(
                project_id=project.id or 0,
                source_id=source.id or 0,
                speaker_role="respondent",
                turn=turn,
                sentence=0,
                text=f"utterance {s}-{turn} "
                + " ".join(rng.choice(vocabulary, size=WORDS_PER_UTTERANCE, p=weights)),
            )
            session.add(u)
            session.flush()
            said = truth if rng.random() < 0.6 else int(rng.integers(len(EMOTIONS)))
            session.add(
                UtteranceFeatures(
                    utterance_id=u.id or 0,
                    model="bench",
                    text_sha1="0" * 40,
                    embedding=vector.tobytes(),
                    layers=b"",
                )
            )
            session.add_all(
                [
                    _code(u, project.id or 0, "emotion", EMOTIONS[said], float(rng.random())),
                    # One in ten is a filler, so search has both content classes to rank.
                    _code(u, project.id or 0, CONTENT_KIND, CONTENT[turn % 10 == 0], 1.0),
                    _code(
                        u,
                        project.id or 0,
                        "stage",
                        STAGES[turn * len(STAGES) // per_source],
                        float(rng.random()),
                    ),
                ]
            )
            if count < reviewed:
                session.add(_code(u, project.id or 0, "emotion", EMOTIONS[truth], 1.0, user))
            count += 1
    session.flush()
    return project.id or 0, user


def _code(
    u: Utterance, project_id: int, kind: str, label: str, score: float, user: User | None = None
) -> CodeRecord:
    return CodeRecord(
        utterance_id=u.id or 0,
        project_id=project_id,
        kind=kind,
        label=label,
        score=score,
        coder="researcher:bench" if user else "bench",
        version="1",
        origin=CodeOrigin.RESEARCHER if user else CodeOrigin.MACHINE,
        created_by=user.id if user else None,
    )


def timed(name: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    print(f"{name:<34} {1000 * (time.perf_counter() - start):9.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--per-source", type=int, default=100)
    parser.add_argument("--reviewed", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with Session(engine) as session:
            project_id, user = build(
                session, sources=args.sources, per_source=args.per_source, reviewed=args.reviewed
            )
            user_id = user.id
            session.commit()
        with Session(engine) as session:  # a fresh session, as each request gets
            user = session.get(User, user_id)
            assert user is not None
            total = args.sources * args.per_source
            print(f"{total} utterances, {3 * total} machine codes, {args.reviewed} reviewed emotion codes")
            rows = timed(
                "review queue (all pending, sorted)",
                lambda: pending(session, project_id=project_id, wanted=QueueFilter()),
            )
            timed(
                "review queue again (warm)",
                lambda: pending(session, project_id=project_id, wanted=QueueFilter()),
            )
            print(f"{'':<34} {len(rows)} codes pending")
            timed(
                "agreement, machine vs researcher",
                lambda: machine_vs_researcher(session, project_id=project_id),
            )
            adjustment = timed(
                "fit emotion adjustment (5-fold)",
                lambda: fit(session, project_id=project_id, kind="emotion", user=user),
            )
            print(
                f"{'':<34} kappa before {adjustment.metrics['before']['kappa']:.3f}, "
                f"after {adjustment.metrics['after']['kappa']:.3f} (synthetic clusters)"
            )
            timed(
                "switch on (relabel undecided)", lambda: switch(session, adjustment=adjustment, enabled=True)
            )
            print(f"{'':<34} {len(adjustment.applied)} codes relabelled")
            timed("switch off (restore)", lambda: switch(session, adjustment=adjustment, enabled=False))
            timed("saturation curves", lambda: project_saturation(session, project_id=project_id))
            for page in (1, 50):
                found = timed(
                    f"search, all match, page {page}",
                    partial(
                        search_utterances,
                        session,
                        project_id=project_id,
                        query="utterance",
                        page=page,
                        page_size=50,
                    ),
                )
            print(f"{'':<34} {found.total} matches")
            # "uterance" corrects to the word every utterance holds, the most a suggestion's count reads
            # ("utterence" would not do: Porter stems it, like "utterance", to "utter", so it matches).
            typo = timed(
                "search, typo, vocabulary built",
                partial(
                    search_utterances, session, project_id=project_id, query="uterance", page=1, page_size=50
                ),
            )
            timed(
                "search, typo, vocabulary cached",
                partial(
                    search_utterances, session, project_id=project_id, query="uterance", page=1, page_size=50
                ),
            )
            rare_word = pseudo_words(np.random.default_rng(1), VOCABULARY)[VOCABULARY // 2]
            rare = timed(
                "search, rare-word typo, cached",
                partial(
                    search_utterances,
                    session,
                    project_id=project_id,
                    query=misspelt(rare_word),
                    page=1,
                    page_size=50,
                ),
            )
            for result in (typo, rare):
                print(
                    f"{'':<34} {result.total} matches; "
                    + ", ".join(f"{s.query} ({s.total})" for s in result.suggestions)
                )
        engine.dispose()


if __name__ == "__main__":
    main()
