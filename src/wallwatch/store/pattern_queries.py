"""SQL behind the Patterns area: every count, sum and co-occurrence is a GROUP BY in SQLite.

Rating sums and counts (not SQL ``avg``) are returned so that pooled means across days or weeks
are exact. All ranges are inclusive local dates, compared on the indexed ``local_day`` column.
Rows come back in a fixed order (counts, then name) so results are the same on every run.
Joins with ``tag`` go through ``aggregates.link_tag_id``, so SQLite reads the moments in the
date range first rather than every moment that ever had a tag (plans: docs/performance.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, aliased

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


def _has_tag(kind: TagKind) -> ColumnElement[bool]:
    mt = aliased(MomentTagRow)
    t = aliased(TagRow)
    return (
        select(mt.moment_id)
        .join(t, t.id == mt.tag_id)
        .where(mt.moment_id == MomentRow.id, t.kind == kind.value)
        .exists()
    )


def withdrawals_without_fear(session: Session, span: DateRange) -> int:
    stmt = (
        select(func.count())
        .select_from(MomentRow)
        .where(_in(span), MomentRow.direction == Direction.WITHDREW.value)
        .where(~_has_tag(TagKind.FEAR))
    )
    return int(session.execute(stmt).scalar_one())


def fear_behaviour_counts(
    session: Session, span: DateRange, direction: Direction | None = None
) -> tuple[list[tuple[str, str, int]], int]:
    """Moments per (fear, behaviour) pair, and how many moments had at least one of each."""
    mf, f = aliased(MomentTagRow), aliased(TagRow)
    mb, b = aliased(MomentTagRow), aliased(TagRow)

    def joined(stmt: Any) -> Any:
        stmt = (
            stmt.select_from(MomentRow)
            .join(mf, mf.moment_id == MomentRow.id)
            .join(f, and_(f.id == link_tag_id(mf), f.kind == TagKind.FEAR.value))
            .join(mb, mb.moment_id == MomentRow.id)
            .join(b, and_(b.id == link_tag_id(mb), b.kind == TagKind.BEHAVIOUR.value))
            .where(_in(span))
        )
        if direction is not None:
            stmt = stmt.where(MomentRow.direction == direction.value)
        return stmt

    # (moment, fear, behaviour) is unique, so count(*) per pair is a count of moments.
    pairs = joined(select(f.name, b.name, func.count())).group_by(f.id, b.id)
    both = joined(select(func.count(func.distinct(MomentRow.id))))
    rows = [(str(fn), str(bn), int(c)) for fn, bn, c in session.execute(pairs)]
    return rows, int(session.execute(both).scalar_one())


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
    "day_tallies",
    "fear_behaviour_counts",
    "fear_counts",
    "moments_without_person",
    "paradox_week_counts",
    "person_counts",
    "person_week_counts",
    "tally",
    "weekday_hour_counts",
    "withdrawals_without_fear",
]
