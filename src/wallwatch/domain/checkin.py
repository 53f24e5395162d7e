"""The weekly check-in: the three-item UCLA loneliness scale and one free line.

The scale is the short form by Hughes, Waite, Hawkley & Cacioppo (2004), "A Short Scale for
Measuring Loneliness in Large Surveys", Research on Aging 26(6):655–672 (docs/checkin.md). Each
item is answered hardly ever (1), some of the time (2) or often (3); the total runs 3–9, higher
meaning lonelier. A week without a check-in has no score: a gap, never a zero.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from wallwatch.domain.calendar import week_start
from wallwatch.domain.model import NOT_TEXT, FieldError

ITEM_MIN = 1
ITEM_MAX = 3
TOTAL_MIN = 3 * ITEM_MIN
TOTAL_MAX = 3 * ITEM_MAX
WANT_MORE_MAX = 300

# (field name, question shown to the person); the order of the published scale.
ITEMS: tuple[tuple[str, str], ...] = (
    ("companionship", "How often do you feel that you lack companionship?"),
    ("left_out", "How often do you feel left out?"),
    ("isolated", "How often do you feel isolated from others?"),
)
ANSWER_LABELS: dict[int, str] = {1: "Hardly ever", 2: "Some of the time", 3: "Often"}
WANT_MORE_QUESTION = "What I want more of this week"


@dataclass(frozen=True, slots=True)
class CheckinAnswers:
    """One answer per item, each 1–3."""

    companionship: int
    left_out: int
    isolated: int

    @property
    def total(self) -> int:
        return self.companionship + self.left_out + self.isolated

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.companionship, self.left_out, self.isolated)


@dataclass(frozen=True, slots=True)
class Checkin:
    """A stored check-in. ``week_start`` is the first day of its week as weeks began when it was
    recorded (``week_start_day``, Monday == 0)."""

    week_start: date
    week_start_day: int
    answers: CheckinAnswers
    want_more: str
    recorded_at: datetime
    edited_at: datetime

    @property
    def total(self) -> int:
        return self.answers.total

    def week_for(self, week_start_day: int) -> date:
        return week_of(self.week_start, week_start_day)


def _whole_in(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate_checkin(answers: CheckinAnswers, want_more: str) -> list[FieldError]:
    errors = [
        FieldError(name, f"must be {ITEM_MIN} (hardly ever), 2 (some of the time) or 3 (often)")
        for name, _question in ITEMS
        if not _whole_in(getattr(answers, name), ITEM_MIN, ITEM_MAX)
    ]
    text = want_more.strip()
    if len(text) > WANT_MORE_MAX:
        errors.append(FieldError("want_more", f"is longer than {WANT_MORE_MAX} characters"))
    elif not text.isprintable() and any(unicodedata.category(ch) == "Cc" for ch in text):
        errors.append(FieldError("want_more", "must be a single line"))
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            errors.append(FieldError("want_more", NOT_TEXT))
    return errors


def week_of(stored_start: date, week_start_day: int) -> date:
    """The week (per ``week_start_day``) a check-in stored under ``stored_start`` belongs to.

    When the week start setting changes, an old check-in goes to the new week holding the
    middle of its old week: the one that shares at least four of its seven days.
    """
    return week_start(stored_start + timedelta(days=3), week_start_day)


def is_due(today: date, *, checkin_day: int, week_start_day: int, done: bool) -> bool:
    """Whether to prompt: from the check-in weekday to the end of this week, until it is done.

    Earlier weeks are never asked for again; a missed week stays a gap.
    """
    if done:
        return False
    into_week = (today - week_start(today, week_start_day)).days
    return into_week >= (checkin_day - week_start_day) % 7


__all__ = [
    "ANSWER_LABELS",
    "ITEMS",
    "ITEM_MAX",
    "ITEM_MIN",
    "TOTAL_MAX",
    "TOTAL_MIN",
    "WANT_MORE_MAX",
    "WANT_MORE_QUESTION",
    "Checkin",
    "CheckinAnswers",
    "is_due",
    "validate_checkin",
    "week_of",
]
