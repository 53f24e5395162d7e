"""``backup`` and ``restore``: copies of the journal made now, listed, or put back.

Neither asks anything: ``restore`` always keeps the journal as it was in a backup first and
says where, so a wrong restore is undone by restoring that one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wallwatch.cli.context import data_paths, locked_journal_hint, passphrase_for
from wallwatch.cli.errors import CliError
from wallwatch.cli.format import table
from wallwatch.services import open_journal
from wallwatch.services.backups import (
    MANUAL,
    BackupInfo,
    list_backups,
    newest_good_backup,
    restore_backup,
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="back up the journal now (or list its backups)",
        description=(
            "Copy the journal into its backups folder now (owner-only). WallWatch also backs "
            "up once a day when the journal is opened, and before every import and restore."
        ),
    )
    p.add_argument("--list", action="store_true", help="list the backups, newest first")
    p.set_defaults(handler=run_backup)

    p = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the journal with a backup",
        description=(
            "Replace the journal with FILE, or without FILE with the newest backup that passes "
            "every check. The journal as it is now is backed up first. Close the WallWatch "
            "app before restoring."
        ),
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="a backup file (default: the newest)")
    p.set_defaults(handler=run_restore)


def _moments(n: int | None) -> str:
    if n is None:
        return "unreadable"
    return "1 moment" if n == 1 else f"{n:,} moments"


def _when(info: BackupInfo) -> str:
    return info.created.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def run_backup(args: argparse.Namespace) -> int:
    where = data_paths(args)
    passphrase = passphrase_for(args, where.database)
    if args.list:
        return _list(where.backups, passphrase)
    if not where.database.exists():
        raise CliError(f"there is no journal at {where.database} yet, so nothing was backed up")
    with locked_journal_hint():
        journal = open_journal(
            where.database, backup_dir=where.backups, daily_backup=False, passphrase=passphrase
        )
    with journal:
        info = journal.backups.create(MANUAL)
    print(f"Backed up {_moments(info.moments)} to {info.path}")
    return 0


def _list(folder: Path, passphrase: str | None = None) -> int:
    infos = list_backups(folder, passphrase=passphrase)
    if not infos:
        print(f"No backups yet in {folder}")
        return 0
    rows = [
        [
            _when(i),
            i.title,
            str(i.moments) if i.moments is not None else "—",
            _size(i.size),
            "ok" if i.ok else "DAMAGED",
            i.path.name,
        ]
        for i in infos
    ]
    for line in table(["Made", "Why", "Moments", "Size", "Check", "File"], rows, {2, 3}):
        print(line)
    for info in infos:
        if not info.ok:
            print(info.problem)
    noun = "backup" if len(infos) == 1 else "backups"
    print(f"\n{len(infos)} {noun} in {folder}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    where = data_paths(args)
    passphrase = passphrase_for(args, where.database)
    if args.file:
        source = Path(args.file).expanduser()
    else:
        newest = newest_good_backup(where.backups, passphrase=passphrase)
        if newest is None:
            raise CliError(f"there is no usable backup in {where.backups}; nothing was restored")
        source = newest.path
    with locked_journal_hint():
        result = restore_backup(where.database, where.backups, source, passphrase=passphrase)
    done = result.restored
    print(
        f"Restored {where.database} from the backup made {_when(done)} "
        f"({_moments(done.moments)}): {done.path}"
    )
    if result.safety is not None:
        print(
            f"The journal as it was ({_moments(result.safety.moments)}) was backed up first "
            f"to {result.safety.path}"
        )
    else:
        print("There was no journal file before, so there was nothing else to back up.")
    return 0
