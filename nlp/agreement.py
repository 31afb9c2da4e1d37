"""How far two coders (machine and researcher, or two researchers) agree on nominal codes.

Cohen's kappa for two coders on the same units; Krippendorff's alpha (nominal) for any number of coders
with missing values; a confusion matrix that keeps the units behind each cell so a page can link to the
disagreements. Pure functions over plain mappings: no database, no model.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

Unit = Hashable


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement of two coders over the units both coded.

    Attributes:
        units: How many units both coders coded.
        observed: Share of those units with the same label.
        kappa: Cohen's kappa (None when it is undefined: fewer than 2 units, or chance agreement is 1).
        alpha: Krippendorff's alpha, nominal (None when undefined).
        confusion: (label of coder A, label of coder B) -> the units with that pair.
    """

    units: int
    observed: float
    kappa: float | None
    alpha: float | None
    confusion: dict[tuple[str, str], list[Unit]] = field(default_factory=dict)

    def disagreements(self) -> dict[tuple[str, str], list[Unit]]:
        return {pair: units for pair, units in self.confusion.items() if pair[0] != pair[1]}


def compare(a: Mapping[Unit, str], b: Mapping[Unit, str]) -> Agreement:
    """Agreement of coder `a` and coder `b` on the units both labelled."""
    shared = [unit for unit in a if unit in b]
    confusion: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for unit in shared:
        confusion[(a[unit], b[unit])].append(unit)
    pairs = [(a[unit], b[unit]) for unit in shared]
    observed = sum(x == y for x, y in pairs) / len(pairs) if pairs else 0.0
    alpha = krippendorff_alpha([{unit: a[unit] for unit in shared}, {unit: b[unit] for unit in shared}])
    return Agreement(len(pairs), observed, cohen_kappa(pairs), alpha, dict(confusion))


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of label pairs (coder A, coder B) on the same units."""
    n = len(pairs)
    if n < 2:
        return None
    observed = sum(x == y for x, y in pairs) / n
    first, second = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(coders: Sequence[Mapping[Unit, str]]) -> float | None:
    """Krippendorff's alpha for nominal labels; each coder maps unit -> label, missing units allowed."""
    by_unit: dict[Unit, list[str]] = defaultdict(list)
    for coder in coders:
        for unit, label in coder.items():
            by_unit[unit].append(label)
    pairable = [labels for labels in by_unit.values() if len(labels) >= 2]
    coincidence: defaultdict[tuple[str, str], float] = defaultdict(float)
    for labels in pairable:
        weight = 1.0 / (len(labels) - 1)
        for i, c in enumerate(labels):
            for j, k in enumerate(labels):
                if i != j:
                    coincidence[(c, k)] += weight
    totals: defaultdict[str, float] = defaultdict(float)
    for (c, _), value in coincidence.items():
        totals[c] += value
    n = sum(totals.values())
    if n <= 1:
        return None
    disagree_observed = sum(v for (c, k), v in coincidence.items() if c != k)
    disagree_expected = n * n - sum(t * t for t in totals.values())
    if disagree_expected == 0:
        return None
    return 1.0 - (n - 1) * disagree_observed / disagree_expected


def per_label(a: Mapping[Unit, str], b: Mapping[Unit, str]) -> dict[str, Agreement]:
    """One-vs-rest agreement for every label either coder used (is it this label or not)."""
    labels = sorted(set(a.values()) | set(b.values()))
    shared = [unit for unit in a if unit in b]
    result = {}
    for label in labels:
        yes_a = {unit: str(a[unit] == label) for unit in shared}
        yes_b = {unit: str(b[unit] == label) for unit in shared}
        result[label] = compare(yes_a, yes_b)
    return result
