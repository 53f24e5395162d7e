"""``steps``: list with progress and streaks, add, done, undo, edit, pause/resume/archive, show."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.steps import StepStatus
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def _row(out: str, start: str) -> list[str]:
    return next(line for line in out.splitlines() if line.startswith(start)).split()


def test_steps_add_and_list_show_this_weeks_progress(run: Run, real_db: Path) -> None:
    empty = run("steps")
    assert empty.code == 0 and "No steps yet" in empty.out
    r = run(
        "steps", "add", "Tell Sam one thing", "--person", "Sam", "--fear", "shame", "--target", "2"
    )
    assert r.code == 0, r.err
    assert "#1" in r.out and "2 a week" in r.out
    assert "'Sam' is a new person" in r.err and "'shame' is a new fear" in r.err
    assert run("steps", "add", "Stay five more minutes").code == 0
    assert run("steps", "done", "1").code == 0
    listing = run("steps")
    assert listing.code == 0
    row = _row(listing.out, "#1")
    assert "1/2" in row and "Sam" in row and "shame" in row
    assert "0/1" in _row(listing.out, "#2")
    assert run("steps", "list").out == listing.out
    with open_journal(real_db) as j:
        [a, b] = j.steps.all()
        assert (a.person, a.fear, a.target_per_week) == ("Sam", "shame", 2)
        assert [t.day for t in j.steps.ticks(a.id)] == [now_local().date()]
        assert j.steps.ticks(b.id) == []


def test_steps_done_on_a_date_and_by_words_builds_a_streak(run: Run, real_db: Path) -> None:
    assert run("steps", "add", "Call Maya").code == 0
    last_week = week_start(now_local().date()) - timedelta(days=7)
    for weeks_ago in (1, 2):
        day = last_week - timedelta(days=7 * (weeks_ago - 1))
        r = run("steps", "done", "call", "--date", day.isoformat())
        assert r.code == 0, r.err
        assert day.isoformat() in r.out and "1/1" in r.out
    row = _row(run("steps").out, "#1")
    assert row[-2:] == ["2", "weeks"]
    shown = run("steps", "show", "1")
    assert shown.code == 0, shown.err
    assert "Streak: 2 weeks" in shown.out
    assert "Weeks met: 2 of 2" in shown.out
    assert "do not show that the step caused" in shown.out
    assert "needed" in shown.out  # below the minimum sample, no numbers are stated


def test_steps_undo_removes_one_tick(run: Run, real_db: Path) -> None:
    assert run("steps", "add", "Call Maya").code == 0
    assert run("steps", "done", "1").code == 0
    assert run("steps", "done", "1").code == 0
    assert run("steps", "undo", "1").code == 0
    with open_journal(real_db) as j:
        assert len(j.steps.ticks(1)) == 1
    assert run("steps", "undo", "1").code == 0
    r = run("steps", "undo", "1")
    r.assert_one_line_error(1)
    assert "no tick" in r.err


def test_steps_edit_changes_fields_and_keeps_ticks(run: Run, real_db: Path) -> None:
    assert run("steps", "add", "Call Maya", "--person", "Maya", "--fear", "shame").code == 0
    assert run("steps", "done", "1").code == 0
    r = run("steps", "edit", "1", "--text", "Call Maya on Sunday", "--no-fear", "--target", "3")
    assert r.code == 0, r.err
    with open_journal(real_db) as j:
        [step] = j.steps.all()
        assert (step.text, step.person, step.fear, step.target_per_week) == (
            "Call Maya on Sunday",
            "Maya",
            None,
            3,
        )
        assert len(j.steps.ticks(step.id)) == 1
    run("steps", "edit", "1").assert_one_line_error(2)
    run("steps", "edit", "1", "--fear", "x", "--no-fear").assert_one_line_error(2)


def test_steps_pause_resume_archive(run: Run, real_db: Path) -> None:
    assert run("steps", "add", "Call Maya").code == 0
    assert "paused" in run("steps", "pause", "1").out
    r = run("steps", "done", "1")
    r.assert_one_line_error(1)
    assert "paused" in r.err
    assert "paused" in _row(run("steps").out, "#1")
    assert run("steps", "archive", "1").code == 0
    assert "#1" not in run("steps").out
    assert "archived" in _row(run("steps", "--all").out, "#1")
    assert run("steps", "resume", "call").code == 0
    with open_journal(real_db) as j:
        assert j.steps.get(1).status is StepStatus.ACTIVE


def test_steps_bad_input_is_one_line(run: Run) -> None:
    run("steps", "add", "x", "--target", "0").assert_one_line_error(2)
    r = run("steps", "add", "   ")
    r.assert_one_line_error(1)
    assert "text" in r.err
    run("steps", "done", "7").assert_one_line_error(1)
    assert run("steps", "add", "Call Maya").code == 0
    assert run("steps", "add", "Call Sam").code == 0
    r = run("steps", "done", "call")
    r.assert_one_line_error(1)
    assert "more than one" in r.err
    tomorrow = (now_local().date() + timedelta(days=1)).isoformat()
    r = run("steps", "done", "1", "--date", tomorrow)
    r.assert_one_line_error(1)
    assert "future" in r.err
    run("steps", "done", "1", "--date", "someday").assert_one_line_error(2)
