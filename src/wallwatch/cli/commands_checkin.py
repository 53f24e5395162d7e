"""``checkin``: the weekly UCLA 3-item loneliness check-in; record, list, turn the prompt on/off.

Also the ``export --what checkins`` half of ``export`` (its CSV has its own columns).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wallwatch.cli.context import open_for
from wallwatch.cli.errors import CliError, UsageError
from wallwatch.cli.format import table
from wallwatch.cli.options import arg, parse_day, parse_weekday
from wallwatch.domain.calendar import WEEKDAY_NAMES
from wallwatch.domain.checkin import ANSWER_LABELS, ITEMS, TOTAL_MAX, TOTAL_MIN, CheckinAnswers
from wallwatch.domain.settings import CHECKIN_DAY, CHECKIN_ENABLED

# The item options, in the scale's order, and the words accepted besides 1–3.
ITEM_OPTIONS = ("--companionship", "--left-out", "--isolated")
_WORDS = {"hardly": 1, "hardly-ever": 1, "hardly ever": 1, "some": 2, "sometimes": 2, "often": 3}
_WORDS |= {label.lower(): n for n, label in ANSWER_LABELS.items()}


def parse_answer(text: str) -> int:
    """1 (hardly ever), 2 (some of the time) or 3 (often), as a number or in words."""
    value = text.strip().lower()
    if value in ("1", "2", "3"):
        return int(value)
    if value in _WORDS:
        return _WORDS[value]
    raise ValueError(
        f"{text!r} is not an answer; use 1 (hardly ever), 2 (some of the time) or 3 (often)"
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "checkin",
        parents=[common],
        help="the weekly loneliness check-in (UCLA 3-item scale)",
        description=(
            "Answer three questions about this week: 1 = hardly ever, 2 = some of the time, "
            f"3 = often (total {TOTAL_MIN}–{TOTAL_MAX}). With no options, says whether this "
            "week's check-in is done."
        ),
    )
    for option, (_field, question) in zip(ITEM_OPTIONS, ITEMS, strict=True):
        p.add_argument(option, type=arg(parse_answer), metavar="1-3", help=question)
    p.add_argument("--want-more", metavar="TEXT", help="what I want more of this week")
    p.add_argument(
        "--week",
        type=arg(parse_day),
        metavar="DATE",
        help="check in for the week holding this date (default this week)",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list every check-in")
    what.add_argument("--enable", action="store_true", help="turn the weekly prompt on")
    what.add_argument("--disable", action="store_true", help="turn the weekly prompt off")
    p.add_argument(
        "--day",
        type=arg(parse_weekday),
        metavar="DAY",
        help="with --enable: the weekday to be asked on (default Sunday)",
    )
    p.set_defaults(handler=run_checkin)


def _answers(args: argparse.Namespace) -> CheckinAnswers | None:
    given = [getattr(args, f) for f, _q in ITEMS]
    if all(v is None for v in given):
        return None
    if any(v is None for v in given):
        raise UsageError("answer all three: " + ", ".join(f"{o} 1-3" for o in ITEM_OPTIONS))
    return CheckinAnswers(*given)


def run_checkin(args: argparse.Namespace) -> int:
    answers = _answers(args)
    if args.day is not None and not args.enable:
        raise UsageError("--day goes with --enable")
    if (args.list or args.enable or args.disable) and (
        answers is not None or args.want_more is not None or args.week is not None
    ):
        raise UsageError("give answers, or --list, --enable or --disable; not both")
    if args.list:
        return _list(args)
    if args.enable or args.disable:
        return _switch(args)
    if answers is None:
        if args.want_more is not None or args.week is not None:
            raise UsageError("answer all three: " + ", ".join(f"{o} 1-3" for o in ITEM_OPTIONS))
        return _status(args)
    with open_for(args) as journal:
        checkin = journal.checkins.record(args.week, answers, args.want_more or "")
    print(
        f"Saved the check-in for the week of {checkin.week_start:%a %Y-%m-%d}: "
        f"total {checkin.total} (of {TOTAL_MIN}–{TOTAL_MAX})"
    )
    return 0


def _switch(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        journal.settings.set(CHECKIN_ENABLED, bool(args.enable))
        if args.day is not None:
            journal.settings.set(CHECKIN_DAY, args.day)
        day = journal.checkins.day()
    if args.enable:
        print(f"The weekly check-in is on; you will be asked on {WEEKDAY_NAMES[day]}s.")
    else:
        print("The weekly check-in is off; your past check-ins are kept.")
    return 0


def _status(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        this = journal.checkins.get()
        due = journal.checkins.due()
        enabled = journal.checkins.enabled()
        day = journal.checkins.day()
        week = journal.checkins.week_of()
    if this is not None:
        print(f"This week's check-in (week of {week:%a %Y-%m-%d}) is done: total {this.total}.")
    elif due is not None:
        print(f"This week's check-in is due. Answer with: wallwatch checkin {_usage()}")
    elif enabled:
        print(f"This week's check-in will be asked on {WEEKDAY_NAMES[day]}.")
    else:
        print(f"The weekly check-in is off (wallwatch checkin --enable). Answer: {_usage()}")
    return 0


def _usage() -> str:
    return " ".join(f"{o} N" for o in ITEM_OPTIONS) + " [--want-more TEXT]"


def _list(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        checkins = journal.checkins.all()
    if not checkins:
        print("No check-ins yet.")
        return 0
    rows = [
        [
            f"{c.week_start:%Y-%m-%d}",
            *(str(a) for a in c.answers.as_tuple()),
            str(c.total),
            " ".join(c.want_more.split()),
        ]
        for c in reversed(checkins)
    ]
    headers = ["Week of", "Companionship", "Left out", "Isolated", "Total", "Want more of"]
    print("\n".join(table(headers, rows, right={1, 2, 3, 4})))
    return 0


def run_export_checkins(args: argparse.Namespace) -> int:
    """``export --what checkins``: only the date options apply to check-ins."""
    from wallwatch.services.checkins_csv import export_checkins_csv
    from wallwatch.services.transfer import TransferError

    for option in ("person", "fear", "direction", "text"):
        if getattr(args, option, None):
            raise UsageError(f"--{option} does not apply to check-ins (use --since/--until)")
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    with open_for(args) as journal:
        target = sys.stdout if args.file == "-" else Path(args.file).expanduser()
        try:
            result = export_checkins_csv(
                journal.checkins, target, since=args.since, until=args.until
            )
        except TransferError as exc:
            raise CliError(str(exc)) from None
    sys.stdout.flush()
    noun = "check-in" if result.rows == 1 else "check-ins"
    print(f"Exported {result.rows} {noun} to {result.path or 'standard output'}", file=sys.stderr)
    return 0
