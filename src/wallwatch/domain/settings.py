"""Every journal setting, declared once: name, type, default and the words a person sees.

Settings that belong to the data (week start, reminder, sample minimum) live in the journal file;
window geometry and other view state live in QSettings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T", int, str, bool)

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class SettingSpec(Generic[T]):
    name: str
    type: type[T]
    default: T
    title: str
    choices: tuple[T, ...] = ()
    # An extra rule beyond type and choices (e.g. "a clock time"); None accepts any value.
    check: Callable[[Any], bool] | None = None

    def accepts(self, value: object) -> bool:
        """Whether ``value`` may be stored. ``True`` is not a number here, though Python says
        ``bool`` is a kind of ``int``."""
        if type(value) is not self.type:
            return False
        if self.choices and value not in self.choices:
            return False
        return self.check is None or self.check(value)

    def parse(self, raw: str) -> T:
        """Read a stored value; anything unreadable or no longer allowed gives the default."""
        value: object
        if self.type is bool:
            word = raw.strip().lower()
            if word in _TRUE_WORDS:
                value = True
            elif word in _FALSE_WORDS:
                value = False
            else:
                return self.default
        elif self.type is int:
            try:
                value = int(raw.strip())
            except ValueError:
                return self.default
        else:
            value = raw
        if not self.accepts(value):
            return self.default
        return value  # type: ignore[return-value]  # accepts() checked it is a T

    def dump(self, value: T) -> str:
        if self.type is bool:
            return "1" if value else "0"
        return str(value)


def is_clock_time(value: str) -> bool:
    """``HH:MM`` on a 24-hour clock, e.g. ``07:05`` or ``20:30``."""
    return re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) is not None


WEEK_START = SettingSpec("week_start", int, 0, "Weeks start on", tuple(range(7)))
REMINDER_ENABLED = SettingSpec("reminder_enabled", bool, False, "Daily reminder")
REMINDER_TIME = SettingSpec("reminder_time", str, "20:30", "Remind me at", check=is_clock_time)
THEME = SettingSpec("theme", str, "system", "Theme", ("system", "light", "dark"))
MIN_SAMPLE = SettingSpec(
    "min_sample",
    int,
    5,
    "Fewest observations before a pattern is stated",
    check=lambda n: n >= 1,
)
# How many automatic backups rotation keeps: one per day for the newest days, then one per week.
BACKUP_KEEP_DAILY = SettingSpec(
    "backup_keep_daily", int, 7, "Daily backups to keep", check=lambda n: 1 <= n <= 366
)
BACKUP_KEEP_WEEKLY = SettingSpec(
    "backup_keep_weekly", int, 4, "Weekly backups to keep", check=lambda n: 0 <= n <= 520
)
# The weekly check-in (UCLA 3-item loneliness scale) is off until the person turns it on.
CHECKIN_ENABLED = SettingSpec("checkin_enabled", bool, False, "Weekly check-in")
CHECKIN_DAY = SettingSpec("checkin_day", int, 6, "Check in on", tuple(range(7)))
# An encrypted journal locks itself after this many minutes without input (0: only on start).
LOCK_AFTER_MINUTES = SettingSpec(
    "lock_after_minutes", int, 10, "Lock after minutes idle", check=lambda n: 0 <= n <= 720
)

ALL_SETTINGS: tuple[SettingSpec[int] | SettingSpec[str] | SettingSpec[bool], ...] = (
    WEEK_START,
    REMINDER_ENABLED,
    REMINDER_TIME,
    THEME,
    MIN_SAMPLE,
    BACKUP_KEEP_DAILY,
    BACKUP_KEEP_WEEKLY,
    LOCK_AFTER_MINUTES,
    CHECKIN_ENABLED,
    CHECKIN_DAY,
)
BY_NAME = {s.name: s for s in ALL_SETTINGS}
