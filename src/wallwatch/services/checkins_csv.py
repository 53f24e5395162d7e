"""Check-ins as their own CSV file (``wallwatch export --what checkins``).

One row per recorded week, oldest first; weeks without a check-in have no row (a gap, never a
zero). The free text is neutralised against spreadsheet formulas as in the moments CSV, and a
file is written atomically and owner-only.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import IO, TextIO

from wallwatch.domain.checkin import Checkin
from wallwatch.private_files import PrivateFileError, atomic_writer
from wallwatch.services.checkins import CheckinService
from wallwatch.services.csv_format import format_time, neutralise
from wallwatch.services.transfer import STDIO, ExportFailed, ExportResult

_SIX_DAYS = timedelta(days=6)
CHECKIN_COLUMNS: tuple[str, ...] = (
    "week_start",
    "companionship",
    "left_out",
    "isolated",
    "total",
    "want_more",
    "recorded_at",
    "edited_at",
)


def checkin_to_row(c: Checkin) -> list[str]:
    """One row in :data:`CHECKIN_COLUMNS` order; times in UTC, the week as its first day."""
    return [
        c.week_start.isoformat(),
        *(str(a) for a in c.answers.as_tuple()),
        str(c.total),
        neutralise(c.want_more),
        format_time(c.recorded_at.astimezone(UTC)),
        format_time(c.edited_at.astimezone(UTC)),
    ]


def _write(fh: IO[str] | TextIO, checkins: Iterable[Checkin]) -> int:
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(CHECKIN_COLUMNS)
    rows = 0
    for c in checkins:
        writer.writerow(checkin_to_row(c))
        rows += 1
    return rows


def export_checkins_csv(
    checkins: CheckinService,
    target: Path | str | TextIO,
    *,
    since: date | None = None,
    until: date | None = None,
) -> ExportResult:
    """Write the check-ins of the weeks touching ``since`` … ``until`` (either open) to a file,
    ``"-"`` (standard output) or a stream. Raises ``ExportFailed`` if the file cannot be
    written; nothing partial is left behind."""
    chosen = [
        c
        for c in checkins.all()
        if (since is None or c.week_start + _SIX_DAYS >= since)
        and (until is None or c.week_start <= until)
    ]
    if not isinstance(target, str | Path):
        return ExportResult(None, _write(target, chosen))
    if str(target) == STDIO:
        return ExportResult(None, _write(sys.stdout, chosen))
    path = Path(target)
    if path.is_dir():
        raise ExportFailed(f"The export was not saved: {path} is a folder.")
    try:
        with atomic_writer(path) as fh:
            rows = _write(fh, chosen)
    except PrivateFileError as exc:
        raise ExportFailed(f"The export was not saved: {exc}.") from exc
    return ExportResult(path, rows)


__all__ = ["CHECKIN_COLUMNS", "checkin_to_row", "export_checkins_csv"]
