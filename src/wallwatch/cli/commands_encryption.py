"""``encrypt``, ``decrypt`` and ``passphrase``: encryption at rest for the journal and its backups.

Passphrases are read from files, environment variables or a terminal prompt, never from the
command line, and are never printed. Each command re-writes the closed journal (close the app
first) and then every backup WallWatch made of it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from wallwatch.cli.context import (
    PASSPHRASE_ENV,
    data_paths,
    given_passphrase,
    read_passphrase_file,
)
from wallwatch.cli.errors import CliError
from wallwatch.services.encryption import (
    LOST_PASSPHRASE_WARNING,
    EncryptionResult,
    change_passphrase,
    check_new_passphrase,
    decrypt_journal,
    encrypt_journal,
    strength_of,
)
from wallwatch.services.errors import ValidationFailed

NEW_PASSPHRASE_ENV = "WALLWATCH_NEW_PASSPHRASE"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "encrypt",
        parents=[common],
        help="encrypt the journal and its backups with a passphrase",
        description=(
            "Encrypt the journal and every backup WallWatch made of it with a new passphrase, "
            f"read from --passphrase-file, {PASSPHRASE_ENV}, or asked twice in a terminal. "
            f"{LOST_PASSPHRASE_WARNING} Close the WallWatch app first."
        ),
    )
    p.set_defaults(handler=run_encrypt)

    p = sub.add_parser(
        "decrypt",
        parents=[common],
        help="turn encryption off for the journal and its backups",
        description=(
            "Store the journal and its backups unencrypted again. Needs the passphrase "
            f"(--passphrase-file, {PASSPHRASE_ENV}, or asked in a terminal). Close the "
            "WallWatch app first."
        ),
    )
    p.set_defaults(handler=run_decrypt)

    p = sub.add_parser(
        "passphrase",
        parents=[common],
        help="change the passphrase of an encrypted journal",
        description=(
            f"Change the passphrase. The current one comes from --passphrase-file or "
            f"{PASSPHRASE_ENV}, the new one from --new-passphrase-file or {NEW_PASSPHRASE_ENV}; "
            "in a terminal you are asked for what is not given. Backups get the new passphrase "
            "too. Close the WallWatch app first."
        ),
    )
    p.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="read the new passphrase from the first line of FILE",
    )
    p.set_defaults(handler=run_change)


def _new_passphrase(file: str | None, env: str) -> str:
    """A new passphrase: from ``file``, the variable ``env``, or typed twice in a terminal."""
    if file:
        passphrase = read_passphrase_file(file)
    elif os.environ.get(env):
        passphrase = os.environ[env]
    elif sys.stdin is not None and sys.stdin.isatty():
        print(LOST_PASSPHRASE_WARNING, file=sys.stderr)
        passphrase = getpass.getpass("New passphrase: ")
        hint = strength_of(passphrase)
        print(f"Strength: {hint.text}", file=sys.stderr)
        confirm = getpass.getpass("The same passphrase again: ")
        return _checked(passphrase, confirm)
    else:
        raise CliError(f"no passphrase was given; use --passphrase-file FILE or {env}")
    return _checked(passphrase, None)


def _checked(passphrase: str, confirm: str | None) -> str:
    try:
        return check_new_passphrase(passphrase, confirm)
    except ValidationFailed as exc:
        raise CliError(exc.errors[0].message.rstrip(".").lower()) from None


def _current_passphrase(args: argparse.Namespace) -> str:
    passphrase = given_passphrase(args, "Current passphrase: ")
    if passphrase is None:
        raise CliError(f"no passphrase was given; use --passphrase-file FILE or {PASSPHRASE_ENV}")
    return passphrase


def _report(what: str, database: object, result: EncryptionResult) -> None:
    noun = "backup" if result.backups_rewritten == 1 else "backups"
    print(f"{what} {database} and {result.backups_rewritten} {noun}.")
    for path in result.skipped:
        print(f"Left as it was (damaged, or locked with another passphrase): {path}")


def run_encrypt(args: argparse.Namespace) -> int:
    where = data_paths(args)
    passphrase = _new_passphrase(getattr(args, "passphrase_file", None), PASSPHRASE_ENV)
    result = encrypt_journal(where.database, where.backups, passphrase)
    _report("Encrypted", where.database, result)
    print(LOST_PASSPHRASE_WARNING)
    return 0


def run_decrypt(args: argparse.Namespace) -> int:
    where = data_paths(args)
    result = decrypt_journal(where.database, where.backups, _current_passphrase(args))
    _report("Turned encryption off for", where.database, result)
    return 0


def run_change(args: argparse.Namespace) -> int:
    where = data_paths(args)
    old = _current_passphrase(args)
    new = _new_passphrase(args.new_passphrase_file, NEW_PASSPHRASE_ENV)
    result = change_passphrase(where.database, where.backups, old, new)
    _report("Changed the passphrase of", where.database, result)
    return 0
