"""``patterns``: the Patterns area in a terminal — the insight sentences, then every section as a
plain table with the counts behind it, and the review of the last complete week.

Below the journal's minimum sample a section says so in a sentence instead of a table.
``--verbose`` adds what stands behind each rating comparison (p-value, days, ratings, how the
permutation test ran); ``--json`` gives every number, the "not enough data" ones marked.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Any

from wallwatch.charts.patterns_text import (
    RECORDS_ONLY,
    REVIEW_TITLE,
    TITLES,
    format_p,
    method_text,
    not_enough,
    percent,
    plural,
    review_heading,
    review_rows,
    span_text,
)
from wallwatch.cli.context import open_for
from wallwatch.cli.errors import UsageError
from wallwatch.cli.format import NONE, table
from wallwatch.cli.options import arg, parse_count, parse_day
from wallwatch.domain.calendar import WEEKDAY_NAMES, now_local
from wallwatch.domain.patterns import (
    DEFAULT_WEEKS,
    NOTABLE_P,
    Calendar,
    CalendarDay,
    Comparison,
    DateRange,
    FearBehaviourMatrix,
    GroupMean,
    HourGrid,
    InsufficientData,
    Mean,
    Paradox,
    ParadoxWeek,
    PatternReport,
    PermutationResult,
    PersonPattern,
    Proportion,
    Run,
    WeeklyReview,
)

PAIRS_PER_FEAR = 3
PEOPLE_BY_WEEK = 5
INDENT = "  "


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "patterns",
        parents=[common],
        help="what your walls are made of: fears, people, times, and how the days felt",
        description=(
            "The patterns in your moments over a span of days, each with the counts behind it. "
            f"By default the last {DEFAULT_WEEKS} weeks ending today. {RECORDS_ONLY}"
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
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also p-values, the days and ratings behind them, and the test's method and seed",
    )
    p.add_argument("--json", action="store_true", help="every number as JSON")
    p.set_defaults(handler=run_patterns)


def chosen_span(args: argparse.Namespace, today: date | None = None) -> DateRange:
    until: date = args.until or today or now_local().date()
    if args.since is not None:
        if args.since > until:
            raise UsageError(f"--since {args.since} is after --until {until}")
        return DateRange(args.since, until)
    return DateRange.weeks_ending(until, args.weeks or DEFAULT_WEEKS)


def run_patterns(args: argparse.Namespace) -> int:
    span = chosen_span(args)
    with open_for(args) as journal:
        report = journal.patterns.report(span)
        review = journal.patterns.weekly_review(span.last)
    if args.json:
        document = jsonable(report)
        document["weekly_review"] = jsonable(review)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print("\n".join(report_lines(report, review, verbose=args.verbose)))
    return 0


# -- JSON ---------------------------------------------------------------------------------------

# Derived values worth having in the JSON next to each type's own fields.
_EXTRAS: dict[type, tuple[str, ...]] = {
    Proportion: ("value",),
    CalendarDay: ("balance",),
    Calendar: ("recorded_days",),
    Comparison: ("difference", "notable"),
    PermutationResult: ("below_threshold",),
    Paradox: ("unanswered",),
    ParadoxWeek: ("unanswered",),
    PersonPattern: ("total",),
    HourGrid: ("total",),
    Run: ("days",),
}


def jsonable(value: Any) -> Any:
    """Results as JSON values: dates in ISO form, and not-enough-data marked as such."""
    if isinstance(value, InsufficientData):
        return {
            "not_enough_data": True,
            "needed": value.needed,
            "have": value.have,
            "unit": value.unit,
            "message": not_enough(value),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in _EXTRAS.get(type(value), ()):
            out[name] = jsonable(getattr(value, name))
        return out
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


# -- text ---------------------------------------------------------------------------------------


def _share(p: Proportion | InsufficientData) -> str:
    if isinstance(p, InsufficientData):
        return NONE
    return f"{p.part} of {p.whole} ({percent(p.part, p.whole)})"


def _mean(m: Mean | InsufficientData) -> str:
    return NONE if isinstance(m, InsufficientData) else f"{m.value:.1f} (n={m.count})"


def _indent(lines: list[str]) -> list[str]:
    return [INDENT + line if line else line for line in lines]


def _fears(report: PatternReport) -> list[str]:
    f = report.fears
    if f.withdrawals < report.minimum:
        return [not_enough(InsufficientData(report.minimum, f.withdrawals, "withdrawals")) + "."]
    rows = [
        [row.name, str(row.withdrew), _share(row.share_of_withdrawals), str(row.opened)]
        for row in f.fears
    ]
    lines = table(["Fear", "Withdrawals", "Share of withdrawals", "Openings"], rows, {1, 2, 3})
    said = f"{plural(f.withdrawals, 'withdrawal')} and {plural(f.openings, 'opening')}"
    if f.withdrawals_without_fear:
        said += f"; {plural(f.withdrawals_without_fear, 'withdrawal')} had no fear noted"
    lines.append(said + ".")
    return lines if f.fears else ["No fears were noted in these moments."]


def _pairs(result: FearBehaviourMatrix | InsufficientData) -> list[str]:
    if isinstance(result, InsufficientData):
        return [not_enough(result) + "."]
    rows = []
    for i, fear in enumerate(result.fears):
        # Most often first; ties keep the column order (behaviours most common overall first).
        ranked = sorted(
            ((n, j) for j, n in enumerate(result.counts[i]) if n > 0), key=lambda nj: -nj[0]
        )
        for n, j in ranked[:PAIRS_PER_FEAR]:
            behaviour = result.behaviours[j]
            rows.append([fear, behaviour, str(n), _share(result.given_fear(fear, behaviour))])
    lines = [
        f"The {PAIRS_PER_FEAR} behaviours noted most often with each fear "
        f"({plural(result.moments_with_both, 'moment')} had both; --json has every pair)."
    ]
    return lines + table(["Fear", "Behaviour", "Both", "Of the fear's moments"], rows, {2, 3})


def _people(report: PatternReport) -> list[str]:
    result = report.people
    if isinstance(result.overall_openness, InsufficientData):
        return [not_enough(result.overall_openness) + "."]
    if not result.people:
        return ["No one was named in these moments."]
    rows = [
        [
            p.name,
            "yes" if p.safe else "",
            str(p.withdrew),
            str(p.opened),
            _share(p.openness),
            _mean(p.connection),
        ]
        for p in result.people
    ]
    headers = ["Person", "Safe", "Withdrew", "Opened up", "Openings", "Avg connection"]
    lines = table(headers, rows, {2, 3, 4, 5})
    said = f"Across all moments: {_share(result.overall_openness)} were openings"
    if result.moments_without_person:
        said += f"; {plural(result.moments_without_person, 'moment')} named no one"
    lines.append(said + ".")
    shown = result.people[:PEOPLE_BY_WEEK]
    lines += ["", f"Share of openings week by week ({NONE} = fewer than {report.minimum} moments):"]
    week_rows = [
        [f"{w.first:%Y-%m-%d}"] + [_share(p.weeks[i].openness) for p in shown]
        for i, w in enumerate(shown[0].weeks)
    ]
    lines += table(["Week of", *(p.name for p in shown)], week_rows, set(range(1, len(shown) + 1)))
    return lines


def _hours(grid: HourGrid | InsufficientData, noun: str) -> list[str]:
    if isinstance(grid, InsufficientData):
        return [f"{noun}: {not_enough(grid)}."]
    header = "     " + "".join(f"{h:>3}" for h in range(24)) + "  Total"
    lines = [f"{noun} ({grid.total}) by weekday and hour, local time (· = none):", header]
    for day, row in enumerate(grid.cells):
        cells = "".join(f"{n if n else '·':>3}" for n in row)
        lines.append(f"{WEEKDAY_NAMES[day][:3]:<5}{cells}  {sum(row):>5}")
    return lines


def _paradox(result: Paradox) -> list[str]:
    if isinstance(result.wanted_share, InsufficientData):
        return [not_enough(result.wanted_share) + "."]
    rows = [
        [
            f"{w.first:%Y-%m-%d}",
            str(w.withdrawals),
            str(w.answered),
            str(w.wanted),
            _share(w.wanted_share),
        ]
        for w in result.weeks
    ]
    headers = ["Week of", "Withdrawals", "Answered", "Wanted closeness", "Share"]
    lines = table(headers, rows, {1, 2, 3, 4})
    lines.append(
        f"All weeks: part of you wanted closeness in {_share(result.wanted_share)} answered "
        f"withdrawals; {plural(result.unanswered, 'withdrawal')} had no answer."
    )
    return lines


def _group(g: GroupMean | InsufficientData) -> str:
    return NONE if isinstance(g, InsufficientData) else f"{g.mean:.1f} ({plural(g.days, 'day')})"


def _cost(report: PatternReport, verbose: bool) -> list[str]:
    cost = report.cost
    lines = [
        f"{plural(cost.withdrawal_days, 'withdrawal day')} (a withdrawal and no opening) and "
        f"{plural(cost.opening_days, 'opening day')}; each mean pools every rating on those days."
    ]
    rows, notes = [], []
    for when, comparisons in (("that day", cost.same_day), ("next day", cost.next_day)):
        for c in comparisons:
            diff = "" if c.difference is None else f"{c.difference:+.1f}"
            if c.notable:
                diff += " notable"
            rows.append(
                [
                    c.rating.capitalize(),
                    when,
                    _group(c.withdrawal_days),
                    _group(c.opening_days),
                    diff,
                ]
            )
            notes += _comparison_notes(c, when, verbose)
    headers = ["Rating", "When", "Withdrawal days", "Opening days", "Difference"]
    lines += table(headers, rows, {2, 3, 4})
    return lines + notes


def _comparison_notes(c: Comparison, when: str, verbose: bool) -> list[str]:
    missing = [g for g in (c.withdrawal_days, c.opening_days) if isinstance(g, InsufficientData)]
    label = f"{c.rating.capitalize()}, {when}"
    if missing:
        return [f"{label}: {not_enough(missing[0])}."]
    a, b, test = c.withdrawal_days, c.opening_days, c.test
    if not verbose or test is None:
        return []
    assert isinstance(a, GroupMean) and isinstance(b, GroupMean)
    return [
        f"{label}: {format_p(test.p_value)}, n = {test.units_a} + {test.units_b} days "
        f"({a.ratings} and {b.ratings} ratings); {method_text(test)}."
    ]


def _calendar(report: PatternReport) -> list[str]:
    days = [d for d in report.calendar.days if d.balance is not None]
    up = sum(1 for d in days if (d.balance or 0) > 0)
    down = sum(1 for d in days if (d.balance or 0) < 0)
    if not days:
        return ["No days with moments."]
    return [
        f"{plural(len(days), 'day')} with moments out of {report.calendar.span.days}: more "
        f"openings on {up}, more withdrawals on {down}, even on {len(days) - up - down}."
    ]


def _review(review: WeeklyReview) -> list[str]:
    rows = review_rows(review)
    width = max(len(label) for label, _ in rows)
    return [review_heading(review)] + [f"{label:<{width}}  {value}" for label, value in rows]


def _sections(report: PatternReport, verbose: bool) -> Iterator[tuple[str, list[str]]]:
    yield TITLES["fears"], _fears(report)
    yield TITLES["fear_behaviour"], _pairs(report.fear_behaviour)
    yield TITLES["people"], _people(report)
    yield (
        TITLES["when"],
        [
            *_hours(report.when.withdrawals, "Withdrawals"),
            "",
            *_hours(report.when.openings, "Openings"),
        ],
    )
    yield TITLES["paradox"], _paradox(report.paradox)
    yield TITLES["cost"], _cost(report, verbose)
    yield "Day by day", _calendar(report)


def report_lines(report: PatternReport, review: WeeklyReview, *, verbose: bool) -> list[str]:
    moments = report.fears.withdrawals + report.fears.openings
    lines = [
        f"Patterns for {span_text(report.span)} "
        f"({plural(report.span.days, 'day')}, {plural(moments, 'moment')}).",
        f"A pattern needs at least {report.minimum} observations. {RECORDS_ONLY}",
    ]
    if verbose:
        lines.append(
            "Rating differences are checked with a permutation test that shuffles which days "
            "count as withdrawal or opening days (every arrangement when there are few enough); "
            f"notable means p < {NOTABLE_P}."
        )
    lines += ["", "In words"]
    if not report.insights:
        lines.append(INDENT + "No pattern stands out yet.")
    for number, insight in enumerate(report.insights, start=1):
        lines.append(f"{INDENT}{number}. {insight.text}")
        if verbose and insight.detail:
            lines.append(f"{INDENT}   {insight.detail}")
    for title, body in _sections(report, verbose):
        lines += ["", title, *_indent(body)]
    lines += ["", REVIEW_TITLE, *_indent(_review(review))]
    return lines
