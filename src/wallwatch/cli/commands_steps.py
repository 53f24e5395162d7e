"""``steps``: small practice steps; list them with this week's progress, add, tick, change."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import timedelta
from typing import Any

from wallwatch.cli.context import open_for
from wallwatch.cli.errors import CliError, UsageError
from wallwatch.cli.format import table
from wallwatch.cli.options import arg, parse_day
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import TagKind
from wallwatch.domain.patterns import InsufficientData, format_p
from wallwatch.domain.steps import (
    MEASURE_LABELS,
    TARGET_MAX,
    TARGET_MIN,
    MeasureComparison,
    Step,
    StepComparison,
    StepDraft,
    StepStatus,
    WeeksMean,
)
from wallwatch.services import Journal

DESCRIBES = "These figures describe your records; they do not show that the step caused anything."


def _parse_target(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = TARGET_MIN - 1
    if not TARGET_MIN <= value <= TARGET_MAX:
        raise ValueError(
            f"the target must be a whole number {TARGET_MIN}–{TARGET_MAX} a week, not {text!r}"
        )
    return value


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "steps",
        parents=[common],
        help="practice steps: progress this week, streaks, ticking one done",
        description="Small, concrete steps towards opening up, each with a target per week.",
    )
    p.add_argument("--all", action="store_true", help="include archived steps")
    p.set_defaults(handler=run_list)
    acts = p.add_subparsers(dest="action", metavar="ACTION")

    a = acts.add_parser("list", help="steps with this week's progress and streak (the default)")
    a.add_argument("--all", action="store_true", default=argparse.SUPPRESS)
    a.set_defaults(handler=run_list)

    a = acts.add_parser("add", help="add a step")
    a.add_argument("text", metavar="TEXT", help='e.g. "tell Sam one thing that worried me"')
    _step_options(a)
    a.set_defaults(handler=run_add)

    a = acts.add_parser("edit", help="change a step; its history stays")
    a.add_argument("step", metavar="STEP", help="the step's number or the start of its words")
    a.add_argument("--text", metavar="TEXT", help="new words for the step")
    _step_options(a)
    a.add_argument("--no-person", action="store_true", help="tie the step to no one")
    a.add_argument("--no-fear", action="store_true", help="tie the step to no fear")
    a.set_defaults(handler=run_edit)

    a = acts.add_parser("done", help="tick a step done (today unless --date)")
    a.add_argument("step", metavar="STEP", help="the step's number or the start of its words")
    a.add_argument("--date", type=arg(parse_day), metavar="DATE", help="the day it was done")
    a.set_defaults(handler=run_done)

    a = acts.add_parser("undo", help="remove a tick given by mistake (today unless --date)")
    a.add_argument("step", metavar="STEP")
    a.add_argument("--date", type=arg(parse_day), metavar="DATE")
    a.set_defaults(handler=run_undo)

    a = acts.add_parser("show", help="a step's weeks and how loneliness/connection went")
    a.add_argument("step", metavar="STEP")
    a.set_defaults(handler=run_show)

    for verb, what in (
        ("pause", "set a step aside for now (history kept)"),
        ("resume", "make a paused or archived step active again"),
        ("archive", "put a step away (history kept)"),
    ):
        a = acts.add_parser(verb, help=what)
        a.add_argument("step", metavar="STEP")
        a.set_defaults(handler=lambda args, v=verb: run_status(args, v))


def _step_options(a: argparse.ArgumentParser) -> None:
    a.add_argument("--person", metavar="NAME", help="who the step is with (new names are added)")
    a.add_argument("--fear", metavar="FEAR", help="the fear it works against")
    a.add_argument(
        "--target",
        type=arg(_parse_target),
        metavar="N",
        help="times a week (default 1)",
    )


def _week_text(done: int, target: int) -> str:
    return f"{done}/{target}" + (" ✓" if done >= target else "")


def _weeks(n: int) -> str:
    return f"{n} week" + ("" if n == 1 else "s")


def run_list(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        rows = journal.steps.overview(include_archived=args.all)
    if not rows:
        print('No steps yet. Add one with: wallwatch steps add "TEXT" [--person P] [--target N]')
        return 0
    cells = [
        [
            f"#{o.step.id}",
            o.step.text,
            o.step.person or "",
            o.step.fear or "",
            _week_text(o.this_week.done, o.this_week.target),
            _weeks(o.streak.weeks),
            "" if o.step.status is StepStatus.ACTIVE else o.step.status.value,
        ]
        for o in rows
    ]
    headers = ["", "Step", "Person", "Fear", "This week", "Streak", ""]
    print("\n".join(table(headers, cells, right={4, 5})))
    return 0


def _mention_new(journal: Journal, draft: StepDraft) -> None:
    """A typo would otherwise quietly start a new person or fear."""
    if draft.person:
        known = {p.name.casefold() for p in journal.people.all(include_hidden=True)}
        if draft.person.strip().casefold() not in known:
            print(f"wallwatch: note: {draft.person!r} is a new person", file=sys.stderr)
    if draft.fear:
        fears = journal.tags.all(TagKind.FEAR, include_hidden=True)
        if draft.fear.strip().casefold() not in {t.name.casefold() for t in fears}:
            print(f"wallwatch: note: {draft.fear!r} is a new fear", file=sys.stderr)


def _describe(step: Step) -> str:
    ties = [x for x in (step.person, f"fear: {step.fear}" if step.fear else None) if x]
    extra = f" ({', '.join(ties)})" if ties else ""
    return f"#{step.id} {step.text}{extra}, {step.target_per_week} a week"


def run_add(args: argparse.Namespace) -> int:
    draft = StepDraft(args.text, args.person, args.fear, args.target or 1)
    with open_for(args) as journal:
        if not draft.validate():
            _mention_new(journal, draft)
        step = journal.steps.add(draft)
    print(f"Added {_describe(step)}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    if args.person and args.no_person:
        raise UsageError("give --person or --no-person, not both")
    if args.fear and args.no_fear:
        raise UsageError("give --fear or --no-fear, not both")
    changes: dict[str, Any] = {
        "text": args.text,
        "person": args.person,
        "fear": args.fear,
        "target_per_week": args.target,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    if args.no_person:
        changes["person"] = None
    if args.no_fear:
        changes["fear"] = None
    if not changes:
        raise UsageError("give what to change: --text, --person, --fear, --target, --no-…")
    with open_for(args) as journal:
        step = journal.steps.find(args.step)
        draft = dataclasses.replace(step.draft(), **changes)
        if not draft.validate():
            _mention_new(journal, draft)
        updated = journal.steps.edit(step.id, draft)
    print(f"Updated {_describe(updated)}")
    return 0


def run_done(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        step = journal.steps.find(args.step)
        tick = journal.steps.tick(step.id, args.date)
        progress = {p.step.id: p for p in journal.steps.progress(tick.day)}
    week = progress.get(step.id)
    when = "today" if args.date is None else tick.day.isoformat()
    tally = f"; that week: {_week_text(week.done, week.target)}" if week else ""
    print(f"Ticked #{step.id} {step.text} ({when}){tally}")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        step = journal.steps.find(args.step)
        day = args.date or now_local().date()
        ticks = journal.steps.ticks(step.id, day, day)
        if not ticks:
            raise CliError(f"#{step.id} has no tick on {day.isoformat()}")
        journal.steps.untick(ticks[-1].id)
    print(f"Removed one tick of #{step.id} on {day.isoformat()}")
    return 0


def run_status(args: argparse.Namespace, verb: str) -> int:
    with open_for(args) as journal:
        step = journal.steps.find(args.step)
        change = {
            "pause": journal.steps.pause,
            "resume": journal.steps.resume,
            "archive": journal.steps.archive,
        }[verb]
        updated = change(step.id)
    print(f"#{updated.id} {updated.text}: {updated.status.value}")
    return 0


def _group(g: WeeksMean | InsufficientData, what: str) -> str:
    if isinstance(g, InsufficientData):
        return f"{what}: {g.have} of the {g.needed} {g.unit} needed"
    return f"{what} {g.mean:.1f} ({_weeks(g.weeks)}, {g.values} value{'s' * (g.values != 1)})"


def _measure_line(m: MeasureComparison) -> str:
    line = f"  {MEASURE_LABELS[m.measure]}: "
    line += f"{_group(m.met, 'met weeks')}; {_group(m.not_met, 'other weeks')}"
    if m.test is not None and m.difference is not None:
        line += f"; difference {m.difference:+.1f}, {format_p(m.test.p_value)}"
    return line


def comparison_lines(c: StepComparison) -> list[str]:
    lines = [
        f"Weeks met: {c.weeks_met} of {len(c.weeks)}; not met: {c.weeks_not_met}. "
        f"Each week counts once; a group needs {c.minimum} weeks with a value."
    ]
    lines += [_measure_line(m) for m in c.measures]
    lines.append(DESCRIBES)
    return lines


def run_show(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        step = journal.steps.find(args.step)
        streak = journal.steps.streak(step.id)
        history = journal.steps.history(step.id)
        comparison = journal.steps.comparison(step.id)
    print(f"{_describe(step)}, {step.status.value}")
    week = streak.this_week
    print(f"This week (from {week.start:%a %Y-%m-%d}): {_week_text(week.done, week.target)}")
    print(f"Streak: {_weeks(streak.weeks)} met in a row")
    for w in history[-8:]:
        end = w.start + timedelta(days=6)
        print(f"  {w.start:%Y-%m-%d}–{end:%m-%d}  {_week_text(w.done, w.target)}")
    print("\n".join(comparison_lines(comparison)))
    return 0
