"""``add``, ``list``, ``edit`` and ``delete``: recording and finding moments."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from wallwatch.cli.context import open_for
from wallwatch.cli.filters import add_filter_options, filter_from_args
from wallwatch.cli.format import moment_json, moment_lines, short_id
from wallwatch.cli.options import arg, parse_intensity, parse_limit, parse_rating, parse_when
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft, TagKind, WantedCloseness
from wallwatch.services import Journal

DEFAULT_LIMIT = 50
RATINGS = ("loneliness", "resentment", "connection")
# What ``edit --clear NAME`` empties: the draft fields and their empty values.
CLEARABLE: dict[str, dict[str, Any]] = {
    "person": {"person": None},
    "fears": {"fears": ()},
    "behaviours": {"behaviours": ()},
    "body": {"body_signals": ()},
    "wanted": {"wanted_closeness": None},
    "ratings": dict.fromkeys(RATINGS),
    "note": {"note": ""},
    "wish": {"wish": ""},
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "add",
        parents=[common],
        help="record a moment",
        description="Record a moment. Without --when it is now; without a direction, withdrew.",
    )
    _moment_options(p, editing=False)
    p.set_defaults(handler=run_add)

    p = sub.add_parser("list", parents=[common], help="show recorded moments, newest first")
    add_filter_options(p)
    p.add_argument(
        "--limit",
        type=arg(parse_limit),
        metavar="N",
        help=f"at most N moments (default {DEFAULT_LIMIT}, all with --json; 0 = all)",
    )
    p.add_argument("--json", action="store_true", help="a JSON array of moments, every field")
    p.set_defaults(handler=run_list)

    p = sub.add_parser(
        "edit",
        parents=[common],
        help="change a moment",
        description="Change the given fields of a moment; the rest stay as they are.",
    )
    p.add_argument("id", metavar="ID", help="the moment's id or the start of it")
    _moment_options(p, editing=True)
    p.add_argument(
        "--clear",
        action="append",
        choices=sorted(CLEARABLE),
        default=[],
        help="empty a field (repeatable)",
    )
    p.set_defaults(handler=run_edit)

    p = sub.add_parser("delete", parents=[common], help="delete moments")
    p.add_argument("ids", nargs="+", metavar="ID", help="ids or the start of them")
    p.set_defaults(handler=run_delete)


def _moment_options(p: argparse.ArgumentParser, *, editing: bool) -> None:
    way = p.add_mutually_exclusive_group()
    way.add_argument(
        "--withdrew",
        dest="direction",
        action="store_const",
        const=Direction.WITHDREW.value,
        help="a wall went up" + ("" if editing else " (the default)"),
    )
    way.add_argument(
        "--opened",
        dest="direction",
        action="store_const",
        const=Direction.OPENED.value,
        help="you let someone in",
    )
    way.add_argument("--direction", choices=[d.value for d in Direction])
    p.add_argument(
        "--when",
        type=arg(parse_when),
        metavar="TIME",
        help="2024-05-01T21:30, 2024-05-01 (noon), 21:30 today, 'yesterday 21:30'",
    )
    p.add_argument(
        "--intensity",
        type=arg(parse_intensity),
        metavar="1-5",
        help="how strong it was" + ("" if editing else " (default 3)"),
    )
    p.add_argument("--person", metavar="NAME", help="who it was with (new names are added)")
    many = " (repeatable" + (", replaces the old list)" if editing else ")")
    p.add_argument("--fear", action="append", metavar="FEAR", help="what you feared" + many)
    p.add_argument(
        "--behaviour", "--behavior", action="append", metavar="WHAT", help="what you did" + many
    )
    p.add_argument("--body", action="append", metavar="SIGNAL", help="body signal" + many)
    p.add_argument(
        "--wanted",
        choices=[w.value for w in WantedCloseness],
        help="withdrawals only: did part of you want closeness?",
    )
    for name in RATINGS:
        p.add_argument(f"--{name}", type=arg(parse_rating), metavar="0-10", help=f"{name} 0–10")
    p.add_argument("--note", metavar="TEXT", help="what happened, in a line or two")
    p.add_argument("--wish", metavar="TEXT", help="what you wish you had done")


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The draft fields given on the command line (None means "not given")."""
    given: dict[str, Any] = {
        "occurred_at": args.when,
        "direction": Direction(args.direction) if args.direction else None,
        "intensity": args.intensity,
        "person": args.person.strip() if args.person is not None else None,
        "fears": tuple(args.fear) if args.fear else None,
        "behaviours": tuple(args.behaviour) if args.behaviour else None,
        "body_signals": tuple(args.body) if args.body else None,
        "wanted_closeness": WantedCloseness(args.wanted) if args.wanted else None,
        "note": args.note,
        "wish": args.wish,
    }
    given.update({name: getattr(args, name) for name in RATINGS})
    return {k: v for k, v in given.items() if v is not None}


