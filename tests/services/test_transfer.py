"""Exporting to and importing from CSV files, against real journals in tmp_path."""

from __future__ import annotations

import csv
import io
import stat
import sys
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, Moment, MomentDraft, TagKind, WantedCloseness
from wallwatch.domain.query import MomentFilter
from wallwatch.services import Journal, open_journal
from wallwatch.services import transfer as transfer_module
from wallwatch.services.csv_format import COLUMNS
from wallwatch.services.transfer import (
    ExportCancelled,
    ExportFailed,
    ImportFailed,
    ImportRejected,
    export_csv,
    import_csv,
)

PLUS2 = timezone(timedelta(hours=2))


def draft(day: int = 1, **changes: object) -> MomentDraft:
    values: dict[str, object] = {
        "occurred_at": datetime(2024, 5, day, 21, 30, tzinfo=PLUS2),
        "direction": Direction.WITHDREW,
        "intensity": 3,
    }
    values.update(changes)
    return MomentDraft(**values)  # type: ignore[arg-type]


def stored(
    day: int = 1,
    *,
    edited: datetime | None = None,
    moment_id: uuid.UUID | None = None,
    **kw: object,
) -> Moment:
    """A moment with a known id and times, as ``restore`` puts it in a journal."""
    d = draft(day, **kw)
    recorded = datetime(2024, 5, day, 20, 0, 0, 123456, tzinfo=UTC)
    names = {"recorded_at": recorded, "edited_at": edited or recorded}
    return Moment(id=moment_id or uuid.uuid4(), **names, **_draft_fields(d))  # type: ignore[arg-type]


def _draft_fields(d: MomentDraft) -> dict[str, object]:
    return {name: getattr(d, name) for name in d.__dataclass_fields__}


