"""What the Patterns area shows, read in one background task: the report for the chosen weeks,
the year of days behind the calendar, and the review of the last complete week.

No Qt here: :func:`load_page` runs on the worker thread and touches no widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from wallwatch.domain.calendar import now_local
from wallwatch.domain.patterns import (
    CALENDAR_DAYS,
    Calendar,
    DateRange,
    PatternReport,
    WeeklyReview,
)

if TYPE_CHECKING:
    from wallwatch.services import Journal


@dataclass(frozen=True, slots=True)
class PatternsPage:
    report: PatternReport
    year: Calendar
    review: WeeklyReview
    week_start_day: int

    @property
    def moments(self) -> int:
        return self.report.fears.withdrawals + self.report.fears.openings


def year_span(last: date) -> DateRange:
    return DateRange(last - timedelta(days=CALENDAR_DAYS - 1), last)


def load_page(journal: Journal, weeks: int, today: date | None = None) -> PatternsPage:
    """Everything the area needs for the ``weeks`` weeks ending ``today`` (default: today)."""
    today = today or now_local().date()
    patterns = journal.patterns
    report = patterns.report(DateRange.weeks_ending(today, weeks))
    year = patterns.calendar(year_span(today))
    review = patterns.weekly_review(today)
    return PatternsPage(report, year, review, patterns.week_start_day())
