"""The WallWatch moments CSV format: columns, escaping and row <-> moment conversion.

Pure functions only (no files, no database), so the format can be tested exhaustively and the
export and import services share one definition of it. Documented in docs/csv-format.md.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from wallwatch.domain.model import (
    INTENSITY_MAX,
    INTENSITY_MIN,
    RATING_MAX,
    RATING_MIN,
    Direction,
    Moment,
    MomentDraft,
    WantedCloseness,
)

COLUMNS: tuple[str, ...] = (
    "id",
    "occurred_at",
    "direction",
    "intensity",
    "person",
    "fears",
    "behaviours",
    "body_signals",
    "wanted_closeness",
    "loneliness",
    "resentment",
    "connection",
    "note",
    "wish",
    "recorded_at",
    "edited_at",
)
REQUIRED_COLUMNS: frozenset[str] = frozenset({"id", "occurred_at", "direction"})
LIST_COLUMNS: tuple[str, ...] = ("fears", "behaviours", "body_signals")
# Cells holding what a person typed: only these can carry a formula into a spreadsheet.
TEXT_COLUMNS: frozenset[str] = frozenset({"person", *LIST_COLUMNS, "note", "wish"})
RATING_COLUMNS: tuple[str, ...] = ("loneliness", "resentment", "connection")

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE_PREFIX = "'"
LIST_SEPARATOR = ";"
ESCAPE = "\\"

# The store writes years with strftime, which only sorts correctly for four-digit years.
YEAR_MIN = 1000
YEAR_MAX = 9999

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}")


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row (or the header, line 1) cannot be imported, tied to its line and column."""

    line: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """A valid data row: the moment as it should be stored, with its original id and times."""

    line: int
    moment_id: uuid.UUID
    draft: MomentDraft
    recorded_at: datetime | None
    edited_at: datetime | None


