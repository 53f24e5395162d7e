"""The fast CSV paths: export cells equal the Moment-based definition; import streams, yet a
problem anywhere in the file still leaves the journal (and its backups) untouched."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, Moment, MomentDraft, WantedCloseness
from wallwatch.services import Journal
from wallwatch.services.csv_format import COLUMNS, moment_to_row
from wallwatch.services.csv_rows import view_row_to_csv
from wallwatch.services.transfer import ImportRejected, export_csv, import_csv
from wallwatch.store.moments import MomentRepository, moment_from_view

ZONES = [timezone(timedelta(minutes=m)) for m in (0, 120, -270, 345, -720, 840)]
NAMES = ["=Sam", "'Quinn", "a;b", "c\\d", "Zoë", "zoe", "Émile", "émile2", "@z", "beta", "Alpha"]


def _moments() -> list[Moment]:
    out = []
    for i in range(40):
        zone = ZONES[i % len(ZONES)]
        when = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=i * 9, seconds=i * 3607)
        micro = 0 if i % 3 else 123450 + i
        withdrew = i % 2 == 0
        out.append(
            Moment(
                id=uuid.UUID(int=i * 104729 + 3, version=4),
                occurred_at=when.astimezone(zone).replace(microsecond=micro),
                recorded_at=when + timedelta(minutes=5, microseconds=0 if i % 4 else 7),
                edited_at=when + timedelta(days=i % 5),
                direction=Direction.WITHDREW if withdrew else Direction.OPENED,
                intensity=1 + i % 5,
                person=None if i % 7 == 0 else NAMES[i % len(NAMES)],
                fears=tuple(NAMES[(i + k) % len(NAMES)] for k in range(i % 4)),
                behaviours=tuple(f"{NAMES[(i * 3 + k) % len(NAMES)]} b" for k in range(i % 3)),
                body_signals=("Tight chest", "numb") if i % 5 == 0 else (),
                wanted_closeness=WantedCloseness.UNSURE if withdrew and i % 3 == 0 else None,
                loneliness=None if i % 6 == 0 else i % 11,
                resentment=i % 11,
                connection=None,
                note=["", "+1 ok", "line\nbreak, comma", "-x", "'q", "plain"][i % 6],
                wish="" if i % 2 else "\tstarts with a tab",
            )
        )
    return out


def test_export_cells_equal_the_moment_based_definition(journal: Journal) -> None:
    journal.moments.restore(_moments())
    with journal.db.reading() as session:
        rows = list(MomentRepository(session).stream_rows())
    assert len(rows) == 40
    for row in rows:
        assert view_row_to_csv(row) == moment_to_row(moment_from_view(row))


def test_an_id_stored_in_another_spelling_is_exported_canonically(journal: Journal) -> None:
    [m] = _moments()[:1]
    journal.moments.restore([m])
    with sqlite3.connect(journal.path) as raw:
        raw.execute("UPDATE moment_tag SET moment_id = upper(moment_id)")
        raw.execute("UPDATE moment SET id = upper(id)")
    raw.close()
    with journal.db.reading() as session:
        [row] = list(MomentRepository(session).stream_rows())
    assert row[0] == str(m.id).upper()
    assert view_row_to_csv(row)[0] == str(m.id)


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def _many_rows(count: int) -> list[list[str]]:
    start = datetime(2024, 1, 1, 9, tzinfo=timezone(timedelta(hours=1)))
    drafts = [
        Moment(
            id=uuid.UUID(int=i + 77, version=4),
            occurred_at=start + timedelta(hours=i),
            recorded_at=datetime(2024, 6, 1, tzinfo=UTC),
            edited_at=datetime(2024, 6, 1, tzinfo=UTC),
            direction=Direction.OPENED,
            intensity=2,
            person=f"Friend {i % 3}",
            fears=("new fear",) if i % 2 else (),
        )
        for i in range(count)
    ]
    return [moment_to_row(m) for m in drafts]


def _bad_intensity(rows: list[list[str]]) -> int:
    rows[700] = [*rows[700][:3], "9", *rows[700][4:]]
    return 899


def _repeated_id(rows: list[list[str]]) -> int:
    rows.append(rows[10])
    return 900


@pytest.mark.parametrize("damage", [_bad_intensity, _repeated_id])
def test_a_late_bad_row_rejects_everything_written_before_it(
    journal: Journal, tmp_path: Path, damage: Callable[[list[list[str]]], int]
) -> None:
    journal.moments.record(MomentDraft(datetime(2023, 1, 1, tzinfo=UTC), Direction.WITHDREW))
    rows = _many_rows(900)
    good = damage(rows)  # rows after the first chunk of 500 were already being written
    source = _write_csv(tmp_path / "in.csv", rows)
    with pytest.raises(ImportRejected):
        import_csv(journal, source)
    assert journal.moments.count() == 1
    assert "Friend 0" not in [p.name for p in journal.people.all()]
    assert journal.backups.list() == []
    report = import_csv(journal, source, skip_bad=True)
    assert (report.added, report.skipped_rows) == (good, 1)
    assert journal.moments.count() == good + 1


def test_broken_csv_syntax_late_in_the_file_rolls_back_even_when_skipping(
    journal: Journal, tmp_path: Path
) -> None:
    source = _write_csv(tmp_path / "in.csv", _many_rows(800))
    with source.open("a", encoding="utf-8") as fh:
        fh.write('x,"never closed\r\n')
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, source, skip_bad=True)
    assert info.value.report.unreadable
    assert [p.line for p in info.value.report.problems] == [802]
    assert journal.moments.count() == 0


def test_export_then_import_of_many_moments_round_trips(journal: Journal, tmp_path: Path) -> None:
    journal.moments.restore(_moments())
    target = tmp_path / "out.csv"
    export_csv(journal, target)
    from wallwatch.services import open_journal

    with open_journal(tmp_path / "other" / "j.sqlite3") as other:
        assert import_csv(other, target).added == 40
        again = tmp_path / "again.csv"
        export_csv(other, again)
    assert again.read_bytes() == target.read_bytes()
