"""Dates under any machine time zone: DST gaps and overlaps, travel, leap days, week starts.

Two layers:
- a matrix runs the calendar, summary and CLI date tests (and this file's own tests) in a fresh
  pytest process per time zone, TZ set before Python starts;
- in-process tests change the machine's zone between recording and summarising (``time.tzset``),
  as a person who travels does: a moment keeps the day it was lived, wherever it is read.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from wallwatch.cli import main as cli_main
from wallwatch.services import open_journal

ZONES = (
    "UTC",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Chatham",  # +12:45 / +13:45
    "Australia/Lord_Howe",  # +10:30 / +11:00: a half-hour DST shift
)
ROOT = Path(__file__).resolve().parents[2]
DATE_TESTS = (
    "tests/domain/test_calendar.py",
    "tests/domain/test_summary_values.py",
    "tests/services/test_summaries.py",
    "tests/cli/test_options.py",
    "tests/cli/test_stats_cli.py",
    "tests/trust/test_timezones.py",
)
CHILD = "WALLWATCH_TZ_MATRIX_CHILD"


# -- the matrix --------------------------------------------------------------------------------
Run = subprocess.CompletedProcess[str]


def _run_date_tests(zone: str, basetemp: Path) -> Run:
    env = {**os.environ, "TZ": zone, CHILD: "1"}
    env.pop("PYTEST_ADDOPTS", None)
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*pytest, f"--basetemp={basetemp}", *DATE_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Every zone's run, two at a time (one per core). Their journals live in memory when the
    machine offers it: these runs are about dates, and waiting for fsync would triple them."""
    shm = Path("/dev/shm")
    in_memory = shm.is_dir() and os.access(shm, os.W_OK)
    base = Path(tempfile.mkdtemp(prefix="wallwatch-tz-", dir=shm)) if in_memory else None
    base = base or tmp_path_factory.mktemp("tz-matrix")
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = {z: pool.submit(_run_date_tests, z, base / z.replace("/", "-")) for z in ZONES}
            yield {zone: run.result() for zone, run in runs.items()}
    finally:
        if in_memory:
            shutil.rmtree(base, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get(CHILD) == "1", reason="already inside the matrix")
@pytest.mark.parametrize("zone", ZONES)
def test_date_tests_pass_under_every_zone(
    matrix: dict[str, Run],
    zone: str,
    trust_figure: Callable[[str, str], None],
) -> None:
    run = matrix[zone]
    assert run.returncode == 0, f"TZ={zone}\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"
    summary = run.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary
    if zone == ZONES[-1]:
        counts = [matrix[z].stdout.strip().splitlines()[-1].split(" passed")[0] for z in ZONES]
        trust_figure(
            "time zones",
            f"{len(ZONES)} zones ({', '.join(ZONES)}): date tests passed in each "
            f"({'/'.join(c.split()[-1] for c in counts)} tests)",
        )


