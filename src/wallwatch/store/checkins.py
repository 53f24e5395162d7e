"""Weekly check-ins: one row per week, keyed by the local day number the week starts on."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wallwatch.domain.calendar import day_number, from_day_number
from wallwatch.domain.checkin import Checkin, CheckinAnswers, week_of
from wallwatch.store.schema import CheckinRow
from wallwatch.store.timefmt import from_utc_text, to_utc_text

# A check-in stored under another week start setting can start up to 6 days either side of
# the week it now belongs to (see ``domain.checkin.week_of``).
_SLACK = 6


def checkin_from_row(row: CheckinRow) -> Checkin:
    return Checkin(
        week_start=from_day_number(row.week_start),
        week_start_day=row.week_start_day,
        answers=CheckinAnswers(row.companionship, row.left_out, row.isolated),
        want_more=row.want_more,
        recorded_at=from_utc_text(row.recorded_utc),
        edited_at=from_utc_text(row.edited_utc),
    )


class CheckinRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows_near(self, first: date, last: date) -> list[CheckinRow]:
        stmt = (
            select(CheckinRow)
            .where(CheckinRow.week_start >= day_number(first) - _SLACK)
            .where(CheckinRow.week_start <= day_number(last) + _SLACK)
            .order_by(CheckinRow.week_start)
        )
        return list(self.session.scalars(stmt))

    def _row_for(self, week: date, week_start_day: int) -> CheckinRow | None:
        """The row belonging to the week starting ``week``; an exact start wins over a row
        stored under another week start setting."""
        rows = [r for r in self._rows_near(week, week) if _week(r, week_start_day) == week]
        return max(rows, key=lambda r: _rank(r, week), default=None)

    def get(self, week: date, week_start_day: int) -> Checkin | None:
        row = self._row_for(week, week_start_day)
        return checkin_from_row(row) if row else None

    def save(
        self,
        week: date,
        week_start_day: int,
        answers: CheckinAnswers,
        want_more: str,
        *,
        now: datetime | None = None,
    ) -> Checkin:
        """Record the check-in of the week starting ``week``, replacing that week's answers if
        it already has some (the first recording time is kept)."""
        stamp = to_utc_text(now or datetime.now(UTC))
        row = self._row_for(week, week_start_day)
        if row is None:
            row = CheckinRow(recorded_utc=stamp)
            self.session.add(row)
        row.week_start = day_number(week)
        row.week_start_day = week_start_day
        row.companionship, row.left_out, row.isolated = answers.as_tuple()
        row.total = answers.total
        row.want_more = want_more
        row.edited_utc = stamp
        self.session.flush()
        return checkin_from_row(row)

    def restore(self, checkin: Checkin) -> None:
        """Put back a deleted check-in exactly as it was (undo)."""
        self.session.add(
            CheckinRow(
                week_start=day_number(checkin.week_start),
                week_start_day=checkin.week_start_day,
                companionship=checkin.answers.companionship,
                left_out=checkin.answers.left_out,
                isolated=checkin.answers.isolated,
                total=checkin.total,
                want_more=checkin.want_more,
                recorded_utc=to_utc_text(checkin.recorded_at),
                edited_utc=to_utc_text(checkin.edited_at),
            )
        )
        self.session.flush()

    def delete(self, week: date, week_start_day: int) -> Checkin | None:
        row = self._row_for(week, week_start_day)
        if row is None:
            return None
        gone = checkin_from_row(row)
        self.session.execute(delete(CheckinRow).where(CheckinRow.id == row.id))
        return gone

    def between(self, first: date, last: date, week_start_day: int) -> dict[date, Checkin]:
        """Check-ins of the weeks starting ``first`` … ``last``, by week start (per
        ``week_start_day``). Should two land in one week, the latest edited is kept."""
        out: dict[date, CheckinRow] = {}
        for row in self._rows_near(first, last):
            week = _week(row, week_start_day)
            if first <= week <= last and (
                week not in out or _rank(row, week) > _rank(out[week], week)
            ):
                out[week] = row
        return {week: checkin_from_row(row) for week, row in out.items()}

    def all(self) -> list[Checkin]:
        """Every check-in, oldest week first."""
        stmt = select(CheckinRow).order_by(CheckinRow.week_start)
        return [checkin_from_row(r) for r in self.session.scalars(stmt)]


def _week(row: CheckinRow, week_start_day: int) -> date:
    return week_of(from_day_number(row.week_start), week_start_day)


def _rank(row: CheckinRow, week: date) -> tuple[bool, str]:
    """Which of two check-ins landing in one week counts: one stored under exactly that week
    start, else the latest edited."""
    return (row.week_start == day_number(week), row.edited_utc)


__all__ = ["CheckinRepository", "checkin_from_row"]
