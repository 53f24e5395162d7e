"""Exporting moments to CSV and importing them back (format: docs/csv-format.md).

Export streams rows in constant memory and writes the file atomically. Import reads the file as
it goes, checks every row, and writes in one transaction that is rolled back if any row is
rejected, so a rejected or failed import leaves the journal exactly as it was. Both work on the
journal's rows in bulk (see ``services.csv_rows`` and ``store.bulk``): a million moments take
seconds, not minutes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import string
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TextIO

from wallwatch.domain.model import Moment, MomentDraft
from wallwatch.domain.query import MomentFilter
from wallwatch.private_files import PrivateFileError, atomic_writer, describe_os_error
from wallwatch.services.backups import BEFORE_IMPORT
from wallwatch.services.csv_export import csv_batches, writeback_starter
from wallwatch.services.csv_format import (
    COLUMNS,
    ParsedRow,
    RowProblem,
)
from wallwatch.services.csv_import_fast import import_into_empty
from wallwatch.services.csv_rows import MomentRowReader
from wallwatch.services.journal import Journal
from wallwatch.store.bulk import BulkMomentWriter
from wallwatch.store.export_query import ExportReader
from wallwatch.store.moments import MomentRepository

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

STDIO = "-"
PROGRESS_EVERY = 500
LOOKUP_BATCH = 500


class TransferError(Exception):
    """An export or import that did not happen. ``str()`` is one sentence for a person."""


class ExportFailed(TransferError):
    """The export file could not be written; no partial file was left behind."""


class ExportCancelled(TransferError):
    """The person cancelled the export; no file was written."""


class ImportFailed(TransferError):
    """The file to import could not be read at all (missing, a folder, no permission)."""


class ImportRejected(TransferError, ValueError):
    """The file has problems, so nothing was imported; ``report.problems`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(_rejection_sentence(report))


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path | None  # None when written to a stream such as stdout
    rows: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, for a dry run, would do).

    ``problems`` lists every problem found, several per row if need be. ``skipped`` lists the
    problems of rows left out because ``skip_bad`` was set (empty when the file was rejected).
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    # The header or the CSV syntax is broken, so no row could be considered at all.
    unreadable: bool = False

    @property
    def bad_rows(self) -> int:
        return len({p.line for p in self.problems})

    @property
    def skipped_rows(self) -> int:
        return len({p.line for p in self.skipped})

    def summary(self) -> str:
        verb = "Would add" if self.dry_run else "Added"
        text = f"{verb} {self.added}, updated {self.updated}, unchanged {self.unchanged}"
        if self.skipped:
            n = self.skipped_rows
            text += f"; skipped {n} bad row{'s' if n != 1 else ''}"
        return text + "."


def _rejection_sentence(report: ImportReport) -> str:
    first = report.problems[0] if report.problems else "no details"
    more = len(report.problems) - 1
    extra = f", and {more} more" if more > 0 else ""
    if report.unreadable:
        return f"The file cannot be imported ({first}{extra}); nothing was imported."
    n = report.bad_rows
    rows = f"{n} row has" if n == 1 else f"{n} rows have"
    return f"{rows} problems ({first}{extra}); nothing was imported."


# -- export -------------------------------------------------------------------------------------
def export_csv(
    journal: Journal,
    target: Path | str | TextIO,
    f: MomentFilter = MomentFilter(),
    progress: Progress | None = None,
    should_cancel: CancelCheck | None = None,
) -> ExportResult:
    """Write the moments matching ``f`` (oldest first) as CSV to a file, ``"-"`` or a stream.

    A file is written atomically and owner-only: on error or cancel nothing is left behind and
    an existing file keeps its old content. Raises :class:`ExportFailed`,
    :class:`ExportCancelled`, or a ``JournalError`` if the journal cannot be read.
    """
    if not isinstance(target, str | Path):
        return ExportResult(None, _write_rows(journal, target, f, progress, should_cancel))
    if str(target) == STDIO:
        return ExportResult(None, _write_rows(journal, sys.stdout, f, progress, should_cancel))
    path = Path(target)
    if path.is_dir():
        raise ExportFailed(f"The export was not saved: {path} is a folder.")
    try:
        with atomic_writer(path) as fh:
            rows = _write_rows(journal, fh, f, progress, should_cancel)
    except PrivateFileError as exc:
        raise ExportFailed(f"The export was not saved: {exc}.") from exc
    return ExportResult(path, rows)


def _write_rows(
    journal: Journal,
    out: IO[str],
    f: MomentFilter,
    progress: Progress | None,
    should_cancel: CancelCheck | None,
) -> int:
    total = journal.moments.count(f)
    if progress:
        progress(0, total)
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    done = 0
    # The read snapshot lasts exactly as long as the rows are written, even on cancel.
    wrote = writeback_starter(out)
    with (
        journal.db.reading() as session,
        contextlib.closing(csv_batches(ExportReader(session), f, PROGRESS_EVERY)) as batches,
    ):
        for text, rows in batches:
            # Asked once per row, as when rows were written one at a time.
            if should_cancel is not None and any(should_cancel() for _ in range(rows)):
                raise ExportCancelled("The export was cancelled; no file was written.")
            out.write(text)
            wrote(len(text))
            done += rows
            # Moments recorded while exporting may push ``done`` past the first count.
            total = max(total, done)
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if progress:
        progress(done, max(total, done))
    return done


# -- import -------------------------------------------------------------------------------------
def import_csv(
    journal: Journal, source: Path | str, *, dry_run: bool = False, skip_bad: bool = False
) -> ImportReport:
    """Import moments from a CSV file (``"-"`` reads stdin) in one transaction.

    Every row is checked. If any row has a problem nothing is imported and
    :class:`ImportRejected` is raised, unless ``skip_bad`` is set: then the good rows are
    imported and the bad ones reported in ``skipped``. A broken header or CSV syntax always
    rejects the file. ``dry_run`` does everything (including raising) except writing.
    Rows are matched to the journal by id; see docs/csv-format.md for what happens on a match.
    The journal is backed up (reason ``before-import``) before anything is committed.
    """
    if not dry_run and str(source) != STDIO:
        # Most imports restore an export into a new journal: try the fast path first.
        with _open_source(source) as lines:
            added = import_into_empty(journal, lines)
        if added is not None:
            return ImportReport(added=added)
    with _open_source(source) as lines:
        reader = MomentRowReader(lines)
        if reader.unreadable:
            raise ImportRejected(
                ImportReport(problems=reader.problems, dry_run=dry_run, unreadable=True)
            )
        opener = journal.db.reading if dry_run else journal.db.transaction
        with opener() as session:
            return _import_rows(journal, MomentRepository(session), reader, dry_run, skip_bad)


def _import_rows(
    journal: Journal,
    repo: MomentRepository,
    reader: MomentRowReader,
    dry_run: bool,
    skip_bad: bool,
) -> ImportReport:
    """Plan and write chunk by chunk as the file is read, inside the caller's transaction.

    Writing stops at the first problem unless bad rows are skipped: the file will be rejected
    and the transaction rolled back, so the journal stays exactly as it was either way.
    """
    counts = {"add": 0, "update": 0, "same": 0}
    conflicts: list[RowProblem] = []
    writer: BulkMomentWriter | None = None
    for chunk in reader.chunks(LOOKUP_BATCH):
        plan, found = _plan(repo, chunk)
        conflicts += found
        for kind, _row in plan:
            counts[kind] += 1
        if dry_run or (not skip_bad and (reader.problems or conflicts)):
            continue
        if writer is None:
            writer = BulkMomentWriter(repo.session)
        _apply(repo, writer, plan)
    if reader.unreadable:  # the CSV syntax broke part way: reject, rolling back any writes
        raise ImportRejected(
            ImportReport(problems=reader.problems, dry_run=dry_run, unreadable=True)
        )
    problems = sorted(reader.problems + conflicts, key=lambda p: p.line)
    report = ImportReport(
        added=counts["add"],
        updated=counts["update"],
        unchanged=counts["same"],
        skipped=list(problems) if skip_bad else [],
        problems=problems,
        dry_run=dry_run,
    )
    if problems and not skip_bad:
        raise ImportRejected(report)
    if writer is not None:
        writer.close()
    if not dry_run and (report.added or report.updated):
        # Another connection copies the last committed journal, untouched by this still open
        # transaction, which holds the write lock until the import commits.
        journal.backups.create(BEFORE_IMPORT)
    return report


@contextlib.contextmanager
def _open_source(source: Path | str) -> Iterator[Iterator[str]]:
    """The file's lines, decoded as read. Invalid bytes become lone surrogates, so the row and
    column holding them can be named; a byte order mark at the start is dropped."""
    stdin = str(source) == STDIO
    try:
        binary: IO[bytes] = sys.stdin.buffer if stdin else Path(source).open("rb")  # noqa: SIM115
    except OSError as exc:
        raise ImportFailed(_cannot_read(source, exc)) from exc
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")

    def lines() -> Iterator[str]:
        try:
            yield from text
        except OSError as exc:
            raise ImportFailed(_cannot_read(source, exc)) from exc

    try:
        yield lines()
    finally:
        if stdin:
            text.detach()  # leave stdin open for whoever owns it
        else:
            text.close()


def _cannot_read(source: Path | str, exc: OSError) -> str:
    return f"WallWatch cannot read {source}: {describe_os_error(exc)}."


def read_moment_rows(text: str) -> tuple[list[ParsedRow], list[RowProblem], bool]:
    """Parse a whole CSV text: (valid rows, problems, whether the file is unreadable as a whole)."""
    reader = MomentRowReader(io.StringIO(text, newline=""))
    rows = list(reader.rows())
    return ([] if reader.unreadable else rows), reader.problems, reader.unreadable


def _plan(
    repo: MomentRepository, chunk: list[ParsedRow]
) -> tuple[list[tuple[str, ParsedRow]], list[RowProblem]]:
    """Decide per row: add, update, leave ("same"), or report a conflict."""
    plan: list[tuple[str, ParsedRow]] = []
    conflicts: list[RowProblem] = []
    # Most imports bring new moments: find which ids exist before reading any in full.
    present = repo.existing_ids([str(r.moment_id) for r in chunk])
    wanted = [r.moment_id for r in chunk if present and str(r.moment_id) in present]
    existing = {m.id: m for m in repo.get_many(wanted)} if wanted else {}
    for row in chunk:
        current = existing.get(row.moment_id)
        if current is None:
            plan.append(("add", row))
        elif content_key(current.draft()) == content_key(row.draft):
            plan.append(("same", row))
        elif _is_newer(row.edited_at, current):
            plan.append(("update", row))
        else:
            conflicts.append(
                RowProblem(
                    row.line,
                    "id",
                    "is already in the journal with different content edited at the same "
                    "time or later, so this row was not applied",
                )
            )
    return plan, conflicts


def _is_newer(edited_at: datetime | None, current: Moment) -> bool:
    return edited_at is not None and edited_at > current.edited_at


def _apply(
    repo: MomentRepository, writer: BulkMomentWriter, plan: list[tuple[str, ParsedRow]]
) -> None:
    for kind, row in plan:
        if kind == "add":
            writer.add(
                row.draft,
                moment_id=row.moment_id,
                recorded_at=row.recorded_at,
                edited_at=row.edited_at,
            )
        elif kind == "update":
            repo.update(row.moment_id, row.draft, edited_at=row.edited_at)


_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _name_key(name: str) -> str:
    # People and tags are matched like SQLite's NOCASE: stripped, ASCII letters folded.
    return name.strip().translate(_ASCII_FOLD)


def content_key(d: MomentDraft) -> tuple[object, ...]:
    """What makes two versions of a moment the same, as far as storing them is concerned.

    The offset is compared as well as the instant (``datetime ==`` ignores it), and names are
    compared the way the journal matches them, since a difference in case alone is not stored.
    """
    return (
        d.occurred_at,
        d.occurred_at.utcoffset(),
        d.direction,
        d.intensity,
        _name_key(d.person) if d.person else None,
        frozenset(_name_key(n) for n in d.fears),
        frozenset(_name_key(n) for n in d.behaviours),
        frozenset(_name_key(n) for n in d.body_signals),
        d.wanted_closeness,
        d.loneliness,
        d.resentment,
        d.connection,
        d.note,
        d.wish,
    )
