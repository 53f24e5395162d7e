"""``demo``: a generated history to explore, kept apart from real entries."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from wallwatch.cli.context import data_paths
from wallwatch.cli.errors import CliError
from wallwatch.cli.options import arg, parse_count, parse_day
from wallwatch.services import open_journal
from wallwatch.services.demo import DemoWouldMix, generate_demo


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "demo",
        parents=[common],
        help="fill the separate demo journal with a made-up history",
        description=(
            "Generate a made-up history into the demo journal (open it with 'wallwatch --demo'). "
            "With an explicit --data-dir it goes into that folder's journal instead, which must "
            "not hold real moments. Earlier demo moments are replaced."
        ),
    )
    p.add_argument(
        "--days",
        type=arg(parse_count),
        default=120,
        metavar="N",
        help="how many days of history (default 120)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=7,
        metavar="S",
        help="the same seed gives the same history (default 7)",
    )
    p.add_argument(
        "--end",
        type=arg(parse_day),
        metavar="DATE",
        help="the last day of the history (default today)",
    )
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    # Only an explicit --data-dir (without --demo) targets a journal other than the demo one.
    data_dir, demo = getattr(args, "data_dir", None), getattr(args, "demo", False)
    explicit = bool(data_dir) and not demo
    where = data_paths(args)
    if not explicit and not demo:
        where = where.demo()
    with open_journal(where.database, backup_dir=where.backups) as journal:
        replaced = journal.moments.count() if journal.is_demo else 0
        try:
            count = generate_demo(journal, days=args.days, seed=args.seed, end=args.end)
        except DemoWouldMix as exc:
            hint = (
                "" if not explicit else " (leave out --data-dir to use the separate demo journal)"
            )
            raise CliError(f"{exc}{hint}") from None
    print(f"Wrote {count} demo moments over {args.days} days to {where.database}")
    if replaced:
        print(f"(they replace the {replaced} moments of the earlier demo history)")
    if not explicit:
        folder = f" --data-dir {shlex.quote(str(data_dir))}" if data_dir else ""
        print(f"Open it with: wallwatch{folder} --demo")
    return 0
