"""Backups of a journal: made daily on open, before every import, migration and restore, and on
request; rotated so the folder stays small; restored safely.

Files are named ``wallwatch-<UTC time>-<reason>.sqlite3`` so they sort by time and say why they
were made (the store's older ``before-migrate-<revision>-<time>.sqlite3`` is read too).

Rotation (after every new backup):

* **daily** backups: the newest one of each local day is kept for the newest ``keep_daily`` days
  that have one (days without a backup do not count). Of the older ones, the newest of each
  week (Monday to Sunday) is kept for the newest ``keep_weekly`` weeks that hold no kept daily
  backup. Everything else of reason daily goes.
* backups made **on request** or **before** an import, a restore or a migration: the newest
  :data:`EVENT_KEEP` of each reason are kept.
* files in the folder that WallWatch did not name are never touched.

A restore works on a closed journal (see :func:`restore_backup`): the caller closes its
:class:`~wallwatch.services.journal.Journal`, restores, then opens the journal again.

The backups of an encrypted journal are encrypted with its passphrase (``passphrase`` below);
they are read with it too.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.settings import BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY
from wallwatch.services.settings import SettingsService
from wallwatch.store import backup_files
from wallwatch.store.database import Database, DatabaseError

DAILY = "daily"
MANUAL = "manual"
BEFORE_IMPORT = "before-import"
BEFORE_RESTORE = "before-restore"
BEFORE_MIGRATE = "before-migrate"
# A file given to restore that WallWatch did not name.
OTHER = "file"
REASON_TITLES = {
    DAILY: "Daily",
    MANUAL: "Made by you",
    BEFORE_IMPORT: "Before an import",
    BEFORE_RESTORE: "Before a restore",
    BEFORE_MIGRATE: "Before an upgrade",
    OTHER: "Other file",
}
EVENT_REASONS = (MANUAL, BEFORE_IMPORT, BEFORE_RESTORE, BEFORE_MIGRATE)
EVENT_KEEP = 5

_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^wallwatch-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-(?P<n>\d+))?\.sqlite3$"
)
_MIGRATE_NAME = re.compile(r"^before-migrate-(?P<rev>.+)-(?P<stamp>\d{8}T\d{6}Z)\.sqlite3$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file. ``created`` is in UTC; ``moments`` is ``None`` when it cannot be read."""

    path: Path
    created: datetime
    reason: str
    moments: int | None
    size: int
    ok: bool
    problem: str = ""

    @property
    def title(self) -> str:
        return REASON_TITLES.get(self.reason, self.reason)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: BackupInfo
    # The journal as it was just before; None when there was no journal file to keep.
    safety: BackupInfo | None


@dataclass(frozen=True, slots=True)
class _Entry:
    path: Path
    created: datetime
    reason: str
    seq: int = 0
    # Breaks ties between backups made within the same second.
    mtime_ns: int = 0


# -- names --------------------------------------------------------------------------------------
def backup_name(reason: str, created: datetime, seq: int = 0) -> str:
    stamp = created.astimezone(UTC).strftime(_STAMP)
    return f"wallwatch-{stamp}-{reason}{f'-{seq}' if seq else ''}.sqlite3"


def _parse(path: Path) -> _Entry | None:
    match = _NAME.match(path.name)
    if match:
        n = match.group("n")
        entry = _Entry(path, _stamp(match.group("stamp")), match.group("reason"), int(n or 0))
    elif match := _MIGRATE_NAME.match(path.name):
        entry = _Entry(path, _stamp(match.group("stamp")), BEFORE_MIGRATE)
    else:
        return None
    try:
        return replace(entry, mtime_ns=path.stat().st_mtime_ns)
    except OSError:
        return entry


def _stamp(text: str) -> datetime:
    return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)


def _scan(folder: Path) -> list[_Entry]:
    """The backups in ``folder``, newest first, from their names alone (nothing is opened)."""
    try:
        found = [e for p in folder.iterdir() if p.is_file() and (e := _parse(p)) is not None]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise DatabaseError(f"WallWatch cannot read the backup folder {folder}: {exc}.") from exc
    return sorted(found, key=lambda e: (e.created, e.seq, e.mtime_ns), reverse=True)


def _free_path(folder: Path, reason: str, created: datetime) -> Path:
    seq = 0
    while (path := folder / backup_name(reason, created, seq)).exists():
        seq += 1
    return path


