"""Agreement statistics against values computed by hand."""

from __future__ import annotations

import pytest

from nlp.agreement import cohen_kappa, compare, krippendorff_alpha, per_label


def test_kappa_and_alpha_match_the_hand_computed_fixture() -> None:
    # Units 1..4: coder A says a, a, b, b; coder B says a, b, b, b.
    # kappa: po = 3/4, pe = (2*1 + 2*3)/16 = 1/2 -> (0.75 - 0.5) / 0.5 = 0.5
    # alpha: coincidences o(a,a)=2, o(a,b)=o(b,a)=1, o(b,b)=4; n_a=3, n_b=5, n=8
    #        1 - (n-1) * 2 / (64 - 9 - 25) = 1 - 14/30 = 0.5333...
    machine = {1: "a", 2: "a", 3: "b", 4: "b"}
    researcher = {1: "a", 2: "b", 3: "b", 4: "b"}
    result = compare(machine, researcher)
    assert result.units == 4
    assert result.observed == pytest.approx(0.75)
    assert result.kappa == pytest.approx(0.5)
    assert result.alpha == pytest.approx(1 - 14 / 30)
    assert result.disagreements() == {("a", "b"): [2]}


def test_alpha_handles_three_coders_with_missing_values() -> None:
    # Krippendorff (2011), nominal example reduced: unit u1 all "x"; u2 "x","y"; u3 only one value (unpairable).
    # coincidences: u1 (3 values, weight 1/2): o(x,x) = 6 * 1/2 = 3; u2: o(x,y) = o(y,x) = 1
    # n_x = 4, n_y = 1, n = 5; alpha = 1 - 4 * 2 / (25 - 16 - 1) = 0.0
    coders = [{"u1": "x", "u2": "x", "u3": "z"}, {"u1": "x", "u2": "y"}, {"u1": "x"}]
    assert krippendorff_alpha(coders) == pytest.approx(0.0)


def test_perfect_and_undefined_agreement() -> None:
    same = {1: "pain", 2: "none", 3: "pain"}
    assert compare(same, same).kappa == pytest.approx(1.0)
    assert compare(same, same).alpha == pytest.approx(1.0)
    assert cohen_kappa([("a", "a")]) is None
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # chance agreement is 1


def test_systematic_disagreement_is_below_zero() -> None:
    a = {1: "x", 2: "y", 3: "x", 4: "y"}
    b = {1: "y", 2: "x", 3: "y", 4: "x"}
    result = compare(a, b)
    assert result.kappa is not None and result.kappa < 0
    assert result.alpha is not None and result.alpha < 0


def test_per_label_is_one_versus_rest() -> None:
    a = {1: "joy", 2: "anger", 3: "joy", 4: "neutral"}
    b = {1: "joy", 2: "anger", 3: "neutral", 4: "neutral"}
    labels = per_label(a, b)
    assert set(labels) == {"joy", "anger", "neutral"}
    assert labels["anger"].kappa == pytest.approx(1.0)
    assert labels["joy"].observed == pytest.approx(0.75)
