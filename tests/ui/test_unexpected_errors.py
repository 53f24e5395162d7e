"""An exception escaping a slot is told to the person, and fails a probe run instead of hanging."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from wallwatch import app
from wallwatch.ui.main_window import MainWindow


def _raise() -> tuple[type[BaseException], BaseException, object]:
    try:
        raise ValueError("the chart had no weeks")
    except ValueError as exc:
        return type(exc), exc, exc.__traceback__


def test_an_unexpected_error_is_shown_in_words(
    qtbot: QtBot, view_state: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text))
    )
    app._unexpected_error_hook(window, "")(*_raise())  # type: ignore[arg-type]
    assert shown and shown[0][0] == "WallWatch met an unexpected problem"
    assert "ValueError: the chart had no weeks" in shown[0][1]
    assert "Everything you saved before is safe" in shown[0][1]


def test_a_probe_run_ends_with_a_failure_line(
    qtbot: QtBot,
    view_state: QSettings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    exits: list[int] = []
    monkeypatch.setattr(app.QApplication, "exit", lambda code=0: exits.append(code))
    app._unexpected_error_hook(window, "1")(*_raise())  # type: ignore[arg-type]
    out = capsys.readouterr()
    assert "probe error ValueError" in out.out
    assert "the chart had no weeks" in out.err
    assert exits == [1]
