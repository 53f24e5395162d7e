"""Aggregations done by SQLite: per local day and per week, and breakdowns by tag, person, time.

Week buckets use the same integer formula as ``wallwatch.domain.calendar.week_start_number``:
``local_day - ((local_day + 3 - week_start) mod 7)``. A large multiple of 7 keeps the left
operand positive, because SQLite's ``%`` keeps the sign of a negative dividend.

EXPLAIN QUERY PLAN for the daily and weekly summaries on a range (1M moments): SQLite sums per
day from the covering index alone, in its order; weeks are added up from the days in Python::

    SEARCH moment USING COVERING INDEX ix_moment_day_ratings (local_day>? AND local_day<?)

and for counts per tag in a range (``tag_breakdown``, and the Patterns queries), with
:func:`link_tag_id` keeping the moments in range as the outer loop::

    SEARCH moment USING INDEX ix_moment_local_day (local_day>? AND local_day<?)
    SEARCH moment_tag USING COVERING INDEX sqlite_autoindex_moment_tag_1 (moment_id=?)
    SEARCH tag USING INTEGER PRIMARY KEY (rowid=?)
    USE TEMP B-TREE FOR GROUP BY
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from wallwatch.domain.calendar import day_number, from_day_number, week_start_number
from wallwatch.domain.model import Direction, TagKind
from wallwatch.domain.query import MomentFilter
from wallwatch.domain.summary import Breakdown, PeriodSummary, RatingStat
from wallwatch.store.moments import apply_filter
from wallwatch.store.schema import MomentRow, MomentTagRow, PersonRow, TagRow

_POSITIVE = 7 * 100_000


def week_bucket(week_start: int) -> ColumnElement[int]:
    return MomentRow.local_day - (MomentRow.local_day + 3 - week_start + _POSITIVE) % 7


def link_tag_id(link: Any = MomentTagRow) -> ColumnElement[int]:
    """``moment_tag.tag_id`` for a join condition with ``tag``, written so that SQLite cannot
    answer it from ``ix_moment_tag_tag``.

    Left free, SQLite starts from the few tags of a kind and walks every moment that ever had
    one, only then dropping those outside the dates: time grows with the whole journal (1.5 s
    for fears in one week of a 1M-moment journal). ``+ 0`` leaves it one good plan: the moments
    in the date range first (``ix_moment_local_day``), then their tags (see the module's plans).
    """
    return link.tag_id + 0  # type: ignore[no-any-return]


def _direction_counts() -> list[Any]:
    return [
        func.sum(case((MomentRow.direction == Direction.WITHDREW.value, 1), else_=0)),
        func.sum(case((MomentRow.direction == Direction.OPENED.value, 1), else_=0)),
    ]


def _rating_sums() -> list[Any]:
    cols: list[Any] = []
    for col in (MomentRow.loneliness, MomentRow.resentment, MomentRow.connection):
        cols += [func.sum(col), func.count(col)]
    return cols


def _stat(total: float, n: float) -> RatingStat:
    # SQLite's avg() divides the sum by the count once, as doubles; the sums of whole ratings
    # are exact, so this division gives the very same number.
    return RatingStat(total / n if n else None, int(n))


def period_summaries(
    session: Session,
    since: date,
    until: date,
    *,
    week_start: int | None = None,
    base: MomentFilter = MomentFilter(),
) -> list[PeriodSummary]:
    """Summaries per local day (``week_start is None``) or per week, only for non-empty ones.

    ``since``/``until`` are inclusive local dates; callers fill the empty periods as gaps.

    SQLite sums per day, in the order of ``ix_moment_day_ratings`` (no sorting, and without a
    filter it reads that index only, never the table); days are added up into weeks here. Means
    are the exact integer sums over the counts, as ``avg()`` would give for the week.
    """
    stmt = (
        select(MomentRow.local_day, *_direction_counts(), *_rating_sums())
        .where(MomentRow.local_day >= day_number(since), MomentRow.local_day <= day_number(until))
        .group_by(MomentRow.local_day)
        .order_by(MomentRow.local_day)
    )
    stmt = apply_filter(stmt, base)
    totals: dict[int, list[float]] = {}
    for day, *values in session.execute(stmt):
        bucket = int(day) if week_start is None else week_start_number(int(day), week_start)
        sums = totals.setdefault(bucket, [0] * 8)
        for i, v in enumerate(values):
            if v is not None:
                sums[i] += v  # whole numbers stay ints: no rounding
    return [
        PeriodSummary(
            start=from_day_number(bucket),
            withdrew=int(withdrew),
            opened=int(opened),
            loneliness=_stat(ls, ln),
            resentment=_stat(rs, rn),
            connection=_stat(cs, cn),
        )
        for bucket, (withdrew, opened, ls, ln, rs, rn, cs, cn) in sorted(totals.items())
    ]


def _range(since: date, until: date) -> list[Any]:
    return [
        MomentRow.local_day >= day_number(since),
        MomentRow.local_day <= day_number(until),
    ]


def tag_breakdown(
    session: Session,
    kind: TagKind,
    since: date,
    until: date,
    *,
    direction: Direction | None = None,
) -> list[Breakdown]:
    """How many withdrawals and openings each tag of ``kind`` appeared in (most first).

    With ``direction``, only moments that went that way are counted (and ranked).
    """
    withdrew, opened = _direction_counts()
    stmt = (
        select(TagRow.name, withdrew, opened)
        .join(MomentTagRow, link_tag_id() == TagRow.id)
        .join(MomentRow, MomentRow.id == MomentTagRow.moment_id)
        .where(TagRow.kind == kind.value, *_range(since, until))
        .group_by(TagRow.id)
        .order_by(func.count().desc(), TagRow.name)
    )
    if direction is not None:
        stmt = stmt.where(MomentRow.direction == direction.value)
    return [Breakdown(n, int(w or 0), int(o or 0)) for n, w, o in session.execute(stmt)]


def person_breakdown(session: Session, since: date, until: date) -> list[Breakdown]:
    """Per person: withdrawals, openings, mean connection and how many ratings it rests on."""
    withdrew, opened = _direction_counts()
    stmt = (
        select(
            PersonRow.name,
            withdrew,
            opened,
            func.avg(MomentRow.connection),
            func.count(MomentRow.connection),
            PersonRow.safe,
        )
        .join(MomentRow, MomentRow.person_id == PersonRow.id)
        .where(*_range(since, until))
        .group_by(PersonRow.id)
        .order_by(func.count().desc(), PersonRow.name)
    )
    return [
        Breakdown(
            n,
            int(w or 0),
            int(o or 0),
            {
                "connection_mean": float(cm) if cm is not None else None,
                "connection_n": int(cn),
                "safe": int(bool(safe)),
            },
        )
        for n, w, o, cm, cn, safe in session.execute(stmt)
    ]


def time_breakdown(session: Session, since: date, until: date, by: str) -> list[Breakdown]:
    """Counts by local ``weekday`` (0 = Monday) or ``hour`` (0–23); keys are those numbers."""
    col = {"weekday": MomentRow.local_weekday, "hour": MomentRow.local_hour}[by]
    withdrew, opened = _direction_counts()
    stmt = select(col, withdrew, opened).where(*_range(since, until)).group_by(col).order_by(col)
    return [Breakdown(str(k), int(w or 0), int(o or 0)) for k, w, o in session.execute(stmt)]


def behaviour_breakdown(
    session: Session, since: date, until: date, direction: Direction
) -> Sequence[Breakdown]:
    return [
        b
        for b in tag_breakdown(session, TagKind.BEHAVIOUR, since, until)
        if (b.withdrew if direction is Direction.WITHDREW else b.opened) > 0
    ]


def fears_for_week(session: Session, week_first: date, week_last: date) -> list[Breakdown]:
    """The fears behind withdrawals in one week, most frequent first.

    Openings are left out entirely, so they neither count nor change the order.
    """
    return tag_breakdown(session, TagKind.FEAR, week_first, week_last, direction=Direction.WITHDREW)