# -- travelling between zones in one process ----------------------------------------------------
@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """``machine_zone("Asia/Kolkata")`` moves this process's local time zone there."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")

    def move(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        probe = datetime(2024, 1, 15, 12)
        if probe.astimezone().utcoffset() != probe.replace(tzinfo=ZoneInfo(zone)).utcoffset():
            pytest.skip(f"the system does not know the zone {zone}")

    yield move
    monkeypatch.undo()
    time.tzset()


def _cli(data: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["--data-dir", str(data), *args])
    return code, out.getvalue(), err.getvalue()


def _add(data: Path, when: str, *more: str) -> dict[str, object]:
    code, out, err = _cli(data, "add", "--when", when, *more)
    assert code == 0, err
    code, listing, err = _cli(data, "list", "--json", "--limit", "0")
    assert code == 0, err
    [moment] = [m for m in json.loads(listing) if m["id"] == out.strip()]
    return dict(moment)


def _week_rows(data: Path, ending: str, week_start: str) -> dict[str, tuple[int, int]]:
    code, out, err = _cli(
        data, "stats", "--weeks", "2", "--ending", ending, "--week-start", week_start
    )
    assert code == 0, err
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[1][:4].isdigit():
            rows[parts[1]] = (int(parts[2]), int(parts[3]))
    return rows


def test_moments_keep_their_local_day_after_travelling(
    tmp_path: Path, machine_zone: Callable[[str], None]
) -> None:
    data = tmp_path / "travel"
    # Saturday night in New York, then Sunday just after midnight in Chatham (+13:45), both
    # the same UTC day as Sunday morning in Lord Howe.
    machine_zone("America/New_York")
    ny = _add(data, "2024-03-09 23:30")
    machine_zone("Pacific/Chatham")
    chatham = _add(data, "2024-03-10 00:15", "--opened")
    machine_zone("Australia/Lord_Howe")
    lord_howe = _add(data, "2024-03-10 09:00")
    assert [m["occurred_at"] for m in (ny, chatham, lord_howe)] == [
        "2024-03-09T23:30:00-05:00",
        "2024-03-10T00:15:00+13:45",
        "2024-03-10T09:00:00+11:00",
    ]
    for home in ("Asia/Kolkata", "UTC", "America/New_York"):
        machine_zone(home)
        # Weeks starting Monday: Saturday 9 March is in the week of the 4th, Sunday in it too.
        assert _week_rows(data, "2024-03-10", "monday") == {
            "2024-02-26": (0, 0),
            "2024-03-04": (2, 1),
        }
        # Weeks starting Sunday: Saturday the 9th ends one week, Sunday the 10th begins the next.
        assert _week_rows(data, "2024-03-10", "sunday") == {
            "2024-03-03": (1, 0),
            "2024-03-10": (1, 1),
        }
        with open_journal(data / "wallwatch.sqlite3") as j:
            days = j.summaries.daily(date(2024, 3, 9), date(2024, 3, 10))
        assert [(d.start, d.withdrew, d.opened) for d in days] == [
            (date(2024, 3, 9), 1, 0),
            (date(2024, 3, 10), 1, 1),
        ]
        code, out, _err = _cli(data, "list")
        assert code == 0
        assert "Sat 2024-03-09 23:30" in out and "Sun 2024-03-10 00:15" in out


@pytest.mark.parametrize(
    ("zone", "typed", "day", "offsets"),
    [
        # Spring forward: these wall-clock times never happened; a real neighbouring time is kept.
        ("America/New_York", "2024-03-10 02:30", date(2024, 3, 10), {-300, -240}),
        ("Europe/London", "2024-03-31 01:30", date(2024, 3, 31), {0, 60}),
        ("Australia/Lord_Howe", "2024-10-06 02:15", date(2024, 10, 6), {630, 660}),
        ("Pacific/Chatham", "2024-09-29 02:50", date(2024, 9, 29), {765, 825}),
        # Fall back: these happened twice; the first (daylight) one is taken.
        ("America/New_York", "2024-11-03 01:30", date(2024, 11, 3), {-240}),
        ("Europe/London", "2024-10-27 01:30", date(2024, 10, 27), {60}),
        ("Australia/Lord_Howe", "2024-04-07 01:45", date(2024, 4, 7), {660}),
    ],
)
def test_times_in_dst_gaps_and_overlaps_are_kept_on_their_day(
    tmp_path: Path,
    machine_zone: Callable[[str], None],
    zone: str,
    typed: str,
    day: date,
    offsets: set[int],
) -> None:
    machine_zone(zone)
    moment = _add(tmp_path / "dst", typed)
    when = datetime.fromisoformat(str(moment["occurred_at"]))
    offset = when.utcoffset()
    assert offset is not None
    assert when.date() == day
    assert int(offset.total_seconds() // 60) in offsets
    # A real instant: the same moment on the zone's own clock.
    assert when.astimezone(ZoneInfo(zone)).utcoffset() == offset
    assert abs(when.replace(tzinfo=None) - datetime.fromisoformat(typed)) <= timedelta(hours=1)


def test_leap_days_count_in_the_right_week_whichever_day_weeks_start(
    tmp_path: Path, machine_zone: Callable[[str], None]
) -> None:
    data = tmp_path / "leap"
    machine_zone("Pacific/Chatham")
    _add(data, "2024-02-29 23:59")  # Thursday
    machine_zone("America/New_York")
    _add(data, "2024-02-29 00:01", "--opened")
    _add(data, "2024-03-02 12:00")  # Saturday
    machine_zone("Asia/Kolkata")
    for start, week in (
        ("monday", "2024-02-26"),
        ("sunday", "2024-02-25"),
        ("thursday", "2024-02-29"),
    ):
        rows = _week_rows(data, "2024-03-02", start)
        assert rows[week] == (2, 1), (start, rows)
    code, _out, err = _cli(data, "add", "--when", "2023-02-29 12:00")
    assert code == 2
    assert "2023-02-29" in err and "Traceback" not in err
    with open_journal(data / "wallwatch.sqlite3") as j:
        [day] = j.summaries.daily(date(2024, 2, 29), date(2024, 2, 29))
    assert (day.withdrew, day.opened) == (1, 1)


def test_now_is_the_machine_zones_now_wherever_it_is(
    tmp_path: Path, machine_zone: Callable[[str], None]
) -> None:
    data = tmp_path / "now"
    for zone in ZONES:
        machine_zone(zone)
        before = datetime.now(ZoneInfo(zone)).replace(microsecond=0)
        code, out, err = _cli(data, "add", "--note", zone)
        assert code == 0, err
        with open_journal(data / "wallwatch.sqlite3") as j:
            moment = j.moments.find(out.strip())
        lived = moment.occurred_at
        assert lived.utcoffset() == before.utcoffset(), zone
        assert before - timedelta(seconds=1) <= lived <= before + timedelta(seconds=5)
        assert lived.date() == datetime.now(ZoneInfo(zone)).date() or lived.date() == before.date()