def csv_bytes(rows: list[dict[str, str]], header: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return out.getvalue().encode("utf-8")


def row(day: int = 1, **cells: str) -> dict[str, str]:
    """A valid row as written by hand: only the cells that matter."""
    base = {
        "id": str(uuid.uuid4()),
        "occurred_at": f"2024-05-{day:02d}T21:30:00+02:00",
        "direction": "withdrew",
        "intensity": "3",
        "recorded_at": f"2024-05-{day:02d}T19:31:00+00:00",
        "edited_at": f"2024-05-{day:02d}T19:31:00+00:00",
    }
    base.update(cells)
    return base


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def snapshot(j: Journal) -> tuple[object, ...]:
    """Everything an import could change, with offsets (``datetime ==`` ignores them)."""
    moments = j.moments.query(newest_first=False)
    return (
        [(m, m.occurred_at.utcoffset()) for m in moments],
        j.people.all(include_hidden=True),
        [j.tags.all(kind, include_hidden=True) for kind in TagKind],
    )


def read_export(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# -- export -------------------------------------------------------------------------------------
def test_export_writes_a_header_and_one_row_per_moment_oldest_first(
    journal: Journal, tmp_path: Path
) -> None:
    later = journal.moments.record(draft(3, person="Sam"))
    earlier = journal.moments.record(draft(1, direction=Direction.OPENED))
    target = tmp_path / "moments.csv"
    result = export_csv(journal, target)
    assert result.path == target
    assert result.rows == 2
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    rows = read_export(target)
    assert [r["id"] for r in rows] == [str(earlier.id), str(later.id)]
    assert rows[1]["person"] == "Sam"
    assert rows[0]["occurred_at"] == "2024-05-01T21:30:00+02:00"
    assert rows[0]["recorded_at"].endswith("+00:00")


def test_export_of_an_empty_journal_is_just_the_header(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "empty.csv"
    assert export_csv(journal, target).rows == 0
    assert target.read_bytes() == (",".join(COLUMNS) + "\r\n").encode()


@pytest.mark.parametrize(
    ("f", "expected_days"),
    [
        (MomentFilter(since=date(2024, 5, 2), until=date(2024, 5, 3)), [2, 3]),
        (MomentFilter(person="Ana"), [1, 4]),
        (MomentFilter(fear="fear of rejection"), [3]),
        (MomentFilter(direction=Direction.OPENED), [2]),
    ],
)
def test_export_keeps_only_moments_matching_the_filter(
    journal: Journal, tmp_path: Path, f: MomentFilter, expected_days: list[int]
) -> None:
    journal.moments.record(draft(1, person="Ana"))
    journal.moments.record(draft(2, direction=Direction.OPENED))
    journal.moments.record(draft(3, fears=("Fear of rejection",)))
    journal.moments.record(draft(4, person="Ana"))
    target = tmp_path / "some.csv"
    result = export_csv(journal, target, f)
    days = [int(r["occurred_at"][8:10]) for r in read_export(target)]
    assert days == expected_days
    assert result.rows == len(expected_days)


def test_exported_file_is_readable_by_its_owner_only(journal: Journal, tmp_path: Path) -> None:
    journal.moments.record(draft())
    target = tmp_path / "private.csv"
    export_csv(journal, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_reports_progress_up_to_the_total(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_module, "PROGRESS_EVERY", 2)
    for day in range(1, 6):
        journal.moments.record(draft(day))
    calls: list[tuple[int, int]] = []
    export_csv(
        journal, tmp_path / "p.csv", progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_cancelling_leaves_no_file(journal: Journal, tmp_path: Path) -> None:
    for day in range(1, 5):
        journal.moments.record(draft(day))
    asked = []

    def should_cancel() -> bool:
        asked.append(1)
        return len(asked) > 2

    target = tmp_path / "out" / "cancelled.csv"
    target.parent.mkdir()
    with pytest.raises(ExportCancelled, match="cancelled"):
        export_csv(journal, target, should_cancel=should_cancel)
    assert len(asked) == 3
    assert list(target.parent.iterdir()) == []


def test_cancelling_keeps_an_existing_file_as_it_was(journal: Journal, tmp_path: Path) -> None:
    journal.moments.record(draft())
    target = tmp_path / "old.csv"
    target.write_text("old export\n")
    with pytest.raises(ExportCancelled):
        export_csv(journal, target, should_cancel=lambda: True)
    assert target.read_text() == "old export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".old")] == []


def test_a_failure_while_writing_leaves_no_partial_file(journal: Journal, tmp_path: Path) -> None:
    for day in range(1, 4):
        journal.moments.record(draft(day))
    folder = tmp_path / "out"
    folder.mkdir()

    def progress(done: int, _total: int) -> None:
        if done:
            raise RuntimeError("disk went away")

    with pytest.raises(RuntimeError):
        export_csv(journal, folder / "half.csv", progress=progress)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("where", ["missing folder", "parent is a file", "target is a folder"])
def test_an_unwritable_target_fails_with_a_sentence_and_leaves_nothing(
    journal: Journal, tmp_path: Path, where: str
) -> None:
    journal.moments.record(draft())
    base = tmp_path / "base"
    base.mkdir()
    if where == "missing folder":
        target = base / "nowhere" / "out.csv"
    elif where == "parent is a file":
        (base / "file").write_text("x")
        target = base / "file" / "out.csv"
    else:
        target = base / "folder"
        target.mkdir()
    before = sorted(p.relative_to(base) for p in base.rglob("*"))
    with pytest.raises(ExportFailed) as info:
        export_csv(journal, target)
    assert str(info.value).startswith("The export was not saved: ")
    assert str(target) in str(info.value)
    assert sorted(p.relative_to(base) for p in base.rglob("*")) == before


def test_export_to_a_dash_writes_to_stdout(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    m = journal.moments.record(draft(note="hello"))
    result = export_csv(journal, "-")
    assert (result.path, result.rows) == (None, 1)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["id"], r["note"]) for r in rows] == [(str(m.id), "hello")]


def test_export_to_a_stream(journal: Journal) -> None:
    m = journal.moments.record(draft(wish="=1+1"))
    out = io.StringIO(newline="")
    assert export_csv(journal, out).rows == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [(r["id"], r["wish"]) for r in rows] == [(str(m.id), "'=1+1")]


# -- import: success ----------------------------------------------------------------------------
def test_import_adds_moments_with_their_ids_and_times(journal: Journal, tmp_path: Path) -> None:
    mid = str(uuid.uuid4())
    source = write(
        tmp_path / "in.csv",
        csv_bytes(
            [
                row(
                    2,
                    id=mid,
                    occurred_at="2024-05-02T07:15:00.000250-04:30",
                    person="Ana",
                    fears="REJECTION / Abandonment;new\\;fear",
                    wanted_closeness="unsure",
                    loneliness="0",
                    note="'=not a formula",
                    recorded_at="2024-05-02T12:00:00.5+00:00",
                    edited_at="2024-05-03T01:00:00+02:00",
                )
            ]
        ),
    )
    report = import_csv(journal, source)
    assert (report.added, report.updated, report.unchanged) == (1, 0, 0)
    assert report.problems == [] and report.skipped == []
    m = journal.moments.get(uuid.UUID(mid))
    assert m.occurred_at.isoformat() == "2024-05-02T07:15:00.000250-04:30"
    assert m.recorded_at == datetime(2024, 5, 2, 12, 0, 0, 500000, tzinfo=UTC)
    assert m.edited_at == datetime(2024, 5, 2, 23, 0, tzinfo=UTC)
    assert m.person == "Ana"
    assert m.fears == ("new;fear", "rejection / abandonment")  # the seeded tag's spelling
    assert m.wanted_closeness is WantedCloseness.UNSURE
    assert (m.loneliness, m.resentment) == (0, None)
    assert m.note == "=not a formula"


def test_import_accepts_a_bom_and_columns_in_any_order(journal: Journal, tmp_path: Path) -> None:
    mid = uuid.uuid4()
    header = ("direction", "occurred_at", "id")
    data = "\ufeff".encode() + csv_bytes(
        [{"id": str(mid), "occurred_at": "2024-05-01T10:00:00Z", "direction": "OPENED"}], header
    )
    report = import_csv(journal, write(tmp_path / "bom.csv", data))
    assert report.added == 1
    m = journal.moments.get(mid)
    assert m.direction is Direction.OPENED
    assert m.recorded_at == m.edited_at
    assert abs(m.recorded_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_importing_the_same_file_again_changes_nothing(journal: Journal, tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", csv_bytes([row(1, person="Sam"), row(2, note="x")]))
    assert import_csv(journal, source).added == 2
    before = snapshot(journal)
    again = import_csv(journal, source)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot(journal) == before


def test_export_then_import_into_the_same_journal_is_unchanged(
    journal: Journal, tmp_path: Path
) -> None:
    journal.moments.record(draft(1, person="Sam", fears=("a;b", "Fear of rejection")))
    journal.moments.record(draft(2, note="=sum(A1)\nline"))
    export_csv(journal, tmp_path / "out.csv")
    before = snapshot(journal)
    report = import_csv(journal, tmp_path / "out.csv")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    assert snapshot(journal) == before


def test_names_differing_only_in_case_are_the_same_content(
    journal: Journal, tmp_path: Path
) -> None:
    m = stored(1, person="Sam", fears=("Fear of rejection",))
    journal.moments.restore([m])
    source = write(
        tmp_path / "in.csv",
        csv_bytes([row(1, id=str(m.id), person="sam", fears="FEAR OF REJECTION", edited_at="")]),
    )
    report = import_csv(journal, source)
    assert report.unchanged == 1
    assert journal.moments.get(m.id).person == "Sam"


def test_a_newer_edit_in_the_file_updates_the_moment(journal: Journal, tmp_path: Path) -> None:
    old = stored(1, note="before")
    journal.moments.restore([old])
    newer = "2030-01-01T00:00:00+00:00"
    source = write(
        tmp_path / "in.csv",
        csv_bytes([row(1, id=str(old.id), note="after", person="Ana", edited_at=newer)]),
    )
    report = import_csv(journal, source)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    m = journal.moments.get(old.id)
    assert (m.note, m.person) == ("after", "Ana")
    assert m.edited_at == datetime(2030, 1, 1, tzinfo=UTC)
    assert m.recorded_at == old.recorded_at


@pytest.mark.parametrize("edited_at", ["", "2024-05-01T20:00:00.123456+00:00", "2001-01-01T00:00Z"])
def test_a_different_version_not_newer_than_the_journal_is_a_conflict(
    journal: Journal, tmp_path: Path, edited_at: str
) -> None:
    old = stored(1, note="mine")
    journal.moments.restore([old])
    added = row(2)
    source = write(
        tmp_path / "in.csv",
        csv_bytes([row(1, id=str(old.id), note="theirs", edited_at=edited_at), added]),
    )
    before = snapshot(journal)
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, source)
    [problem] = info.value.report.problems
    assert (problem.line, problem.column) == (2, "id")
    assert "already in the journal with different content" in problem.reason
    assert snapshot(journal) == before

    report = import_csv(journal, source, skip_bad=True)
    assert (report.added, report.updated, report.skipped_rows) == (1, 0, 1)
    assert journal.moments.get(old.id).note == "mine"


def test_people_and_tags_named_in_the_file_are_created(journal: Journal, tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.csv", csv_bytes([row(1, person="Noor", body_signals="buzzing hands")])
    )
    import_csv(journal, source)
    assert "Noor" in [p.name for p in journal.people.all()]
    assert "buzzing hands" in [t.name for t in journal.tags.all(TagKind.BODY)]


def test_import_reads_stdin_for_a_dash(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    data = csv_bytes([row(1, note="from a pipe")])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert import_csv(journal, "-").added == 1
    assert [m.note for m in journal.moments.query()] == ["from a pipe"]


# -- import: rejection --------------------------------------------------------------------------
def test_a_bad_row_rejects_the_whole_file_and_leaves_the_journal_as_it_was(
    journal: Journal, tmp_path: Path
) -> None:
    journal.moments.record(draft(1, person="Sam"))
    before = snapshot(journal)
    source = write(
        tmp_path / "in.csv",
        csv_bytes([row(2, person="Brand New", fears="brand new fear"), row(3, loneliness="11")]),
    )
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, source)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        "1 row has problems (line 3, loneliness: must be a whole number 0–10); "
        "nothing was imported."
    )
    assert snapshot(journal) == before


def test_the_rejection_counts_rows_not_problems(journal: Journal, tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.csv",
        csv_bytes([row(1, direction="up", intensity="9"), row(2), row(3, connection="x")]),
    )
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, source)
    report = info.value.report
    assert [(p.line, p.column) for p in report.problems] == [
        (2, "direction"),
        (2, "intensity"),
        (4, "connection"),
    ]
    assert report.bad_rows == 2
    assert str(info.value).startswith("2 rows have problems (line 2, direction: ")
    assert str(info.value).endswith(", and 2 more); nothing was imported.")
    assert journal.moments.count() == 0


def test_lines_are_counted_as_in_the_file_across_multi_line_notes(
    journal: Journal, tmp_path: Path
) -> None:
    data = csv_bytes([row(1, note="one\ntwo\r\nthree"), row(2, intensity="0")])
    # Header on line 1, the three-line note on lines 2-4, so the bad row starts on line 5.
    assert data.count(b"\n") == 5
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, write(tmp_path / "in.csv", data))
    assert [str(p) for p in info.value.report.problems] == [
        "line 5, intensity: must be a whole number 1–5"
    ]


def test_blank_lines_are_ignored_but_still_counted(journal: Journal, tmp_path: Path) -> None:
    lines = (
        csv_bytes([row(1)]) + b"\r\n\r\n" + csv_bytes([row(2, direction="x")]).split(b"\n", 1)[1]
    )
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, write(tmp_path / "in.csv", lines))
    assert [(p.line, p.column) for p in info.value.report.problems] == [(5, "direction")]


def test_repeated_ids_are_reported_on_the_later_line(journal: Journal, tmp_path: Path) -> None:
    mid = str(uuid.uuid4())
    source = write(tmp_path / "in.csv", csv_bytes([row(1, id=mid), row(2), row(3, id=mid.upper())]))
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, source)
    assert [str(p) for p in info.value.report.problems] == ["line 4, id: repeats the id of line 2"]
    report = import_csv(journal, source, skip_bad=True)
    assert report.added == 2
    assert journal.moments.get(uuid.UUID(mid)).occurred_at.day == 1


