"""The layering rules hold: import-linter's contracts, and appdirs only in paths.py."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "wallwatch"


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.fail(f"lint-imports is not installed next to {sys.executable}")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken." in result.stdout, result.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_appdirs_is_imported_only_in_paths() -> None:
    users = sorted(
        str(p.relative_to(SOURCE))
        for p in SOURCE.rglob("*.py")
        if "appdirs" in _imported_modules(p)
    )
    assert users == ["paths.py"]


def test_sqlalchemy_and_qt_stay_in_their_layers() -> None:
    """A quick check of the same rules by reading the source (lint-imports is the full one)."""
    for path in SOURCE.rglob("*.py"):
        rel = path.relative_to(SOURCE)
        top = rel.parts[0]
        imported = _imported_modules(path)
        if top != "store":
            assert not imported & {"sqlalchemy", "alembic"}, rel
        if top not in ("ui", "app.py"):
            assert "PySide6" not in imported, rel
