"""The report's check-in scores and practice steps over one range of days.

Check-ins are weekly, so the range's weeks are every week holding one of its days. A step is
judged on its complete weeks inside the range (the way the Steps area judges it): a week still
in progress when the range ends is not counted as missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.patterns import DateRange
from wallwatch.domain.steps import StepStatus, weeks_met
from wallwatch.services.journal import Journal

Rename = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class CheckinWeek:
    first: date
    score: int | None  # the 3–9 total (higher: lonelier); None: no check-in that week
    want_more: str | None  # "what I want more of"; None when notes are left out


@dataclass(frozen=True, slots=True)
class CheckinSummary:
    weeks: tuple[CheckinWeek, ...]

    @property
    def recorded(self) -> int:
        return sum(1 for w in self.weeks if w.score is not None)


@dataclass(frozen=True, slots=True)
class StepRow:
    """One step over the range: ``met`` of ``weeks`` complete weeks, and the run of met weeks
    ending with the last of them."""

    text: str
    person: str | None
    target_per_week: int
    status: StepStatus
    met: int
    weeks: int
    streak: int


@dataclass(frozen=True, slots=True)
class StepsSummary:
    steps: tuple[StepRow, ...]


def range_weeks(span: DateRange, start_day: int) -> int:
    """How many weeks hold at least one day of ``span``."""
    return (week_start(span.last, start_day) - week_start(span.first, start_day)).days // 7 + 1


def checkins_for(
    journal: Journal,
    span: DateRange,
    start_day: int,
    *,
    include_notes: bool,
    rename: Rename | None = None,
) -> CheckinSummary:
    series = journal.checkins.series(
        range_weeks(span, start_day), ending=span.last, week_start_day=start_day
    )
    weeks = []
    for first, checkin in zip(series.starts, series.checkins, strict=True):
        want_more = None
        if checkin is not None and include_notes:
            want_more = rename(checkin.want_more) if rename else checkin.want_more
        weeks.append(CheckinWeek(first, checkin.total if checkin else None, want_more))
    return CheckinSummary(tuple(weeks))


def steps_for(
    journal: Journal, span: DateRange, start_day: int, rename: Rename | None = None
) -> StepsSummary:
    """Steps with a complete week in the range, and active ones too (with none yet)."""
    first_week = week_start(span.first, start_day)
    # History runs to the last complete week before "today": the day after the range, unless
    # that is still to come (then the week in progress is left out, as the Steps area does).
    today = min(span.last + timedelta(days=1), now_local().date())
    rows = []
    for step in journal.steps.all(include_archived=True):
        history = [
            w
            for w in journal.steps.history(step.id, today=today)
            if first_week <= w.start <= span.last
        ]
        if not history and step.status is not StepStatus.ACTIVE:
            continue
        summary = weeks_met(history)
        text, person = step.text, step.person
        if rename is not None:
            text = rename(text)
            person = rename(person) if person else None
        rows.append(
            StepRow(
                text,
                person,
                step.target_per_week,
                step.status,
                summary.met,
                summary.of,
                summary.streak,
            )
        )
    return StepsSummary(tuple(rows))
