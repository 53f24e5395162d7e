"""Practice steps on a real journal: keeping them, ticking (by hand and by moments), progress,
streaks across week starts, and the met-weeks comparison."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import InsufficientData
from wallwatch.domain.settings import MIN_SAMPLE, WEEK_START
from wallwatch.domain.steps import StepDraft, StepStatus, WeeksMean
from wallwatch.services import Journal, NotFound, ValidationFailed

# "Today" in most tests: Wednesday 27 March 2024 (weeks from Monday: 25–31 March).
TODAY = date(2024, 3, 27)
WEEK = timedelta(days=7)


def _noon(day: date, tz: timezone = UTC) -> datetime:
    return datetime.combine(day, time(12), tzinfo=tz)


def _step(journal: Journal, text: str = "stay five more minutes", **kw: object) -> int:
    return journal.steps.add(StepDraft(text, **kw)).id  # type: ignore[arg-type]


# -- keeping steps --------------------------------------------------------------------------------
def test_steps_are_added_in_order_and_edited_without_losing_ticks(journal: Journal) -> None:
    a = _step(journal, "tell Sam one thing that worried me", person="Sam", fear="being a burden")
    b = _step(journal, target_per_week=3)
    journal.steps.tick(a, date(2024, 3, 20))
    assert [s.id for s in journal.steps.all()] == [a, b]
    first = journal.steps.get(a)
    assert (first.person, first.fear, first.target_per_week, first.status) == (
        "Sam",
        "being a burden",
        1,
        StepStatus.ACTIVE,
    )
    edited = journal.steps.edit(a, StepDraft("tell Sam what worried me", "Sam", None, 2))
    assert (edited.text, edited.fear, edited.target_per_week) == (
        "tell Sam what worried me",
        None,
        2,
    )
    assert [t.day for t in journal.steps.ticks(a)] == [date(2024, 3, 20)]
    # The person is the journal's person: renaming them carries over to the step.
    journal.people.update("Sam", new_name="Samira")
    assert journal.steps.get(a).person == "Samira"
    journal.steps.reorder([b])
    assert [s.id for s in journal.steps.all()] == [b, a]


def test_invalid_steps_are_refused(journal: Journal) -> None:
    with pytest.raises(ValidationFailed) as bad:
        journal.steps.add(StepDraft("", target_per_week=0))
    assert {e.field for e in bad.value.errors} == {"text", "target_per_week"}
    assert journal.steps.all() == []
    a = _step(journal)
    with pytest.raises(ValidationFailed):
        journal.steps.edit(a, StepDraft("ok", person="\t"))
    with pytest.raises(NotFound):
        journal.steps.edit(999, StepDraft("ok"))


def test_pause_resume_and_archive_keep_history(journal: Journal) -> None:
    a = _step(journal)
    journal.steps.tick(a, date(2024, 3, 12))
    assert journal.steps.pause(a).status is StepStatus.PAUSED
    with pytest.raises(ValidationFailed, match="paused"):
        journal.steps.tick(a)
    assert journal.steps.archive(a).status is StepStatus.ARCHIVED
    assert journal.steps.all() == []
    [archived] = journal.steps.all(include_archived=True)
    assert archived.status_changed_at >= archived.created_at
    assert [t.day for t in journal.steps.ticks(a)] == [date(2024, 3, 12)]
    assert journal.steps.resume(a).status is StepStatus.ACTIVE
    assert journal.steps.history(a, today=TODAY)[0].done == 1


def test_find_a_step_by_number_or_the_start_of_its_words(journal: Journal) -> None:
    a = _step(journal, "Tell Sam one thing")
    b = _step(journal, "tell Maya about work")
    c = _step(journal, "stay five more minutes")
    assert journal.steps.find(str(c)).id == c
    assert journal.steps.find(f"#{a}").id == a
    assert journal.steps.find("tell sam").id == a
    assert journal.steps.find("TELL M").id == b
    for ref, message in (("tell", "more than one"), ("walk", "no step"), ("  ", "no step")):
        with pytest.raises(NotFound, match=message):
            journal.steps.find(ref)
    for ref in ("42", "9" * 30, "²"):
        with pytest.raises(NotFound):
            journal.steps.find(ref)


# -- ticking ------------------------------------------------------------------------------------
def test_tick_and_untick(journal: Journal) -> None:
    a = _step(journal)
    one = journal.steps.tick(a, date(2024, 3, 25), today=TODAY)
    two = journal.steps.tick(a, date(2024, 3, 25), today=TODAY)  # twice on a day is allowed
    assert one.id != two.id and one.moment_id is None
    with pytest.raises(ValidationFailed, match="future"):
        journal.steps.tick(a, TODAY + timedelta(days=1), today=TODAY)
    assert journal.steps.untick(one.id) == one
    assert [t.id for t in journal.steps.ticks(a)] == [two.id]
    with pytest.raises(NotFound):
        journal.steps.untick(one.id)
    with pytest.raises(NotFound):
        journal.steps.tick(999)


def test_a_logged_opening_suggests_and_ticks_a_step(journal: Journal) -> None:
    with_sam = _step(journal, "tell Sam one thing", person="Sam", fear="being a burden")
    any_sam = _step(journal, "stay with Sam", person="sam")
    _step(journal, "call Maya", person="Maya")
    _step(journal, "no one in particular")
    # Lived on Monday 25 March in UTC+10 (still Sunday in UTC).
    when = datetime(2024, 3, 25, 0, 30, tzinfo=timezone(timedelta(hours=10)))
    draft = MomentDraft(when, Direction.OPENED, person="Sam", fears=("Being a burden",))
    assert [s.id for s in journal.steps.suggestions_for(draft)] == [with_sam, any_sam]
    withdrew = MomentDraft(when, Direction.WITHDREW, person="Sam", fears=("being a burden",))
    assert journal.steps.suggestions_for(withdrew) == []
    moment = journal.moments.record(draft)
    assert [s.id for s in journal.steps.suggestions_for(moment)] == [with_sam, any_sam]

    tick = journal.steps.tick_with(with_sam, moment)
    assert (tick.day, tick.moment_id) == (date(2024, 3, 25), moment.id)
    assert journal.steps.tick_with(with_sam, moment) == tick  # the same moment ticks once
    assert journal.steps.ticks_for_moment(moment.id) == [tick]
    [progress] = [p for p in journal.steps.progress(TODAY) if p.step.id == with_sam]
    assert (progress.done, progress.target, progress.met) == (1, 1, True)


def test_deleting_the_moment_keeps_the_tick(journal: Journal) -> None:
    a = _step(journal, person="Sam")
    moment = journal.moments.record(MomentDraft(_noon(date(2024, 3, 20)), Direction.OPENED))
    journal.steps.tick_with(a, moment)
    gone = journal.moments.delete([moment.id])
    [tick] = journal.steps.ticks(a)
    assert (tick.day, tick.moment_id) == (date(2024, 3, 20), None)
    journal.moments.restore(gone)  # undo works; the tick is still there, just unlinked
    assert len(journal.steps.ticks(a)) == 1


# -- progress and streaks -----------------------------------------------------------------------
def test_progress_this_week_follows_the_week_start(journal: Journal) -> None:
    a = _step(journal, target_per_week=2)
    b = _step(journal, "paused one")
    journal.steps.pause(b)
    for day in (date(2024, 3, 23), date(2024, 3, 24), date(2024, 3, 25)):  # Sat, Sun, Mon
        journal.steps.tick(a, day)
    [monday_weeks] = journal.steps.progress(TODAY)
    assert (monday_weeks.week.start, monday_weeks.done, monday_weeks.met) == (
        date(2024, 3, 25),
        1,
        False,
    )
    journal.settings.set(WEEK_START, 6)
    [sunday_weeks] = journal.steps.progress(TODAY)
    assert (sunday_weeks.week.start, sunday_weeks.done, sunday_weeks.met) == (
        date(2024, 3, 24),
        2,
        True,
    )
    assert [p.step.id for p in journal.steps.progress(TODAY, include_paused=True)] == [a, b]


def test_streaks_across_week_starts(journal: Journal) -> None:
    a = _step(journal)
    for day in (date(2024, 3, 10), date(2024, 3, 17), date(2024, 3, 24)):  # three Sundays
        journal.steps.tick(a, day)
    # Weeks from Monday: 4–10, 11–17, 18–24 are met; this week (25–31) has nothing yet.
    streak = journal.steps.streak(a, today=TODAY)
    assert (streak.weeks, streak.this_week.done, streak.this_week_met) == (3, 0, False)
    assert [w.done for w in journal.steps.history(a, today=TODAY)] == [1, 1, 1]
    # Weeks from Sunday: 10–16 and 17–23 are met; the 24th falls in this week (24–30).
    journal.settings.set(WEEK_START, 6)
    streak = journal.steps.streak(a, today=TODAY)
    assert (streak.weeks, streak.this_week.start, streak.this_week_met) == (
        2,
        date(2024, 3, 24),
        True,
    )
    # A missed week breaks it: ticks on 3 and 17 March only, Monday weeks.
    journal.settings.set(WEEK_START, 0)
    b = _step(journal, "another")
    for day in (date(2024, 3, 3), date(2024, 3, 17)):
        journal.steps.tick(b, day)
    assert [w.met for w in journal.steps.history(b, today=TODAY)] == [True, False, True, False]
    assert journal.steps.streak(b, today=TODAY).weeks == 0
    met = journal.steps.weeks_met(b, today=TODAY)
    assert (met.met, met.of, met.streak, met.first) == (2, 4, 0, date(2024, 2, 26))


def test_overview_lists_every_step_with_its_streak(journal: Journal) -> None:
    a = _step(journal)
    b = _step(journal, "archived")
    journal.steps.tick(a, date(2024, 3, 20))
    journal.steps.tick(a, date(2024, 3, 26))
    journal.steps.archive(b)
    [only] = journal.steps.overview(today=TODAY)
    assert (only.step.id, only.streak.weeks, only.this_week.done) == (a, 1, 1)
    assert [o.step.id for o in journal.steps.overview(today=TODAY, include_archived=True)] == [
        a,
        b,
    ]


# -- met weeks against the others -----------------------------------------------------------------
def _seven_weeks(journal: Journal, step_id: int) -> list[date]:
    """Seven Monday weeks from 5 Feb to 18 March 2024: weeks 0, 2, 4, 6 met; ratings low in
    met weeks (loneliness 2, connection 8) and high in the others; check-ins in some weeks."""
    starts = [date(2024, 2, 5) + i * WEEK for i in range(7)]
    for i, start in enumerate(starts):
        met = i % 2 == 0
        if met:
            journal.steps.tick(step_id, start + timedelta(days=1))
        journal.moments.record(
            MomentDraft(
                _noon(start + timedelta(days=2)),
                Direction.OPENED if met else Direction.WITHDREW,
                loneliness=2 if met else 8,
                connection=8 if met else 3,
            )
        )
        if i in (0, 1, 2, 3):
            journal.checkins.record(start, CheckinAnswers(*((1, 1, 2) if met else (3, 3, 3))))
    # This week is not judged: an extreme rating here changes nothing.
    journal.moments.record(MomentDraft(_noon(TODAY), Direction.WITHDREW, loneliness=10))
    return starts


def test_comparison_of_met_weeks_with_the_others(journal: Journal) -> None:
    journal.settings.set(MIN_SAMPLE, 2)
    a = _step(journal)
    _seven_weeks(journal, a)
    c = journal.steps.comparison(a, today=TODAY)
    assert (c.weeks_met, c.weeks_not_met, c.minimum) == (4, 3, 2)
    lonely, connect, checkin = c.measures
    assert lonely.measure == "loneliness"
    assert (lonely.met, lonely.not_met) == (WeeksMean(2.0, 4, 4), WeeksMean(8.0, 3, 3))
    assert lonely.test is not None and lonely.test.exact
    assert lonely.test.p_value == pytest.approx(1 / 35)  # only the observed split is as extreme
    assert lonely.notable and lonely.difference == pytest.approx(-6.0)
    assert connect.difference == pytest.approx(5.0)
    # Check-ins in weeks 0–3 only: two met (4), two not (9); the rest are gaps, not zeros.
    assert (checkin.met, checkin.not_met) == (WeeksMean(4.0, 2, 2), WeeksMean(9.0, 2, 2))
    assert checkin.test is not None and checkin.test.p_value == pytest.approx(2 / 6)
    again = journal.steps.comparison(a, today=TODAY)
    assert again == c  # seeded: the same journal gives the same result


def test_comparison_below_the_minimum_sample_states_nothing(journal: Journal) -> None:
    a = _step(journal)
    _seven_weeks(journal, a)  # MIN_SAMPLE is 5 by default
    lonely, _connect, checkin = journal.steps.comparison(a, today=TODAY).measures
    assert lonely.met == InsufficientData(5, 4, "weeks with a loneliness rating")
    assert lonely.not_met == InsufficientData(5, 3, "weeks with a loneliness rating")
    assert checkin.met == InsufficientData(5, 2, "weeks with a check-in")
    assert lonely.test is None and lonely.difference is None


def test_a_new_step_has_no_weeks_to_compare(journal: Journal) -> None:
    a = _step(journal)
    c = journal.steps.comparison(a)
    assert c.weeks == () and c.weeks_met == 0
    assert all(isinstance(m.met, InsufficientData) for m in c.measures)
    assert journal.steps.weeks_met(a).of == 0
