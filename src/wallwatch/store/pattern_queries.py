"""SQL behind the Patterns area: every count, sum and co-occurrence is a GROUP BY in SQLite.

Rating sums and counts (not SQL ``avg``) are returned so that pooled means across days or weeks
are exact. All ranges are inclusive local dates, compared on the indexed ``local_day`` column.
Rows come back in a fixed order (counts, then name) so results are the same on every run.
Joins with ``tag`` go through ``aggregates.link_tag_id``, so SQLite reads the moments in the
date range first rather than every moment that ever had a tag (plans: docs/performance.md).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from wallwatch.domain.calendar import day_number, from_day_number
from wallwatch.domain.model import Direction, TagKind, WantedCloseness
from wallwatch.domain.patterns import DateRange, RatingSum, Tally
from wallwatch.store.aggregates import link_tag_id, week_bucket
from wallwatch.store.schema import MomentRow, MomentTagRow, PersonRow, TagRow

# The open read session a service hands back to these functions (services never import
# SQLAlchemy, so they name it by this alias).
Snapshot = Session


def _in(span: DateRange) -> ColumnElement[bool]:
    return and_(
        MomentRow.local_day >= day_number(span.first),
        MomentRow.local_day <= day_number(span.last),
    )


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _withdrew() -> ColumnElement[Any]:
    return _count_if(MomentRow.direction == Direction.WITHDREW.value)


def _opened() -> ColumnElement[Any]:
    return _count_if(MomentRow.direction == Direction.OPENED.value)


def _rating_sums() -> list[ColumnElement[Any]]:
    cols: list[ColumnElement[Any]] = []
    for col in (MomentRow.loneliness, MomentRow.resentment, MomentRow.connection):
        cols += [func.coalesce(func.sum(col), 0), func.count(col)]
    return cols


def _tally(row: Any) -> Tally:
    w, o, ls, ln, rs, rn, cs, cn = (int(v) for v in row)
    return Tally(w, o, RatingSum(ls, ln), RatingSum(rs, rn), RatingSum(cs, cn))


def tally(session: Session, span: DateRange) -> Tally:
    """Counts and rating sums over every moment in the span."""
    stmt = select(_withdrew(), _opened(), *_rating_sums()).where(_in(span))
    return _tally(session.execute(stmt).one())


def day_tallies(session: Session, span: DateRange) -> dict[date, Tally]:
    """One tally per local day that has moments (days without moments are absent)."""
    stmt = (
        select(MomentRow.local_day, _withdrew(), _opened(), *_rating_sums())
        .where(_in(span))
        .group_by(MomentRow.local_day)
        .order_by(MomentRow.local_day)
    )
    return {from_day_number(int(r[0])): _tally(r[1:]) for r in session.execute(stmt)}


def day_directions(session: Session, span: DateRange) -> dict[date, tuple[int, int]]:
    """(withdrawals, openings) per local day that has moments: what the year calendar needs.

    Grouped by day and direction with no sums, this reads a year of a large journal in about a
    third of the time :func:`day_tallies` takes (which also sums every rating).
    """
    stmt = (
        select(MomentRow.local_day, MomentRow.direction, func.count())
        .where(_in(span))
        .group_by(MomentRow.local_day, MomentRow.direction)
    )
    out: dict[date, tuple[int, int]] = {}
    withdrew = Direction.WITHDREW.value
    for day_number_, direction, n in session.connection().execute(stmt):
        day = from_day_number(int(day_number_))
        w, o = out.get(day, (0, 0))
        out[day] = (w + int(n), o) if direction == withdrew else (w, o + int(n))
    return out


def fear_counts(
    session: Session, span: DateRange, direction: Direction | None = None
) -> list[tuple[str, int, int]]:
    """(fear, withdrawals it was in, openings it was in), most withdrawals first."""
    withdrew, opened = _withdrew(), _opened()
    stmt = (
        select(TagRow.name, withdrew, opened)
        .join(MomentTagRow, link_tag_id() == TagRow.id)
        .join(MomentRow, MomentRow.id == MomentTagRow.moment_id)
        .where(TagRow.kind == TagKind.FEAR.value, _in(span))
        .group_by(TagRow.id)
        .order_by(withdrew.desc(), opened.desc(), TagRow.name, TagRow.id)
    )
    if direction is not None:
        stmt = stmt.where(MomentRow.direction == direction.value)
    return [(str(n), int(w), int(o)) for n, w, o in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class SpanTagCounts:
    """Everything the fear charts count from the tags of the moments in a span.

    ``fears``: (fear, withdrawals it was in, openings it was in), most withdrawals first (the
    order of :func:`fear_counts`); ``pairs``: (fear, behaviour, moments with both) for every pair
    that occurs; ``with_both``: moments with at least one fear and one behaviour;
    ``withdrawals_with_fear``: withdrawals with at least one fear.
    """

    fears: list[tuple[str, int, int]]
    pairs: list[tuple[str, str, int]]
    with_both: int
    withdrawals_with_fear: int


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _nocase(name: str) -> str:
    """The order of SQLite's NOCASE collation: ASCII letters folded, the rest by code point."""
    return name.translate(_ASCII_LOWER)


