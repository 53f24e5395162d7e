"""One WallWatch window per data folder: a lock file says who is first, a local socket lets a
second launch ask the first to come forward.

Two windows on one journal would each keep their own undo history and views of the same rows;
bringing the open one forward is what a person who launched it twice expects. The demo journal
lives inside the same data folder, so it counts as the same instance.
"""

from __future__ import annotations

import contextlib
import enum
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLockFile, QObject, Signal

from wallwatch.private_files import PrivateFileError, ensure_private_dir

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

# QtNetwork and hashlib load only when a socket is made: after the first window has painted for
# the first instance, at once for a later launch (which shows no window).

LOCK_NAME = ".wallwatch.lock"
RAISE_REQUEST = b"raise\n"
CONNECT_TIMEOUT_MS = 1500
# A Unix socket path must fit in about 104 bytes; longer ones fall back to Qt's temp folder.
_MAX_SOCKET_PATH = 100


class Outcome(enum.Enum):
    FIRST = "first"  # this process holds the lock: go on and open the window
    FORWARDED = "forwarded"  # another WallWatch has it and was asked to come forward
    ALREADY_OPEN = "already-open"  # another WallWatch has it but could not be reached


ALREADY_OPEN_FORWARDED = "WallWatch is already open; bringing it forward."
ALREADY_OPEN_SILENT = (
    "WallWatch is already open for this data folder, but it did not answer; "
    "switch to its window, or close it and start WallWatch again."
)


def server_name(data_root: Path) -> str:
    """Per user and per data folder, without revealing the folder: only a hash of it is used.

    In the private runtime folder when there is one, so other users cannot squat on the name.
    """
    import hashlib

    who = f"{os.getuid() if hasattr(os, 'getuid') else os.environ.get('USERNAME', '')}"
    digest = hashlib.sha256(f"{who}\0{Path(data_root).absolute()}".encode()).hexdigest()[:24]
    name = f"wallwatch-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_dir():
        full = str(Path(runtime) / name)
        if len(full.encode()) <= _MAX_SOCKET_PATH:
            return full
    return name


class SingleInstance(QObject):
    """Holds the data folder's lock for as long as it lives; ``release()`` on the way out.

    ``sig_raise_requested`` fires (on the GUI thread) when a later launch asks for the window.
    """

    sig_raise_requested = Signal()

    def __init__(self, data_root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_root = Path(data_root)
        self.lock_path = self.data_root / LOCK_NAME
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        return server_name(self.data_root)

    def acquire(self, *, listen: bool = True) -> Outcome:
        """Take the lock, or hand over to the WallWatch that has it.

        ``listen=False`` leaves answering later launches to :meth:`listen`, which the app calls
        once its window has painted (a launch in between keeps trying for a moment).

        When the folder cannot hold a lock at all (read-only, missing parent), WallWatch still
        starts: the journal page then explains the folder problem in words.
        """
        try:
            ensure_private_dir(self.data_root)
        except PrivateFileError:
            return Outcome.FIRST
        lock = QLockFile(str(self.lock_path))
        # 0: never treat a live holder's lock as stale by age (the app may stay open for days).
        # A lock left by a killed process is still noticed, by its process id.
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            self._lock = lock
            with contextlib.suppress(OSError):
                self.lock_path.chmod(0o600)
            if listen:
                self.listen()
            return Outcome.FIRST
        if lock.error() != QLockFile.LockError.LockFailedError:
            return Outcome.FIRST  # no lock possible here (permissions): do not block start-up
        return Outcome.FORWARDED if self._ask_first_to_raise() else Outcome.ALREADY_OPEN

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    # -- the first instance ------------------------------------------------------------------
    def listen(self) -> None:
        """Answer later launches (needs the lock; does nothing twice)."""
        if self._lock is None or self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A socket left by a crashed WallWatch: we hold the lock, so it is not in use.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                server.deleteLater()
                return
        server.newConnection.connect(self._on_new_connection)
        self._server = server

    def _on_new_connection(self) -> None:
        # Read the one-line request right here (the caller writes it as soon as it connects),
        # so no socket outlives this slot with callbacks into an object that may be gone.
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            request = b""
            if socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_TIMEOUT_MS):
                request = bytes(socket.readAll().data())
            wanted = request.strip() == RAISE_REQUEST.strip()
            if wanted:
                socket.write(QByteArray(b"ok\n"))
                socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
            socket.disconnectFromServer()
            socket.deleteLater()
            if wanted:
                self.sig_raise_requested.emit()

    # -- a later launch ----------------------------------------------------------------------
    def _ask_first_to_raise(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        # The first WallWatch starts answering just after its window paints: keep trying for a
        # moment in case this launch came in between.
        deadline = time.monotonic() + CONNECT_TIMEOUT_MS / 1000
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(CONNECT_TIMEOUT_MS):
                break
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        socket.write(QByteArray(RAISE_REQUEST))
        sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        answered = sent and socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
        reply = bytes(socket.readAll().data()) if answered else b""
        socket.disconnectFromServer()
        return reply.startswith(b"ok")
