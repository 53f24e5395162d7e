"""``chart weekly`` headless, and a whole session: demo, stats, chart, export."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run

END = "2024-06-30"


@pytest.fixture
def demo_dir(run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "demo-session"
    r = run("--data-dir", str(folder), "demo", "--days", "70", "--seed", "4", "--end", END)
    assert r.code == 0, r.err
    return folder


def test_chart_weekly_png_is_written_owner_only(run: Run, demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "weekly.png"
    r = run("--data-dir", str(demo_dir), "chart", "weekly", "--weeks", "6", "--ending", END,
            "--out", str(out))  # fmt: skip
    assert r.code == 0, r.err
    assert str(out) in r.err
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert out.stat().st_mode & 0o777 == 0o600


def test_chart_weekly_svg_dark(run: Run, demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "weekly.svg"
    r = run("--data-dir", str(demo_dir), "chart", "weekly", "--ending", END, "--dark",
            "--out", str(out))  # fmt: skip
    assert r.code == 0, r.err
    assert "<svg" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600


def test_chart_errors_are_one_line(run: Run, tmp_path: Path) -> None:
    run("chart", "weekly", "--out", str(tmp_path / "w.jpg")).assert_one_line_error(2)
    run("chart", "weekly").assert_one_line_error(2)
    r = run("chart", "weekly", "--out", str(tmp_path / "missing" / "w.png"))
    r.assert_one_line_error(1)
    assert not (tmp_path / "missing").exists()


def test_demo_then_stats_chart_and_export(run: Run, demo_dir: Path, tmp_path: Path) -> None:
    base = ("--data-dir", str(demo_dir))
    stats = run(*base, "stats", "--weeks", "4", "--ending", END)
    assert stats.code == 0, stats.err
    with open_journal(demo_dir / "wallwatch.sqlite3") as j:
        assert j.is_demo
        series = j.summaries.weekly(4, ending=date.fromisoformat(END))
        total = j.moments.count()
    table = [line.split() for line in stats.out.splitlines() if line.startswith("Mon ")]
    assert [row[1] for row in table] == [p.start.isoformat() for p in series.weeks]
    assert [(int(r[2]), int(r[3])) for r in table] == [(p.withdrew, p.opened) for p in series.weeks]
    assert sum(p.total for p in series.weeks) > 0

    chart = tmp_path / "w.png"
    assert (
        run(*base, "chart", "weekly", "--weeks", "4", "--ending", END, "--out", str(chart)).code
        == 0
    )
    assert chart.stat().st_size > 1000

    exported = tmp_path / "all.csv"
    r = run(*base, "export", str(exported))
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == total
    assert f"{total} moments" in r.err


def test_chart_weekly_draws_the_checkins(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    out = tmp_path / "weekly.svg"
    args = ("--data-dir", str(folder), "chart", "weekly", "--weeks", "4", "--ending", END,
            "--out", str(out))  # fmt: skip
    assert run(*args).code == 0
    assert "Check-in loneliness (UCLA-3, 3–9)" not in out.read_text(encoding="utf-8")
    with open_journal(folder / "wallwatch.sqlite3") as j:
        j.checkins.record(date.fromisoformat(END), CheckinAnswers(2, 3, 1))
    r = run(*args)
    assert r.code == 0, r.err
    assert "Check-in loneliness (UCLA-3, 3–9)" in out.read_text(encoding="utf-8")
