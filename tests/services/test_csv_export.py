"""The fast CSV export writes exactly the bytes the reference export writes, for any journal.

The reference is how rows were always written: ``view_row_to_csv`` of each ``moment_view`` row
through the ``csv`` module (itself held to ``moment_to_row(moment_from_view(row))``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallwatch.domain.model import Direction, Moment, WantedCloseness
from wallwatch.domain.query import MomentFilter
from wallwatch.services import Journal
from wallwatch.services import csv_export as csv_export_module
from wallwatch.services import transfer as transfer_module
from wallwatch.services.csv_export import _cells, _text, reference_csv, writeback_starter
from wallwatch.services.csv_format import COLUMNS, moment_to_row, neutralise
from wallwatch.services.transfer import export_csv
from wallwatch.store.export_query import ExportReader
from wallwatch.store.moments import MomentRepository, moment_from_view

BERLIN = ZoneInfo("Europe/Berlin")
ZONES = [timezone(timedelta(minutes=m)) for m in (0, 330, -210, 345, -720, 840, 60)]
# Casefold and SQLite's NOCASE disagree on these: "ß" folds to "ss", "É" folds only in Python,
# and "Émile"/"émile" or "ß"/"ss" are two tags that sort as equals (ties keep the tag id order).
NAMES = ["ß", "ss", "st", "sr", "Émile", "émile", "zoë", "Zoe", "Ärger", "apple", "Zebra"]
ODD = ["=sum", "+1", "-x", "@me", "'quoted", "a;b", "c\\d", 'say "hi"', "x, y", "\tlead"]
NOTES = [
    "",
    "plain",
    'she said "no", then left',
    "line one\nline two",
    "windows\r\nbreak",
    "lone\rreturn",
    "=1+1",
    "+ plus",
    "- minus",
    "@handle",
    "\tstarts with a tab",
    "\rstarts with a return",
    "'already quoted",
    "ünïcödé, 中文, emoji 🙂",
    '"',
    ",",
]


def _when(i: int) -> datetime:
    """Times in many offsets, some around Berlin's DST changes, some with microseconds."""
    base = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(days=i * 37, seconds=i * 4517)
    if i % 5 == 0:  # the hours around the DST changes of 2024, in Berlin's own offsets
        change = datetime(2024, 3 if i % 10 == 0 else 10, 31 if i % 10 == 0 else 27, tzinfo=UTC)
        base = change + timedelta(minutes=(i % 7) * 23 - 60, seconds=i)
        local = base.astimezone(BERLIN)
    else:
        local = base.astimezone(ZONES[i % len(ZONES)])
    return local.replace(microsecond=0 if i % 3 else (1000 * i + 7) % 1_000_000)


def _names(i: int, k: int, pool: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(pool[(i * 7 + j * 3) % len(pool)] for j in range(k)))