def test_nul_bytes_and_undecodable_bytes_name_their_line_and_column(
    journal: Journal, tmp_path: Path
) -> None:
    data = csv_bytes([row(1, note="fine"), row(2, note="NULHERE"), row(3, wish="BADHERE")])
    data = data.replace(b"NULHERE", b"nul\x00byte").replace(b"BADHERE", b"bad\xff\xfebytes")
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, write(tmp_path / "in.csv", data))
    assert [str(p) for p in info.value.report.problems] == [
        "line 3, note: contains a NUL byte",
        "line 4, wish: is not valid UTF-8 text",
    ]


def test_a_bad_row_of_each_kind_through_a_file(journal: Journal, tmp_path: Path) -> None:
    rows = [
        row(1, occurred_at="2024-05-01T10:00:00"),
        row(2, occurred_at="1st of May"),
        row(3, direction="opened", wanted_closeness="no"),
        row(4, loneliness="3.5"),
        row(5, id="123"),
        row(6, fears="x\\y"),
        row(7, recorded_at="2024-05-07"),
    ]
    with pytest.raises(ImportRejected) as info:
        import_csv(journal, write(tmp_path / "in.csv", csv_bytes(rows)))
    assert [(p.line, p.column) for p in info.value.report.problems] == [
        (2, "occurred_at"),
        (3, "occurred_at"),
        (4, "wanted_closeness"),
        (5, "loneliness"),
        (6, "id"),
        (7, "fears"),
        (8, "recorded_at"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "line 1: the file is empty; a header row is needed"),
        (b"id,direction\r\n", "line 1, occurred_at: is a required column but is missing"),
        (
            ",".join((*COLUMNS, "mood")).encode() + b"\r\n",
            "line 1, mood: is not a WallWatch column",
        ),
        (b"id,occurred_at,direction,id\r\n", "line 1, id: appears more than once"),
        (b'id,occurred_at,direction\r\n1,2,"open\r\n', "line 2: is not valid CSV"),
        (b'id,occurred_at,direction\r\n1,"2"x,3\r\n', "line 2: is not valid CSV"),
    ],
)
def test_a_broken_header_or_csv_rejects_the_file_even_when_skipping(
    journal: Journal, tmp_path: Path, data: bytes, expected: str
) -> None:
    source = write(tmp_path / "in.csv", data)
    for skip in (False, True):
        with pytest.raises(ImportRejected) as info:
            import_csv(journal, source, skip_bad=skip)
        assert info.value.report.unreadable
        assert str(info.value.report.problems[0]).startswith(expected)
        assert str(info.value).startswith("The file cannot be imported (")
    assert journal.moments.count() == 0


