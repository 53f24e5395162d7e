"""``patterns``: insight sentences, then each section with its counts; --json and --verbose."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.charts.patterns_text import REVIEW_TITLE, TITLES, format_p, method_text
from wallwatch.domain.patterns import DateRange, InsufficientData, PatternReport
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run

END = date(2025, 11, 30)
UNTIL = END.isoformat()


@pytest.fixture
def demo_db(run: Run, home: Path) -> Path:
    r = run("demo", "--days", "120", "--end", UNTIL)
    assert r.code == 0, r.err
    return home / "demo" / "wallwatch.sqlite3"


def service_report(db: Path, weeks: int = 8) -> PatternReport:
    with open_journal(db) as journal:
        return journal.patterns.report(DateRange.weeks_ending(END, weeks))


def test_insights_come_first_then_every_section(run: Run, demo_db: Path) -> None:
    r = run("--demo", "patterns", "--until", UNTIL)
    assert r.code == 0, r.err
    report = service_report(demo_db)
    assert report.insights
    lines = r.out.splitlines()
    assert lines[0] == "Patterns for 6 Oct – 30 Nov 2025 (56 days, " + (
        f"{report.fears.withdrawals + report.fears.openings} moments)."
    )
    words = lines.index("In words")
    for n, insight in enumerate(report.insights, start=1):
        assert lines[words + n] == f"  {n}. {insight.text}"
    titles = [TITLES[k] for k in ("fears", "fear_behaviour", "people", "when", "paradox", "cost")]
    positions = [lines.index(t) for t in [*titles, "Day by day", REVIEW_TITLE]]
    assert positions == sorted(positions) and positions[0] > words
    fears = lines[positions[0] + 1 : positions[1]]
    for f in report.fears.fears:
        row = next(line.split() for line in fears if line.strip().startswith(f.name + " "))
        assert str(f.withdrew) in row and str(f.opened) == row[-1]
    assert "seed" not in r.out  # the test's method is for --verbose


def test_verbose_adds_p_values_days_and_the_method(run: Run, demo_db: Path) -> None:
    r = run("--demo", "patterns", "--until", UNTIL, "--verbose")
    assert r.code == 0, r.err
    report = service_report(demo_db)
    tested = [c for c in (*report.cost.same_day, *report.cost.next_day) if c.test is not None]
    assert tested
    for c in tested:
        assert c.test is not None
        assert f"{format_p(c.test.p_value)}, n = {c.test.units_a} + {c.test.units_b} days" in r.out
        assert method_text(c.test) in r.out
    assert "permutation test" in r.out


def test_json_holds_every_number(run: Run, demo_db: Path) -> None:
    r = run("--demo", "patterns", "--until", UNTIL, "--weeks", "12", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    report = service_report(demo_db, weeks=12)
    assert data["span"] == {"first": report.span.first.isoformat(), "last": UNTIL}
    pairs = report.fear_behaviour
    assert not isinstance(pairs, InsufficientData)
    assert data["fear_behaviour"]["counts"] == [list(row) for row in pairs.counts]
    assert data["when"]["withdrawals"]["cells"] == [list(r) for r in report.when.withdrawals.cells]  # type: ignore[union-attr]
    assert [i["text"] for i in data["insights"]] == [i.text for i in report.insights]
    assert len(data["calendar"]["days"]) == 84
    assert data["weekly_review"]["first"] == (END - timedelta(days=13)).isoformat()


def test_too_little_data_is_a_sentence(run: Run) -> None:
    for day in ("2024-03-04", "2024-03-05", "2024-03-06"):
        assert run("add", "--when", f"{day}T20:00", "--fear", "past hurt").code == 0
    r = run("patterns", "--since", "2024-03-01", "--until", "2024-03-14")
    assert r.code == 0, r.err
    assert "Not enough data yet — 3 of the 5 withdrawals needed." in r.out
    assert "No pattern stands out yet." in r.out
    assert r.out.splitlines()[0] == "Patterns for 1 – 14 Mar 2024 (14 days, 3 moments)."
    data = json.loads(
        run("patterns", "--since", "2024-03-01", "--until", "2024-03-14", "--json").out
    )
    assert data["fear_behaviour"] == {
        "not_enough_data": True,
        "needed": 5,
        "have": 0,
        "unit": "moments with a fear and a behaviour",
        "message": "Not enough data yet — 0 of the 5 moments with a fear and a behaviour needed",
    }


def test_weeks_end_on_until(run: Run) -> None:
    r = run("patterns", "--weeks", "4", "--until", "2024-03-31")
    assert r.code == 0, r.err
    assert r.out.splitlines()[0] == "Patterns for 4 – 31 Mar 2024 (28 days, 0 moments)."


@pytest.mark.parametrize(
    "argv",
    [
        ("patterns", "--since", "2024-03-01", "--weeks", "2"),
        ("patterns", "--since", "2024-03-10", "--until", "2024-03-01"),
        ("patterns", "--weeks", "0"),
    ],
)
def test_a_wrong_span_is_one_line(run: Run, argv: tuple[str, ...]) -> None:
    run(*argv).assert_one_line_error(2)


def test_the_command_does_not_load_matplotlib(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from wallwatch.cli import main
        assert main(["--data-dir", sys.argv[1], "patterns"]) == 0
        assert "matplotlib" not in sys.modules
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"HOME": str(tmp_path), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
