"""Reading option values: dates, times, ratings, weekdays. Each error names what was expected."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from wallwatch.domain.calendar import WEEKDAY_NAMES, now_local
from wallwatch.domain.model import (
    INTENSITY_MAX,
    INTENSITY_MIN,
    RATING_MAX,
    RATING_MIN,
    TagKind,
)

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DAYS_AGO = re.compile(r"^(\d{1,4})([dw])$")
_DAY_WORDS = {"today": 0, "yesterday": 1}
_TAG_KINDS = {
    "fear": TagKind.FEAR,
    "fears": TagKind.FEAR,
    "behaviour": TagKind.BEHAVIOUR,
    "behaviours": TagKind.BEHAVIOUR,
    "behavior": TagKind.BEHAVIOUR,
    "behaviors": TagKind.BEHAVIOUR,
    "body": TagKind.BODY,
}


def parse_day(text: str, *, today: date | None = None) -> date:
    """An ISO date, ``today``, ``yesterday``, or ``7d`` / ``2w`` (that long ago)."""
    value = text.strip().lower()
    today = today or now_local().date()
    if value in _DAY_WORDS:
        return today - timedelta(days=_DAY_WORDS[value])
    ago = _DAYS_AGO.match(value)
    if ago:
        n = int(ago.group(1)) * (7 if ago.group(2) == "w" else 1)
        return today - timedelta(days=n)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date; use YYYY-MM-DD, today, yesterday or e.g. 7d"
        ) from None


def _parse_clock(value: str) -> time | None:
    match = _CLOCK.match(value)
    if not match:
        return None
    hour, minute, second = (int(g or 0) for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_when(text: str, *, now: datetime | None = None) -> datetime:
    """When a moment happened: an ISO date-time, a date (taken as noon), ``HH:MM`` today,
    ``yesterday HH:MM`` or ``now``. A time without a zone is in this machine's local zone."""
    now = now or now_local()
    value = text.strip()
    lowered = value.lower()
    words = lowered.split()
    result: datetime | None = None
    if lowered == "now":
        return now
    if words and words[0] in _DAY_WORDS and len(words) <= 2:
        day = now.date() - timedelta(days=_DAY_WORDS[words[0]])
        clock = _parse_clock(words[1]) if len(words) == 2 else time(12, 0)
        if clock is not None:
            result = datetime.combine(day, clock)
    elif (clock := _parse_clock(value)) is not None:
        result = datetime.combine(now.date(), clock)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            result = datetime.combine(date.fromisoformat(value), time(12, 0))
        except ValueError:
            result = None
    else:
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            result = None
    if result is None:
        raise ValueError(
            f"{text!r} is not a date or time; use e.g. 2024-05-01T21:30, 2024-05-01, 21:30 "
            "or 'yesterday 21:30'"
        )
    if result.tzinfo is None:
        # astimezone() reads a naive time as local wall-clock time, DST included.
        result = result.astimezone()
    if result > now + timedelta(minutes=1):
        raise ValueError(f"{text!r} is in the future")
    return result


def parse_weekday(text: str) -> int:
    """0–6 (Monday = 0) or a weekday name or its first three letters."""
    value = text.strip().lower()
    if value.isdigit() and 0 <= int(value) <= 6:
        return int(value)
    for i, name in enumerate(WEEKDAY_NAMES):
        if len(value) >= 3 and name.lower().startswith(value):
            return i
    raise ValueError(f"{text!r} is not a weekday; use a name like monday or a number 0–6")


def parse_tag_kind(text: str) -> TagKind:
    try:
        return _TAG_KINDS[text.strip().lower()]
    except KeyError:
        raise ValueError(f"{text!r} is not a tag kind; use fear, behaviour or body") from None


def _whole(low: int, high: int, what: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise ValueError(f"{what} must be a whole number {low}–{high}, not {text!r}")
        return value

    return parse


parse_rating = _whole(RATING_MIN, RATING_MAX, "a rating")
parse_intensity = _whole(INTENSITY_MIN, INTENSITY_MAX, "intensity")
parse_count = _whole(1, 10_000, "the number")
parse_limit = _whole(0, 10_000_000, "the limit")


def arg(parse: Callable[[str], object]) -> Callable[[str], object]:
    """Wrap a parser for argparse so its own message is shown, not "invalid value"."""

    def convert(text: str) -> object:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = getattr(parse, "__name__", "value")
    return convert
