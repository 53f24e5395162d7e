"""Recording, editing, deleting (and undoing a delete) and finding moments."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Moment, MomentDraft
from wallwatch.domain.query import MomentFilter
from wallwatch.services.errors import NotFound, ValidationFailed
from wallwatch.store.database import Database
from wallwatch.store.moments import MomentRepository


class MomentService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, draft: MomentDraft) -> Moment:
        """Validate and save a new moment in one transaction; returns it as stored."""
        errors = draft.validate()
        if errors:
            raise ValidationFailed(errors)
        with self._db.transaction() as session:
            repo = MomentRepository(session)
            new_id = repo.add(draft)
            moment = repo.get(new_id)
        assert moment is not None
        return moment

    def edit(self, moment_id: uuid.UUID, draft: MomentDraft) -> Moment:
        errors = draft.validate()
        if errors:
            raise ValidationFailed(errors)
        with self._db.transaction() as session:
            repo = MomentRepository(session)
            repo.update(moment_id, draft)
            moment = repo.get(moment_id)
        assert moment is not None
        return moment

    def delete(self, ids: Sequence[uuid.UUID]) -> list[Moment]:
        """Delete moments; returns them exactly as they were, so the delete can be undone."""
        with self._db.transaction() as session:
            repo = MomentRepository(session)
            gone = repo.get_many(ids)
            repo.delete([m.id for m in gone])
        return gone

    def restore(self, moments: Sequence[Moment]) -> None:
        """Put deleted moments back with their original ids and timestamps (undo)."""
        with self._db.transaction() as session:
            repo = MomentRepository(session)
            present = repo.existing_ids([str(m.id) for m in moments])
            for m in moments:
                if str(m.id) in present:
                    continue
                repo.add(
                    m.draft(), moment_id=m.id, recorded_at=m.recorded_at, edited_at=m.edited_at
                )

    def get(self, moment_id: uuid.UUID) -> Moment:
        with self._db.reading() as session:
            moment = MomentRepository(session).get(moment_id)
        if moment is None:
            raise NotFound(f"no moment with id {moment_id}")
        return moment

    def find(self, prefix: str) -> Moment:
        """A moment by its full id or an unambiguous prefix of it (handy in the CLI)."""
        try:
            return self.get(uuid.UUID(prefix))
        except ValueError:
            pass
        prefix = prefix.strip().lower()
        if not prefix:
            # An empty prefix "matches" every id; it must never pick a moment by accident.
            raise NotFound("no moment id was given")
        with self._db.reading() as session:
            ids = MomentRepository(session).ids_starting_with(prefix, limit=2)
        if len(ids) != 1:
            raise NotFound(
                f"no moment id starts with {prefix!r}"
                if not ids
                else f"more than one moment id starts with {prefix!r}"
            )
        return self.get(ids[0])

    def query(
        self,
        f: MomentFilter = MomentFilter(),
        *,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
    ) -> list[Moment]:
        with self._db.reading() as session:
            return MomentRepository(session).query(
                f, limit=limit, offset=offset, newest_first=newest_first
            )

    def count(self, f: MomentFilter = MomentFilter()) -> int:
        with self._db.reading() as session:
            return MomentRepository(session).count(f)

    def any(self) -> bool:
        """Whether the journal holds any moment (cheaper than counting a large one)."""
        with self._db.reading() as session:
            return MomentRepository(session).any()

    def stream(self, f: MomentFilter = MomentFilter()) -> Iterator[Moment]:
        """Oldest first, in constant memory; the read snapshot lasts while iterating."""
        with self._db.reading() as session:
            yield from MomentRepository(session).stream(f)

    def on_day(self, day: date | None = None) -> list[Moment]:
        day = day or now_local().date()
        return self.query(MomentFilter(since=day, until=day), newest_first=True)

    def date_span(self) -> tuple[date, date] | None:
        from wallwatch.domain.calendar import from_day_number

        with self._db.reading() as session:
            span = MomentRepository(session).day_span()
        if span is None:
            return None
        return from_day_number(span[0]), from_day_number(span[1])

    @staticmethod
    def recent_window(days: int) -> MomentFilter:
        today = now_local().date()
        return MomentFilter(since=today - timedelta(days=days - 1), until=today)
