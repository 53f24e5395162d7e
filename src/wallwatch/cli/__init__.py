"""The ``wallwatch`` command line: record, list, summarise and move moments without the app.

Every failure becomes one line on stderr ("wallwatch: …") and an exit code: 2 for a wrong
command line, 1 for a problem with the data or files. A traceback is never shown.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from wallwatch.cli.errors import EXIT_DATA, CliError

INTERRUPTED = 130


def _say(message: str) -> None:
    print(f"wallwatch: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    from wallwatch.cli.parser import build_parser
    from wallwatch.private_files import PrivateFileError
    from wallwatch.services.errors import JournalError, NameTaken, NotFound, ValidationFailed

    args = sys.argv[1:] if argv is None else argv
    try:
        ns = build_parser().parse_args(args)
        handler: Callable[[argparse.Namespace], int] = ns.handler
        return handler(ns)
    except SystemExit as exc:  # --help and --version end here
        return exc.code if isinstance(exc.code, int) else 0
    except CliError as exc:
        _say(str(exc))
        return exc.exit_code
    except ValidationFailed as exc:
        for error in exc.errors:
            _say(str(error))
        return EXIT_DATA
    except (JournalError, NotFound, NameTaken, PrivateFileError) as exc:
        _say(_sentence(exc))
        return EXIT_DATA
    except BrokenPipeError:
        # The reader went away (e.g. ``wallwatch list | head``); that is not an error.
        _silence_stdout()
        return 0
    except OSError as exc:
        from wallwatch.private_files import describe_os_error

        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"{where}{describe_os_error(exc)}")
        return EXIT_DATA
    except ValueError as exc:
        _say(_sentence(exc))
        return EXIT_DATA
    except KeyboardInterrupt:
        _say("interrupted")
        return INTERRUPTED


def _sentence(exc: BaseException) -> str:
    return str(exc) or f"unexpected problem ({type(exc).__name__})"


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


__all__ = ["main"]
