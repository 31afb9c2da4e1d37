"""Saturation curve and stopping signal on interviews with known codes."""

from __future__ import annotations

import pytest

from nlp.aggregate.saturation import saturation


def test_new_codes_per_interview_and_running_total() -> None:
    curve = saturation([("s1", ["a", "b"]), ("s2", ["b", "c"]), ("s3", ["a"])], base=2, run=1)
    assert [p.new for p in curve.points] == [("a", "b"), ("c",), ()]
    assert [p.total for p in curve.points] == [2, 3, 3]
    assert curve.base_size == 3
    assert curve.new_information == [(2, 0.0)]
    assert curve.saturated_at == 2


def test_saturation_waits_for_a_run_with_little_new_information() -> None:
    # Base of 4 interviews holds 20 codes; runs of 2: first run adds 3 (15%), second adds 1 (5%).
    base = [(f"b{i}", [f"c{j}" for j in range(5 * i, 5 * i + 5)]) for i in range(4)]
    later = [("l1", ["c0", "n1", "n2"]), ("l2", ["n3"]), ("l3", ["n4"]), ("l4", ["c1"])]
    curve = saturation(base + later)
    assert curve.base_size == 20
    assert curve.new_information == [(5, pytest.approx(0.15)), (7, pytest.approx(0.05))]
    assert curve.saturated_at == 7
    assert curve.saturated


def test_too_few_interviews_give_no_signal() -> None:
    curve = saturation([("s1", ["a"]), ("s2", ["b"])])
    assert not curve.saturated
    assert curve.new_information == []
    assert saturation([]).points == []
