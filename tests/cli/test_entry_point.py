"""``wallwatch`` / ``python -m wallwatch``: a command runs the CLI, no command opens the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import wallwatch
from wallwatch import __main__ as entry

if TYPE_CHECKING:
    from tests.cli.conftest import Run


@pytest.mark.parametrize(
    ("argv", "cli"),
    [
        ([], False),
        (["--demo"], False),
        (["--data-dir", "list"], False),  # "list" is the folder here, not the command
        (["--data-dir", "d", "--demo"], False),
        (["-platform", "offscreen"], False),  # Qt's own options go to the app
        (["list"], True),
        (["--data-dir", "d", "add", "--opened"], True),
        (["--version"], True),
        (["--help"], True),
        (["-h"], True),
    ],
)
def test_wants_cli(argv: list[str], cli: bool) -> None:
    assert entry.wants_cli(argv) is cli


def test_no_command_starts_the_app_with_the_global_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stands in for wallwatch.app, so this test needs no Qt; it records what main() passed on.
    seen: list[list[str]] = []
    fake_app = types.ModuleType("wallwatch.app")
    fake_app.main = lambda argv: seen.append(list(argv)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wallwatch.app", fake_app)
    assert entry.main(["--data-dir", "/somewhere", "--demo"]) == 0
    assert seen == [["--data-dir", "/somewhere", "--demo"]]


def test_a_command_does_not_start_the_app(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_app = types.ModuleType("wallwatch.app")
    fake_app.main = lambda argv: pytest.fail("the app was started")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wallwatch.app", fake_app)
    assert entry.main(["people"]) == 0


def test_version(run: Run) -> None:
    r = run("--version")
    assert r.code == 0
    assert r.out.strip() == f"wallwatch {wallwatch.__version__}"


def test_help_lists_the_commands(run: Run) -> None:
    r = run("--help")
    assert r.code == 0
    for command in ("add", "list", "edit", "delete", "export", "import", "stats", "chart",
                    "people", "tags", "demo"):  # fmt: skip
        assert command in r.out


def test_unknown_command_is_a_usage_error(run: Run) -> None:
    run("frobnicate").assert_one_line_error(2)


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "PYTHONUTF8": "1"},
    )


def test_module_entry_point_add_then_list_json(tmp_path: Path) -> None:
    data = tmp_path / "sub"
    added = _python(
        "-m", "wallwatch", "--data-dir", str(data), "add", "--opened", "--person", "Sam",
        "--connection", "8", "--note", "Said it out loud", "--when", "2024-05-01T20:00",
        cwd=tmp_path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = _python("-m", "wallwatch", "--data-dir", str(data), "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    [moment] = json.loads(listed.stdout)
    assert moment["id"] == added.stdout.strip()
    assert (moment["direction"], moment["person"], moment["connection"]) == ("opened", "Sam", 8)
    assert moment["note"] == "Said it out loud"
    assert moment["occurred_at"].startswith("2024-05-01T20:00:00")


def test_module_entry_point_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    r = _python("-m", "wallwatch", "--data-dir", str(tmp_path), "add", "--resentment", "-1",
                cwd=tmp_path)  # fmt: skip
    assert r.returncode == 2
    assert r.stderr.startswith("wallwatch: ") and r.stderr.count("\n") == 1
    assert "Traceback" not in r.stderr


def test_entry_module_imports_no_heavy_libraries(tmp_path: Path) -> None:
    probe = (
        "import sys, wallwatch.__main__; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'matplotlib', 'PySide6', 'alembic', 'appdirs'}))"
    )
    r = _python("-c", probe, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
