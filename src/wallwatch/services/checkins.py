"""The weekly check-in: when it is due, recording it, and the scores week by week.

A check-in belongs to a week (weeks per WEEK_START). Recording again for the same week replaces
its answers. Weeks without one stay empty: the series has ``None`` there, never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.checkin import Checkin, CheckinAnswers, is_due, validate_checkin
from wallwatch.domain.model import FieldError
from wallwatch.domain.settings import CHECKIN_DAY, CHECKIN_ENABLED, WEEK_START
from wallwatch.services.errors import ValidationFailed
from wallwatch.services.settings import SettingsService
from wallwatch.store.checkins import CheckinRepository
from wallwatch.store.database import Database


@dataclass(frozen=True, slots=True)
class CheckinSeries:
    """``starts`` are consecutive week starts (oldest first); ``checkins[i]`` is that week's
    check-in or ``None``. ``totals`` are the 3–9 scores with ``None`` gaps (for a chart)."""

    week_start_day: int
    starts: tuple[date, ...]
    checkins: tuple[Checkin | None, ...]

    @property
    def totals(self) -> tuple[int | None, ...]:
        return tuple(c.total if c else None for c in self.checkins)

    @property
    def answered(self) -> int:
        return sum(1 for c in self.checkins if c is not None)


class CheckinService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._settings = SettingsService(db)

    # -- settings -------------------------------------------------------------------------------
    def enabled(self) -> bool:
        return bool(self._settings.get(CHECKIN_ENABLED))

    def day(self) -> int:
        """The weekday the check-in is asked on (Monday == 0)."""
        return int(self._settings.get(CHECKIN_DAY))

    def week_start_day(self) -> int:
        return int(self._settings.get(WEEK_START))

    def week_of(self, day: date | None = None) -> date:
        """The first day of the week holding ``day`` (default today)."""
        return week_start(day or now_local().date(), self.week_start_day())

    # -- use cases ------------------------------------------------------------------------------
    def due(self, today: date | None = None) -> date | None:
        """This week's start when the check-in is on, today is on or after its weekday, and this
        week has none yet; otherwise ``None``. Missed weeks are never asked for again."""
        if not self.enabled():
            return None
        today = today or now_local().date()
        start_day = self.week_start_day()
        this_week = week_start(today, start_day)
        with self._db.reading() as s:
            done = CheckinRepository(s).get(this_week, start_day) is not None
        if is_due(today, checkin_day=self.day(), week_start_day=start_day, done=done):
            return this_week
        return None

    def record(
        self,
        week: date | None,
        answers: CheckinAnswers,
        want_more: str = "",
        *,
        today: date | None = None,
    ) -> Checkin:
        """Save the check-in of the week holding ``week`` (default this week), replacing that
        week's answers if it has some. Works whether or not the weekly prompt is on."""
        errors = validate_checkin(answers, want_more)
        today = today or now_local().date()
        start_day = self.week_start_day()
        start = week_start(week or today, start_day)
        if start > week_start(today, start_day):
            errors.append(FieldError("week", "is in the future"))
        if errors:
            raise ValidationFailed(errors)
        with self._db.transaction() as s:
            return CheckinRepository(s).save(start, start_day, answers, want_more.strip())

    def get(self, week: date | None = None) -> Checkin | None:
        """The check-in of the week holding ``week`` (default this week), if there is one."""
        start_day = self.week_start_day()
        start = week_start(week or now_local().date(), start_day)
        with self._db.reading() as s:
            return CheckinRepository(s).get(start, start_day)

    def delete(self, week: date) -> Checkin | None:
        """Remove the check-in of the week holding ``week``; returns it, for undo."""
        start_day = self.week_start_day()
        with self._db.transaction() as s:
            return CheckinRepository(s).delete(week_start(week, start_day), start_day)

    def restore(self, checkin: Checkin) -> None:
        """Undo a delete: the check-in comes back with its original times."""
        with self._db.transaction() as s:
            repo = CheckinRepository(s)
            if repo.get(checkin.week_start, checkin.week_start_day) is None:
                repo.restore(checkin)

    def all(self) -> list[Checkin]:
        """Every check-in, oldest week first."""
        with self._db.reading() as s:
            return CheckinRepository(s).all()

    def series(
        self, weeks: int, *, ending: date | None = None, week_start_day: int | None = None
    ) -> CheckinSeries:
        """``weeks`` consecutive weeks up to the one holding ``ending`` (default today), like
        ``SummaryService.weekly``, so the two line up on the Weekly chart."""
        if weeks < 1:
            raise ValueError("weeks must be at least 1")
        start_day = self.week_start_day() if week_start_day is None else week_start_day
        last = week_start(ending or now_local().date(), start_day)
        first = last - timedelta(weeks=weeks - 1)
        with self._db.reading() as s:
            found = CheckinRepository(s).between(first, last, start_day)
        starts = tuple(first + timedelta(weeks=i) for i in range(weeks))
        return CheckinSeries(start_day, starts, tuple(found.get(w) for w in starts))

    def by_week(self, first: date, last: date, week_start_day: int) -> dict[date, Checkin]:
        """Check-ins of the weeks starting ``first`` … ``last`` (week starts), by week start."""
        with self._db.reading() as s:
            return CheckinRepository(s).between(first, last, week_start_day)
