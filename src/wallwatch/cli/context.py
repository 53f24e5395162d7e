"""Which journal a command works on: ``--data-dir``, then WALLWATCH_HOME, then the default;
``--demo`` picks the separate demo journal inside that folder.

An encrypted journal's passphrase comes from ``--passphrase-file``, then the WALLWATCH_PASSPHRASE
variable, then a prompt when the command runs in a terminal. It is never taken from the command
line itself, where other users of the machine could read it.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from wallwatch import paths
from wallwatch.cli.errors import CliError
from wallwatch.services import Journal, open_journal
from wallwatch.services.encryption import is_encrypted
from wallwatch.services.errors import JournalLocked, WrongPassphrase

PASSPHRASE_ENV = "WALLWATCH_PASSPHRASE"
HOW_TO_GIVE = (
    f"give its passphrase with --passphrase-file FILE or the {PASSPHRASE_ENV} variable, "
    "or run the command in a terminal to be asked for it"
)


def data_paths(args: argparse.Namespace) -> paths.DataPaths:
    root = paths.resolve(getattr(args, "data_dir", None))
    return root.demo() if getattr(args, "demo", False) else root


def read_passphrase_file(file: str) -> str:
    """The first line of ``file`` (its line ending is not part of the passphrase)."""
    try:
        with Path(file).expanduser().open(encoding="utf-8") as fh:
            line = fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read the passphrase file {file}: {exc}") from None
    if not line:
        raise CliError(f"the passphrase file {file} is empty")
    return line


def given_passphrase(args: argparse.Namespace, prompt: str) -> str | None:
    """The passphrase from ``--passphrase-file``, WALLWATCH_PASSPHRASE or a terminal prompt;
    ``None`` when none was given and there is no terminal to ask at."""
    file = getattr(args, "passphrase_file", None)
    if file:
        return read_passphrase_file(file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt) or None
    return None


def passphrase_for(args: argparse.Namespace, database: Path) -> str | None:
    """The passphrase to open ``database`` with; ``None`` for a journal that is not encrypted."""
    if not is_encrypted(database):
        return None
    return given_passphrase(args, f"Passphrase for {database}: ")


@contextlib.contextmanager
def locked_journal_hint() -> Iterator[None]:
    """Say how to give a passphrase when a journal turns out to be locked."""
    try:
        yield
    except WrongPassphrase:
        raise
    except JournalLocked as exc:
        raise CliError(f"{exc}; {HOW_TO_GIVE}") from None


@contextlib.contextmanager
def open_for(args: argparse.Namespace) -> Iterator[Journal]:
    where = data_paths(args)
    with locked_journal_hint():
        journal = open_journal(
            where.database,
            backup_dir=where.backups,
            passphrase=passphrase_for(args, where.database),
        )
    try:
        if getattr(args, "demo", False) and not journal.is_demo and journal.moments.count() == 0:
            # The demo folder only ever holds demo data; say so in the file from the start.
            journal.mark_as_demo()
        yield journal
    finally:
        journal.close()
