"""The rule lexicons' pattern filter: which tokens a Matcher pattern needs, so most texts skip the Matcher."""

from __future__ import annotations

from typing import Any

from nlp.coders.pain.rules import PainRules, load_pain_lexicon
from nlp.coders.rules.patterns import required_norms


def test_a_required_symbol_token_lets_the_filter_rule_a_pattern_out() -> None:
    hashtag: list[dict[str, Any]] = [{"ORTH": "#"}, {"LOWER": {"REGEX": "(fail|worst)"}}]
    assert required_norms(hashtag) == [["#"]]
    assert required_norms([{"ORTH": "Apple"}]) is None  # a word's NORM may differ from its ORTH
    assert required_norms([{"NORM": {"IN": ["late", "slow"]}}, {"OP": "?"}]) == [["late", "slow"]]


def test_the_pain_cues_keep_their_filter_and_still_find_hashtags() -> None:
    lexicon = load_pain_lexicon()
    assert lexicon.cues._patterns.always == ()  # no pattern forces the Matcher onto every text
    rules = PainRules(lexicon)
    (tagged, plain) = rules.analyse(["@delta #fail again", "no hashtag here"])
    assert "#fail" in [cue.text for cue in tagged.cues] and plain.cues == []
