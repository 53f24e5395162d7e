"""Every journal setting, declared once: name, type, default and the words a person sees.

Settings that belong to the data (week start, reminder, sample minimum) live in the journal file;
window geometry and other view state live in QSettings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T", int, str, bool)


@dataclass(frozen=True, slots=True)
class SettingSpec(Generic[T]):
    name: str
    type: type[T]
    default: T
    title: str
    choices: tuple[T, ...] = ()

    def parse(self, raw: str) -> T:
        """Read a stored value; anything unreadable falls back to the default."""
        try:
            if self.type is bool:
                value: object = raw.strip().lower() in ("1", "true", "yes", "on")
            elif self.type is int:
                value = int(raw)
            else:
                value = raw
        except ValueError:
            return self.default
        if self.choices and value not in self.choices:
            return self.default
        return value  # type: ignore[return-value]

    def dump(self, value: T) -> str:
        if self.type is bool:
            return "1" if value else "0"
        return str(value)


WEEK_START = SettingSpec("week_start", int, 0, "Weeks start on", tuple(range(7)))
REMINDER_ENABLED = SettingSpec("reminder_enabled", bool, False, "Daily reminder")
REMINDER_TIME = SettingSpec("reminder_time", str, "20:30", "Remind me at")
THEME = SettingSpec("theme", str, "system", "Theme", ("system", "light", "dark"))
MIN_SAMPLE = SettingSpec("min_sample", int, 5, "Fewest observations before a pattern is stated")

ALL_SETTINGS: tuple[SettingSpec[int] | SettingSpec[str] | SettingSpec[bool], ...] = (
    WEEK_START,
    REMINDER_ENABLED,
    REMINDER_TIME,
    THEME,
    MIN_SAMPLE,
)
BY_NAME = {s.name: s for s in ALL_SETTINGS}
