"""Journal settings: declared defaults, validated writes, stored in the journal file."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from wallwatch.domain.settings import (
    ALL_SETTINGS,
    MIN_SAMPLE,
    REMINDER_ENABLED,
    REMINDER_TIME,
    THEME,
    WEEK_START,
    SettingSpec,
)
from wallwatch.services import Journal, ValidationFailed, open_journal


def test_a_new_journal_has_every_default(journal: Journal) -> None:
    assert journal.settings.all() == {s.name: s.default for s in ALL_SETTINGS}
    for spec in ALL_SETTINGS:
        assert journal.settings.get(spec) == spec.default


def test_set_then_get_and_all(journal: Journal) -> None:
    journal.settings.set(WEEK_START, 6)
    journal.settings.set(REMINDER_ENABLED, True)
    journal.settings.set(REMINDER_TIME, "07:45")
    journal.settings.set(THEME, "dark")
    journal.settings.set(MIN_SAMPLE, 12)
    assert journal.settings.get(WEEK_START) == 6
    assert journal.settings.get(REMINDER_ENABLED) is True
    assert journal.settings.all() == {
        **{s.name: s.default for s in ALL_SETTINGS},  # the settings not set here
        "week_start": 6,
        "reminder_enabled": True,
        "reminder_time": "07:45",
        "theme": "dark",
        "min_sample": 12,
        "backup_keep_daily": 7,
        "backup_keep_weekly": 4,
    }
    journal.settings.set(WEEK_START, 2)  # overwriting keeps one row
    assert journal.settings.get(WEEK_START) == 2


def test_settings_are_kept_in_the_journal_file(journal: Journal) -> None:
    journal.settings.set(WEEK_START, 6)
    path = journal.path
    journal.close()
    with open_journal(path) as again:
        assert again.settings.get(WEEK_START) == 6
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT value FROM setting WHERE key='week_start'").fetchone() == ("6",)
    raw.close()


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (WEEK_START, 7),
        (WEEK_START, -1),
        (WEEK_START, True),
        (WEEK_START, "6"),
        (REMINDER_ENABLED, 1),
        (REMINDER_ENABLED, "yes"),
        (REMINDER_TIME, "25:00"),
        (REMINDER_TIME, "soon"),
        (REMINDER_TIME, 2030),
        (THEME, "purple"),
        (MIN_SAMPLE, 0),
        (MIN_SAMPLE, 2.5),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    journal: Journal, spec: SettingSpec[Any], value: object
) -> None:
    with pytest.raises(ValidationFailed) as info:
        journal.settings.set(spec, value)
    assert info.value.for_field(spec.name)
    assert journal.settings.get(spec) == spec.default
    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("SELECT count(*) FROM setting").fetchone() == (0,)
    raw.close()


def test_unreadable_stored_values_fall_back_to_defaults(journal: Journal) -> None:
    with sqlite3.connect(journal.path) as raw:
        raw.executemany(
            "INSERT INTO setting (key, value) VALUES (?, ?)",
            [
                ("week_start", "Tuesday"),
                ("reminder_enabled", "perhaps"),
                ("reminder_time", "late"),
                ("theme", "neon"),
                ("min_sample", "-3"),
                ("something_unknown", "kept but ignored"),
            ],
        )
    raw.close()
    assert journal.settings.all() == {s.name: s.default for s in ALL_SETTINGS}
    assert journal.settings.get(WEEK_START) == 0
