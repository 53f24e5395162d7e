"""Practice steps and their ticks, and the weekly rating sums their comparison needs."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wallwatch.domain.calendar import day_number, from_day_number
from wallwatch.domain.model import TagKind
from wallwatch.domain.patterns import RatingSum
from wallwatch.domain.steps import Step, StepDraft, StepStatus, StepTick
from wallwatch.store.aggregates import week_bucket
from wallwatch.store.people import NotFound, PersonRepository, TagRepository
from wallwatch.store.schema import MomentRow, StepRow, StepTickRow
from wallwatch.store.timefmt import from_utc_text, to_utc_text


def step_from_row(row: StepRow) -> Step:
    return Step(
        id=row.id,
        text=row.text,
        person=row.person.name if row.person else None,
        fear=row.fear.name if row.fear else None,
        target_per_week=row.target_per_week,
        status=StepStatus(row.status),
        created_at=from_utc_text(row.created_utc),
        edited_at=from_utc_text(row.edited_utc),
        status_changed_at=from_utc_text(row.status_changed_utc),
        position=row.position,
    )


def tick_from_row(row: StepTickRow) -> StepTick:
    return StepTick(
        id=row.id,
        step_id=row.step_id,
        day=from_day_number(row.local_day),
        moment_id=uuid.UUID(row.moment_id) if row.moment_id else None,
        created_at=from_utc_text(row.created_utc),
    )


def _stamp(now: datetime | None) -> str:
    return to_utc_text(now or datetime.now(UTC))


class StepRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- steps --------------------------------------------------------------------------------
    def _require(self, step_id: int) -> StepRow:
        row = self.session.get(StepRow, step_id)
        if row is None:
            raise NotFound(f"no step with number {step_id}")
        return row

    def get(self, step_id: int) -> Step | None:
        row = self.session.get(StepRow, step_id)
        return step_from_row(row) if row else None

    def all(self, *, include_archived: bool = False) -> list[Step]:
        stmt = select(StepRow).order_by(StepRow.position, StepRow.id)
        if not include_archived:
            stmt = stmt.where(StepRow.status != StepStatus.ARCHIVED.value)
        return [step_from_row(r) for r in self.session.scalars(stmt)]

    def add(self, draft: StepDraft, *, now: datetime | None = None) -> Step:
        stamp = _stamp(now)
        last = self.session.execute(select(func.max(StepRow.position))).scalar()
        row = StepRow(
            status=StepStatus.ACTIVE.value,
            created_utc=stamp,
            edited_utc=stamp,
            status_changed_utc=stamp,
            position=0 if last is None else int(last) + 1,
        )
        self._fill(row, draft)
        self.session.add(row)
        self.session.flush()
        return step_from_row(row)

    def update(self, step_id: int, draft: StepDraft, *, now: datetime | None = None) -> Step:
        row = self._require(step_id)
        self._fill(row, draft)
        row.edited_utc = _stamp(now)
        self.session.flush()
        return step_from_row(row)

    def set_status(self, step_id: int, status: StepStatus, *, now: datetime | None = None) -> Step:
        row = self._require(step_id)
        if row.status != status.value:
            row.status = status.value
            row.status_changed_utc = row.edited_utc = _stamp(now)
            self.session.flush()
        return step_from_row(row)

    def reorder(self, step_ids: Sequence[int]) -> None:
        """Put the given steps first, in this order; the others keep their order after them."""
        rows = {r.id: r for r in self.session.scalars(select(StepRow))}
        for step_id in step_ids:
            if step_id not in rows:
                raise NotFound(f"no step with number {step_id}")
        rest = sorted(
            (r for r in rows.values() if r.id not in set(step_ids)),
            key=lambda r: (r.position, r.id),
        )
        for position, row in enumerate([*(rows[i] for i in step_ids), *rest]):
            row.position = position
        self.session.flush()

    def _fill(self, row: StepRow, d: StepDraft) -> None:
        row.text = d.text.strip()
        # Set through the relationships, so the row reads back its new person and fear at once.
        row.person = PersonRepository(self.session).get_or_create(d.person) if d.person else None
        row.fear = (
            TagRepository(self.session).resolve(TagKind.FEAR, [d.fear])[0] if d.fear else None
        )
        row.target_per_week = d.target_per_week

    # -- ticks --------------------------------------------------------------------------------
    def add_tick(
        self,
        step_id: int,
        day: date,
        moment_id: uuid.UUID | None = None,
        *,
        now: datetime | None = None,
    ) -> StepTick:
        self._require(step_id)
        if moment_id is not None:
            found = self.session.scalars(
                select(StepTickRow).where(
                    StepTickRow.step_id == step_id, StepTickRow.moment_id == str(moment_id)
                )
            ).first()
            if found is not None:  # the same moment ticks a step once
                return tick_from_row(found)
            if self.session.get(MomentRow, str(moment_id)) is None:
                raise NotFound(f"no moment with id {moment_id}")
        row = StepTickRow(
            step_id=step_id,
            moment_id=str(moment_id) if moment_id else None,
            local_day=day_number(day),
            created_utc=_stamp(now),
        )
        self.session.add(row)
        self.session.flush()
        return tick_from_row(row)

    def delete_tick(self, tick_id: int) -> StepTick:
        row = self.session.get(StepTickRow, tick_id)
        if row is None:
            raise NotFound(f"no tick with number {tick_id}")
        gone = tick_from_row(row)
        self.session.execute(delete(StepTickRow).where(StepTickRow.id == tick_id))
        return gone

    def ticks(
        self, step_id: int, first: date | None = None, last: date | None = None
    ) -> list[StepTick]:
        """A step's ticks, oldest first (between the local dates given, both included)."""
        stmt = select(StepTickRow).where(StepTickRow.step_id == step_id)
        if first is not None:
            stmt = stmt.where(StepTickRow.local_day >= day_number(first))
        if last is not None:
            stmt = stmt.where(StepTickRow.local_day <= day_number(last))
        stmt = stmt.order_by(StepTickRow.local_day, StepTickRow.id)
        return [tick_from_row(r) for r in self.session.scalars(stmt)]

    def tick_days(self, first: date, last: date) -> dict[int, list[date]]:
        """The days each step was ticked between two local dates (both included)."""
        stmt = (
            select(StepTickRow.step_id, StepTickRow.local_day)
            .where(StepTickRow.local_day >= day_number(first))
            .where(StepTickRow.local_day <= day_number(last))
            .order_by(StepTickRow.step_id, StepTickRow.local_day)
        )
        out: dict[int, list[date]] = {}
        for step_id, day in self.session.execute(stmt):
            out.setdefault(int(step_id), []).append(from_day_number(int(day)))
        return out

    def ticks_for_moment(self, moment_id: uuid.UUID) -> list[StepTick]:
        stmt = (
            select(StepTickRow)
            .where(StepTickRow.moment_id == str(moment_id))
            .order_by(StepTickRow.step_id)
        )
        return [tick_from_row(r) for r in self.session.scalars(stmt)]

    def first_tick_day(self, step_id: int) -> date | None:
        stmt = select(func.min(StepTickRow.local_day)).where(StepTickRow.step_id == step_id)
        day = self.session.execute(stmt).scalar()
        return None if day is None else from_day_number(int(day))


def weekly_rating_sums(
    session: Session, first: date, last: date, week_start_day: int
) -> dict[date, tuple[RatingSum, RatingSum]]:
    """(loneliness, connection) sums and counts of moment ratings per week, for the weeks
    holding moments between two local dates (both included). Weeks with no moments are absent."""
    bucket = week_bucket(week_start_day)
    stmt = (
        select(
            bucket,
            func.coalesce(func.sum(MomentRow.loneliness), 0),
            func.count(MomentRow.loneliness),
            func.coalesce(func.sum(MomentRow.connection), 0),
            func.count(MomentRow.connection),
        )
        .where(MomentRow.local_day >= day_number(first))
        .where(MomentRow.local_day <= day_number(last))
        .group_by(bucket)
    )
    out: dict[date, tuple[RatingSum, RatingSum]] = {}
    for row in session.execute(stmt):
        week, ls, ln, cs, cn = (int(v) for v in row)
        out[from_day_number(week)] = (RatingSum(ls, ln), RatingSum(cs, cn))
    return out


__all__ = ["StepRepository", "step_from_row", "tick_from_row", "weekly_rating_sums"]
