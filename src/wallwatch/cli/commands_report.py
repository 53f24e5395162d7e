"""``report``: a PDF of one range of days to take to a therapist (owner-only file).

Notes and "what I wish I had done" stay out unless ``--include-notes`` is given; ``--initials``
replaces every person's name, in the tables, the charts and any free text.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path
from typing import Any

from wallwatch.cli.commands_patterns import chosen_span
from wallwatch.cli.context import open_for
from wallwatch.cli.errors import CliError, UsageError
from wallwatch.cli.options import arg, parse_count, parse_day
from wallwatch.domain.patterns import DEFAULT_WEEKS


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "report",
        parents=[common],
        help="a PDF report of a range of days, e.g. for a therapist",
        description=(
            "Write a PDF report: a summary, the weekly and Patterns charts, and a table of "
            f"moments. By default the last {DEFAULT_WEEKS} weeks ending today. Notes and "
            "'what I wish I had done' are left out unless --include-notes is given."
        ),
    )
    span = p.add_mutually_exclusive_group()
    span.add_argument(
        "--since", type=arg(parse_day), metavar="DATE", help="the first day (up to --until)"
    )
    span.add_argument(
        "--weeks",
        type=arg(parse_count),
        metavar="N",
        help=f"the N weeks ending --until (default {DEFAULT_WEEKS})",
    )
    p.add_argument(
        "--until", type=arg(parse_day), metavar="DATE", help="the last day (default today)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="a .pdf file")
    p.add_argument(
        "--include-notes",
        action="store_true",
        help="include notes and 'what I wish I had done' (left out by default)",
    )
    p.add_argument(
        "--initials", action="store_true", help="show people by their initials, not their names"
    )
    p.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    out: Path = args.out.expanduser()
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out must end in .pdf, not {out.name!r}")
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name ending in .pdf")
    if not out.parent.is_dir():
        raise CliError(f"the folder {out.parent} does not exist")
    span = chosen_span(args)
    # Imported here: matplotlib is slow to load and only this command and the charts need it.
    from wallwatch.charts.patterns_text import span_text
    from wallwatch.charts.report import write_report
    from wallwatch.services.report_data import ReportOptions, gather_report

    options = ReportOptions(span, include_notes=args.include_notes, initials=args.initials)
    with open_for(args) as journal:
        data = gather_report(journal, options)
    with warnings.catch_warnings():
        # A letter no installed font has is drawn as a placeholder box; one warning per letter
        # on the terminal would bury the one line that matters.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        result = write_report(data, out)
    pages = "1 page" if result.pages == 1 else f"{result.pages} pages"
    print(f"Wrote {result.path} ({pages}, {span_text(span)})")
    return 0