def _moments(count: int = 160) -> list[Moment]:
    out = []
    for i in range(count):
        when = _when(i)
        withdrew = i % 3 != 1
        recorded = when.astimezone(UTC) + timedelta(minutes=3, microseconds=0 if i % 4 else 11)
        out.append(
            Moment(
                id=uuid.UUID(int=i * 7919 + 12345, version=4),
                occurred_at=when,
                recorded_at=recorded,
                edited_at=recorded + timedelta(days=i % 3, microseconds=5 * (i % 2)),
                direction=Direction.WITHDREW if withdrew else Direction.OPENED,
                intensity=1 + i % 5,
                person=None if i % 6 == 0 else (NAMES + ODD)[i % (len(NAMES) + len(ODD))],
                fears=_names(i, i % 4, NAMES + ODD),
                behaviours=_names(i + 1, (i + 2) % 4, [f"{n} b" for n in NAMES] + ODD),
                body_signals=_names(i + 2, (i // 2) % 4, NAMES),
                wanted_closeness=[None, WantedCloseness.YES, WantedCloseness.NO][i % 3]
                if withdrew
                else None,
                loneliness=None if i % 4 == 0 else i % 11,
                resentment=None if i % 5 == 1 else (i * 3) % 11,
                connection=None if i % 2 else 10 - i % 11,
                note=NOTES[i % len(NOTES)],
                wish=NOTES[(i * 5 + 3) % len(NOTES)],
            )
        )
    return out


def _reference(journal: Journal, f: MomentFilter = MomentFilter()) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerow(COLUMNS)
    with journal.db.reading() as session:
        reference_csv(MomentRepository(session).stream_rows(f), out)
    return out.getvalue()


def _definition(journal: Journal) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    with journal.db.reading() as session:
        for row in MomentRepository(session).stream_rows():
            writer.writerow(moment_to_row(moment_from_view(row)))
    return out.getvalue()


def _simultaneous(journal: Journal) -> bool:
    with journal.db.reading() as session:
        return bool(ExportReader(session).has_simultaneous_moments())


def _exported(journal: Journal, path: Path, f: MomentFilter = MomentFilter()) -> str:
    export_csv(journal, path, f)
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many batches (and so batch edges) even in a small journal.
    monkeypatch.setattr(transfer_module, "PROGRESS_EVERY", 7)


@pytest.mark.usefixtures("small_batches")
def test_export_is_byte_for_byte_the_reference_on_a_varied_journal(
    journal: Journal, tmp_path: Path
) -> None:
    journal.moments.restore(_moments())
    assert not _simultaneous(journal)  # rows come in time order alone, no sorting by id
    expected = _reference(journal)
    assert expected == _definition(journal)
    assert expected.count("\r\n") > 160  # every moment is there (notes add line breaks too)
    assert _exported(journal, tmp_path / "out.csv") == expected


def test_the_default_batch_size_gives_the_same_file(journal: Journal, tmp_path: Path) -> None:
    journal.moments.restore(_moments(1200))
    assert not _simultaneous(journal)
    assert _exported(journal, tmp_path / "out.csv") == _reference(journal)


@pytest.mark.usefixtures("small_batches")
def test_filtered_exports_are_the_reference_too(journal: Journal, tmp_path: Path) -> None:
    journal.moments.restore(_moments())
    filters = [
        MomentFilter(since=datetime(2018, 1, 1).date(), until=datetime(2022, 6, 30).date()),
        MomentFilter(direction=Direction.OPENED),
        MomentFilter(person="zoë"),
        MomentFilter(fear="ß"),
        MomentFilter(text="LINE"),
    ]
    for f in filters:
        expected = _reference(journal, f)
        assert expected.count("\n") > 1, f  # the filter keeps some moments
        assert _exported(journal, tmp_path / "out.csv", f) == expected, f


@pytest.mark.usefixtures("small_batches")
def test_moments_at_the_same_instant_come_in_id_order(journal: Journal, tmp_path: Path) -> None:
    moments = _moments(40)
    when = datetime(2020, 5, 5, 12, 0, tzinfo=UTC)
    # Ids chosen so that their order differs from the order they are stored in.
    same = [
        dataclasses.replace(m, occurred_at=when, id=uuid.UUID(int=(37 - i) * 99991))
        for i, m in enumerate(moments[:12])
    ]
    journal.moments.restore(same + moments[12:])
    assert _simultaneous(journal)
    expected = _reference(journal)
    ids = [line.split(",")[0] for line in expected.splitlines()[1:] if line[:8].isalnum()]
    tied = [i for i in ids if i in {str(m.id) for m in same}]
    assert tied == sorted(tied)  # the reference orders ties by id
    assert _exported(journal, tmp_path / "out.csv") == expected


def _raw(journal: Journal, *statements: str) -> None:
    with sqlite3.connect(journal.path) as raw:
        for statement in statements:
            raw.execute(statement)
    raw.close()


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize(
    "statements",
    [
        # ids in another spelling: the reference writes them canonically
        ["UPDATE moment_tag SET moment_id = upper(moment_id) WHERE moment_id LIKE '0%'",
         "UPDATE moment SET id = upper(id) WHERE id LIKE '0%'"],
        # stored times the reference copies out as they are, one needing quotes
        ["UPDATE moment SET recorded_utc = '2024-01-0a 10:00:00.000001' WHERE rowid = 5",
         "UPDATE moment SET edited_utc = '2024-01-01 10:00,00.000001' WHERE rowid = 17",
         "UPDATE moment SET edited_utc = '2024-01-01 10:00\"00.000001' WHERE rowid = 18"],
        # a number the schema lets through that is not a whole number
        ["UPDATE moment SET intensity = 2.5 WHERE rowid = 9"],
        # a link to a tag that no longer exists: the view's join leaves it out
        ["INSERT INTO moment_tag (moment_id, tag_id) SELECT id, 9999 FROM moment WHERE rowid = 3"],
        # a person who no longer exists: the view's join gives no name
        ["UPDATE moment SET person_id = 9999 WHERE rowid IN (4, 21)"],
    ],
    ids=["id-spelling", "odd-times", "real-intensity", "dangling-tag", "dangling-person"],
)  # fmt: skip
def test_unusual_stored_values_give_the_reference_output(
    journal: Journal, tmp_path: Path, statements: list[str]
) -> None:
    journal.moments.restore(_moments(60))
    _raw(journal, *statements)
    expected = _reference(journal)
    assert _exported(journal, tmp_path / "out.csv") == expected


@pytest.mark.usefixtures("small_batches")
def test_pieces_made_again_after_the_limit_are_the_same(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_export_module, "PIECES_LIMIT", 2)
    journal.moments.restore(_moments())
    assert _exported(journal, tmp_path / "out.csv") == _reference(journal)


def test_starting_the_writeback_often_changes_nothing_in_the_file(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_export_module, "WRITEBACK_EVERY", 1)
    monkeypatch.setattr(transfer_module, "PROGRESS_EVERY", 5)
    journal.moments.restore(_moments(80))
    assert _exported(journal, tmp_path / "out.csv") == _reference(journal)


def test_writeback_leaves_streams_that_are_not_files_alone() -> None:
    out = io.StringIO()
    wrote = writeback_starter(out)
    out.write("x" * 10)
    wrote(csv_export_module.WRITEBACK_EVERY + 10)  # would flush and advise a real file
    assert out.getvalue() == "x" * 10


@given(st.text())
def test_a_note_cell_is_guarded_and_quoted_as_the_csv_module_does(text: str) -> None:
    assert _text(text) + "," == _cells([neutralise(text)])


def _mmap_size(journal: Journal) -> int:
    with journal.db.reading() as session:
        return int(session.connection().exec_driver_sql("PRAGMA mmap_size").scalar() or 0)


def test_the_file_is_unmapped_after_an_export_even_a_cancelled_one(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_module, "PROGRESS_EVERY", 5)
    journal.moments.restore(_moments(30))
    before = _mmap_size(journal)
    asked: list[int] = []

    def cancel_in_the_second_batch() -> bool:
        asked.append(1)
        return len(asked) > 7

    with pytest.raises(transfer_module.ExportCancelled):
        export_csv(journal, tmp_path / "c.csv", should_cancel=cancel_in_the_second_batch)
    assert len(asked) == 8
    assert _mmap_size(journal) == before
    assert _exported(journal, tmp_path / "out.csv") == _reference(journal)
    assert _mmap_size(journal) == before


@pytest.mark.usefixtures("small_batches")
def test_an_encrypted_journal_exports_the_same_bytes(journal: Journal, tmp_path: Path) -> None:
    journal.moments.restore(_moments(50))
    plain = _reference(journal)
    journal.encryption.enable("a long and private passphrase")
    assert journal.db.encrypted
    assert _reference(journal) == plain
    assert _exported(journal, tmp_path / "out.csv") == plain
