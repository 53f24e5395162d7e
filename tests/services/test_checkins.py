"""The weekly check-in on a real journal: storing, due, the series with gaps, and its CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.settings import CHECKIN_DAY, CHECKIN_ENABLED, WEEK_START
from wallwatch.services import Journal, ValidationFailed
from wallwatch.services.checkins_csv import CHECKIN_COLUMNS, export_checkins_csv
from wallwatch.services.transfer import ExportFailed

# Monday 4 March 2024; "today" in these tests is in the week of Monday 25 March.
MONDAY = date(2024, 3, 4)
WEEK = timedelta(days=7)
TODAY = date(2024, 3, 27)


def test_a_checkin_is_stored_with_its_week_and_score(journal: Journal) -> None:
    saved = journal.checkins.record(
        date(2024, 3, 6), CheckinAnswers(2, 3, 1), "  walks with Maya ", today=TODAY
    )
    assert (saved.week_start, saved.week_start_day, saved.total) == (MONDAY, 0, 6)
    assert saved.want_more == "walks with Maya"
    got = journal.checkins.get(MONDAY + timedelta(days=6))
    assert got == saved
    assert journal.checkins.get(MONDAY + WEEK) is None
    with sqlite3.connect(journal.path) as raw:
        row = raw.execute(
            "SELECT week_start, week_start_day, companionship, left_out, isolated, total "
            "FROM checkin"
        ).fetchone()
    raw.close()
    assert row == ((MONDAY - date(1970, 1, 1)).days, 0, 2, 3, 1, 6)


def test_recording_the_same_week_again_replaces_its_answers(journal: Journal) -> None:
    first = journal.checkins.record(MONDAY, CheckinAnswers(3, 3, 3), "more calls", today=TODAY)
    second = journal.checkins.record(
        MONDAY + timedelta(days=5), CheckinAnswers(1, 2, 1), "", today=TODAY
    )
    assert [c.total for c in journal.checkins.all()] == [4]
    assert second.recorded_at == first.recorded_at
    assert second.edited_at >= first.edited_at
    assert second.want_more == ""


def test_invalid_answers_and_future_weeks_are_refused_and_nothing_is_stored(
    journal: Journal,
) -> None:
    with pytest.raises(ValidationFailed) as bad:
        journal.checkins.record(MONDAY, CheckinAnswers(0, 2, 4), "two\nlines", today=TODAY)
    assert {e.field for e in bad.value.errors} == {"companionship", "isolated", "want_more"}
    with pytest.raises(ValidationFailed) as future:
        journal.checkins.record(TODAY + WEEK, CheckinAnswers(1, 1, 1), today=TODAY)
    assert future.value.for_field("week") == ["is in the future"]
    # Later in the week that holds today is fine: it is this week.
    journal.checkins.record(TODAY + timedelta(days=2), CheckinAnswers(1, 1, 1), today=TODAY)
    assert [c.week_start for c in journal.checkins.all()] == [date(2024, 3, 25)]


def test_due_only_when_enabled_from_the_checkin_day_until_done(journal: Journal) -> None:
    sunday = date(2024, 3, 31)
    assert journal.checkins.due(sunday) is None  # off by default
    journal.settings.set(CHECKIN_ENABLED, True)
    assert journal.checkins.day() == 6
    assert journal.checkins.due(sunday - timedelta(days=1)) is None  # Saturday: not yet
    assert journal.checkins.due(sunday) == date(2024, 3, 25)
    journal.checkins.record(sunday, CheckinAnswers(2, 2, 2), today=sunday)
    assert journal.checkins.due(sunday) is None
    # Next week starts the Monday after; missed weeks are not asked for again.
    assert journal.checkins.due(sunday + timedelta(days=1)) is None
    journal.settings.set(CHECKIN_DAY, 0)
    assert journal.checkins.due(sunday + timedelta(days=1)) == sunday + timedelta(days=1)


def test_due_follows_the_week_start_setting(journal: Journal) -> None:
    journal.settings.set(CHECKIN_ENABLED, True)
    journal.settings.set(WEEK_START, 6)  # weeks start on Sunday; check-in day is Sunday
    sunday = date(2024, 3, 31)
    assert journal.checkins.due(sunday) == sunday
    assert journal.checkins.due(sunday + timedelta(days=6)) == sunday  # all week long


def test_series_has_a_gap_not_a_zero_for_weeks_without_a_checkin(journal: Journal) -> None:
    for offset, answers in ((0, (1, 1, 1)), (2, (3, 2, 3))):
        journal.checkins.record(MONDAY + offset * WEEK, CheckinAnswers(*answers), today=TODAY)
    series = journal.checkins.series(4, ending=MONDAY + 3 * WEEK + timedelta(days=3))
    assert series.starts == tuple(MONDAY + i * WEEK for i in range(4))
    assert series.totals == (3, None, 8, None)
    assert series.answered == 2
    assert series.checkins[1] is None
    weekly = journal.summaries.weekly(4, ending=MONDAY + 3 * WEEK, week_start_day=0)
    assert tuple(p.start for p in weekly.weeks) == series.starts  # lines up on the chart
    with pytest.raises(ValueError):
        journal.checkins.series(0)


def test_old_checkins_follow_a_change_of_week_start(journal: Journal) -> None:
    journal.checkins.record(MONDAY, CheckinAnswers(2, 2, 2), today=TODAY)
    journal.settings.set(WEEK_START, 6)
    sunday_week = date(2024, 3, 3)  # Sun 3 – Sat 9 shares six days with Mon 4 – Sun 10
    series = journal.checkins.series(2, ending=sunday_week + WEEK)
    assert series.starts == (sunday_week, sunday_week + WEEK)
    assert series.totals == (6, None)
    assert journal.checkins.get(sunday_week + timedelta(days=2)) is not None
    # Answering that week again under the new setting replaces it rather than adding one.
    journal.checkins.record(sunday_week, CheckinAnswers(1, 1, 1), today=TODAY)
    [only] = journal.checkins.all()
    assert (only.week_start, only.week_start_day, only.total) == (sunday_week, 6, 3)
    # An explicit week start_day for the chart overrides the setting.
    assert journal.checkins.series(1, ending=MONDAY, week_start_day=0).totals == (3,)


def test_delete_and_restore_a_checkin(journal: Journal) -> None:
    saved = journal.checkins.record(MONDAY, CheckinAnswers(3, 1, 2), "x", today=TODAY)
    gone = journal.checkins.delete(MONDAY + timedelta(days=3))
    assert gone == saved and journal.checkins.all() == []
    assert journal.checkins.delete(MONDAY) is None
    journal.checkins.restore(saved)
    journal.checkins.restore(saved)  # twice is harmless
    assert journal.checkins.all() == [saved]


def test_this_week_is_the_default_week(journal: Journal) -> None:
    saved = journal.checkins.record(None, CheckinAnswers(1, 2, 3))
    assert saved.week_start == week_start(now_local().date(), 0)
    assert journal.checkins.get() == saved
    assert journal.checkins.week_of() == saved.week_start


# -- CSV ----------------------------------------------------------------------------------------
def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_checkins_export_to_their_own_private_csv(journal: Journal, tmp_path: Path) -> None:
    journal.checkins.record(MONDAY + 2 * WEEK, CheckinAnswers(1, 2, 3), "=SUM(A1)", today=TODAY)
    journal.checkins.record(MONDAY, CheckinAnswers(2, 2, 2), "time, with Sam", today=TODAY)
    target = tmp_path / "checkins.csv"
    result = export_checkins_csv(journal.checkins, target)
    assert (result.path, result.rows) == (target, 2)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == list(CHECKIN_COLUMNS)
    rows = _rows(text)
    assert [r["week_start"] for r in rows] == ["2024-03-04", "2024-03-18"]
    assert [r["total"] for r in rows] == ["6", "6"]
    assert (rows[1]["companionship"], rows[1]["left_out"], rows[1]["isolated"]) == ("1", "2", "3")
    assert rows[0]["want_more"] == "time, with Sam"
    assert rows[1]["want_more"] == "'=SUM(A1)"  # never run as a formula
    assert rows[0]["recorded_at"].endswith("+00:00")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_checkins_export_to_a_stream_with_dates(journal: Journal) -> None:
    for i in range(3):
        journal.checkins.record(MONDAY + i * WEEK, CheckinAnswers(1, 1, 1 + i), today=TODAY)
    out = io.StringIO()
    # Weeks touching 10–18 March: the weeks of the 4th (ends the 10th) and of the 11th.
    result = export_checkins_csv(
        journal.checkins, out, since=date(2024, 3, 10), until=date(2024, 3, 17)
    )
    assert result.rows == 2 and result.path is None
    assert [r["total"] for r in _rows(out.getvalue())] == ["3", "4"]


def test_a_failed_checkins_export_leaves_nothing_behind(journal: Journal, tmp_path: Path) -> None:
    journal.checkins.record(MONDAY, CheckinAnswers(1, 1, 1), today=TODAY)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportFailed, match="folder"):
        export_checkins_csv(journal.checkins, out)
    with pytest.raises(ExportFailed, match="missing"):
        export_checkins_csv(journal.checkins, out / "missing" / "x.csv")
    assert list(out.iterdir()) == []