def _mention_new_names(journal: Journal, draft: MomentDraft) -> None:
    """Say on stderr when a name is new: a typo would otherwise quietly start a new person/tag."""
    if draft.person:
        known = {p.name.casefold() for p in journal.people.all(include_hidden=True)}
        if draft.person.casefold() not in known:
            print(f"wallwatch: note: {draft.person!r} is a new person", file=sys.stderr)
    for kind, names in (
        (TagKind.FEAR, draft.fears),
        (TagKind.BEHAVIOUR, draft.behaviours),
        (TagKind.BODY, draft.body_signals),
    ):
        known = {t.name.casefold() for t in journal.tags.all(kind, include_hidden=True)}
        for name in names:
            if name.strip().casefold() not in known:
                print(f"wallwatch: note: {name!r} is a new {kind.label.lower()}", file=sys.stderr)


def run_add(args: argparse.Namespace) -> int:
    fields = _changes(args)
    fields.setdefault("occurred_at", now_local())
    fields.setdefault("direction", Direction.WITHDREW)
    draft = MomentDraft(**fields)
    with open_for(args) as journal:
        if not draft.validate():
            _mention_new_names(journal, draft)
        moment = journal.moments.record(draft)
    print(moment.id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        f = filter_from_args(journal, args)
        limit = args.limit if args.limit is not None else (0 if args.json else DEFAULT_LIMIT)
        moments = journal.moments.query(f, limit=limit or None)
        total = journal.moments.count(f) if limit and len(moments) == limit else len(moments)
    if args.json:
        json.dump([moment_json(m) for m in moments], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not moments:
        print("No moments match." if not f.is_empty() else "No moments recorded yet.")
        return 0
    for m in moments:
        print("\n".join(moment_lines(m)))
    if total > len(moments):
        print(f"(showing {len(moments)} of {total}; use --limit 0 for all)", file=sys.stderr)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    changes = _changes(args)
    with open_for(args) as journal:
        moment = journal.moments.find(args.id)
        old = moment.draft()
        cleared: dict[str, Any] = {}
        for name in args.clear:
            cleared.update(CLEARABLE[name])
        if changes.get("direction") is Direction.OPENED and "wanted_closeness" not in changes:
            cleared["wanted_closeness"] = None  # only asked for withdrawals
        if not changes and not args.clear:
            print("Nothing to change; give the fields to change (see 'wallwatch edit --help').")
            return 0
        draft = dataclasses.replace(old, **{**cleared, **changes})
        if not draft.validate():
            _mention_new_names(journal, draft)
        updated = journal.moments.edit(moment.id, draft)
    print(f"Updated {updated.id}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        found = {m.id: m for m in (journal.moments.find(i) for i in args.ids)}
        gone = journal.moments.delete(list(found))
    for m in gone:
        print(f"Deleted {short_id(m)}  {m.occurred_at:%Y-%m-%d %H:%M}  {m.direction.label}")
    return 0