def test_an_unreadable_file_fails_with_a_sentence(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"cannot read .*missing\.csv: it does not exist\.$"):
        import_csv(journal, tmp_path / "missing.csv")
    with pytest.raises(ImportFailed, match="it is a folder"):
        import_csv(journal, tmp_path)


# -- import: skipping and dry runs --------------------------------------------------------------
def test_skip_bad_imports_the_good_rows_and_reports_the_rest(
    journal: Journal, tmp_path: Path
) -> None:
    good = [row(1), row(3)]
    source = write(
        tmp_path / "in.csv", csv_bytes([good[0], row(2, intensity="x", loneliness="99"), good[1]])
    )
    report = import_csv(journal, source, skip_bad=True)
    assert (report.added, report.skipped_rows) == (2, 1)
    assert [(p.line, p.column) for p in report.skipped] == [(3, "intensity"), (3, "loneliness")]
    assert report.skipped == report.problems
    assert report.summary() == "Added 2, updated 0, unchanged 0; skipped 1 bad row."
    assert sorted(str(m.id) for m in journal.moments.query()) == sorted(r["id"] for r in good)


def test_a_dry_run_reports_counts_and_writes_nothing(journal: Journal, tmp_path: Path) -> None:
    existing = stored(1)
    journal.moments.restore([existing])
    before = snapshot(journal)
    rows = [
        row(1, id=str(existing.id), edited_at=""),
        row(2, person="Someone New"),
        row(3),
        row(4, direction="??"),
    ]
    source = write(tmp_path / "in.csv", csv_bytes(rows))
    report = import_csv(journal, source, dry_run=True, skip_bad=True)
    assert report.dry_run
    assert (report.added, report.updated, report.unchanged, report.skipped_rows) == (2, 0, 1, 1)
    assert report.summary() == "Would add 2, updated 0, unchanged 1; skipped 1 bad row."
    assert snapshot(journal) == before
    with pytest.raises(ImportRejected):
        import_csv(journal, source, dry_run=True)
    assert snapshot(journal) == before


