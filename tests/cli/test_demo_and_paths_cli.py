"""Which journal a command uses (--data-dir, WALLWATCH_HOME, --demo) and the ``demo`` command."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run

END = "2024-06-30"


def _count(db: Path) -> int:
    with open_journal(db) as j:
        return j.moments.count()


def _written(out: str) -> int:
    match = re.search(r"Wrote (\d+) demo moments", out)
    assert match, out
    return int(match.group(1))


def test_wallwatch_home_is_used_without_data_dir(run: Run, real_db: Path) -> None:
    assert run("add").code == 0
    assert _count(real_db) == 1


def test_data_dir_beats_wallwatch_home(run: Run, real_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    assert run("--data-dir", str(other), "add").code == 0
    assert run("add", "--data-dir", str(other)).code == 0  # also accepted after the command
    assert _count(other / "wallwatch.sqlite3") == 2
    assert not real_db.exists()


def test_the_journal_folder_and_file_are_private(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "private"
    assert run("--data-dir", str(folder), "add").code == 0
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "wallwatch.sqlite3").stat().st_mode & 0o777 == 0o600


def test_demo_writes_only_the_demo_journal(run: Run, home: Path, real_db: Path) -> None:
    r = run("demo", "--days", "30", "--seed", "3", "--end", END)
    assert r.code == 0, r.err
    demo_db = home / "demo" / "wallwatch.sqlite3"
    assert str(demo_db) in r.out
    assert not real_db.exists()
    with open_journal(demo_db) as j:
        assert j.is_demo
        assert j.moments.count() == _written(r.out) > 0
        assert 4 <= len(j.people.all()) <= 6


def test_demo_leaves_an_existing_real_journal_alone(run: Run, home: Path, real_db: Path) -> None:
    assert run("add", "--note", "mine").code == 0
    before = real_db.read_bytes()
    assert run("demo", "--days", "20", "--end", END).code == 0
    assert real_db.read_bytes() == before
    with open_journal(real_db) as j:
        assert not j.is_demo
        assert [m.note for m in j.moments.query()] == ["mine"]


def test_global_demo_flag_reads_the_demo_journal(run: Run) -> None:
    made = _written(run("demo", "--days", "20", "--end", END).out)
    listed = run("--demo", "list", "--json")
    assert listed.code == 0
    assert listed.out.count('"id"') == made
    assert run("list", "--json").out.strip() == "[]"


def test_running_demo_again_replaces_the_earlier_history(run: Run, home: Path) -> None:
    first = _written(run("demo", "--days", "40", "--seed", "1", "--end", END).out)
    again = run("demo", "--days", "40", "--seed", "1", "--end", END)
    assert again.code == 0
    assert "replace" in again.out
    assert _count(home / "demo" / "wallwatch.sqlite3") == first == _written(again.out)


def test_demo_into_an_explicit_empty_folder(run: Run, tmp_path: Path, real_db: Path) -> None:
    folder = tmp_path / "try"
    r = run("--data-dir", str(folder), "demo", "--days", "15", "--end", END)
    assert r.code == 0, r.err
    with open_journal(folder / "wallwatch.sqlite3") as j:
        assert j.is_demo
        assert j.moments.count() == _written(r.out)
    assert not real_db.exists()


def test_demo_refuses_a_journal_with_real_moments(run: Run, real_db: Path, home: Path) -> None:
    assert run("add", "--note", "real").code == 0
    r = run("--data-dir", str(home), "demo", "--days", "15", "--end", END)
    r.assert_one_line_error(1)
    assert "real" in r.err
    with open_journal(real_db) as j:
        assert not j.is_demo
        assert [m.note for m in j.moments.query()] == ["real"]


def test_demo_with_data_dir_and_demo_uses_that_folders_demo_journal(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "f"
    r = run("--data-dir", str(folder), "--demo", "demo", "--days", "10", "--end", END)
    assert r.code == 0, r.err
    assert _count(folder / "demo" / "wallwatch.sqlite3") == _written(r.out)
    assert not (folder / "wallwatch.sqlite3").exists()


@pytest.mark.parametrize("days", ["0", "-3", "many"])
def test_demo_bad_days_is_usage_error(run: Run, days: str) -> None:
    run("demo", "--days", days).assert_one_line_error(2)


def test_a_damaged_journal_is_one_line_exit_1(run: Run, real_db: Path) -> None:
    real_db.parent.mkdir(parents=True, exist_ok=True)
    real_db.write_bytes(b"this is not a database at all" * 10)
    r = run("list")
    r.assert_one_line_error(1)
    assert str(real_db) in r.err
