"""Privacy on disk: folders WallWatch makes are 0700, files it writes are 0600.

Everything runs under umask 000, so nothing passes thanks to a careful default: each mode
comes from WallWatch itself.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import open_journal

DRIVER = r"""
import sys
from wallwatch.cli import main

data, other, out = sys.argv[1:4]
commands = [
    ["add", "--person", "Sam", "--fear", "being left", "--note", "private words"],
    ["add", "--opened", "--loneliness", "3"],
    ["list"],
    ["stats"],
    ["export", f"{out}/moments.csv"],
    ["chart", "weekly", "--out", f"{out}/weekly.png"],
    ["chart", "weekly", "--out", f"{out}/weekly.svg"],
    ["backup"],
    ["--demo", "demo", "--days", "14"],
    ["people", "list"],
]
for args in commands:
    code = main(["--data-dir", data, *args])
    print(f"ran {args[0]} -> {code}", file=sys.stderr)
    assert code == 0, args
assert main(["--data-dir", other, "import", f"{out}/moments.csv"]) == 0
print("driver done")
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _loose(root: Path) -> list[str]:
    """Everything under ``root`` (and root) that others could read or enter."""
    found = []
    for path in [root, *root.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        if _mode(path) != expected:
            found.append(f"{oct(_mode(path))} {path.relative_to(root.parent)}")
    return found


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=env,
        preexec_fn=lambda: os.umask(0),  # the most careless setting a person might have
    )


def test_every_file_the_cli_writes_is_owner_only_even_under_umask_000(
    tmp_path: Path, trust_figure: Callable[[str, str], None]
) -> None:
    data, other, out = tmp_path / "data", tmp_path / "other", tmp_path / "out"
    out.mkdir()
    result = _run([sys.executable, "-c", DRIVER, str(data), str(other), str(out)])
    assert result.returncode == 0, result.stderr
    assert "driver done" in result.stdout

    # The journal, its WAL files, backups, the demo journal: all inside the data folder.
    assert (data / "wallwatch.sqlite3").exists()
    assert list((data / "backups").iterdir()), "the backup command wrote nothing"
    assert (data / "demo" / "wallwatch.sqlite3").exists()
    assert _loose(data) == []
    assert _loose(other) == []
    # Exports and charts go where the person asks; the folder is theirs, the files are private.
    written = [out / "moments.csv", out / "weekly.png", out / "weekly.svg"]
    assert {p.name: oct(_mode(p)) for p in written} == {p.name: "0o600" for p in written}
    with open_journal(other / "wallwatch.sqlite3") as j:
        assert [m.note for m in j.moments.query() if m.note] == ["private words"]
    files = sum(1 for root in (data, other) for p in root.rglob("*") if p.is_file())
    trust_figure(
        "permissions (CLI)",
        f"{files} files in 2 data folders + {len(written)} exports/charts, umask 000: "
        "all folders 0700, all files 0600",
    )


def test_the_app_keeps_its_data_and_view_state_owner_only_under_umask_000(
    tmp_path: Path, _private_home: Path
) -> None:
    env = {**os.environ, "WALLWATCH_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"}
    result = _run([sys.executable, "-m", "wallwatch.app"], env)
    assert result.returncode == 0, result.stderr
    assert "probe interactive" in result.stdout
    data = _private_home
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "WallWatch"
    assert (data / "wallwatch.sqlite3").exists()
    assert (config / "ui-state.ini").exists()
    assert _loose(data) == []
    assert _loose(config) == []


def test_opening_a_journal_tightens_loose_modes_left_from_before(tmp_path: Path) -> None:
    data = tmp_path / "loose"
    database = data / "wallwatch.sqlite3"
    with open_journal(database) as j:
        j.moments.record(MomentDraft(datetime.now(UTC), Direction.OPENED, note="kept"))
    # As another program, a copy or an older version might have left them.
    data.chmod(0o755)
    database.chmod(0o644)
    sides = [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")]
    for side in sides:
        side.touch()
        side.chmod(0o644)
    with open_journal(database) as j:
        assert {p.name: oct(_mode(p)) for p in (data, database, *sides)} == {
            p.name: ("0o700" if p == data else "0o600") for p in (data, database, *sides)
        }
        assert [m.note for m in j.moments.query()] == ["kept"]
