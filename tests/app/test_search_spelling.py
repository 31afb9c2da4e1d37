"""The vocabulary and edit distance behind "Did you mean ...?" suggestions (pure Python, no database)."""

from collections.abc import Callable, Sequence

from app.search.spelling import Vocabulary, edit_distance, words_of
from app.search.suggest import suggest


def counter(found: dict[str, set[int]]) -> Callable[[Sequence[str]], int]:
    """A fake search: how many utterance ids every one of the queries finds."""
    return lambda queries: len(set.intersection(*(found.get(q, set()) for q in queries)))


def test_edit_distance_counts_a_transposition_as_one_edit() -> None:
    assert edit_distance("onbaording", "onboarding", 2) == 1
    assert edit_distance("pricng", "pricing", 2) == 1
    assert edit_distance("forcast", "forecast", 2) == 1
    assert edit_distance("spredshet", "spreadsheet", 2) == 2
    assert edit_distance("abc", "xyzabc", 2) == 3  # past the limit: limit + 1


def test_words_are_folded_and_lower_cased_letters() -> None:
    assert words_of("Caf\u00e9 pricing, Q3 2024 re-onboarding") == [
        "cafe",
        "pricing",
        "q",
        "re",
        "onboarding",
    ]


def test_closest_prefers_fewer_edits_then_frequent_words() -> None:
    vocabulary = Vocabulary.of(["pricing", "price", "prizing prizing", "princess"])
    # One edit first; then, at two edits each, the more frequent "prizing" before "price".
    assert [(c.word, c.edits) for c in vocabulary.closest("pricng")] == [
        ("pricing", 1),
        ("prizing", 2),
        ("price", 2),
    ]
    # Short words get one edit at most: "cat" is not two edits from "cut" and "car" both.
    assert [c.word for c in Vocabulary.of(["cut", "dog"]).closest("cat")] == ["cut"]
    assert Vocabulary.of(["dog"]).closest("cat") == []


def test_suggest_replaces_only_unknown_words_and_keeps_the_rest_of_the_query() -> None:
    vocabulary = Vocabulary.of(["onboarding took a week", "pricing page"])
    count = counter({'"free trial" onboarding*': {1, 2, 3, 4}, "pricing Onboarding": {5, 6}})
    found = suggest('"free trial" onbaording*', vocabulary, total=0, count=count)
    assert [(s.query, s.total) for s in found] == [('"free trial" onboarding*', 4)]
    capitalised = suggest("pricng Onbaording", vocabulary, total=0, count=count)
    assert [s.query for s in capitalised] == ["pricing Onboarding"]


def test_suggest_drops_corrections_that_find_no_more_than_the_query() -> None:
    vocabulary = Vocabulary.of(["forecast forecasts"])
    assert suggest("forecasst", vocabulary, total=2, count=counter({"forecasts": {1, 2}})) == []
    # A known word is not corrected.
    assert suggest("forecast", vocabulary, total=0, count=counter({"forecasts": {1}})) == []


def test_suggest_leaves_out_a_correction_that_finds_the_same_utterances_as_a_better_one() -> None:
    vocabulary = Vocabulary.of(["spreadsheets spreadsheet spreadsheets"])
    same = counter({"spreadsheets": {7, 8}, "spreadsheet": {7, 8}})  # one stem, one search
    assert [s.query for s in suggest("spredsheets", vocabulary, total=0, count=same)] == ["spreadsheets"]
    # As many matches, but other utterances: both are offered.
    other = counter({"spreadsheets": {7, 8}, "spreadsheet": {1, 2}})
    assert [s.query for s in suggest("spredsheets", vocabulary, total=0, count=other)] == [
        "spreadsheets",
        "spreadsheet",
    ]


def test_suggest_leaves_codes_and_symbols_alone() -> None:
    vocabulary = Vocabulary.of(["version plan"])
    assert suggest("versio2 C++", vocabulary, total=0, count=counter({"version C++": {1}})) == []


def test_a_rare_misspelling_of_a_suggested_word_is_not_suggested_beside_it() -> None:
    """walk4: "spredsheet" got "Did you mean spreadsheet (40) or spreadhseet (2)?", a typo in two answers."""
    vocabulary = Vocabulary.of(["spreadsheet " * 30, "spreadhseet spreadhseet", "spreadsheets " * 5])
    assert [c.word for c in vocabulary.closest("spredsheet")] == ["spreadsheet", "spreadsheets"]
    # A word met more often is a word of its own, however close ("pride" beside "price").
    common = Vocabulary.of(["price " * 40, "pride " * 3])
    assert [c.word for c in common.closest("prie")] == ["price", "pride"]


def test_no_farther_word_is_suggested_when_the_closest_finds_what_the_query_found() -> None:
    """walk4: "furios" found the one "furious" utterance by its stem, then "Did you mean euros?"."""
    vocabulary = Vocabulary.of(["I was furious.", "euros euros euros"])
    count = counter({"furious": {1}, "euros": {2, 3, 4}})
    assert suggest("furios", vocabulary, total=1, count=count) == []
    # With nothing found, the closest word that finds something is still suggested.
    assert suggest("furios", vocabulary, total=0, count=count)[0].query == "furious"


def test_suggest_corrects_words_only_not_query_operators_or_words_glued_to_punctuation() -> None:
    """walk: `NEAR(price` got "Did you mean Year(price?"."""
    vocabulary = Vocabulary.of(["year price plan"])

    def anything(queries: Sequence[str]) -> int:  # every corrected search would find more
        return 5

    assert suggest("NEAR(price", vocabulary, total=0, count=anything) == []
    assert suggest("NEAR price", vocabulary, total=0, count=anything) == []
    assert suggest("prce/plan", vocabulary, total=0, count=anything) == []
    # A word between spaces, quotes, a `*` or a full stop is still corrected.
    assert [s.query for s in suggest('"prce plan".', vocabulary, total=0, count=anything)] == [
        '"price plan".'
    ]
    assert [s.query for s in suggest("Yeer prce*", vocabulary, total=0, count=anything)] == ["Year price*"]