def span_tag_counts(
    session: Session, span: DateRange, direction: Direction | None = None
) -> SpanTagCounts:
    """Fear counts, fear × behaviour pairs and both totals from one reading of the span's tags.

    As separate joins, each looked every moment's tags up again by its text key (most of the
    report's time at 1M moments). Here the fear and behaviour links of the span's moments are
    read once (moments first, by date) and counted as those joins counted them: (moment, tag)
    is unique, so every count is a count of moments.
    """
    names = {
        int(tag_id): (str(kind), str(name))
        for tag_id, kind, name in session.execute(
            select(TagRow.id, TagRow.kind, TagRow.name).where(
                TagRow.kind.in_((TagKind.FEAR.value, TagKind.BEHAVIOUR.value))
            )
        )
    }
    stmt = (
        select(MomentRow.id, MomentRow.direction, MomentTagRow.tag_id)
        .join(MomentTagRow, MomentTagRow.moment_id == MomentRow.id)
        .join(TagRow, TagRow.id == link_tag_id())
        .where(_in(span), TagRow.kind.in_((TagKind.FEAR.value, TagKind.BEHAVIOUR.value)))
    )
    if direction is not None:
        stmt = stmt.where(MomentRow.direction == direction.value)
    is_fear = {tag_id: kind == TagKind.FEAR.value for tag_id, (kind, _) in names.items()}
    withdrew = Direction.WITHDREW.value
    # moment id → [is a withdrawal, tag ids…]; plain Core rows (no ORM layer per row).
    tagged: dict[str, list[Any]] = {}
    for moment_id, moment_direction, tag_id in session.connection().execute(stmt):
        entry = tagged.get(moment_id)
        if entry is None:
            entry = tagged[moment_id] = [moment_direction == withdrew]
        entry.append(tag_id)
    per_fear: dict[int, list[int]] = {}
    per_pair: dict[tuple[int, int], int] = {}
    with_both = withdrawals_with_fear = 0
    for is_withdrawal, *tag_ids in tagged.values():
        fears = [t for t in tag_ids if is_fear[t]]
        behaviours = [t for t in tag_ids if not is_fear[t]]
        for fear in fears:
            counts = per_fear.setdefault(fear, [0, 0])
            counts[0 if is_withdrawal else 1] += 1
            for behaviour in behaviours:
                per_pair[fear, behaviour] = per_pair.get((fear, behaviour), 0) + 1
        if fears and behaviours:
            with_both += 1
        if fears and is_withdrawal:
            withdrawals_with_fear += 1
    order = sorted(
        per_fear, key=lambda t: (-per_fear[t][0], -per_fear[t][1], _nocase(names[t][1]), t)
    )
    return SpanTagCounts(
        [(names[t][1], per_fear[t][0], per_fear[t][1]) for t in order],
        [(names[f][1], names[b][1], n) for (f, b), n in per_pair.items()],
        with_both,
        withdrawals_with_fear,
    )


def person_counts(session: Session, span: DateRange) -> list[tuple[str, bool, int, int, RatingSum]]:
    """(person, safe, withdrawals, openings, connection sum), most moments first, then name."""
    withdrew, opened = _withdrew(), _opened()
    stmt = (
        select(
            PersonRow.name,
            PersonRow.safe,
            withdrew,
            opened,
            func.coalesce(func.sum(MomentRow.connection), 0),
            func.count(MomentRow.connection),
        )
        .join(MomentRow, MomentRow.person_id == PersonRow.id)
        .where(_in(span))
        .group_by(PersonRow.id)
        .order_by(func.count().desc(), PersonRow.name, PersonRow.id)
    )
    return [
        (str(n), bool(safe), int(w), int(o), RatingSum(int(cs), int(cn)))
        for n, safe, w, o, cs, cn in session.execute(stmt)
    ]


def person_week_counts(
    session: Session, span: DateRange, week_start: int
) -> list[tuple[str, date, int, int]]:
    """(person, week start, withdrawals, openings) for every non-empty person-week."""
    bucket = week_bucket(week_start).label("week")
    stmt = (
        select(PersonRow.name, bucket, _withdrew(), _opened())
        .join(MomentRow, MomentRow.person_id == PersonRow.id)
        .where(_in(span))
        .group_by(PersonRow.id, bucket)
        .order_by(PersonRow.name, bucket)
    )
    return [
        (str(n), from_day_number(int(wk)), int(w), int(o)) for n, wk, w, o in session.execute(stmt)
    ]


def moments_without_person(session: Session, span: DateRange) -> int:
    stmt = (
        select(func.count()).select_from(MomentRow).where(_in(span), MomentRow.person_id.is_(None))
    )
    return int(session.execute(stmt).scalar_one())


def weekday_hour_counts(session: Session, span: DateRange) -> list[tuple[int, int, int, int]]:
    """(local weekday, local hour, withdrawals, openings) for every non-empty cell."""
    stmt = (
        select(MomentRow.local_weekday, MomentRow.local_hour, _withdrew(), _opened())
        .where(_in(span))
        .group_by(MomentRow.local_weekday, MomentRow.local_hour)
        .order_by(MomentRow.local_weekday, MomentRow.local_hour)
    )
    return [(int(d), int(h), int(w), int(o)) for d, h, w, o in session.execute(stmt)]


def paradox_week_counts(
    session: Session, span: DateRange, week_start: int
) -> list[tuple[date, int, int, int]]:
    """(week start, withdrawals, withdrawals with an answer, answered "yes") per non-empty week."""
    bucket = week_bucket(week_start).label("week")
    stmt = (
        select(
            bucket,
            func.count(),
            func.count(MomentRow.wanted_closeness),
            _count_if(MomentRow.wanted_closeness == WantedCloseness.YES.value),
        )
        .where(_in(span), MomentRow.direction == Direction.WITHDREW.value)
        .group_by(bucket)
        .order_by(bucket)
    )
    return [
        (from_day_number(int(wk)), int(n), int(answered), int(yes))
        for wk, n, answered, yes in session.execute(stmt)
    ]


__all__ = [
    "Snapshot",
    "SpanTagCounts",
    "day_directions",
    "day_tallies",
    "fear_counts",
    "moments_without_person",
    "paradox_week_counts",
    "person_counts",
    "person_week_counts",
    "span_tag_counts",
    "tally",
    "weekday_hour_counts",
]
