"""The UCLA 3-item check-in: scoring, validation, which week a check-in belongs to, when due."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from wallwatch.domain.calendar import week_start
from wallwatch.domain.checkin import (
    ANSWER_LABELS,
    ITEMS,
    TOTAL_MAX,
    TOTAL_MIN,
    WANT_MORE_MAX,
    CheckinAnswers,
    is_due,
    validate_checkin,
    week_of,
)

# Monday 4 March 2024.
MONDAY = date(2024, 3, 4)


def test_the_scale_has_three_items_and_three_answers() -> None:
    assert [name for name, _ in ITEMS] == ["companionship", "left_out", "isolated"]
    assert all(question.startswith("How often do you feel") for _, question in ITEMS)
    assert ANSWER_LABELS == {1: "Hardly ever", 2: "Some of the time", 3: "Often"}
    assert (TOTAL_MIN, TOTAL_MAX) == (3, 9)


@pytest.mark.parametrize("answers", list(itertools.product((1, 2, 3), repeat=3)))
def test_every_valid_answer_set_scores_its_sum(answers: tuple[int, int, int]) -> None:
    a = CheckinAnswers(*answers)
    assert validate_checkin(a, "") == []
    assert a.total == sum(answers)
    assert TOTAL_MIN <= a.total <= TOTAL_MAX
    assert a.as_tuple() == answers


@pytest.mark.parametrize("bad", [0, 4, -1, True, 2.0, "2", None])
@pytest.mark.parametrize("field", ["companionship", "left_out", "isolated"])
def test_an_answer_outside_1_to_3_is_refused_for_its_field(field: str, bad: object) -> None:
    values: dict[str, object] = {"companionship": 2, "left_out": 2, "isolated": 2, field: bad}
    errors = validate_checkin(CheckinAnswers(**values), "")  # type: ignore[arg-type]
    assert [e.field for e in errors] == [field]


def test_want_more_is_one_line_of_text() -> None:
    ok = CheckinAnswers(1, 1, 1)
    assert validate_checkin(ok, "walks with Maya, and saying no sometimes") == []
    assert validate_checkin(ok, "x" * WANT_MORE_MAX) == []
    for bad, why in (
        ("x" * (WANT_MORE_MAX + 1), "longer"),
        ("first line\nsecond line", "single line"),
        ("a\x00b", "single line"),
        ("bad \udcff bytes", "UTF-8"),
    ):
        [error] = validate_checkin(ok, bad)
        assert error.field == "want_more" and why in error.message


@pytest.mark.parametrize("old_day", range(7))
@pytest.mark.parametrize("new_day", range(7))
def test_a_checkin_goes_to_the_new_week_sharing_most_of_its_days(
    old_day: int, new_day: int
) -> None:
    for shift in range(7):
        stored = week_start(MONDAY + timedelta(days=shift), old_day)
        new = week_of(stored, new_day)
        assert new == week_start(new, new_day)  # a real week start under the new setting
        old_days = {stored + timedelta(days=i) for i in range(7)}
        shared = len(old_days & {new + timedelta(days=i) for i in range(7)})
        assert shared >= 4
        if old_day == new_day:
            assert new == stored


@pytest.mark.parametrize("start_day", range(7))
@pytest.mark.parametrize("checkin_day", range(7))
def test_due_from_the_checkin_weekday_to_the_end_of_the_week(
    start_day: int, checkin_day: int
) -> None:
    first = week_start(MONDAY, start_day)
    days = [first + timedelta(days=i) for i in range(7)]
    due = [is_due(d, checkin_day=checkin_day, week_start_day=start_day, done=False) for d in days]
    asked_on = next(i for i, d in enumerate(days) if d.weekday() == checkin_day)
    assert due == [i >= asked_on for i in range(7)]
    assert not any(
        is_due(d, checkin_day=checkin_day, week_start_day=start_day, done=True) for d in days
    )


def test_due_is_not_carried_into_the_next_week() -> None:
    sunday = MONDAY + timedelta(days=6)
    assert is_due(sunday, checkin_day=6, week_start_day=0, done=False)
    assert not is_due(sunday + timedelta(days=1), checkin_day=6, week_start_day=0, done=False)
