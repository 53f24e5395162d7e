"""Daily and weekly summaries for charts and ``wallwatch stats``: SQL's numbers, gaps kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.model import TagKind
from wallwatch.domain.summary import Breakdown, PeriodSummary, empty_period
from wallwatch.store import aggregates
from wallwatch.store.database import Database


@dataclass(frozen=True, slots=True)
class WeeklySeries:
    """``weeks`` consecutive weeks ending with ``last_week``; empty weeks are present with
    zero counts and no rating means (a gap on a chart, never a zero)."""

    week_start_day: int
    weeks: tuple[PeriodSummary, ...]

    @property
    def first_day(self) -> date:
        return self.weeks[0].start

    @property
    def last_day(self) -> date:
        return self.weeks[-1].start + timedelta(days=6)


class SummaryService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def weekly(
        self, weeks: int, *, ending: date | None = None, week_start_day: int = 0
    ) -> WeeklySeries:
        """``weeks`` weeks up to and including the week that contains ``ending`` (default today)."""
        if weeks < 1:
            raise ValueError("weeks must be at least 1")
        last = week_start(ending or now_local().date(), week_start_day)
        first = last - timedelta(weeks=weeks - 1)
        with self._db.reading() as s:
            found = aggregates.period_summaries(
                s, first, last + timedelta(days=6), week_start=week_start_day
            )
        by_start = {p.start: p for p in found}
        series = tuple(
            by_start.get(first + timedelta(weeks=i), empty_period(first + timedelta(weeks=i)))
            for i in range(weeks)
        )
        return WeeklySeries(week_start_day, series)

    def daily(self, since: date, until: date) -> list[PeriodSummary]:
        """One entry per local day in the range, empty days included."""
        with self._db.reading() as s:
            found = {p.start: p for p in aggregates.period_summaries(s, since, until)}
        days = (until - since).days + 1
        return [
            found.get(since + timedelta(days=i), empty_period(since + timedelta(days=i)))
            for i in range(max(days, 0))
        ]

    def fears_in_week(self, week_first_day: date) -> list[Breakdown]:
        """Fears present in that week's withdrawals, most frequent first."""
        with self._db.reading() as s:
            return aggregates.fears_for_week(s, week_first_day, week_first_day + timedelta(days=6))

    def by_tag(self, kind: TagKind, since: date, until: date) -> list[Breakdown]:
        with self._db.reading() as s:
            return aggregates.tag_breakdown(s, kind, since, until)

    def by_person(self, since: date, until: date) -> list[Breakdown]:
        with self._db.reading() as s:
            return aggregates.person_breakdown(s, since, until)

    def by_time(self, since: date, until: date, by: str) -> list[Breakdown]:
        """``by`` is ``"weekday"`` (keys 0 = Monday … 6) or ``"hour"`` (keys 0–23)."""
        with self._db.reading() as s:
            return aggregates.time_breakdown(s, since, until, by)
