"""Pure pattern maths: the minimum-sample gate, the permutation test, runs of days and ties."""

from __future__ import annotations

import itertools
import math
from datetime import date
from fractions import Fraction

import pytest

from wallwatch.domain.patterns import (
    CalendarDay,
    DateRange,
    HourGrid,
    InsufficientData,
    Mean,
    Proportion,
    RatingChange,
    RatingSum,
    Run,
    longest_run,
    mean_of,
    permutation_test,
    proportion,
    top_item,
)


def _units(*values: int) -> list[RatingSum]:
    return [RatingSum(v, 1) for v in values]


def _brute_force_p(a: list[RatingSum], b: list[RatingSum]) -> Fraction:
    """Exact two-sided p by listing every relabelling (independent of the code under test)."""
    units = a + b

    def gap(group: tuple[int, ...]) -> Fraction:
        rest = [i for i in range(len(units)) if i not in group]
        ma = Fraction(sum(units[i].total for i in group), sum(units[i].count for i in group))
        mb = Fraction(sum(units[i].total for i in rest), sum(units[i].count for i in rest))
        return abs(ma - mb)

    observed = gap(tuple(range(len(a))))
    groups = list(itertools.combinations(range(len(units)), len(a)))
    return Fraction(sum(gap(g) >= observed for g in groups), len(groups))


# -- gating ----------------------------------------------------------------------------------


def test_proportion_below_minimum_is_insufficient_data() -> None:
    assert proportion(3, 4, 5, "withdrawals") == InsufficientData(5, 4, "withdrawals")
    share = proportion(3, 5, 5, "withdrawals")
    assert share == Proportion(3, 5)
    assert isinstance(share, Proportion) and share.value == 0.6


def test_mean_below_minimum_is_insufficient_data() -> None:
    assert mean_of(RatingSum(20, 4), 5) == InsufficientData(5, 4, "ratings")
    assert mean_of(RatingSum(23, 5), 5) == Mean(4.6, 5)
    # A minimum of zero still never divides by zero.
    assert mean_of(RatingSum(), 0) == InsufficientData(0, 0, "ratings")


def test_insufficient_data_reads_as_one_sentence() -> None:
    text = str(InsufficientData(5, 3, "withdrawals"))
    assert text == "Not enough data yet: 3 of the 5 withdrawals needed."


def test_date_range_counts_both_ends_and_refuses_reversed_ends() -> None:
    span = DateRange.weeks_ending(date(2024, 3, 17))
    assert span == DateRange(date(2024, 1, 22), date(2024, 3, 17))
    assert span.days == 56 == len(list(span.dates()))
    assert date(2024, 1, 22) in span and date(2024, 1, 21) not in span
    with pytest.raises(ValueError):
        DateRange(date(2024, 3, 2), date(2024, 3, 1))


# -- permutation test --------------------------------------------------------------------------


def test_identical_groups_give_p_of_one_exact_and_sampled() -> None:
    exact = permutation_test(_units(4, 4, 4), _units(4, 4, 4))
    assert exact.exact and exact.p_value == 1.0 and exact.difference == 0.0
    sampled = permutation_test(_units(*[5] * 10), _units(*[5] * 10), permutations=200)
    assert not sampled.exact and sampled.p_value == 1.0 and sampled.permutations == 200


def test_fully_separated_small_groups_have_the_enumerated_p() -> None:
    # 3 vs 3 fully apart: of the C(6,3) = 20 labellings only this one and its mirror are as
    # far apart, so the exact two-sided p is 2/20.
    result = permutation_test(_units(1, 2, 1), _units(9, 8, 9))
    assert result.exact and result.permutations == 20
    assert result.p_value == pytest.approx(0.1)
    assert result.difference == pytest.approx(4 / 3 - 26 / 3)
    assert (result.units_a, result.units_b) == (3, 3)


