"""How closed answers group and order: Likert scales, number scales, bins, choices, NPS detection."""

from __future__ import annotations

from app.sources.scales import group_answers


def test_likert_answers_come_in_scale_order_not_by_count() -> None:
    grouping = group_answers("I trust the forecast", ["Agree", "Agree", "Strongly disagree", "Neutral"])

    assert grouping.kind == "scale"
    assert grouping.labels == ["Strongly disagree", "Neutral", "Agree"]


def test_a_declared_range_shows_every_step_even_unchosen_ones() -> None:
    grouping = group_answers("How likely are you to recommend us? (1-5)", ["4", "5", "4", "2"])

    assert grouping.labels == ["1", "2", "3", "4", "5"]
    assert not grouping.nps  # a 1-5 recommend question is no Net Promoter question


def test_a_recommend_column_from_0_to_10_is_an_nps_question() -> None:
    assert group_answers("How likely are you to recommend Pipewell? (0 = Not at all, 10 = Very)", ["9"]).nps
    assert group_answers("Q5", ["8", "3"], nps_hint=True).nps
    assert not group_answers("Q5", ["8", "3"]).nps


def test_numbered_answers_sort_by_their_number() -> None:
    grouping = group_answers("Ease", ["10 - Very easy", "2 - Hard", "1 - Very hard"])

    assert grouping.labels == ["1 - Very hard", "2 - Hard", "10 - Very easy"]


def test_many_different_numbers_go_into_bins_that_hold_every_answer() -> None:
    ages = [str(age) for age in range(18, 66)]

    grouping = group_answers("Age", ages)

    assert grouping.kind == "number"
    assert grouping.labels[0] == "18\u201325" and len(grouping.labels) == 6
    assert {grouping.label_of(a) for a in ages} == set(grouping.labels)


def test_plain_choices_are_most_chosen_first_with_spacing_tidied() -> None:
    grouping = group_answers("Plan", ["Pro", "Free", " Pro ", "Team", "Pro"])

    assert grouping.kind == "choice"
    assert grouping.labels == ["Pro", "Free", "Team"]
    assert grouping.label_of(" Pro ") == "Pro"


def test_number_ranges_with_open_ends_come_in_size_order_not_by_count() -> None:
    answers = ["51-200", "51-200", "11-50", "201-500", "1-10", "More than 500", "51-200", "11-50"]

    grouping = group_answers("How many people work at your company?", answers)

    assert grouping.kind == "scale"
    assert grouping.labels == ["1-10", "11-50", "51-200", "201-500", "More than 500"]


def test_durations_come_in_time_order_across_months_and_years() -> None:
    answers = ["1-2 years", "More than 2 years", "1-2 years", "6-12 months", "Less than 6 months"]

    grouping = group_answers("How long have you been using Pipewell?", answers)

    assert grouping.labels == ["Less than 6 months", "6-12 months", "1-2 years", "More than 2 years"]


def test_open_ends_written_other_ways_sort_at_their_end() -> None:
    assert group_answers("Seats", ["500+", "Under 10", "10-99", "1,000+", "100-499", "10-99"]).labels == [
        "Under 10", "10-99", "100-499", "500+", "1,000+"
    ]  # fmt: skip
    assert group_answers("Age", ["65 or older", "18-24", "25-34", "18-24"]).labels == [
        "18-24", "25-34", "65 or older"
    ]  # fmt: skip
