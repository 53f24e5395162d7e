"""``export`` and ``import`` through the command line, checked in files and journals."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def _fill(run: Run) -> None:
    for argv in (
        ("--when", "2024-03-01T10:00", "--person", "Sam", "--loneliness", "6", "--note", "a"),
        ("--when", "2024-03-05T10:00", "--person", "Maya", "--opened", "--note", "b, with comma"),
        ("--when", "2024-03-09T10:00", "--person", "Sam", "--fear", "past hurt", "--note", "c"),
    ):
        assert run("add", *argv).code == 0


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_export_to_a_file_is_private_and_complete(run: Run, tmp_path: Path) -> None:
    _fill(run)
    target = tmp_path / "out" / "moments.csv"
    target.parent.mkdir()
    r = run("export", str(target))
    assert r.code == 0, r.err
    assert str(target) in r.err and "3 moments" in r.err
    assert r.out == ""
    assert target.stat().st_mode & 0o777 == 0o600
    rows = _csv_rows(target.read_text(encoding="utf-8"))
    assert [row["note"] for row in rows] == ["a", "b, with comma", "c"]


def test_export_dash_writes_csv_to_stdout_with_filters(run: Run) -> None:
    _fill(run)
    r = run("export", "-", "--person", "sam", "--since", "2024-03-02")
    assert r.code == 0, r.err
    rows = _csv_rows(r.out)
    assert [(row["person"], row["note"]) for row in rows] == [("Sam", "c")]
    assert "1 moment " in r.err + " "


def test_export_unknown_person_is_one_line(run: Run) -> None:
    _fill(run)
    run("export", "-", "--person", "Zed").assert_one_line_error(1)


def test_export_into_a_missing_folder_is_one_line(run: Run, tmp_path: Path) -> None:
    r = run("export", str(tmp_path / "no" / "such" / "x.csv"))
    r.assert_one_line_error(1)
    assert not (tmp_path / "no").exists()


def test_import_round_trip_then_unchanged(run: Run, tmp_path: Path) -> None:
    _fill(run)
    exported = tmp_path / "m.csv"
    assert run("export", str(exported)).code == 0
    other = tmp_path / "other"
    dry = run("--data-dir", str(other), "import", str(exported), "--dry-run")
    assert dry.code == 0, dry.err
    assert "would have added 3" in dry.out and "nothing was saved" in dry.out
    with open_journal(other / "wallwatch.sqlite3") as j:
        assert j.moments.count() == 0
    first = run("--data-dir", str(other), "import", str(exported))
    assert first.code == 0, first.err
    assert "Added 3, updated 0, unchanged 0, skipped 0." in first.out
    second = run("--data-dir", str(other), "import", str(exported))
    assert "Added 0, updated 0, unchanged 3, skipped 0." in second.out
    with open_journal(other / "wallwatch.sqlite3") as j:
        assert sorted(m.note for m in j.moments.query()) == ["a", "b, with comma", "c"]


def _broken_copy(run: Run, tmp_path: Path) -> Path:
    _fill(run)
    good = tmp_path / "good.csv"
    assert run("export", str(good)).code == 0
    rows = _csv_rows(good.read_text(encoding="utf-8"))
    rows[1]["loneliness"] = "12"  # line 3 of the file
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return bad


def test_import_rejection_lists_each_problem_and_saves_nothing(run: Run, tmp_path: Path) -> None:
    bad = _broken_copy(run, tmp_path)
    other = tmp_path / "other"
    r = run("--data-dir", str(other), "import", str(bad))
    assert r.code == 1
    lines = r.err.splitlines()
    assert lines[0].startswith("wallwatch: line 3, loneliness:")
    assert lines[-1].startswith("wallwatch: nothing was imported")
    assert "Traceback" not in r.err
    with open_journal(other / "wallwatch.sqlite3") as j:
        assert j.moments.count() == 0


def test_import_skip_bad_imports_the_rest(run: Run, tmp_path: Path) -> None:
    bad = _broken_copy(run, tmp_path)
    other = tmp_path / "other"
    r = run("--data-dir", str(other), "import", str(bad), "--skip-bad")
    assert r.code == 0, r.err
    assert "Added 2, updated 0, unchanged 0, skipped 1." in r.out
    assert "line 3" in r.err
    with open_journal(other / "wallwatch.sqlite3") as j:
        assert sorted(m.note for m in j.moments.query()) == ["a", "c"]


def test_import_missing_file_is_one_line(run: Run, tmp_path: Path) -> None:
    r = run("import", str(tmp_path / "nope.csv"))
    r.assert_one_line_error(1)
    assert "nope.csv" in r.err


def test_import_not_a_csv_of_ours(run: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_text("name,age\nx,1\n", encoding="utf-8")
    r = run("import", str(junk))
    assert r.code == 1
    assert r.err.splitlines()[-1].startswith("wallwatch: nothing was imported")
