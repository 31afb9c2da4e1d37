"""Stage labels every stage figure shares: the abstention and the five reporting classes.

Kept apart from the coder (no numpy, no models) so evaluations can read them without loading it.
"""

from __future__ import annotations

FIVE_STAGES = ("awareness", "research", "purchase", "post-purchase", "loyalty")
# The label of an abstention: the text gives no evidence of any stage ("I don't know.", "Yeah.").
# The coder returns no stage code for it.
NO_STAGE = "none"
_SEVEN_TO_FIVE = {
    "awareness": "awareness",
    "research": "research",
    "consideration": "research",
    "decision": "research",
    "purchase": "purchase",
    "post-purchase": "post-purchase",
    "loyalty-advocacy": "loyalty",
}


def collapse_to_five(stage_id: str) -> str:
    """Map a `seven-step` stage to the five reporting classes (research, consideration and decision
    become "research"; loyalty-advocacy becomes "loyalty"); "none" (an abstention) stays "none"."""
    if stage_id == NO_STAGE:
        return NO_STAGE
    try:
        return _SEVEN_TO_FIVE[stage_id]
    except KeyError:
        raise KeyError(f"{stage_id!r} is not a seven-step stage; stages: {list(_SEVEN_TO_FIVE)}") from None
