"""Moments CSV rows streamed: written straight from the journal's rows, read row by row.

Export: ``moment_to_row(moment_from_view(row))`` is the definition of an exported row; building a
``Moment`` with three parsed datetimes and a UUID for every row cost most of an export's time.
:func:`view_row_to_csv` gives the same cells from the stored text with string work, and falls
back to the definition for anything unusual (a test holds the two to the same output).

Import: :class:`MomentRowReader` parses a file as it is read, so a million-row import never
holds the whole text, or every parsed row, in memory at once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from wallwatch.services.csv_format import (
    ParsedRow,
    RowProblem,
    check_header,
    join_names,
    moment_to_row,
    neutralise,
    normalise_column,
    parse_row,
)
from wallwatch.store.moments import moment_from_view, split_tags

_OFFSETS: dict[int, tuple[timedelta, str]] = {}


def _offset(minutes: int) -> tuple[timedelta, str]:
    """The shift and the ``+HH:MM`` suffix ``isoformat`` writes for an offset in minutes."""
    found = _OFFSETS.get(minutes)
    if found is None:
        hours, mins = divmod(abs(minutes), 60)
        sign = "-" if minutes < 0 else "+"
        found = _OFFSETS[minutes] = (timedelta(minutes=minutes), f"{sign}{hours:02d}:{mins:02d}")
    return found


def _utc_iso(stored: str) -> str:
    """``2024-05-01 19:31:02.123456`` -> ``2024-05-01T19:31:02.123456+00:00`` (microseconds
    left out when zero, as ``isoformat`` does)."""
    if len(stored) != 26 or stored[10] != " " or stored[19] != ".":
        raise ValueError("not a stored time")
    fraction = "" if stored.endswith("000000") else stored[19:]
    return f"{stored[:10]}T{stored[11:19]}{fraction}+00:00"


def _local_iso(stored: str, minutes: int) -> str:
    if not -24 * 60 < minutes < 24 * 60:
        raise ValueError("not an offset datetime.timezone accepts")
    shift, suffix = _offset(minutes)
    local = datetime.fromisoformat(stored) + shift
    return local.isoformat() + suffix


def _names(names: tuple[str, ...]) -> str:
    return neutralise(join_names(names)) if names else ""


def _is_canonical_id(value: str) -> bool:
    return (
        len(value) == 36
        and value[8] == value[13] == value[18] == value[23] == "-"
        and value == value.lower()
    )


def view_row_to_csv(row: Sequence[Any]) -> list[str]:
    """The CSV cells (in ``COLUMNS`` order) for one row of ``store.moments.moment_view``."""
    (mid, occ, off, rec, edi, direction, intensity, person, tags,
     wanted, lonely, resent, connect, note, wish) = row  # fmt: skip
    if not _is_canonical_id(mid):
        return moment_to_row(moment_from_view(row))
    try:
        occurred = _local_iso(occ, off)
        recorded = _utc_iso(rec)
        edited = _utc_iso(edi)
    except (ValueError, OverflowError, TypeError):
        return moment_to_row(moment_from_view(row))
    fears, behaviours, body = split_tags(tags)
    return [
        mid,
        occurred,
        direction,
        str(intensity),
        neutralise(person or ""),
        _names(fears),
        _names(behaviours),
        _names(body),
        wanted or "",
        "" if lonely is None else str(lonely),
        "" if resent is None else str(resent),
        "" if connect is None else str(connect),
        neutralise(note),
        neutralise(wish),
        recorded,
        edited,
    ]


# Notes may be long; the csv module's default cell limit (128 KiB) would reject them.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024


class MomentRowReader:
    """Reads a moments CSV: the header when made, then the valid rows as they are asked for.

    Every problem found so far is in ``problems``, in file order. ``unreadable`` is true once the
    header or the CSV syntax is found broken; no row comes after that.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
        self._reader = csv.reader(lines, strict=True)
        self.problems: list[RowProblem] = []
        self.unreadable = False
        # Line of each id seen so far, keyed by its 128-bit number (smaller than a UUID object).
        self._first_line: dict[int, int] = {}
        self._header = self._read_header()

    def _broken(self, problem: RowProblem) -> None:
        self.problems.append(problem)
        self.unreadable = True

    def _read_header(self) -> list[str]:
        try:
            cells = next(self._reader, None)
        except csv.Error as exc:
            self._broken(RowProblem(1, None, f"is not valid CSV ({exc})"))
            return []
        if cells is None:
            self._broken(RowProblem(1, None, "the file is empty; a header row is needed"))
            return []
        problems = check_header(cells)
        if problems:
            self.problems.extend(problems)
            self.unreadable = True
            return []
        return [normalise_column(c) for c in cells]

    def rows(self) -> Iterator[ParsedRow]:
        """The valid rows, in file order (a row repeating an earlier id is a problem)."""
        reader, header, first_line = self._reader, self._header, self._first_line
        while not self.unreadable:
            line = reader.line_num + 1
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                self._broken(RowProblem(line, None, f"is not valid CSV ({exc})"))
                return
            if cells is None:
                return
            if not cells:  # a blank line
                continue
            row, row_problems = parse_row(line, header, cells)
            if row is None:
                self.problems.extend(row_problems)
                continue
            key = row.moment_id.int
            first = first_line.get(key)
            if first is not None:
                self.problems.append(RowProblem(line, "id", f"repeats the id of line {first}"))
                continue
            first_line[key] = line
            yield row

    def chunks(self, size: int) -> Iterator[list[ParsedRow]]:
        batch: list[ParsedRow] = []
        for row in self.rows():
            batch.append(row)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


__all__ = ["FIELD_SIZE_LIMIT", "MomentRowReader", "view_row_to_csv"]
