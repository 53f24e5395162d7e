"""``export`` and ``import``: moments to and from CSV through the transfer service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wallwatch.cli.context import open_for
from wallwatch.cli.errors import CliError
from wallwatch.cli.filters import add_filter_options, filter_from_args


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="write moments to a CSV file",
        description="Write moments to CSV (owner-only file). '-' or nothing: standard output.",
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    p.add_argument(
        "--what",
        choices=("moments", "checkins"),
        default="moments",
        help="moments (the default) or weekly check-ins, each in their own CSV",
    )
    add_filter_options(p)
    p.set_defaults(handler=run_export)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="read moments from a CSV file",
        description="Read moments from a WallWatch CSV. Rows with a known id update that moment.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
    p.add_argument("--skip-bad", action="store_true", help="import the good rows, skip bad ones")
    p.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    # Imported here: only these commands need the CSV machinery.
    from wallwatch.services.transfer import TransferError, export_csv

    if getattr(args, "what", "moments") == "checkins":
        from wallwatch.cli.commands_checkin import run_export_checkins

        return run_export_checkins(args)
    with open_for(args) as journal:
        f = filter_from_args(journal, args)
        target = sys.stdout if args.file == "-" else Path(args.file).expanduser()
        try:
            result = export_csv(journal, target, f)
        except TransferError as exc:
            raise CliError(str(exc)) from None
    sys.stdout.flush()
    noun = "moment" if result.rows == 1 else "moments"
    where = result.path or "standard output"
    print(f"Exported {result.rows} {noun} to {where}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from wallwatch.services.transfer import ImportRejected, TransferError, import_csv

    source = "-" if args.file == "-" else Path(args.file).expanduser()
    with open_for(args) as journal:
        try:
            report = import_csv(journal, source, dry_run=args.dry_run, skip_bad=args.skip_bad)
        except ImportRejected as exc:
            raise CliError(_rejection(exc.report)) from None
        except TransferError as exc:
            raise CliError(str(exc)) from None
    for problem in report.skipped:
        print(f"wallwatch: skipped {problem}", file=sys.stderr)
    counts = (
        f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"skipped {report.skipped_rows}"
    )
    if args.dry_run:
        print(f"Dry run, nothing was saved: would have {counts}.")
    else:
        print(counts[0].upper() + counts[1:] + ".")
    return 0


def _rejection(report: Any) -> str:
    """Print every problem on its own line; return the closing sentence."""
    for problem in report.problems:
        print(f"wallwatch: {problem}", file=sys.stderr)
    if report.unreadable:
        return "nothing was imported: the file is not a readable WallWatch CSV"
    n = report.bad_rows
    rows = "1 row has" if n == 1 else f"{n} rows have"
    return (
        f"nothing was imported: {rows} problems "
        "(fix them, or use --skip-bad to import the good rows)"
    )
