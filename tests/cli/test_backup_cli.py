"""``wallwatch backup`` / ``backup --list`` / ``restore [FILE]``: what they print and store."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def _notes(db: Path) -> list[str]:
    with open_journal(db, daily_backup=False) as j:
        return sorted(m.note for m in j.moments.query())


def _backups(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("wallwatch-*.sqlite3"))


def test_backup_without_a_journal_says_so(run: Run, home: Path) -> None:
    run("backup").assert_one_line_error(1)
    assert not (home / "wallwatch.sqlite3").exists()


def test_backup_makes_a_copy_and_prints_where_and_how_many(
    run: Run, home: Path, real_db: Path
) -> None:
    for note in ("one", "two"):
        assert run("add", "--opened", "--note", note).code == 0
    made_on_open = _backups(home)  # the day's automatic backup, when the second add opened it
    r = run("backup")
    assert r.code == 0, r.err
    [new] = [p for p in _backups(home) if p not in made_on_open]
    assert r.out == f"Backed up 2 moments to {new}\n"
    assert new.name.endswith("-manual.sqlite3")
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE(real_db.stat().st_mode) == 0o600
    assert _notes(new) == ["one", "two"]


def test_the_first_opening_of_a_day_makes_the_daily_backup(run: Run, home: Path) -> None:
    run("add", "--opened", "--note", "first")  # the journal was empty when this opened
    assert _backups(home) == []
    run("list")
    run("list")
    [daily] = _backups(home)
    assert daily.name.endswith("-daily.sqlite3")


def test_backup_list_shows_dates_reasons_counts_and_damage(run: Run, home: Path) -> None:
    assert run("list", "--limit", "1").code == 0
    assert run("backup", "--list").out == f"No backups yet in {home / 'backups'}\n"
    run("add", "--opened", "--note", "a")
    run("backup")
    run("add", "--withdrew", "--note", "b")
    run("backup")
    broken = home / "backups" / "wallwatch-20200101T000000Z-manual.sqlite3"
    broken.write_text("half a file")
    r = run("backup", "--list")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["Made", "Why", "Moments", "Size", "Check", "File"]
    rows = [line for line in lines[1:] if line.strip().endswith(".sqlite3")]
    assert len(rows) == len(_backups(home))
    assert "Made by you" in rows[0] and " 2 " in rows[0] and " ok " in rows[0]
    assert "DAMAGED" in rows[-1] and "2020-01-01" in rows[-1] and rows[-1].endswith(broken.name)
    assert f"{broken} is not a WallWatch journal" in r.out
    assert lines[-1] == f"{len(rows)} backups in {home / 'backups'}"


def test_restore_without_a_file_takes_the_newest_good_backup(
    run: Run, home: Path, real_db: Path
) -> None:
    run("add", "--opened", "--note", "kept")
    run("backup")
    run("add", "--opened", "--note", "later")
    newest = _backups(home)[-1]
    newest.write_bytes(newest.read_bytes()[:3000])  # damaged: skipped
    for extra in ("x", "y"):
        run("add", "--opened", "--note", extra)
    r = run("restore")
    assert r.code == 0, r.err
    assert _notes(real_db) == ["kept"]
    lines = r.out.splitlines()
    assert lines[0].startswith(f"Restored {real_db} from the backup made ")
    assert "(1 moment)" in lines[0]
    [safety] = [p for p in _backups(home) if p.name.endswith("-before-restore.sqlite3")]
    assert lines[1] == f"The journal as it was (4 moments) was backed up first to {safety}"
    assert _notes(safety) == ["kept", "later", "x", "y"]


def test_restore_of_a_named_file_and_refusals(run: Run, home: Path, real_db: Path) -> None:
    run("add", "--opened", "--note", "old")
    run("backup")
    [backup] = _backups(home)
    run("add", "--opened", "--note", "new")
    foreign = home / "photos.sqlite3"
    foreign.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = real_db.read_bytes()
    refused = run("restore", str(foreign))
    refused.assert_one_line_error(1)
    assert refused.err.startswith("wallwatch: Nothing was restored: ")
    assert real_db.read_bytes() == before
    run("restore", str(home / "nowhere.sqlite3")).assert_one_line_error(1)
    r = run("restore", str(backup))
    assert r.code == 0, r.err
    assert _notes(real_db) == ["old"]


def test_restore_with_no_usable_backup_says_so(run: Run, home: Path) -> None:
    r = run("restore")
    r.assert_one_line_error(1)
    assert "no usable backup" in r.err


def test_the_demo_journal_has_its_own_backups(run: Run, home: Path) -> None:
    run("demo", "--days", "3")
    r = run("--demo", "backup")
    assert r.code == 0, r.err
    assert str(home / "demo" / "backups") in r.out
    assert _backups(home) == []


def test_backup_and_restore_in_a_real_process(tmp_path: Path) -> None:
    data = tmp_path / "data"

    def wallwatch(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wallwatch", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONUTF8": "1"},
        )

    assert wallwatch("add", "--opened", "--note", "kept").returncode == 0
    made = wallwatch("backup")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Backed up 1 moment to ")
    assert wallwatch("add", "--withdrew", "--note", "dropped").returncode == 0
    restored = wallwatch("restore")
    assert restored.returncode == 0, restored.stderr
    assert "was backed up first to" in restored.stdout
    assert _notes(data / "wallwatch.sqlite3") == ["kept"]