def _info(entry: _Entry, *, thorough: bool, passphrase: str | None = None) -> BackupInfo:
    check = backup_files.inspect(entry.path, thorough=thorough, key=passphrase)
    try:
        size = entry.path.stat().st_size
    except OSError:
        size = 0
    return BackupInfo(
        entry.path, entry.created, entry.reason, check.moments, size, check.ok, check.problem
    )


# -- the folder ---------------------------------------------------------------------------------
def create_backup(
    database: Path,
    folder: Path,
    reason: str,
    *,
    now: datetime | None = None,
    passphrase: str | None = None,
) -> BackupInfo:
    """Copy the journal at ``database`` (open or not) into ``folder`` now (encrypted with the
    journal's ``passphrase`` when it has one)."""
    if reason not in REASON_TITLES or reason == OTHER:
        raise ValueError(f"{reason!r} is not a reason for a backup")
    if not database.is_file():
        raise DatabaseError(f"There is no journal at {database}, so nothing was backed up.")
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = _free_path(folder, reason, created)
    backup_files.online_copy(database, target, key=passphrase)
    return _info(_Entry(target, created, reason), thorough=False, passphrase=passphrase)


def list_backups(
    folder: Path, *, thorough: bool = True, passphrase: str | None = None
) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first, each checked (``thorough``: every page read)."""
    return [_info(e, thorough=thorough, passphrase=passphrase) for e in _scan(folder)]


def backup_paths(folder: Path) -> list[Path]:
    """The files in ``folder`` that WallWatch named as backups, newest first (none is opened)."""
    return [e.path for e in _scan(folder)]


def newest_good_backup(folder: Path, *, passphrase: str | None = None) -> BackupInfo | None:
    """The newest backup that passes every check, or ``None``; damaged ones are skipped."""
    for entry in _scan(folder):
        info = _info(entry, thorough=True, passphrase=passphrase)
        if info.ok:
            return info
    return None


def daily_due(folder: Path, now: datetime) -> bool:
    """No daily backup yet on ``now``'s local day (or later, should the clock have gone back)."""
    today = now.date()
    return not any(
        e.reason == DAILY and e.created.astimezone(now.tzinfo).date() >= today
        for e in _scan(folder)
    )


def _keep_newest_per(
    entries: Iterable[_Entry], key: Callable[[_Entry], date], limit: int
) -> list[_Entry]:
    """The newest entry of each of the newest ``limit`` groups (entries come newest first)."""
    kept: dict[date, _Entry] = {}
    for entry in entries:
        group = key(entry)
        if group not in kept:
            if len(kept) >= limit:
                break
            kept[group] = entry
    return list(kept.values())


def rotate_backups(
    folder: Path, keep_daily: int, keep_weekly: int, *, now: datetime | None = None
) -> list[Path]:
    """Delete the backups the rotation rules (module docstring) do not keep; return them.

    Local days and weeks are counted in ``now``'s time zone (this machine's by default).
    """
    tz = (now or now_local()).tzinfo
    entries = _scan(folder)

    def day(e: _Entry) -> date:
        return e.created.astimezone(tz).date()

    def week(e: _Entry) -> date:
        return week_start(day(e))

    dailies = [e for e in entries if e.reason == DAILY]
    keep = _keep_newest_per(dailies, day, max(keep_daily, 0))
    covered = {week(e) for e in keep}
    oldest_covered = min(covered) if covered else None
    older = [e for e in dailies if oldest_covered is None or week(e) < oldest_covered]
    keep += _keep_newest_per(older, week, max(keep_weekly, 0))
    for reason in EVENT_REASONS:
        keep += [e for e in entries if e.reason == reason][:EVENT_KEEP]
    kept = {e.path for e in keep}
    removed = []
    for entry in entries:
        if entry.path not in kept and entry.reason in (DAILY, *EVENT_REASONS):
            _delete(entry.path)
            removed.append(entry.path)
    return removed


def _prune_events(folder: Path, reason: str, spare: Path) -> None:
    for entry in [e for e in _scan(folder) if e.reason == reason][EVENT_KEEP:]:
        if entry.path != spare:
            _delete(entry.path)


def _delete(path: Path) -> None:
    for file in (path, *backup_files.side_files(path)):
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"WallWatch could not remove the old backup {file}: {exc}."
            ) from exc