def test_a_dry_run_of_a_good_file_matches_the_real_import(journal: Journal, tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", csv_bytes([row(1), row(2)]))
    dry = import_csv(journal, source, dry_run=True)
    assert journal.moments.count() == 0
    real = import_csv(journal, source)
    assert (dry.added, dry.updated, dry.unchanged) == (real.added, real.updated, real.unchanged)
    assert journal.moments.count() == 2


def test_import_into_a_second_journal_leaves_the_first_alone(tmp_path: Path) -> None:
    with open_journal(tmp_path / "a.sqlite3") as a, open_journal(tmp_path / "b.sqlite3") as b:
        a.moments.record(draft(1, person="Sam"))
        export_csv(a, tmp_path / "a.csv")
        before = snapshot(a)
        assert import_csv(b, tmp_path / "a.csv").added == 1
        assert snapshot(a) == before
        assert [m.person for m in b.moments.query()] == ["Sam"]


def test_the_same_instant_in_another_offset_is_different_content(
    journal: Journal, tmp_path: Path
) -> None:
    old = stored(1)  # 2024-05-01T21:30+02:00
    journal.moments.restore([old])
    same_instant = "2024-05-01T19:30:00+00:00"
    source = write(
        tmp_path / "in.csv",
        csv_bytes([row(1, id=str(old.id), occurred_at=same_instant, edited_at="")]),
    )
    with pytest.raises(ImportRejected, match="different content"):
        import_csv(journal, source)
    assert journal.moments.get(old.id).occurred_at.utcoffset() == timedelta(hours=2)
