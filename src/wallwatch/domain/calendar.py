"""Local days and weeks: moments are bucketed by the date the person lived them.

Day numbers count days since 1970-01-01 (a Thursday). The store keeps each moment's local day
number, so weekly bucketing is integer arithmetic that SQL can do with the same formula.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

EPOCH = date(1970, 1, 1)
# 1970-01-01 was a Thursday: weekday() == 3 with Monday == 0.
_EPOCH_WEEKDAY = 3
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_number(d: date) -> int:
    return (d - EPOCH).days


def from_day_number(n: int) -> date:
    return EPOCH + timedelta(days=n)


def week_start_number(day_num: int, week_start: int = 0) -> int:
    """Day number of the first day of the week containing ``day_num``.

    ``week_start`` is the weekday the week begins on, Monday == 0 … Sunday == 6.
    """
    return day_num - (day_num + _EPOCH_WEEKDAY - week_start) % 7


def week_start(d: date, week_start_day: int = 0) -> date:
    return from_day_number(week_start_number(day_number(d), week_start_day))


def local_date(moment_time: datetime) -> date:
    """The calendar date the person lived, in the offset stored with the moment."""
    if moment_time.tzinfo is None:
        raise ValueError("moment times must be timezone-aware")
    return moment_time.date()


def offset_minutes(moment_time: datetime) -> int:
    off = moment_time.utcoffset()
    if off is None:
        raise ValueError("moment times must be timezone-aware")
    return int(off.total_seconds() // 60)


def with_offset(utc_time: datetime, minutes: int) -> datetime:
    """Rebuild the lived local time from a UTC instant and the stored offset."""
    return utc_time.astimezone(timezone(timedelta(minutes=minutes)))


def now_local() -> datetime:
    """Now, in the machine's local zone, to the second (what the form and CLI default to)."""
    return datetime.now(UTC).astimezone().replace(microsecond=0)


def weeks_back(end_week: date, count: int) -> list[date]:
    """The ``count`` week starts ending with ``end_week`` (oldest first)."""
    return [end_week - timedelta(weeks=count - 1 - i) for i in range(count)]
