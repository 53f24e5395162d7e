"""PySide6's import hook keeps working with the cheaper check, and no longer fills linecache."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

import wallwatch.ui  # noqa: F401  (installs the check)
from wallwatch.ui import pyside_imports


def _feature():  # type: ignore[no-untyped-def]
    return sys.modules[pyside_imports.HOOK_MODULE]


def test_the_check_is_installed_once() -> None:
    assert pyside_imports.install() is True
    hook = getattr(_feature(), pyside_imports.HOOK_NAME)
    assert getattr(hook, "wallwatch_cheap", False)
    assert pyside_imports.install() is True
    assert getattr(_feature(), pyside_imports.HOOK_NAME) is hook  # not wrapped twice


@pytest.mark.parametrize(
    ("module", "uses_pyside"),
    [
        ("json", False),
        ("wallwatch.domain.model", False),
        ("wallwatch.ui.main_window", True),
        ("wallwatch.app", True),
        ("sys", False),  # built in: no file, handed to PySide6's own check
    ],
)
def test_answers_as_pyside_would(module: str, uses_pyside: bool) -> None:
    hook = getattr(_feature(), pyside_imports.HOOK_NAME)
    assert hook(importlib.import_module(module)) is uses_pyside


def test_a_new_import_is_classified_without_caching_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ww_probe_plain.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "ww_probe_qt.py").write_text(
        "from PySide6.QtCore import QObject\nVALUE = 2\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    # An import statement (PySide6 hooks the builtin import, not importlib's functions).
    found: dict[str, object] = {}
    exec("import ww_probe_plain, ww_probe_qt", found)
    plain, qt = found["ww_probe_plain"], found["ww_probe_qt"]
    try:
        decided = _feature().pyside_feature_dict
        assert decided["ww_probe_plain"] == -1  # "ignore": no PySide6 in it
        assert decided["ww_probe_qt"] == 0  # uses PySide6: takes part in feature switching
        assert getattr(plain, "__file__", None) not in linecache.cache
        assert getattr(qt, "__file__", None) not in linecache.cache
    finally:
        sys.modules.pop("ww_probe_plain", None)
        sys.modules.pop("ww_probe_qt", None)
