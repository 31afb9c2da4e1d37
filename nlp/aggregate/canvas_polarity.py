"""Which of two opposite canvas fields a statement backs: "Main motivating factors" or "Objections and
problems".

The force and pain coders score each sentence on its own, so one sentence can carry a pull and an anxiety
at once, and a coder can call a hope an anxiety ("what if this could be a product?"). The words decide
first: a statement backs objections only when it does not say more of wanting, gain or hope than of worry,
difficulty or lack (the `polarity` cues of `data/canvas_cues.yaml`), and motivations only when it does not
say more of worry than of wanting. An anxiety or a habit from the force coder alone, with no word of worry,
the unknown or the old way, is no objection: on real interviews that coder called hopes ("what if this
could be a product?") and experience ("the intuitions we gained from years of using it") anxieties and
habits; a pain point needs no such word, as the pain coder reads the problem itself. A statement left in
both goes to the field whose own scores are stronger (anxiety, habit or pain against pull or positive
outcome), so no quote stands under both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from nlp.aggregate.canvas_rules import Cue
from nlp.aggregate.evidence import Evidence

Kinds = dict[str, list[tuple[Evidence, float]]]
PAIN = "pain point"  # the objection kind whose coder reads problems in the words themselves


def lean(cues: Sequence[Cue]) -> int:
    """Objection words minus motivation words, negated ones left out: above 0 the statement leans to
    objections, below to motivations."""
    labels = [cue.label for cue in cues if cue.field == "polarity" and not cue.negated]  # "not a problem"
    return labels.count("objection") - labels.count("motivation")


def split_opposites(
    motivations: Kinds, objections: Kinds, cues: Mapping[int, Sequence[Cue]]
) -> tuple[Kinds, Kinds]:
    """The motivation and objection statements, each in the field it fits and none in both.

    Args:
        motivations: Statements behind "Main motivating factors" by kind, with their strength.
        objections: Statements behind "Objections and problems" by kind, with their strength.
        cues: The cues found in each utterance, by utterance id.
    """
    leans = {e.utterance_id: lean(cues.get(e.utterance_id, ())) for e in _statements(motivations, objections)}
    pained = {e.utterance_id for e, _ in objections.get(PAIN, [])}
    motive = _strongest(motivations, lambda i: leans[i] <= 0)
    objection = _strongest(objections, lambda i: leans[i] > 0 or (leans[i] == 0 and i in pained))
    both = motive.keys() & objection.keys()
    to_objections = {i for i in both if objection[i] >= motive[i]}
    not_motives = to_objections | (set(leans) - motive.keys())
    not_objections = (both - to_objections) | (set(leans) - objection.keys())
    return _without(motivations, not_motives), _without(objections, not_objections)


def _statements(*fields: Kinds) -> list[Evidence]:
    return [item for kinds in fields for items in kinds.values() for item, _ in items]


def _strongest(kinds: Kinds, fits: Callable[[int], bool]) -> dict[int, float]:
    best: dict[int, float] = {}
    for items in kinds.values():
        for item, strength in items:
            if fits(item.utterance_id):
                best[item.utterance_id] = max(best.get(item.utterance_id, 0.0), strength)
    return best


def _without(kinds: Kinds, dropped: set[int]) -> Kinds:
    return {
        kind: [(e, s) for e, s in items if e.utterance_id not in dropped] for kind, items in kinds.items()
    }
