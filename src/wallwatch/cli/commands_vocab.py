"""``people`` and ``tags``: list, add, rename, hide and unhide the journal's vocabulary."""

from __future__ import annotations

import argparse
from typing import Any

from wallwatch.cli.context import open_for
from wallwatch.cli.errors import UsageError
from wallwatch.cli.format import table
from wallwatch.cli.options import arg, parse_tag_kind
from wallwatch.domain.model import Direction, RelationshipKind, TagKind
from wallwatch.domain.summary import Breakdown

KINDS = [k.value for k in RelationshipKind]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    _register_people(sub, common)
    _register_tags(sub, common)


def _register_people(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("people", parents=[common], help="the people in your moments")
    p.add_argument("--all", action="store_true", help="include hidden people")
    p.set_defaults(handler=run_people_list)
    acts = p.add_subparsers(dest="action", metavar="ACTION")

    a = acts.add_parser("list", help="list people (the default)")
    a.add_argument("--all", action="store_true", default=argparse.SUPPRESS)
    a.set_defaults(handler=run_people_list)

    a = acts.add_parser("add", help="add a person")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--kind", choices=KINDS, default=RelationshipKind.OTHER.value)
    a.add_argument("--safe", action="store_true", help="someone you feel safe opening up to")
    a.set_defaults(handler=run_people_add)

    a = acts.add_parser("rename", help="rename a person; their moments follow")
    a.add_argument("old", metavar="OLD")
    a.add_argument("new", metavar="NEW")
    a.set_defaults(handler=lambda args: _update_person(args, args.old, new_name=args.new))

    for verb, hidden in (("hide", True), ("unhide", False)):
        a = acts.add_parser(verb, help=f"{verb} a person in pickers (moments are kept)")
        a.add_argument("name", metavar="NAME")
        a.set_defaults(handler=lambda args, h=hidden: _update_person(args, args.name, hidden=h))

    a = acts.add_parser("set", help="change a person's kind or whether they feel safe")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--kind", choices=KINDS)
    safe = a.add_mutually_exclusive_group()
    safe.add_argument("--safe", dest="safe", action="store_const", const=True)
    safe.add_argument("--not-safe", dest="safe", action="store_const", const=False)
    a.set_defaults(handler=run_people_set)


def _register_tags(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tags", parents=[common], help="fears, behaviours and body signals")
    kind_arg = arg(parse_tag_kind)
    p.add_argument("--kind", type=kind_arg, metavar="KIND", help="fear, behaviour or body")
    p.add_argument("--all", action="store_true", help="include hidden tags")
    p.set_defaults(handler=run_tags_list)
    acts = p.add_subparsers(dest="action", metavar="ACTION")

    a = acts.add_parser("list", help="list tags (the default)")
    a.add_argument("--kind", type=kind_arg, metavar="KIND", default=argparse.SUPPRESS)
    a.add_argument("--all", action="store_true", default=argparse.SUPPRESS)
    a.set_defaults(handler=run_tags_list)

    a = acts.add_parser("add", help="add a tag")
    a.add_argument("tag_kind", type=kind_arg, metavar="KIND")
    a.add_argument("name", metavar="NAME")
    a.add_argument(
        "--direction",
        choices=[d.value for d in Direction],
        help="behaviours: which way it usually goes",
    )
    a.set_defaults(handler=run_tags_add)

    a = acts.add_parser("rename", help="rename a tag; moments keep it")
    a.add_argument("tag_kind", type=kind_arg, metavar="KIND")
    a.add_argument("old", metavar="OLD")
    a.add_argument("new", metavar="NEW")
    a.set_defaults(handler=run_tags_rename)

    for verb, hidden in (("hide", True), ("unhide", False)):
        a = acts.add_parser(verb, help=f"{verb} a tag in pickers (moments keep it)")
        a.add_argument("tag_kind", type=kind_arg, metavar="KIND")
        a.add_argument("name", metavar="NAME")
        a.set_defaults(handler=lambda args, h=hidden: _set_tag_hidden(args, h))


def _counts(breakdowns: list[Breakdown]) -> dict[str, Breakdown]:
    return {b.key.casefold(): b for b in breakdowns}


def _uses(b: Breakdown | None) -> tuple[str, str]:
    return (str(b.withdrew), str(b.opened)) if b else ("0", "0")


def run_people_list(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        people = journal.people.all(include_hidden=args.all)
        span = journal.moments.date_span()
        counts = _counts(journal.summaries.by_person(*span)) if span else {}
    if not people:
        print("No people yet. Add one with: wallwatch people add NAME")
        return 0
    rows = [
        [
            p.name,
            p.kind.label,
            "yes" if p.safe else "",
            *_uses(counts.get(p.name.casefold())),
            "hidden" if p.hidden else "",
        ]
        for p in people
    ]
    headers = ["Name", "Kind", "Safe", "Withdrew", "Opened", ""]
    print("\n".join(table(headers, rows, right={3, 4})))
    return 0


def run_people_add(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        person = journal.people.add(args.name, RelationshipKind(args.kind), args.safe)
    print(f"Added {person.name} ({person.kind.label.lower()}{', safe' if person.safe else ''})")
    return 0


def _update_person(args: argparse.Namespace, name: str, **changes: Any) -> int:
    with open_for(args) as journal:
        person = journal.people.update(name, **changes)
    safe = "safe" if person.safe else "not marked safe"
    state = "hidden" if person.hidden else "shown"
    print(f"{person.name}: {person.kind.label.lower()}, {safe}, {state}")
    return 0


def run_people_set(args: argparse.Namespace) -> int:
    if args.kind is None and args.safe is None:
        raise UsageError("give --kind, --safe or --not-safe")
    kind = RelationshipKind(args.kind) if args.kind else None
    return _update_person(args, args.name, kind=kind, safe=args.safe)


def run_tags_list(args: argparse.Namespace) -> int:
    kinds = [args.kind] if args.kind else list(TagKind)
    with open_for(args) as journal:
        span = journal.moments.date_span()
        rows = []
        for kind in kinds:
            counts = _counts(journal.summaries.by_tag(kind, *span)) if span else {}
            for tag in journal.tags.all(kind, include_hidden=args.all):
                rows.append(
                    [
                        kind.label,
                        tag.name,
                        tag.direction.value if tag.direction else "",
                        *_uses(counts.get(tag.name.casefold())),
                        "hidden" if tag.hidden else "",
                    ]
                )
    headers = ["Kind", "Name", "Leans", "Withdrew", "Opened", ""]
    print("\n".join(table(headers, rows, right={3, 4})))
    return 0


def run_tags_add(args: argparse.Namespace) -> int:
    kind: TagKind = args.tag_kind
    if args.direction and kind is not TagKind.BEHAVIOUR:
        raise UsageError("--direction is only for behaviours")
    direction = Direction(args.direction) if args.direction else None
    with open_for(args) as journal:
        tag = journal.tags.add(kind, args.name, direction)
    print(f"Added {kind.label.lower()} {tag.name!r}")
    return 0


def run_tags_rename(args: argparse.Namespace) -> int:
    with open_for(args) as journal:
        tag = journal.tags.rename(args.tag_kind, args.old, args.new)
    print(f"Renamed {args.tag_kind.label.lower()} {args.old!r} to {tag.name!r}")
    return 0


def _set_tag_hidden(args: argparse.Namespace, hidden: bool) -> int:
    with open_for(args) as journal:
        tag = journal.tags.set_hidden(args.tag_kind, args.name, hidden)
    print(f"{'Hid' if hidden else 'Showing'} {tag.kind.label.lower()} {tag.name!r}")
    return 0
