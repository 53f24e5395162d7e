"""``checkin`` and ``export --what checkins`` through the command line."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.settings import CHECKIN_DAY, CHECKIN_ENABLED
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run

ANSWERS = ("--companionship", "2", "--left-out", "often", "--isolated", "hardly ever")


def _this_week() -> str:
    return week_start(now_local().date()).isoformat()


def test_checkin_records_this_week_and_lists_it(run: Run, real_db: Path) -> None:
    r = run("checkin", *ANSWERS, "--want-more", "walks with Maya")
    assert r.code == 0, r.err
    assert "total 6" in r.out and _this_week() in r.out
    with open_journal(real_db) as j:
        [c] = j.checkins.all()
    assert (c.answers.as_tuple(), c.want_more) == ((2, 3, 1), "walks with Maya")
    listing = run("checkin", "--list")
    assert listing.code == 0
    row = next(line for line in listing.out.splitlines() if line.startswith(_this_week()))
    assert row.split() == [_this_week(), "2", "3", "1", "6", "walks", "with", "Maya"]
    status = run("checkin")
    assert status.code == 0 and "done" in status.out and "total 6" in status.out


def test_checkin_for_an_earlier_week_and_replacing_it(run: Run, real_db: Path) -> None:
    earlier = now_local().date() - timedelta(days=14)
    assert run("checkin", *ANSWERS, "--week", earlier.isoformat()).code == 0
    again = ("--companionship", "1", "--left-out", "1", "--isolated", "1")
    assert run("checkin", *again, "--week", earlier.isoformat()).code == 0
    with open_journal(real_db) as j:
        [c] = j.checkins.all()
    assert (c.week_start, c.total) == (week_start(earlier), 3)


def test_checkin_enable_disable_and_due(run: Run, real_db: Path) -> None:
    assert "off" in run("checkin").out
    today = now_local().date()
    r = run("checkin", "--enable", "--day", today.strftime("%A").lower())
    assert r.code == 0, r.err
    assert today.strftime("%A") in r.out
    assert "due" in run("checkin").out
    with open_journal(real_db) as j:
        assert j.settings.get(CHECKIN_ENABLED) is True
        assert j.settings.get(CHECKIN_DAY) == today.weekday()
    assert run("checkin", "--disable").code == 0
    with open_journal(real_db) as j:
        assert j.settings.get(CHECKIN_ENABLED) is False


def test_checkin_usage_mistakes_are_one_line(run: Run) -> None:
    run("checkin", "--companionship", "2").assert_one_line_error(2)
    run(
        "checkin", "--companionship", "4", "--left-out", "1", "--isolated", "1"
    ).assert_one_line_error(2)
    run("checkin", "--list", *ANSWERS).assert_one_line_error(2)
    run("checkin", "--day", "monday").assert_one_line_error(2)
    run("checkin", "--want-more", "x").assert_one_line_error(2)
    future = (now_local().date() + timedelta(days=8)).isoformat()
    r = run("checkin", *ANSWERS, "--week", future)
    r.assert_one_line_error(1)
    assert "future" in r.err
    r = run("checkin", *ANSWERS, "--want-more", "two\nlines")
    r.assert_one_line_error(1)
    assert "want_more" in r.err


def test_export_what_checkins_writes_its_own_csv(run: Run, tmp_path: Path) -> None:
    assert run("checkin", *ANSWERS, "--want-more", "@home more").code == 0
    assert run("add", "--note", "a moment").code == 0
    r = run("export", "--what", "checkins", "-")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out, newline="")))
    assert [(row["week_start"], row["total"], row["want_more"]) for row in rows] == [
        (_this_week(), "6", "'@home more")
    ]
    assert "1 check-in" in r.err
    target = tmp_path / "checkins.csv"
    assert run("export", str(target), "--what", "checkins").code == 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8").startswith("week_start,companionship,")
    # The moments export is unchanged by the option's default.
    moments = run("export", "-")
    assert "a moment" in moments.out and "week_start" not in moments.out
    r = run("export", "--what", "checkins", "--person", "Sam", "-")
    r.assert_one_line_error(2)
    assert "check-ins" in r.err
