"""The moment filter options shared by ``list`` and ``export``."""

from __future__ import annotations

import argparse

from wallwatch.cli.errors import CliError, UsageError
from wallwatch.cli.options import arg, parse_day
from wallwatch.domain.model import Direction, TagKind
from wallwatch.domain.query import MomentFilter
from wallwatch.services import Journal


def add_filter_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("which moments")
    g.add_argument("--since", type=arg(parse_day), metavar="DATE", help="from this local date")
    g.add_argument("--until", type=arg(parse_day), metavar="DATE", help="up to this local date")
    g.add_argument("--person", metavar="NAME", help="only moments with this person")
    g.add_argument("--fear", metavar="FEAR", help="only moments with this fear")
    g.add_argument("--direction", choices=[d.value for d in Direction])
    g.add_argument("--text", metavar="WORDS", help="only moments whose note or wish contains this")


def filter_from_args(journal: Journal, args: argparse.Namespace) -> MomentFilter:
    """Build the filter, refusing names the journal does not know (a typo would match nothing)."""
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    person = _known(args.person, [p.name for p in journal.people.all(include_hidden=True)])
    if args.person and person is None:
        raise CliError(f"no person called {args.person!r} (see 'wallwatch people --all')")
    fear = _known(args.fear, [t.name for t in journal.tags.all(TagKind.FEAR, include_hidden=True)])
    if args.fear and fear is None:
        raise CliError(f"no fear called {args.fear!r} (see 'wallwatch tags --kind fear --all')")
    return MomentFilter(
        since=args.since,
        until=args.until,
        direction=Direction(args.direction) if args.direction else None,
        person=person,
        fear=fear,
        text=args.text.strip() or None if args.text else None,
    )


def _known(name: str | None, names: list[str]) -> str | None:
    """The stored spelling of ``name`` (names match ignoring case, as in the journal)."""
    if not name:
        return None
    wanted = name.strip().casefold()
    return next((n for n in names if n.casefold() == wanted), None)