def test_pooled_units_match_a_brute_force_enumeration() -> None:
    a = [RatingSum(15, 2), RatingSum(6, 1), RatingSum(21, 3), RatingSum(4, 1)]
    b = [RatingSum(3, 1), RatingSum(9, 2), RatingSum(5, 1), RatingSum(14, 2), RatingSum(2, 1)]
    result = permutation_test(a, b)
    assert result.exact and result.permutations == math.comb(9, 4)
    assert result.p_value == pytest.approx(float(_brute_force_p(a, b)))
    assert result.difference == pytest.approx(46 / 7 - 33 / 7)


def test_sampled_p_uses_the_plus_one_rule_and_is_seeded() -> None:
    a, b = _units(1, 2, 1), _units(9, 8, 9)
    first = permutation_test(a, b, permutations=10, seed=7)
    again = permutation_test(a, b, permutations=10, seed=7)
    assert not first.exact and first == again and first.seed == 7
    hits = first.p_value * 11 - 1
    assert hits == pytest.approx(round(hits)) and 0 <= round(hits) <= 10


def test_sampled_p_is_close_to_the_exact_one() -> None:
    a = _units(3, 5, 6, 4, 7, 5, 6, 8)
    b = _units(4, 2, 5, 3, 4, 6, 2, 3)
    exact = float(_brute_force_p(a, b))  # C(16, 8) = 12,870 labellings, more than 5,000
    sampled = permutation_test(a, b, permutations=5000, seed=1)
    assert not sampled.exact
    tolerance = 4 * math.sqrt(exact * (1 - exact) / 5000) + 1 / 5001
    assert abs(sampled.p_value - exact) < tolerance


def test_permutation_test_refuses_empty_groups_and_empty_units() -> None:
    with pytest.raises(ValueError):
        permutation_test([], _units(1, 2))
    with pytest.raises(ValueError):
        permutation_test([RatingSum(0, 0)], _units(1))


# -- runs, ties, small results -------------------------------------------------------------------


def test_longest_run_takes_the_earliest_of_equal_runs() -> None:
    assert longest_run([]) is None
    days = [date(2024, 3, d) for d in (9, 1, 2, 5, 6, 2, 10)]
    assert longest_run(days) == Run(date(2024, 3, 1), date(2024, 3, 2))
    assert longest_run([*days, date(2024, 3, 11)]) == Run(date(2024, 3, 9), date(2024, 3, 11))
    assert Run(date(2024, 2, 28), date(2024, 3, 1)).days == 3  # 2024 is a leap year


def test_top_item_breaks_ties_alphabetically_and_lists_the_others() -> None:
    top = top_item([("sam", 3), ("Maya", 3), ("leo", 1), ("Ann", 3), ("zed", 0)], of=10)
    assert top is not None
    assert (top.name, top.count, top.of, top.tied_with) == ("Ann", 3, 10, ("Maya", "sam"))
    assert top_item([("a", 0)], of=0) is None


def test_calendar_day_keeps_an_empty_day_apart_from_a_balanced_one() -> None:
    assert CalendarDay(date(2024, 1, 1), 0, 0).balance is None
    assert CalendarDay(date(2024, 1, 1), 2, 2).balance == 0
    assert CalendarDay(date(2024, 1, 1), 1, 3).balance == 2


def test_rating_change_needs_both_weeks() -> None:
    short = InsufficientData(5, 2, "ratings")
    assert RatingChange("loneliness", Mean(6.0, 5), short).change == short
    assert RatingChange("loneliness", Mean(6.0, 5), Mean(4.5, 6)).change == 1.5


def test_hour_grid_sums_rows_and_columns() -> None:
    cells = [[0] * 24 for _ in range(7)]
    cells[2][23], cells[0][8] = 2, 3
    grid = HourGrid(tuple(tuple(r) for r in cells))
    assert grid.total == 5
    assert grid.by_weekday() == (3, 0, 2, 0, 0, 0, 0)
    assert grid.by_hour()[23] == 2 and grid.by_hour()[8] == 3
