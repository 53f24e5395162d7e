"""The argument parser: global options, then one sub-command per use case."""

from __future__ import annotations

import argparse
from typing import NoReturn

from wallwatch import __version__
from wallwatch.cli import (
    commands_backup,
    commands_checkin,
    commands_demo,
    commands_encryption,
    commands_moments,
    commands_patterns,
    commands_report,
    commands_selftest,
    commands_stats,
    commands_steps,
    commands_transfer,
    commands_vocab,
)
from wallwatch.cli.errors import UsageError

PROG = "wallwatch"


class Parser(argparse.ArgumentParser):
    """Reports a usage mistake as one line (raised, so ``main`` decides the exit code)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _global_options(p: argparse.ArgumentParser, *, default: object) -> None:
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="the folder holding the journal (default: $WALLWATCH_HOME or your data folder)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        default=default if default is argparse.SUPPRESS else False,
        help="use the separate demo journal",
    )
    p.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=default,
        help="read an encrypted journal's passphrase from the first line of FILE "
        "(or set WALLWATCH_PASSPHRASE; in a terminal you are asked)",
    )


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="WallWatch: notice your emotional walls. With no command, the app opens.",
    )
    _global_options(parser, default=None)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    # The same options after the command name too; SUPPRESS keeps ones given before it.
    common = Parser(add_help=False)
    _global_options(common, default=argparse.SUPPRESS)

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (
        commands_moments,
        commands_transfer,
        commands_stats,
        commands_patterns,
        commands_report,
        commands_vocab,
        commands_demo,
        commands_backup,
        commands_encryption,
        commands_selftest,
        commands_steps,
        commands_checkin,
    ):
        module.register(sub, common)
    return parser
