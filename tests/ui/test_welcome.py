"""The first-run welcome, the demo banner and the fading "Saved" confirmation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from wallwatch.ui.theme import apply_theme, is_dark
from wallwatch.ui.welcome import DISCLAIMER, DemoBanner, SavedBanner, WelcomePanel


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


def shown_text(panel: WelcomePanel) -> str:
    return " ".join(label.text() for label in panel.findChildren(QLabel))


def test_welcome_explains_a_moment_gives_an_example_and_one_plain_disclaimer(
    qtbot: QtBot,
) -> None:
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    text = shown_text(panel)
    assert "withdrew" in text and "opened up" in text
    assert "For example" in text
    assert text.count("diagnosis") == 1
    assert DISCLAIMER == "WallWatch is a self-reflection aid, not a diagnosis or treatment."
    assert DISCLAIMER in text


def test_welcome_buttons_work_from_the_keyboard(qtbot: QtBot) -> None:
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.setFocus()
    assert panel.log_button.hasFocus()
    with qtbot.waitSignal(panel.sig_log_first, timeout=1000):
        qtbot.keyClick(panel.log_button, Qt.Key.Key_Return)
    panel.demo_button.setFocus()
    with qtbot.waitSignal(panel.sig_explore_demo, timeout=1000):
        qtbot.keyClick(panel.demo_button, Qt.Key.Key_Space)


def test_demo_banner_offers_the_way_back_and_follows_the_theme(
    qtbot: QtBot, qapp: QApplication, restore_theme: None
) -> None:
    apply_theme(qapp, "light")
    banner = DemoBanner()
    qtbot.addWidget(banner)
    assert banner.text.text() == "You are exploring sample data — nothing here is yours"
    assert not is_dark(banner.palette())
    apply_theme(qapp, "dark")
    qtbot.waitUntil(lambda: is_dark(banner.palette()))
    window, text = (
        banner.palette().color(r)
        for r in (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText)
    )
    assert text.lightness() - window.lightness() > 100  # still readable
    with qtbot.waitSignal(banner.sig_return, timeout=1000):
        qtbot.keyClick(banner.return_button, Qt.Key.Key_Space)


def test_saved_banner_fades_away_and_can_hide_its_undo(qtbot: QtBot) -> None:
    banner = SavedBanner()
    qtbot.addWidget(banner)
    banner.SHOW_MS = 30
    banner.show_text("Saved — withdrew, Sam, 14:05", undo=True)
    assert banner.isVisible() and banner.undo_button.isVisible()
    assert banner.label.text() == "Saved — withdrew, Sam, 14:05"
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    banner.show_text("Undone — that moment was removed.", undo=False)
    assert banner.isVisible() and not banner.undo_button.isVisible()
    banner.stop()
