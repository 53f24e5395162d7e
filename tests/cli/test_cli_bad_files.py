"""The command line meets a journal file it cannot use: one line naming the problem, a non-zero
exit, and the file exactly as it was. Two command lines writing at once both get through."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run

WHEN = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)


def _journal_bytes(tmp_path: Path) -> bytes:
    """A real journal with a few moments, checkpointed into one file."""
    real = tmp_path / "made" / "wallwatch.sqlite3"
    with open_journal(real) as j:
        for i in range(30):
            j.moments.record(MomentDraft(WHEN, Direction.OPENED, note=f"moment {i} " * 20))
    return real.read_bytes()


def _truncated(path: Path, tmp_path: Path) -> None:
    path.write_bytes(_journal_bytes(tmp_path)[:50])


def _cut_after_the_first_page(path: Path, tmp_path: Path) -> None:
    data = _journal_bytes(tmp_path)
    assert len(data) > 8192
    path.write_bytes(data[: 4096 + 100])


def _random_bytes(path: Path, _tmp: Path) -> None:
    path.write_bytes(os.urandom(16_384))


def _text(path: Path, _tmp: Path) -> None:
    path.write_text("Shopping list\n- bread\n- tea\n" * 20, encoding="utf-8")


def _other_programs_sqlite(path: Path, _tmp: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE recipe (name TEXT, minutes INTEGER)")
    raw.execute("INSERT INTO recipe VALUES ('soup', 40)")
    raw.commit()
    raw.close()


def _newer_schema(path: Path, _tmp: Path) -> None:
    with open_journal(path) as j:
        assert j.moments.count() == 0
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '0042'")
    raw.commit()
    raw.close()


Maker = Callable[[Path, Path], None]
# (how the bad file is made, words the one line must contain)
BAD_FILES: dict[str, tuple[Maker, tuple[str, ...]]] = {
    "truncated": (_truncated, ("cut short",)),
    "cut-after-first-page": (_cut_after_the_first_page, ("damaged",)),
    "random-bytes": (_random_bytes, ("not an SQLite database",)),
    "text": (_text, ("not a WallWatch journal",)),
    "another-programs-sqlite": (_other_programs_sqlite, ("another program",)),
    "newer-schema": (_newer_schema, ("newer version", "0042", "update")),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("kind", list(BAD_FILES))
@pytest.mark.parametrize(
    "command", [("list",), ("add", "--withdrew", "--note", "x"), ("stats",)], ids=" ".join
)
def test_a_bad_file_is_one_line_and_left_untouched(
    run: Run, real_db: Path, tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    make, words = BAD_FILES[kind]
    real_db.parent.mkdir(parents=True, exist_ok=True)
    make(real_db, tmp_path)
    before, listing = _digest(real_db), _listing(real_db.parent)

    result = run(*command)

    result.assert_one_line_error(1)
    assert str(real_db) in result.err
    for word in words:
        assert word in result.err, result.err
    assert result.out == ""
    assert _digest(real_db) == before
    assert _listing(real_db.parent) == listing  # no -wal, -shm or backup appeared beside it


def test_a_bad_file_through_a_real_process(real_db: Path, home: Path, tmp_path: Path) -> None:
    """The installed entry point: exit status, one stderr line, nothing on stdout."""
    real_db.parent.mkdir(parents=True, exist_ok=True)
    _random_bytes(real_db, tmp_path)
    before = _digest(real_db)
    result = subprocess.run(
        [sys.executable, "-m", "wallwatch", "--data-dir", str(home), "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("wallwatch: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert _digest(real_db) == before


# -- two command lines at once -----------------------------------------------------------------
WHO = ("Ana", "Ben")
_WRITER = """
import sys, time
from pathlib import Path
from wallwatch.cli import main
data, who, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.001)
for i in range(30):
    # Each call opens the journal, records one moment and closes it: a whole "wallwatch add".
    code = main(["--data-dir", data, "add", "--withdrew", "--person", who, "--note", f"{who} {i}"])
    if code != 0:
        sys.exit(code)
"""


def test_two_command_lines_adding_at_once_both_get_through(tmp_path: Path) -> None:
    data = tmp_path / "shared"  # no journal yet: the two also race to create it
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(data), who, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in WHO
    ]
    go.touch()
    for proc in writers:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        # Only the friendly note about a first-time name; never "busy" or "locked".
        assert set(err.splitlines()) <= {f"wallwatch: note: {w!r} is a new person" for w in WHO}
        assert len(out.split()) == 30  # one new id printed per moment
    with open_journal(data / "wallwatch.sqlite3") as j:
        moments = j.moments.query()
        people = {p.name for p in j.people.all()}
    assert len(moments) == 60
    assert {m.note for m in moments} == {f"{who} {i}" for who in WHO for i in range(30)}
    assert people == set(WHO)
