"""The fast path of CSV import: a file in the exported layout into a journal with no moments.

``transfer.import_csv`` defines what an import does (``MomentRowReader`` and ``parse_row`` check
each row; ``BulkMomentWriter.add`` stores it). Most imports are WallWatch's own exports restored
into a new journal, and there that definition spends most of its time building objects it then
takes apart again. Here a row whose cells all have the exact shapes an export writes is turned
straight into the stored values with cheap tests; a row with anything else in it goes through
``parse_row`` and ``BulkMomentWriter`` exactly as the reference does. A person or tag cell is
checked by the reference the first time it is seen and looked up afterwards.

Anything this path cannot decide the way the reference would (a bad row, a repeated id, a header
in another order, broken CSV) raises :class:`NeedsFullPath`; the caller rolls the transaction
back and imports the file the reference way, which finds and words the problems.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from wallwatch.domain.calendar import EPOCH
from wallwatch.domain.model import Direction, TagKind
from wallwatch.services.backups import BEFORE_IMPORT
from wallwatch.services.csv_format import COLUMNS, ParsedRow, normalise_column, parse_row
from wallwatch.services.csv_rows import FIELD_SIZE_LIMIT
from wallwatch.services.journal import Journal
from wallwatch.store.bulk import BulkMomentWriter, RowRefused, has_moments
from wallwatch.store.timefmt import to_utc_text


class NeedsFullPath(Exception):
    """The file needs the reference import (to report its problems or to read it at all)."""


_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# An aware time as ``isoformat`` writes it, years 1001–9998 (so that no UTC offset can carry it
# out of the years the journal stores); fromisoformat still checks the calendar.
_TIME = re.compile(
    r"(?:100[1-9]|10[1-9][0-9]|1[1-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
    r"-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2}"
)
_UTC_SUFFIX = "+00:00"
_DIRECTIONS = {d.value: d for d in Direction}
_INTENSITIES = {str(n): n for n in range(1, 6)}
_RATINGS: dict[str, int | None] = {"": None, **{str(n): n for n in range(11)}}
_WANTED: dict[str, str | None] = {"": None, "yes": "yes", "no": "no", "unsure": "unsure"}
_MISSING: Any = object()
_EPOCH_ORDINAL = EPOCH.toordinal()
_TAG_KINDS = (TagKind.FEAR, TagKind.BEHAVIOUR, TagKind.BODY)


def _is_utf8(text: str) -> bool:
    """False if the text holds undecodable bytes (read as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def import_into_empty(journal: Journal, lines: Iterator[str]) -> int | None:
    """Import the file's moments if the journal has none and every row is one the fast path
    can decide; returns how many were added, or None (nothing written) to use the full path.

    Like the full path: one transaction, and a backup (``before-import``) made before it
    commits, only if something was added.
    """
    try:
        with journal.db.transaction() as session:
            if has_moments(session):
                return None
            with BulkMomentWriter(session, sort_links=True) as writer:
                added = FastRowLoader(writer).load(lines)
            if added:
                journal.backups.create(BEFORE_IMPORT)
            return added
    except (NeedsFullPath, RowRefused):
        return None  # the transaction was rolled back: nothing of this attempt is left


class FastRowLoader:
    """Reads rows (after the header) and queues them on a writer in ``sort_links`` mode."""

    def __init__(self, writer: BulkMomentWriter) -> None:
        self._writer = writer
        self._people: dict[str, int | None] = {}
        # (kind index, cell) -> the tag ids of that cell, without repeats.
        self._tags: tuple[dict[str, tuple[int, ...]], ...] = ({}, {}, {})
        self.added = 0

    def load(self, lines: Iterable[str]) -> int:
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
            if header is None or [normalise_column(c) for c in header] != list(COLUMNS):
                raise NeedsFullPath
            self._rows(reader)
        except csv.Error:
            raise NeedsFullPath from None
        return self.added

    def _rows(self, reader: Any) -> None:
        # The hot loop: locals for everything it touches.
        add = self._writer.add_values
        now_text = self._writer.now_text
        people = self._people
        fear_ids, behaviour_ids, body_ids = self._tags
        id_ok = _ID.fullmatch
        time_ok = _TIME.fullmatch
        parse_time = datetime.fromisoformat
        directions, intensities, ratings, wanted_values = (
            _DIRECTIONS,
            _INTENSITIES,
            _RATINGS,
            _WANTED,
        )
        missing = _MISSING
        ordinal0 = _EPOCH_ORDINAL
        utc_suffix = _UTC_SUFFIX
        added = 0
        line_before = reader.line_num
        for cells in reader:
            line = line_before + 1
            line_before = reader.line_num
            if len(cells) != 16:
                if not cells:  # a blank line, skipped as the reference skips it
                    continue
                raise NeedsFullPath
            (mid, occ, direction_cell, intensity_cell, person, fears, behaviours, body,
             wanted_cell, lonely, resent, connect, note, wish, rec, edi) = cells  # fmt: skip
            direction = directions.get(direction_cell)
            intensity = intensities.get(intensity_cell)
            wanted = wanted_values.get(wanted_cell, missing)
            lonely_value = ratings.get(lonely, missing)
            resent_value = ratings.get(resent, missing)
            connect_value = ratings.get(connect, missing)
            person_id = people.get(person, missing)
            fear_tags = fear_ids.get(fears)
            behaviour_tags = behaviour_ids.get(behaviours)
            body_tags = body_ids.get(body)
            texts = note + wish
            if (
                direction is None
                or intensity is None
                or wanted is missing
                or (wanted is not None and direction_cell == "opened")
                or lonely_value is missing
                or resent_value is missing
                or connect_value is missing
                or person_id is missing
                or fear_tags is None
                or behaviour_tags is None
                or body_tags is None
                or id_ok(mid) is None
                or time_ok(occ) is None
                or (rec and time_ok(rec) is None)
                or (edi and time_ok(edi) is None)
                or "\x00" in texts
                or not (texts.isascii() or _is_utf8(texts))
            ):
                self._reference_row(line, cells)
                continue
            try:
                local = parse_time(occ)
                if rec:
                    if len(rec) == 32 and rec[26:] == utc_suffix:
                        parse_time(rec)  # for its calendar check (30 February, 25:00)
                        recorded = f"{rec[:10]} {rec[11:26]}"
                    else:
                        recorded = to_utc_text(parse_time(rec))
                else:
                    recorded = now_text
                if edi:
                    if len(edi) == 32 and edi[26:] == utc_suffix:
                        parse_time(edi)  # for its calendar check (30 February, 25:00)
                        edited = f"{edi[:10]} {edi[11:26]}"
                    else:
                        edited = to_utc_text(parse_time(edi))
                else:
                    edited = recorded
            except ValueError:  # not a real date or time, or an offset of a day or more
                self._reference_row(line, cells)
                continue
            offset = local.utcoffset()
            assert offset is not None  # the pattern asks for an offset
            add(
                (
                    mid,
                    f"{occ[:10]} {occ[11:26]}"
                    if len(occ) == 32 and occ[26:] == utc_suffix
                    # = to_utc_text(local): years 1001-9998 need no strftime
                    else (local.replace(tzinfo=None) - offset).isoformat(" ", "microseconds"),
                    offset.days * 1440 + offset.seconds // 60,
                    local.toordinal() - ordinal0,
                    local.hour,
                    local.weekday(),
                    recorded,
                    edited,
                    direction_cell,
                    intensity,
                    person_id,
                    wanted,
                    lonely_value,
                    resent_value,
                    connect_value,
                    note[1:] if note[:1] == "'" else note,
                    wish[1:] if wish[:1] == "'" else wish,
                ),
                fear_tags + behaviour_tags + body_tags
                if behaviour_tags or body_tags
                else fear_tags,
            )
            added += 1
        self.added += added

    def _reference_row(self, line: int, cells: list[str]) -> None:
        """A row with something unusual in it: checked and stored exactly as the reference
        does; its person and tag cells are remembered for the rows that repeat them."""
        row, problems = parse_row(line, COLUMNS, cells)
        if row is None or problems:
            raise NeedsFullPath
        writer = self._writer
        values = writer.row_values(row.draft, row.moment_id, row.recorded_at, row.edited_at)
        writer.add_values(values, writer.tag_ids(row.draft))
        self.added += 1
        self._remember(row, cells)

    def _remember(self, row: ParsedRow, cells: list[str]) -> None:
        writer, draft = self._writer, row.draft
        person = cells[4]
        if person not in self._people:
            self._people[person] = writer.person_id(draft.person) if draft.person else None
        for index, (kind, names) in enumerate(
            zip(_TAG_KINDS, (draft.fears, draft.behaviours, draft.body_signals), strict=True)
        ):
            cell = cells[5 + index]
            known = self._tags[index]
            if cell not in known:
                ids: list[int] = []
                for name in names:  # all exist by now: no direction is needed
                    tid = writer.tag_id(kind, name, draft.direction)
                    if tid not in ids:
                        ids.append(tid)
                known[cell] = tuple(ids)


__all__ = ["FastRowLoader", "NeedsFullPath", "import_into_empty"]
