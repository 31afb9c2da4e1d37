"""Which evidence carries content, and which participants said too little of it to be grouped.

Every aggregate guards itself with `substantive`: backchannels, thanks, talk about the interview and bare
transcription markers never feed themes, personas, canvases or journey cells, whatever the caller passed.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.aggregate.evidence import Evidence
from nlp.content import is_substantive, strip_markers

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True, slots=True)
class TalkFloor:
    """The least substantive talk a participant needs to be grouped into a persona.

    A participant is left out below `utterances` substantive utterances or below `content_words` content
    words. Each floor is capped at `median_share` of the median participant's, so that a survey, where
    everyone writes a few short answers, does not lose everyone; a participant with no substantive
    utterance is always left out.
    """

    utterances: int = 5
    content_words: int = 40
    median_share: float = 0.25


def substantive(evidence: Sequence[Evidence]) -> list[int]:
    """Positions of the evidence items that carry content (see `carries_content`)."""
    return [index for index, item in enumerate(evidence) if carries_content(item)]


def carries_content(item: Evidence) -> bool:
    """The class already decided for the item (the service's, with researchers' overrides), else the
    filter's judgement of its text: "No." that a researcher marked substantive stays in."""
    return item.substantive if item.substantive is not None else is_substantive(item.text)


def content_words(text: str) -> int:
    """Words that are neither stop words, fillers nor inside transcription markers."""
    from nlp.aggregate.theme_labels import stop_words

    stops = stop_words()
    words = _WORD.findall(strip_markers(text).lower().replace("\u2019", "'"))
    return sum(len(word) > 1 and word not in stops for word in words)


def too_little_talk(evidence: Sequence[Evidence], floor: TalkFloor = TalkFloor()) -> dict[str, str]:
    """Participant key -> why they are left out, for everyone in `evidence` below the floor.

    Args:
        evidence: Every utterance of the participants to judge (substantive or not).
        floor: The thresholds.
    """
    said: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in evidence:
        if item.participant is None:
            continue
        tally = said[item.participant]
        if carries_content(item):
            tally[0] += 1
            tally[1] += content_words(item.text)
    if not said:
        return {}
    share = floor.median_share
    need_utterances = min(floor.utterances, share * statistics.median(t[0] for t in said.values()))
    need_words = min(floor.content_words, share * statistics.median(t[1] for t in said.values()))
    return {
        key: _reason(utterances, words, need_utterances, need_words)
        for key, (utterances, words) in said.items()
        if utterances == 0 or utterances < need_utterances or words < need_words
    }


def _reason(utterances: int, words: int, need_utterances: float, need_words: float) -> str:
    if utterances == 0:
        return "no substantive talk (only fillers, greetings, talk about the interview or markers)"
    return (
        f"too little substantive talk: {utterances} utterance(s) and {words} content word(s) "
        f"(needs {need_utterances:g} and {need_words:g})"
    )
