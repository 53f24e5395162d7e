"""Patterns on a real journal: fears, fear × behaviour, people, time of week, the paradox."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import pytest

from wallwatch.domain.model import Direction, MomentDraft, WantedCloseness
from wallwatch.domain.patterns import (
    DateRange,
    FearBehaviourMatrix,
    HourGrid,
    InsufficientData,
    Mean,
    Proportion,
)
from wallwatch.domain.settings import MIN_SAMPLE, WEEK_START
from wallwatch.services import Journal

WD, OP = Direction.WITHDREW, Direction.OPENED
REJECTION, PAST, TRAPPED = "rejection / abandonment", "past hurt", "being trapped"
# Monday 4 to Sunday 17 March 2024: two whole weeks when weeks start on Monday.
SPAN = DateRange(date(2024, 3, 4), date(2024, 3, 17))


def _at(day: int, hour: int = 12, minute: int = 0, tz: tzinfo = UTC, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=tz)


def _add(journal: Journal, when: datetime, direction: Direction, **fields: object) -> None:
    journal.moments.record(MomentDraft(occurred_at=when, direction=direction, **fields))


# -- empty and tiny journals ----------------------------------------------------------------------


def test_an_empty_journal_states_nothing(journal: Journal) -> None:
    p = journal.patterns
    fears = p.fears(SPAN)
    assert (fears.withdrawals, fears.openings, fears.fears) == (0, 0, ())
    assert p.fear_behaviour(SPAN) == InsufficientData(5, 0, "moments with a fear and a behaviour")
    people = p.people(SPAN)
    assert people.people == () and people.overall_openness == InsufficientData(5, 0, "moments")
    when = p.when(SPAN)
    assert when.withdrawals == InsufficientData(5, 0, "withdrawals")
    assert when.openings == InsufficientData(5, 0, "openings")
    paradox = p.paradox(SPAN)
    assert [w.withdrawals for w in paradox.weeks] == [0, 0]
    assert paradox.wanted_share == InsufficientData(5, 0, "answered withdrawals")


def test_one_moment_is_counted_but_no_share_is_stated(journal: Journal) -> None:
    _add(journal, _at(5), WD, fears=(REJECTION,))
    fears = journal.patterns.fears(SPAN)
    assert fears.withdrawals == 1
    (row,) = fears.fears
    assert (row.name, row.withdrew, row.opened) == (REJECTION, 1, 0)
    assert row.share_of_withdrawals == InsufficientData(5, 1, "withdrawals")


def test_the_default_span_is_the_last_eight_weeks_ending_today(journal: Journal) -> None:
    span = journal.patterns.default_span(date(2024, 3, 17))
    assert span == DateRange(date(2024, 1, 22), date(2024, 3, 17))
    assert journal.patterns.calendar_span(date(2024, 3, 17)).days == 365


# -- fears -----------------------------------------------------------------------------------------


def _fear_fixture(journal: Journal) -> None:
    _add(journal, _at(4), WD, fears=(REJECTION, PAST))
    _add(journal, _at(5), WD, fears=(REJECTION,))
    _add(journal, _at(6), WD)
    _add(journal, _at(7), WD, fears=(REJECTION, TRAPPED))
    _add(journal, _at(8), WD, fears=(PAST,))
    _add(journal, _at(9), OP, fears=(REJECTION,))
    _add(journal, _at(10), OP)
    # Just outside the span on either side: never counted.
    _add(journal, _at(3, 23, 59), WD, fears=(REJECTION,))
    _add(journal, _at(18, 0, 1), WD, fears=(REJECTION,))


def test_fears_behind_walls_counts_each_fear_and_its_share(journal: Journal) -> None:
    _fear_fixture(journal)
    fears = journal.patterns.fears(SPAN)
    assert (fears.withdrawals, fears.openings, fears.withdrawals_without_fear) == (5, 2, 1)
    assert [(f.name, f.withdrew, f.opened) for f in fears.fears] == [
        (REJECTION, 3, 1),
        (PAST, 2, 0),
        (TRAPPED, 1, 0),
    ]
    assert [f.share_of_withdrawals for f in fears.fears] == [
        Proportion(3, 5),
        Proportion(2, 5),
        Proportion(1, 5),
    ]
    assert fears.fears[0].share_of_openings == InsufficientData(5, 2, "openings")


def test_fear_shares_follow_the_minimum_sample_setting(journal: Journal) -> None:
    _fear_fixture(journal)
    journal.settings.set(MIN_SAMPLE, 6)
    assert journal.patterns.fears(SPAN).fears[0].share_of_withdrawals == InsufficientData(
        6, 5, "withdrawals"
    )
    journal.settings.set(MIN_SAMPLE, 2)
    assert journal.patterns.fears(SPAN).fears[0].share_of_openings == Proportion(1, 2)


def test_four_withdrawals_are_not_enough_and_five_are(journal: Journal) -> None:
    for day in range(4, 8):
        _add(journal, _at(day), WD, fears=(PAST,))
    assert journal.patterns.fears(SPAN).fears[0].share_of_withdrawals == InsufficientData(
        5, 4, "withdrawals"
    )
    _add(journal, _at(8), WD)
    assert journal.patterns.fears(SPAN).fears[0].share_of_withdrawals == Proportion(4, 5)


def test_tied_fears_are_ordered_by_name_whatever_the_case(journal: Journal) -> None:
    _add(journal, _at(4), WD, fears=("Waiting", "being judged"))
    _add(journal, _at(5), WD, fears=("Waiting", "being judged", "another"))
    _add(journal, _at(6), OP, fears=("another",))
    names = [f.name for f in journal.patterns.fears(SPAN).fears]
    # Two withdrawals each: alphabetical ignoring case ("W" < "b" in plain code points).
    # "another" comes last: one withdrawal, however many openings.
    assert names == ["being judged", "Waiting", "another"]


# -- fear × behaviour ---------------------------------------------------------------------------


def _pair_fixture(journal: Journal) -> None:
    _add(journal, _at(4), WD, fears=(REJECTION, PAST), behaviours=("went silent", "pushed away"))
    _add(journal, _at(5), WD, fears=(REJECTION,), behaviours=("went silent",))
    _add(journal, _at(6), WD, fears=(REJECTION,))
    _add(journal, _at(7), WD, behaviours=("went silent",))
    _add(journal, _at(8), OP, fears=(REJECTION,), behaviours=("shared a feeling",))
    _add(journal, _at(9), WD, fears=(PAST,), behaviours=("went silent",))


def test_fear_behaviour_matrix_counts_moments_with_both(journal: Journal) -> None:
    _pair_fixture(journal)
    assert journal.patterns.fear_behaviour(SPAN) == InsufficientData(
        5, 4, "moments with a fear and a behaviour"
    )
    journal.settings.set(MIN_SAMPLE, 4)
    matrix = journal.patterns.fear_behaviour(SPAN)
    assert isinstance(matrix, FearBehaviourMatrix)
    assert matrix.fears == (REJECTION, PAST)
    assert matrix.behaviours == ("went silent", "pushed away", "shared a feeling")
    assert matrix.counts == ((2, 1, 1), (2, 1, 0))
    assert matrix.fear_moments == (4, 2)
    assert matrix.moments_with_both == 4
    assert matrix.given_fear(REJECTION, "went silent") == Proportion(2, 4)
    assert matrix.given_fear(PAST, "went silent") == InsufficientData(4, 2, "moments")


def test_fear_behaviour_matrix_for_withdrawals_only(journal: Journal) -> None:
    _pair_fixture(journal)
    journal.settings.set(MIN_SAMPLE, 3)
    matrix = journal.patterns.fear_behaviour(SPAN, direction=WD)
    assert isinstance(matrix, FearBehaviourMatrix)
    assert matrix.behaviours == ("went silent", "pushed away")
    assert matrix.counts == ((2, 1), (2, 1))
    assert matrix.fear_moments == (3, 2)
    assert matrix.moments_with_both == 3


# -- people -------------------------------------------------------------------------------------


def _people_fixture(journal: Journal) -> None:
    journal.people.add("Maya", safe=True)
    for day, direction, connection in (
        (4, WD, 2),
        (5, WD, None),
        (6, OP, 4),
        (11, WD, 8),
        (12, OP, 6),
        (13, OP, 5),
    ):
        _add(journal, _at(day), direction, person="Sam", connection=connection)
    for day, direction in ((11, WD), (14, OP), (15, OP), (16, OP)):
        _add(journal, _at(day), direction, person="Maya")
    _add(journal, _at(7), WD)
    _add(journal, _at(8), OP)


def test_people_patterns_give_openness_and_connection_with_their_counts(journal: Journal) -> None:
    _people_fixture(journal)
    people = journal.patterns.people(SPAN)
    assert people.moments_without_person == 2
    assert people.overall_openness == Proportion(7, 12)
    sam, maya = people.people
    assert (sam.name, sam.safe, sam.withdrew, sam.opened) == ("Sam", False, 3, 3)
    assert sam.openness == Proportion(3, 6)
    assert sam.connection == Mean(5.0, 5)
    assert (maya.name, maya.safe, maya.withdrew, maya.opened) == ("Maya", True, 1, 3)
    assert maya.openness == InsufficientData(5, 4, "moments")
    assert maya.connection == InsufficientData(5, 0, "connection ratings")


def test_people_openness_per_week(journal: Journal) -> None:
    _people_fixture(journal)
    journal.settings.set(MIN_SAMPLE, 3)
    sam = journal.patterns.people(SPAN).people[0]
    assert [(w.first, w.last, w.withdrew, w.opened) for w in sam.weeks] == [
        (date(2024, 3, 4), date(2024, 3, 10), 2, 1),
        (date(2024, 3, 11), date(2024, 3, 17), 1, 2),
    ]
    assert [w.openness for w in sam.weeks] == [Proportion(1, 3), Proportion(2, 3)]


def test_person_weeks_follow_week_start_and_are_clipped_to_the_span(journal: Journal) -> None:
    _people_fixture(journal)
    journal.settings.set(WEEK_START, 6)  # Sunday
    sam = journal.patterns.people(SPAN).people[0]
    assert [(w.first, w.last, w.withdrew, w.opened) for w in sam.weeks] == [
        (date(2024, 3, 4), date(2024, 3, 9), 2, 1),
        (date(2024, 3, 10), date(2024, 3, 16), 1, 2),
        (date(2024, 3, 17), date(2024, 3, 17), 0, 0),
    ]
    assert sam.weeks[-1].openness == InsufficientData(5, 0, "moments")


# -- when -----------------------------------------------------------------------------------------


def test_weekday_hour_grid_uses_the_local_time_of_each_moment(journal: Journal) -> None:
    new_york_winter = timezone(timedelta(hours=-5))
    # Wednesday 10 January 23:30 at -05:00 is Thursday 04:30 in UTC: it counts on Wednesday 23h.
    _add(journal, _at(10, 23, 30, new_york_winter, month=1), WD)
    _add(journal, _at(10, 23, 5, month=1), WD)
    _add(journal, _at(8, 8, month=1), WD)
    _add(journal, _at(15, 8, 59, month=1), WD)
    _add(journal, _at(14, 0, 10, month=1), WD)
    _add(journal, _at(9, 12, month=1), OP)
    when = journal.patterns.when(DateRange(date(2024, 1, 1), date(2024, 1, 31)))
    grid = when.withdrawals
    assert isinstance(grid, HourGrid)
    assert grid.cells[2][23] == 2 and grid.cells[3][4] == 0
    assert grid.cells[0][8] == 2 and grid.cells[6][0] == 1
    assert grid.total == 5 and grid.by_weekday() == (2, 0, 2, 0, 0, 0, 1)
    assert when.openings == InsufficientData(5, 1, "openings")


def test_weekday_and_hour_across_london_clock_changes(journal: Journal) -> None:
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    # Sunday 27 October 2024: 01:30 happens twice (BST, then GMT). Both are Sunday, hour 1.
    _add(journal, datetime(2024, 10, 27, 1, 30, tzinfo=london), WD)
    _add(journal, datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=london), WD)
    # Spring forward, Sunday 31 March: 00:30 is before the jump, still that Sunday.
    _add(journal, datetime(2024, 3, 31, 0, 30, tzinfo=london), WD)
    _add(journal, datetime(2024, 3, 31, 3, 15, tzinfo=london), WD)
    # Monday 1 April 00:30 BST is Sunday 23:30 UTC: Monday, hour 0.
    _add(journal, datetime(2024, 4, 1, 0, 30, tzinfo=london), WD)
    grid = journal.patterns.when(DateRange(date(2024, 3, 1), date(2024, 10, 31))).withdrawals
    assert isinstance(grid, HourGrid)
    assert grid.cells[6][1] == 2 and grid.cells[6][0] == 1 and grid.cells[6][3] == 1
    assert grid.cells[0][0] == 1 and grid.cells[6][23] == 0
    assert grid.total == 5


# -- the paradox -----------------------------------------------------------------------------------


def test_paradox_share_per_week_with_answered_and_unanswered(journal: Journal) -> None:
    yes, no, unsure = WantedCloseness.YES, WantedCloseness.NO, WantedCloseness.UNSURE
    for day, answer in ((4, yes), (4, yes), (5, no), (6, unsure), (7, None), (9, yes)):
        _add(journal, _at(day), WD, wanted_closeness=answer)
    for day, answer in ((11, yes), (12, no), (13, None), (17, None)):
        _add(journal, _at(day), WD, wanted_closeness=answer)
    _add(journal, _at(12), OP)
    paradox = journal.patterns.paradox(SPAN)
    first, second = paradox.weeks
    assert (first.withdrawals, first.answered, first.wanted, first.unanswered) == (6, 5, 3, 1)
    assert first.wanted_share == Proportion(3, 5)
    assert (second.withdrawals, second.answered, second.wanted, second.unanswered) == (4, 2, 1, 2)
    assert second.wanted_share == InsufficientData(5, 2, "answered withdrawals")
    assert (paradox.withdrawals, paradox.answered, paradox.wanted) == (10, 7, 4)
    assert paradox.unanswered == 3 and paradox.wanted_share == Proportion(4, 7)


@pytest.mark.parametrize("minimum, expected", [(7, Proportion(4, 7)), (8, None)])
def test_paradox_overall_share_is_gated_by_the_minimum(
    journal: Journal, minimum: int, expected: Proportion | None
) -> None:
    journal.settings.set(MIN_SAMPLE, minimum)
    for day, answer in ((4, "yes"), (5, "yes"), (6, "no"), (7, "yes"), (8, "unsure")):
        _add(journal, _at(day), WD, wanted_closeness=WantedCloseness(answer))
    for day, answer in ((11, "no"), (12, "yes")):
        _add(journal, _at(day), WD, wanted_closeness=WantedCloseness(answer))
    share = journal.patterns.paradox(SPAN).wanted_share
    assert share == (expected or InsufficientData(minimum, 7, "answered withdrawals"))
