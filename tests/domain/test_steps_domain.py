"""Practice steps as pure values: validation, matching an opening, weeks, streaks, comparison."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from wallwatch.domain.model import Direction
from wallwatch.domain.patterns import InsufficientData, RatingSum
from wallwatch.domain.steps import (
    STEP_TEXT_MAX,
    TARGET_MAX,
    Step,
    StepDraft,
    StepStatus,
    StepWeek,
    WeeksMean,
    compare_measure,
    counted_weeks,
    done_per_week,
    matches_opening,
    streak_of,
    weeks_between,
    weeks_met,
)

MONDAY = date(2024, 3, 4)
WEEK = timedelta(days=7)
T = datetime(2024, 3, 1, tzinfo=UTC)


def _step(person: str | None = None, fear: str | None = None, **kw: object) -> Step:
    fields: dict[str, object] = {
        "id": 1,
        "text": "tell Sam one thing that worried me",
        "person": person,
        "fear": fear,
        "target_per_week": 2,
        "status": StepStatus.ACTIVE,
        "created_at": T,
        "edited_at": T,
        "status_changed_at": T,
        "position": 0,
    }
    fields.update(kw)
    return Step(**fields)  # type: ignore[arg-type]


# -- validation -------------------------------------------------------------------------------
def test_a_plain_step_is_valid() -> None:
    assert StepDraft("stay five more minutes", "Sam", "being a burden", 3).validate() == []


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (StepDraft("   "), "text"),
        (StepDraft("x" * (STEP_TEXT_MAX + 1)), "text"),
        (StepDraft("two\nlines"), "text"),
        (StepDraft("ok", person=" "), "person"),
        (StepDraft("ok", fear="a\x1fb"), "fear"),
        (StepDraft("ok", target_per_week=0), "target_per_week"),
        (StepDraft("ok", target_per_week=TARGET_MAX + 1), "target_per_week"),
        (StepDraft("ok", target_per_week=True), "target_per_week"),
    ],
)
def test_invalid_steps_name_the_field(draft: StepDraft, field: str) -> None:
    assert [e.field for e in draft.validate()] == [field]


def test_draft_of_a_step_gives_its_editable_part() -> None:
    assert _step("Sam", "shame").draft() == StepDraft(
        "tell Sam one thing that worried me", "Sam", "shame", 2
    )


# -- matching an opening ------------------------------------------------------------------------
def test_a_step_matches_an_opening_with_its_person_and_fear() -> None:
    both = _step("Sam", "Being a burden")
    assert matches_opening(both, Direction.OPENED, "sam", ["being a burden", "shame"])
    assert not matches_opening(both, Direction.OPENED, "Sam", ["shame"])
    assert not matches_opening(both, Direction.OPENED, "Maya", ["being a burden"])
    assert not matches_opening(both, Direction.WITHDREW, "Sam", ["being a burden"])
    assert matches_opening(_step("Sam"), Direction.OPENED, "Sam", [])
    assert matches_opening(_step(fear="shame"), Direction.OPENED, None, ["Shame"])
    assert not matches_opening(_step("Sam"), Direction.OPENED, None, [])


def test_a_step_naming_nobody_and_no_fear_or_not_active_is_never_suggested() -> None:
    assert not matches_opening(_step(), Direction.OPENED, "Sam", ["shame"])
    paused = _step("Sam", status=StepStatus.PAUSED)
    assert not matches_opening(paused, Direction.OPENED, "Sam", [])


# -- weeks ----------------------------------------------------------------------------------------
def test_ticks_are_counted_per_week_for_each_week_start() -> None:
    # Sat 9, Sun 10, Mon 11 March.
    days = [date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)]
    assert done_per_week(days, 0) == {date(2024, 3, 4): 2, date(2024, 3, 11): 1}
    assert done_per_week(days, 6) == {date(2024, 3, 3): 1, date(2024, 3, 10): 2}
    assert done_per_week(days, 5) == {date(2024, 3, 9): 3}


def test_weeks_between_keeps_empty_weeks() -> None:
    weeks = weeks_between({MONDAY + WEEK: 3}, 2, MONDAY, MONDAY + 2 * WEEK)
    assert [(w.start, w.done, w.met) for w in weeks] == [
        (MONDAY, 0, False),
        (MONDAY + WEEK, 3, True),
        (MONDAY + 2 * WEEK, 0, False),
    ]
    assert weeks[0].last == MONDAY + timedelta(days=6)


def test_counted_weeks_run_from_creation_or_first_tick_to_last_complete_week() -> None:
    today = MONDAY + 3 * WEEK + timedelta(days=2)  # a Wednesday

    def span(created: date, first_tick: date | None) -> tuple[date, date] | None:
        return counted_weeks(
            created=created,
            first_tick=first_tick,
            today=today,
            status=StepStatus.ACTIVE,
            status_changed=created,
            week_start_day=0,
        )

    assert span(MONDAY + timedelta(days=4), None) == (MONDAY, MONDAY + 2 * WEEK)
    assert span(MONDAY, MONDAY - WEEK) == (MONDAY - WEEK, MONDAY + 2 * WEEK)
    assert span(MONDAY, MONDAY + WEEK) == (MONDAY, MONDAY + 2 * WEEK)
    # Made this week: nothing complete to judge yet.
    assert span(today, None) is None


def test_a_paused_step_stops_counting_with_the_week_it_was_paused() -> None:
    today = MONDAY + 5 * WEEK
    span = counted_weeks(
        created=MONDAY,
        first_tick=None,
        today=today,
        status=StepStatus.PAUSED,
        status_changed=MONDAY + WEEK + timedelta(days=3),
        week_start_day=0,
    )
    assert span == (MONDAY, MONDAY + WEEK)


def test_streak_counts_met_weeks_back_from_the_last_one() -> None:
    history = [StepWeek(MONDAY + i * WEEK, done, 2) for i, done in enumerate([2, 0, 3, 2, 2])]
    this_week = StepWeek(MONDAY + 5 * WEEK, 0, 2)
    streak = streak_of(history, this_week)
    assert (streak.weeks, streak.this_week_met) == (3, False)
    assert streak_of(history[:2], StepWeek(MONDAY + 2 * WEEK, 2, 2)).weeks == 0
    assert streak_of(history[:2], StepWeek(MONDAY + 2 * WEEK, 2, 2)).this_week_met
    assert streak_of([], this_week).weeks == 0


def test_weeks_met_summarises_the_history() -> None:
    history = [StepWeek(MONDAY + i * WEEK, done, 1) for i, done in enumerate([1, 0, 1, 1])]
    summary = weeks_met(history)
    assert (summary.met, summary.of, summary.streak) == (3, 4, 2)
    assert (summary.first, summary.last) == (MONDAY, MONDAY + 3 * WEEK + timedelta(days=6))
    assert weeks_met([]).of == 0 and weeks_met([]).first is None


# -- comparison -----------------------------------------------------------------------------------
def _weeks(pattern: str) -> list[StepWeek]:
    """'M' a met week, '.' a week not met."""
    return [StepWeek(MONDAY + i * WEEK, 1 if c == "M" else 0, 1) for i, c in enumerate(pattern)]


def test_comparison_pools_each_group_and_tests_the_difference() -> None:
    weeks = _weeks("MM..M.")
    values = {
        weeks[0].start: RatingSum(6, 2),  # met: 3 per rating
        weeks[1].start: RatingSum(2, 1),  # met: 2
        weeks[2].start: RatingSum(14, 2),  # not: 7
        weeks[3].start: RatingSum(8, 1),  # not: 8
        weeks[4].start: RatingSum(3, 1),  # met: 3
        # weeks[5] has no rating: a gap, in neither group
    }
    c = compare_measure("loneliness", weeks, values, 3, permutations=1000, seed=1)
    assert c.met == WeeksMean(11 / 4, 3, 4)
    assert c.not_met == InsufficientData(3, 2, "weeks with a loneliness rating")
    assert c.test is None and c.difference is None and not c.notable

    c2 = compare_measure("loneliness", weeks, values, 2, permutations=1000, seed=1)
    assert c2.not_met == WeeksMean(22 / 3, 2, 3)
    assert c2.test is not None and c2.test.exact
    assert c2.difference == pytest.approx(11 / 4 - 22 / 3)
    # Five weeks, three met: 10 ways to label them; only the observed one (and none other)
    # puts all the low weeks together, so exactly 1 of 10 is as extreme.
    assert c2.test.p_value == pytest.approx(1 / 10)
    assert (c2.test.units_a, c2.test.units_b) == (3, 2)


def test_comparison_below_the_minimum_says_how_many_weeks_it_has() -> None:
    weeks = _weeks("M.")
    values = {weeks[0].start: RatingSum(5, 1)}
    c = compare_measure("checkin", weeks, values, 5, permutations=100, seed=1)
    assert c.met == InsufficientData(5, 1, "weeks with a check-in")
    assert c.not_met == InsufficientData(5, 0, "weeks with a check-in")
    assert c.test is None and c.difference is None
