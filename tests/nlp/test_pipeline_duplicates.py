"""An utterance said again within a batch is coded once: fake encoder and coders, the wiring only."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.encoder import EncodedBatch
from nlp.types import Code, CodingInput
from tests.fakes import FakeEncoder
from tests.nlp.test_pipeline_content import pipeline


class _Numbering:
    """A coder whose code names the item it was given: one number per item coded, in order."""

    name, version = "numbering", "1"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None, float | None]] = []

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        assert len(items) == len(features.embeddings) == len(features.layer_means)
        start = len(self.seen)
        self.seen += [(item.text, item.question, item.position) for item in items]
        return [[Code(self.name, self.version, "force", f"item {start + k}", 0.5)] for k in range(len(items))]


BROKE = "The export broke every Monday and we lost a deal."
SLOW = "Support took three weeks to answer our ticket."


def test_each_distinct_utterance_is_coded_once_and_its_repeats_get_its_codes() -> None:
    numbering = _Numbering()
    coding, coders = pipeline(extra=[numbering])  # type: ignore[list-item]
    FakeEncoder.passes = 0
    batch = [
        CodingInput(BROKE),
        CodingInput(SLOW),
        CodingInput(BROKE),
        CodingInput(BROKE, question="What went wrong?"),
        CodingInput(BROKE, position=0.5),
        CodingInput(SLOW),
        CodingInput(BROKE, content="substantive"),  # the class override is no part of what is coded
    ]
    results = coding.code(batch)
    assert numbering.seen == [
        (BROKE, None, None),
        (SLOW, None, None),
        (BROKE, "What went wrong?", None),
        (BROKE, None, 0.5),
    ]
    assert all(coder.seen == [BROKE, SLOW, BROKE, BROKE] for coder in coders.values())
    labels = [[c.label for c in r.codes if c.coder == "numbering"] for r in results]
    assert labels == [["item 0"], ["item 1"], ["item 0"], ["item 2"], ["item 3"], ["item 1"], ["item 0"]]
    assert results[2].codes == results[0].codes and results[5].codes == results[1].codes
    assert results[2].codes is not results[0].codes  # each result holds its own list
    # Every utterance still has its own embedding from the one encoder pass.
    assert FakeEncoder.passes == len(batch)
    assert all(r.embedding is not None and r.layers is not None for r in results)


def test_repeats_of_a_skipped_or_no_content_utterance_stay_uncoded() -> None:
    numbering = _Numbering()
    coding, _ = pipeline(extra=[numbering])  # type: ignore[list-item]
    results = coding.code([CodingInput(t) for t in ["Yeah.", BROKE, "Yeah.", "", BROKE, ""]])
    assert numbering.seen == [(BROKE, None, None)]
    assert [r.content or r.skipped for r in results] == [
        "backchannel", "substantive", "backchannel", "empty", "substantive", "empty"
    ]  # fmt: skip
    assert results[4].forces == results[1].forces == {"push": 0.6, "anxiety": 0.55, "item 0": 0.5}
    assert results[4].emotion == results[1].emotion == "frustration"


class _BlasThreads:
    """A coder that records how many threads numpy's BLAS may use while it codes."""

    name, version = "blas-threads", "1"

    def __init__(self) -> None:
        self.threads: list[int] = []

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        from threadpoolctl import threadpool_info

        self.threads += [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
        return [[] for _ in items]


def test_coders_run_on_one_blas_thread_and_the_limit_is_lifted_after() -> None:
    import numpy as np
    from threadpoolctl import threadpool_info, threadpool_limits

    np.ones((2, 2)) @ np.ones((2, 2))  # numpy's BLAS is loaded
    watcher = _BlasThreads()
    coding, _ = pipeline(extra=[watcher])  # type: ignore[list-item]
    with threadpool_limits(limits=2, user_api="blas"):  # as on a machine with two cores or more
        coding.code([CodingInput(BROKE), CodingInput(SLOW)])
        after = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert watcher.threads and set(watcher.threads) == {1}
    assert after and set(after) == {2}
