"""The daily reminder: a system-tray message at the time the person chose.

``next_due`` is pure and compares wall-clock times, so it is tested without waiting on Qt. The
timer never sleeps for more than a minute at a time and re-reads the clock each time it wakes,
because a single long timer drifts across suspend, clock changes and daylight-saving shifts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

REMINDER_TITLE = "WallWatch"
REMINDER_TEXT = "Time for a moment of reflection?"
# Re-read the clock at least this often while waiting.
CHECK_EVERY_MS = 60_000
# A reminder missed by more than this (the computer was asleep) is skipped, not shown late.
LATE_GRACE = timedelta(hours=1)
MESSAGE_MS = 15_000


def parse_time(text: str) -> time:
    """``"20:30"`` -> ``time(20, 30)``; raises ``ValueError`` for anything else."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"{text!r} is not a time like 20:30")
    return time(int(hours), int(minutes))


def next_due(now: datetime, at: str) -> datetime:
    """The first moment after ``now`` whose clock reads ``at`` (today if still ahead, else
    tomorrow). Keeps ``now``'s tzinfo, naive or not."""
    wanted = parse_time(at)
    today = datetime.combine(now.date(), wanted, tzinfo=now.tzinfo)
    if today > now:
        return today
    return datetime.combine(now.date() + timedelta(days=1), wanted, tzinfo=now.tzinfo)


def _local_now() -> datetime:
    # Naive local wall-clock time: what the person means by "remind me at 20:30".
    return datetime.now()


class DailyReminder(QObject):
    """Shows the tray message once a day at the chosen time while started.

    ``sig_reminded`` fires when the message is shown; ``sig_open_requested`` when the person
    clicks the message or the tray icon.
    """

    sig_reminded = Signal()
    sig_open_requested = Signal()

    def __init__(
        self,
        icon: QIcon,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = _local_now,
    ) -> None:
        super().__init__(parent)
        self._icon = icon
        self._clock = clock
        self._at = "20:30"
        self.due: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # A coarse timer may be late by 5% of its interval; a minute's wait would drift seconds.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._on_timeout)
        self.tray: QSystemTrayIcon | None = None

    @staticmethod
    def available() -> bool:
        return bool(QSystemTrayIcon.isSystemTrayAvailable())

    def is_running(self) -> bool:
        return self.due is not None

    def start(self, at: str) -> None:
        """(Re)start reminding daily at ``at`` ("HH:MM")."""
        parse_time(at)
        self._at = at
        if self.tray is None:
            self.tray = QSystemTrayIcon(self._icon, self)
            self.tray.setToolTip(REMINDER_TITLE)
            self.tray.messageClicked.connect(self.sig_open_requested)
            self.tray.activated.connect(self._on_tray_activated)
        self.tray.show()
        self.due = next_due(self._clock(), at)
        self._arm()

    def stop(self) -> None:
        self.timer.stop()
        self.due = None
        if self.tray is not None:
            self.tray.hide()

    def _arm(self) -> None:
        if self.due is None:
            return
        wait = (self.due - self._clock()).total_seconds() * 1000
        self.timer.start(int(min(max(wait, 0), CHECK_EVERY_MS)))

    def _on_timeout(self) -> None:
        if self.due is None:
            return
        now = self._clock()
        if now >= self.due:
            if now - self.due <= LATE_GRACE:
                self._show()
            self.due = next_due(now, self._at)
        self._arm()

    def _show(self) -> None:
        if self.tray is not None:
            self.tray.showMessage(
                REMINDER_TITLE, REMINDER_TEXT, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
            )
        self.sig_reminded.emit()

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.sig_open_requested.emit()
