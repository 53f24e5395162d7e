"""``stats`` (a weekly table) and ``chart weekly`` (the same weeks as a PNG or SVG file)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from wallwatch.cli.context import open_for
from wallwatch.cli.errors import UsageError
from wallwatch.cli.format import rating_cell, table
from wallwatch.cli.options import arg, parse_count, parse_day, parse_weekday
from wallwatch.domain.calendar import WEEKDAY_NAMES
from wallwatch.domain.settings import WEEK_START
from wallwatch.domain.summary import RATING_NAMES
from wallwatch.private_files import FILE_MODE
from wallwatch.services import Journal
from wallwatch.services.summaries import WeeklySeries

DEFAULT_WEEKS = 8
CHART_SUFFIXES = (".png", ".svg")


def _week_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--weeks",
        type=arg(parse_count),
        default=DEFAULT_WEEKS,
        metavar="N",
        help=f"how many weeks (default {DEFAULT_WEEKS})",
    )
    p.add_argument(
        "--week-start",
        type=arg(parse_weekday),
        metavar="DAY",
        help="first day of a week (default: the journal's setting)",
    )
    p.add_argument(
        "--ending",
        type=arg(parse_day),
        metavar="DATE",
        help="the last week shown is the one containing this date (default today)",
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="a weekly table of moments and ratings")
    _week_options(p)
    p.set_defaults(handler=run_stats)

    p = sub.add_parser("chart", parents=[common], help="draw a chart into an image file")
    kinds = p.add_subparsers(dest="chart", metavar="CHART", required=True)
    w = kinds.add_parser(
        "weekly",
        help="withdrew/opened per week, ratings and last week's fears",
        description="Draw the weekly chart headless into a .png or .svg file (owner-only).",
    )
    _week_options(w)
    w.add_argument("--out", required=True, type=Path, metavar="FILE", help="a .png or .svg file")
    w.add_argument("--dark", action="store_true", help="dark colours")
    w.set_defaults(handler=run_chart_weekly)


def _weekly(journal: Journal, args: argparse.Namespace) -> WeeklySeries:
    start_day = args.week_start
    if start_day is None:
        start_day = journal.settings.get(WEEK_START)
    return journal.summaries.weekly(args.weeks, ending=args.ending, week_start_day=start_day)


def run_stats(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        series = _weekly(journal, args)
    headers = ["Week of", "Withdrew", "Opened", *(n.capitalize() for n in RATING_NAMES)]
    rows = [
        [
            f"{p.start:%a %Y-%m-%d}",
            str(p.withdrew),
            str(p.opened),
            *(rating_cell(p.rating(name)) for name in RATING_NAMES),
        ]
        for p in series.weeks
    ]
    total_w = sum(p.withdrew for p in series.weeks)
    total_o = sum(p.opened for p in series.weeks)
    print(
        f"{len(series.weeks)} weeks from {series.first_day} to {series.last_day} "
        f"(weeks start on {WEEKDAY_NAMES[series.week_start_day]})"
    )
    print()
    print("\n".join(table(headers, rows, right={1, 2, 3, 4, 5})))
    print()
    print(f"In all: withdrew {total_w}, opened up {total_o}.")
    return 0


def run_chart_weekly(args: argparse.Namespace) -> int:
    out: Path = args.out.expanduser()
    if out.suffix.lower() not in CHART_SUFFIXES:
        raise UsageError(f"--out must end in .png or .svg, not {out.name!r}")
    # Imported here: matplotlib is slow to load and only charts need it.
    from wallwatch.charts.weekly import save_weekly_chart

    with open_for(args) as journal:
        series = _weekly(journal, args)
        last_week = series.weeks[-1].start
        fears = journal.summaries.fears_in_week(last_week)
        checkins = journal.checkins.series(
            len(series.weeks), ending=last_week, week_start_day=series.week_start_day
        )
    written = save_weekly_chart(series, fears, out, dark=args.dark, checkins=checkins.totals)
    # The chart module writes owner-only already; this keeps the promise whatever it does.
    os.chmod(written, FILE_MODE)
    last_day = last_week + timedelta(days=6)
    print(
        f"Wrote the weekly chart ({series.first_day} to {last_day}) to {written}", file=sys.stderr
    )
    return 0
