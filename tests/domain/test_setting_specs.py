"""SettingSpec: the one registry of journal settings, and how stored text is read back."""

from __future__ import annotations

import pytest

from wallwatch.domain.settings import (
    ALL_SETTINGS,
    BY_NAME,
    MIN_SAMPLE,
    REMINDER_ENABLED,
    REMINDER_TIME,
    THEME,
    WEEK_START,
    SettingSpec,
    is_clock_time,
)


def test_registry_names_are_unique_and_defaults_are_allowed() -> None:
    assert len(BY_NAME) == len(ALL_SETTINGS)
    for spec in ALL_SETTINGS:
        assert BY_NAME[spec.name] is spec
        assert spec.accepts(spec.default), spec.name
        assert spec.title


@pytest.mark.parametrize("spec", ALL_SETTINGS, ids=lambda s: s.name)
def test_dump_then_parse_gives_the_value_back(spec: SettingSpec) -> None:
    assert spec.parse(spec.dump(spec.default)) == spec.default


@pytest.mark.parametrize("value", range(7))
def test_week_start_round_trip(value: int) -> None:
    assert WEEK_START.parse(WEEK_START.dump(value)) == value


@pytest.mark.parametrize("raw", ["7", "-1", "monday", "", "1.0", "True"])
def test_week_start_falls_back_to_monday(raw: str) -> None:
    assert WEEK_START.parse(raw) == WEEK_START.default == 0


def test_int_parse_ignores_surrounding_space() -> None:
    assert WEEK_START.parse(" 6\n") == 6


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " on "])
def test_bool_true_words(raw: str) -> None:
    assert REMINDER_ENABLED.parse(raw) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", "Off"])
def test_bool_false_words(raw: str) -> None:
    assert REMINDER_ENABLED.parse(raw) is False


def test_bool_unreadable_falls_back_to_the_default() -> None:
    on_by_default = SettingSpec("x", bool, True, "X")
    assert on_by_default.parse("maybe") is True
    assert on_by_default.parse("") is True
    assert REMINDER_ENABLED.parse("maybe") is False


def test_bool_dump() -> None:
    assert REMINDER_ENABLED.dump(True) == "1"
    assert REMINDER_ENABLED.dump(False) == "0"


def test_choices_are_enforced_for_text() -> None:
    assert THEME.parse("dark") == "dark"
    assert THEME.parse("purple") == "system"


@pytest.mark.parametrize("raw", ["00:00", "07:05", "20:30", "23:59"])
def test_clock_times_are_read(raw: str) -> None:
    assert is_clock_time(raw)
    assert REMINDER_TIME.parse(raw) == raw


@pytest.mark.parametrize("raw", ["24:00", "7:05", "12:60", "noon", "", "20:30 "])
def test_bad_clock_times_fall_back(raw: str) -> None:
    assert not is_clock_time(raw)
    assert REMINDER_TIME.parse(raw) == "20:30"


def test_min_sample_must_be_positive() -> None:
    assert MIN_SAMPLE.parse("12") == 12
    assert MIN_SAMPLE.parse("0") == MIN_SAMPLE.default
    assert MIN_SAMPLE.parse("-4") == MIN_SAMPLE.default


def test_accepts_checks_type_strictly() -> None:
    assert WEEK_START.accepts(3)
    assert not WEEK_START.accepts(True)  # a bool is not a weekday number
    assert not WEEK_START.accepts("3")
    assert not WEEK_START.accepts(3.0)
    assert not REMINDER_ENABLED.accepts(1)
    assert REMINDER_ENABLED.accepts(False)
    assert not THEME.accepts("purple")