# -- escaping -----------------------------------------------------------------------------------
def neutralise(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula (and one already quoted) with ``'``."""
    if text and (text[0] in FORMULA_STARTS or text[0] == QUOTE_PREFIX):
        return QUOTE_PREFIX + text
    return text


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise`: drop exactly one leading ``'``."""
    return cell[1:] if cell.startswith(QUOTE_PREFIX) else cell


def join_names(names: Sequence[str]) -> str:
    r"""Tag names as one cell: ``;`` between names, ``\;`` and ``\\`` inside them."""
    return LIST_SEPARATOR.join(
        n.replace(ESCAPE, ESCAPE + ESCAPE).replace(LIST_SEPARATOR, ESCAPE + LIST_SEPARATOR)
        for n in names
    )


def split_names(cell: str) -> tuple[str, ...]:
    """Undo :func:`join_names`. Raises ``ValueError`` on a stray backslash."""
    if cell == "":
        return ()
    if ESCAPE not in cell:  # the usual case: nothing escaped, a plain split will do
        return tuple(cell.split(LIST_SEPARATOR))
    names: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == ESCAPE:
            nxt = next(chars, None)
            if nxt not in (ESCAPE, LIST_SEPARATOR):
                raise ValueError(r"has a \ that is not followed by ; or \ (write \\ for a \)")
            current.append(nxt)
        elif ch == LIST_SEPARATOR:
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    return tuple(names)


# -- writing ------------------------------------------------------------------------------------
def format_time(value: datetime) -> str:
    return value.isoformat()


def moment_to_row(m: Moment) -> list[str]:
    """One CSV row in :data:`COLUMNS` order."""

    def rating(value: int | None) -> str:
        return "" if value is None else str(value)

    return [
        str(m.id),
        format_time(m.occurred_at),
        m.direction.value,
        str(m.intensity),
        neutralise(m.person or ""),
        neutralise(join_names(m.fears)),
        neutralise(join_names(m.behaviours)),
        neutralise(join_names(m.body_signals)),
        m.wanted_closeness.value if m.wanted_closeness else "",
        rating(m.loneliness),
        rating(m.resentment),
        rating(m.connection),
        neutralise(m.note),
        neutralise(m.wish),
        format_time(m.recorded_at.astimezone(UTC)),
        format_time(m.edited_at.astimezone(UTC)),
    ]


# -- reading ------------------------------------------------------------------------------------
def check_header(cells: Sequence[str]) -> list[RowProblem]:
    """Problems with the header row (line 1): unknown, repeated or missing columns."""
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for raw in cells:
        name = normalise_column(raw)
        if name not in COLUMNS:
            shown = _printable(raw) if raw.strip() else "(empty)"
            problems.append(RowProblem(1, shown, "is not a WallWatch column"))
        elif name in seen:
            problems.append(RowProblem(1, name, "appears more than once in the header"))
        seen.add(name)
    problems.extend(
        RowProblem(1, name, "is a required column but is missing from the header")
        for name in COLUMNS
        if name in REQUIRED_COLUMNS and name not in seen
    )
    return problems


def _printable(raw: str) -> str:
    """A header cell safe to show: control characters and undecodable bytes escaped."""
    if raw.isprintable():
        return raw
    return (
        raw.encode("utf-8", "surrogateescape")
        .decode("utf-8", "backslashreplace")
        .encode("unicode_escape")
        .decode("ascii")
    )


def normalise_column(raw: str) -> str:
    return raw.strip().lower()


class _CellError(ValueError):
    pass


def _parse_time(cell: str) -> datetime:
    text = cell.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _CellError(
            "is not an ISO-8601 date and time such as 2024-05-01T21:30:00+02:00"
        ) from None
    offset = value.utcoffset()
    if offset is None:
        raise _CellError("has no UTC offset (add one, e.g. +02:00 or Z)")
    if offset.total_seconds() % 60:
        raise _CellError("has a UTC offset that is not a whole number of minutes")
    try:
        year = value.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not YEAR_MIN <= min(year, value.year) <= max(year, value.year) <= YEAR_MAX:
        raise _CellError(f"is outside the years {YEAR_MIN}–{YEAR_MAX}")
    return value


def _parse_int(cell: str, low: int, high: int) -> int:
    text = cell.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        raise _CellError(f"must be a whole number {low}–{high}")
    return int(text)


_ALLOWED: dict[type[Direction] | type[WantedCloseness], tuple[str, ...]] = {
    Direction: tuple(c.value for c in Direction),
    WantedCloseness: tuple(c.value for c in WantedCloseness),
}


def _parse_choice(cell: str, choices: type[Direction] | type[WantedCloseness]) -> str:
    value = cell.strip().lower()
    allowed = _ALLOWED[choices]
    if value not in allowed:
        raise _CellError("must be " + " or ".join(repr(a) for a in allowed))
    return value


def _list_cell(cell: str) -> tuple[str, ...]:
    try:
        return split_names(unneutralise(cell))
    except ValueError as exc:
        raise _CellError(str(exc)) from None


def _id_cell(cell: str) -> uuid.UUID:
    try:
        return uuid.UUID(cell.strip())
    except ValueError:
        raise _CellError("is not a valid moment id (a UUID)") from None


def _time_cell(cell: str) -> datetime | None:
    return _parse_time(cell) if cell.strip() else None


def _wanted_cell(cell: str) -> WantedCloseness | None:
    return WantedCloseness(_parse_choice(cell, WantedCloseness)) if cell.strip() else None


def _rating_cell(cell: str) -> int | None:
    return _parse_int(cell, RATING_MIN, RATING_MAX) if cell.strip() else None


# One parser per column: a dictionary lookup instead of a chain of tests for every cell.
_CELL_PARSERS: dict[str, Callable[[str], object]] = {
    "id": _id_cell,
    "occurred_at": _time_cell,
    "direction": lambda cell: Direction(_parse_choice(cell, Direction)),
    "intensity": lambda cell: _parse_int(cell, INTENSITY_MIN, INTENSITY_MAX),
    "person": lambda cell: unneutralise(cell) or None,
    "fears": _list_cell,
    "behaviours": _list_cell,
    "body_signals": _list_cell,
    "wanted_closeness": _wanted_cell,
    "loneliness": _rating_cell,
    "resentment": _rating_cell,
    "connection": _rating_cell,
    "note": unneutralise,
    "wish": unneutralise,
    "recorded_at": _time_cell,
    "edited_at": _time_cell,
}


def _parse_cell(column: str, cell: str) -> object:
    """The value of one cell, or ``_CellError`` saying what is wrong with it."""
    if column in REQUIRED_COLUMNS and not cell.strip():
        raise _CellError("must not be empty")
    parser = _CELL_PARSERS.get(column)
    if parser is None:
        raise AssertionError(f"unknown column {column}")  # check_header rules this out
    return parser(cell)


def _cell_problem(cell: str) -> str | None:
    if "\x00" in cell:
        return "contains a NUL byte"
    # Bytes that are not UTF-8 were decoded with surrogateescape, into lone surrogates. Only
    # text that cannot be encoded back holds any, so the character scan is rarely needed.
    if cell.isascii():
        return None
    try:
        cell.encode("utf-8")
    except UnicodeEncodeError:
        if any("\udc80" <= ch <= "\udcff" for ch in cell):
            return "is not valid UTF-8 text"
    return None


# Stand-ins for cells that failed, so MomentDraft.validate() can still check the other fields.
_PLACEHOLDER: dict[str, object] = {
    "occurred_at": datetime(2000, 1, 1, tzinfo=UTC),
    "direction": Direction.WITHDREW,
    "intensity": 3,
}


def parse_row(
    line: int, header: Sequence[str], cells: Sequence[str]
) -> tuple[ParsedRow | None, list[RowProblem]]:
    """Turn one data row into a :class:`ParsedRow`, or say everything that is wrong with it.

    ``header`` holds normalised column names already accepted by :func:`check_header`.
    """
    if len(cells) != len(header):
        return None, [
            RowProblem(line, None, f"has {len(cells)} cells but the header has {len(header)}")
        ]
    problems: list[RowProblem] = []
    values: dict[str, object] = {}
    for column, cell in zip(header, cells, strict=True):
        reason = _cell_problem(cell)
        if reason is None:
            try:
                values[column] = _parse_cell(column, cell)
                continue
            except _CellError as exc:
                reason = str(exc)
        problems.append(RowProblem(line, column, reason))
    failed = {p.column for p in problems}
    draft_fields = {k: v for k, v in values.items() if k not in ("id", "recorded_at", "edited_at")}
    for name, stand_in in _PLACEHOLDER.items():
        draft_fields.setdefault(name, stand_in)
    draft = MomentDraft(**draft_fields)  # type: ignore[arg-type]
    problems.extend(
        RowProblem(line, e.field, e.message) for e in draft.validate() if e.field not in failed
    )
    if problems:
        return None, sorted(problems, key=lambda p: _column_order(p.column))
    recorded = values.get("recorded_at")
    edited = values.get("edited_at")
    moment_id = values["id"]
    assert isinstance(moment_id, uuid.UUID)
    assert recorded is None or isinstance(recorded, datetime)
    assert edited is None or isinstance(edited, datetime)
    return ParsedRow(line, moment_id, draft, recorded, edited), []


def _column_order(column: str | None) -> int:
    return COLUMNS.index(column) if column in COLUMNS else len(COLUMNS)
