"""Run slow work off the GUI thread; results and errors come back to the GUI thread by signal.

One small helper for all long work (export, import, demo generation, big aggregations). The pool
has a single thread so journal access from the background is serialised, as in Anki. Never touch
a widget from ``func``: it runs on the worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class CancelToken:
    """Checked by long work between steps; set from the GUI thread by a Cancel button."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def is_cancelled(self) -> bool:
        return self._event.is_set()


class _Signals(QObject):
    sig_done = Signal(object)
    sig_failed = Signal(object)
    sig_progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, func: Callable[..., Any], signals: _Signals, kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._func = func
        self._signals = signals
        self._kwargs = kwargs

    def run(self) -> None:
        try:
            result = self._func(**self._kwargs)
        except BaseException as exc:
            self._signals.sig_failed.emit(exc)
        else:
            self._signals.sig_done.emit(result)


class _Relay(QObject):
    """Lives on the GUI thread, so queued signals from the worker call back there."""

    def __init__(
        self,
        runner: TaskRunner,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress

    @Slot(object)
    def _on_done_signal(self, value: object) -> None:
        self._runner._finished(self)
        self._on_done(value)

    @Slot(object)
    def _on_failed_signal(self, exc: object) -> None:
        self._runner._finished(self)
        assert isinstance(exc, BaseException)
        self._on_error(exc)

    @Slot(int, int)
    def _on_progress_signal(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


class TaskRunner(QObject):
    """Starts tasks on a one-thread pool and keeps their relays alive until they end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._live: set[_Relay] = set()

    def run(
        self,
        func: Callable[..., Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
        with_progress: bool = False,
        **kwargs: Any,
    ) -> None:
        """Call ``func(**kwargs)`` in the background.

        With ``with_progress`` the function also receives ``progress(done, total)``, safe to call
        from the worker: it reaches ``on_progress`` on the GUI thread.
        """
        relay = _Relay(self, on_done, on_error, on_progress)
        signals = _Signals(relay)
        signals.sig_done.connect(relay._on_done_signal)
        signals.sig_failed.connect(relay._on_failed_signal)
        signals.sig_progress.connect(relay._on_progress_signal)
        self._live.add(relay)
        if with_progress:
            kwargs["progress"] = signals.sig_progress.emit
        self._pool.start(_Task(func, signals, kwargs))

    def _finished(self, relay: _Relay) -> None:
        self._live.discard(relay)
        relay.deleteLater()

    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work has finished (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))
