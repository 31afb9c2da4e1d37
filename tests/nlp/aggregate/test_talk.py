"""Which evidence carries content: the class decided upstream wins over the text filter."""

from __future__ import annotations

from nlp.aggregate.evidence import Evidence
from nlp.aggregate.talk import TalkFloor, carries_content, substantive, too_little_talk

PAIN = "The export broke every Monday and we lost two deals because nobody saw the error message."


def test_without_a_decided_class_the_text_decides() -> None:
    items = [Evidence(1, "Yeah."), Evidence(2, PAIN), Evidence(3, "[inaudible]")]
    assert substantive(items) == [1]


def test_a_decided_class_wins_both_ways() -> None:
    items = [Evidence(1, "No.", substantive=True), Evidence(2, PAIN, substantive=False)]
    assert [carries_content(item) for item in items] == [True, False]
    assert substantive(items) == [0]


def test_the_talk_floor_counts_decided_classes() -> None:
    floor = TalkFloor(utterances=2, content_words=1, median_share=1.0)
    said = [Evidence(i, PAIN, participant="a") for i in range(3)]
    set_aside = [Evidence(10 + i, PAIN, participant="b", substantive=False) for i in range(3)]
    reasons = too_little_talk(said + set_aside, floor)
    assert list(reasons) == ["b"] and reasons["b"].startswith("no substantive talk")