# -- restore ------------------------------------------------------------------------------------
def restore_backup(
    database: Path,
    folder: Path,
    backup_file: Path,
    *,
    now: datetime | None = None,
    passphrase: str | None = None,
) -> RestoreResult:
    """Replace the (closed) journal at ``database`` with ``backup_file``.

    The backup is checked first: a damaged, foreign, empty or newer file is refused with a
    :class:`DatabaseError` naming the problem, and nothing changes. The current journal is then
    copied into ``folder`` (reason ``before-restore``) and replaced in one rename. Refused too
    while the journal is open anywhere, this program included. With the journal's
    ``passphrase``, an encrypted backup is read with it and the restored journal (and the copy
    made before) are encrypted with it.
    """
    database, backup_file = Path(database).absolute(), Path(backup_file).absolute()
    if backup_file.exists() and database.exists() and backup_file.samefile(database):
        raise DatabaseError(f"{backup_file} is the journal itself; choose one of its backups.")
    try:
        check = backup_files.examine(backup_file, key=passphrase)
    except DatabaseError as exc:
        raise type(exc)(f"Nothing was restored: {exc}") from exc
    entry = _parse(backup_file) or _Entry(
        backup_file, datetime.fromtimestamp(backup_file.stat().st_mtime, UTC), OTHER
    )
    restored = BackupInfo(
        backup_file,
        entry.created,
        entry.reason,
        check.moments,
        backup_file.stat().st_size,
        True,
    )
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    safety_path = _free_path(folder, BEFORE_RESTORE, created)
    made = backup_files.replace_database(database, backup_file, safety_path, key=passphrase)
    safety_entry = _Entry(safety_path, created, BEFORE_RESTORE)
    safety = _info(safety_entry, thorough=False, passphrase=passphrase) if made else None
    _prune_events(folder, BEFORE_RESTORE, spare=backup_file)  # not the one just restored
    return RestoreResult(restored, safety)


# -- per journal --------------------------------------------------------------------------------
class BackupService:
    """The backups of one open journal, kept in ``folder``."""

    def __init__(
        self,
        db: Database,
        folder: Path,
        settings: SettingsService,
        count_moments: Callable[[], int],
    ) -> None:
        self._db = db
        self.folder = Path(folder)
        self._settings = settings
        self._count_moments = count_moments
        # Why the last automatic backup failed (it never stops the journal from opening).
        self.last_problem = ""

    @property
    def database(self) -> Path:
        return self._db.path

    def create(self, reason: str = MANUAL, *, now: datetime | None = None) -> BackupInfo:
        """Back up now, then rotate (a failed rotation is noted, the backup still counts)."""
        info = create_backup(self.database, self.folder, reason, now=now, passphrase=self._db.key)
        try:
            self.rotate(now=now)
        except DatabaseError as exc:
            self.last_problem = str(exc)
        return info

    def daily_if_due(self, now: datetime | None = None) -> BackupInfo | None:
        """The day's backup, if there is none yet today and the journal holds any moment."""
        now = now or now_local()
        if not daily_due(self.folder, now) or self._count_moments() == 0:
            return None
        return self.create(DAILY, now=now)

    def rotate(
        self,
        keep_daily: int | None = None,
        keep_weekly: int | None = None,
        *,
        now: datetime | None = None,
    ) -> builtins.list[Path]:
        """Rotate with the given limits, or the journal's settings."""
        if keep_daily is None:
            keep_daily = int(self._settings.get(BACKUP_KEEP_DAILY))
        if keep_weekly is None:
            keep_weekly = int(self._settings.get(BACKUP_KEEP_WEEKLY))
        return rotate_backups(self.folder, keep_daily, keep_weekly, now=now)

    def newest_good(self) -> BackupInfo | None:
        return newest_good_backup(self.folder, passphrase=self._db.key)

    def list(self, *, thorough: bool = True) -> builtins.list[BackupInfo]:
        return list_backups(self.folder, thorough=thorough, passphrase=self._db.key)

    def restore(self, backup_file: Path, *, now: datetime | None = None) -> RestoreResult:
        """Close the journal, then restore ``backup_file`` over it (see :func:`restore_backup`);
        the caller opens the journal again."""
        passphrase = self._db.key
        self._db.close()
        return restore_backup(
            self.database, self.folder, backup_file, now=now, passphrase=passphrase
        )


__all__ = [
    "BEFORE_IMPORT",
    "BEFORE_MIGRATE",
    "BEFORE_RESTORE",
    "DAILY",
    "EVENT_KEEP",
    "MANUAL",
    "REASON_TITLES",
    "BackupInfo",
    "BackupService",
    "RestoreResult",
    "backup_name",
    "backup_paths",
    "create_backup",
    "daily_due",
    "list_backups",
    "newest_good_backup",
    "restore_backup",
    "rotate_backups",
]
