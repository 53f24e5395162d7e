"""The fast import path gives exactly what the reference path gives: same rows stored, same
problems reported in the same words, nothing written when a file is rejected.

The reference path is the one ``import_csv`` takes when the fast path declines (here forced by
making it decline); both run on real journals in tmp_path and are compared by full SQL dumps.
"""

from __future__ import annotations

import csv
import io
import random
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pytest

from wallwatch.services import Journal, csv_import_fast, open_journal
from wallwatch.services import transfer as transfer_module
from wallwatch.services.csv_format import COLUMNS, join_names, neutralise
from wallwatch.services.transfer import ImportRejected, ImportReport, export_csv, import_csv

NAMES = ["Sam", "sam", " Sam ", "Émile", "=Sam", "'quoted", "Jo;nas", "back\\slash", "Ana 🌱"]
TAGS = [
    "past hurt",
    "Past Hurt",
    "being seen as weak",
    "brand new",
    "a;b",
    "c\\d",
    "élan",
    "@at",
    "+plus",
    "-minus",
    "  padded ",
]
TEXTS = [
    "",
    "plain",
    'He said "no", then left.',
    "two\nlines",
    "windows\r\nline",
    "=1+1",
    "+2",
    "-3",
    "@SUM(A1)",
    "'already quoted",
    "\ttab first",
    "ünïcödé ✓",
    "comma, inside",
]
OFFSETS = ["+00:00", "+01:00", "+02:00", "-04:30", "+05:45", "-11:00", "+14:00", "-00:00"]


def _time(rnd: random.Random, offset: str | None = None, micro: bool | None = None) -> str:
    year = rnd.choice([1995, 2016, 2021, 2024, 2030])
    # Days around the European and American DST changes, and a leap day.
    month, day = rnd.choice([(3, 26), (3, 31), (10, 27), (11, 3), (2, 29), (12, 31), (1, 1)])
    if (month, day) == (2, 29) and year % 4:
        day = 28
    clock = f"{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
    fraction = (
        f".{rnd.randrange(1, 10**6):06d}"
        if (micro if micro is not None else rnd.random() < 0.7)
        else ""
    )
    return f"{year}-{month:02d}-{day:02d}T{clock}{fraction}{offset or rnd.choice(OFFSETS)}"


def _names_cell(rnd: random.Random) -> str:
    names = rnd.sample(TAGS, rnd.choice([0, 0, 1, 1, 2, 3]))
    return neutralise(join_names(names)) if names else ""


def _row(rnd: random.Random, *, odd: bool) -> list[str]:
    """A valid row: as an export writes it, or (``odd``) with the variations people's editors
    and other programs make: other cases, spaces, other offsets, missing optional cells."""
    direction = rnd.choice(["withdrew", "opened"])
    mid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    cells = {
        "id": mid,
        "occurred_at": _time(rnd),
        "direction": direction,
        "intensity": str(rnd.randint(1, 5)),
        "person": neutralise(rnd.choice(NAMES)) if rnd.random() < 0.7 else "",
        "fears": _names_cell(rnd),
        "behaviours": _names_cell(rnd),
        "body_signals": _names_cell(rnd),
        "wanted_closeness": rnd.choice(["", "yes", "no", "unsure"])
        if direction == "withdrew"
        else "",
        "loneliness": rnd.choice(["", str(rnd.randint(0, 10))]),
        "resentment": rnd.choice(["", str(rnd.randint(0, 10))]),
        "connection": rnd.choice(["", str(rnd.randint(0, 10))]),
        "note": neutralise(rnd.choice(TEXTS)),
        "wish": neutralise(rnd.choice(TEXTS)),
        "recorded_at": _time(rnd, "+00:00"),
        "edited_at": _time(rnd, "+00:00"),
    }
    if odd:
        column, value = rnd.choice(
            [
                ("id", mid.upper()),
                ("id", "{" + mid + "}"),
                ("id", f" {mid} "),
                ("occurred_at", f" {cells['occurred_at']}"),
                ("occurred_at", _time(rnd, "Z")),
                ("occurred_at", _time(rnd, "+0530")),
                ("occurred_at", "1000-06-01T12:00:00+00:00"),
                ("occurred_at", "9999-06-01T12:00:00-01:00"),
                ("occurred_at", "2024-05-01T21:30+02:00"),
                ("direction", direction.upper()),
                ("direction", f" {direction} "),
                ("intensity", " 4"),
                ("intensity", "+2"),
                ("intensity", "05"),
                ("loneliness", " 7 "),
                ("connection", "010"),
                ("recorded_at", _time(rnd, "+02:00")),
                ("edited_at", _time(rnd, "-00:00")),
                ("edited_at", _time(rnd, "Z")),
                ("person", "'"),
                ("fears", "x; y ;X"),
            ]
        )
        cells[column] = value
        if direction == "withdrew" and rnd.random() < 0.3:
            cells["wanted_closeness"] = " YES "
    return [cells[c] for c in COLUMNS]


def _write(path: Path, rows: list[list[str]], header: tuple[str, ...] = COLUMNS) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8", "surrogateescape"))
    return path


def _rows(seed: int, n: int, odd_share: float) -> list[list[str]]:
    rnd = random.Random(seed)
    return [_row(rnd, odd=rnd.random() < odd_share) for _ in range(n)]


def dump(path: Path) -> list[str]:
    """Every row of every table as SQL, except the journal's own creation time, and the schema.
    Tag links are sorted: they are a set (no query can see their order), and the paths write
    them in different orders. So is the schema: the fast path makes the tag-link index again
    after the load, which moves its entry (same SQL) to the end of ``sqlite_master``."""
    raw = sqlite3.connect(path)
    try:
        skip = ('INSERT INTO "meta"', "CREATE INDEX")
        lines = [s for s in raw.iterdump() if not s.startswith(skip)]
        schema = sorted(raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        raw.close()
    links = sorted(s for s in lines if s.startswith('INSERT INTO "moment_tag"'))
    rest = [s for s in lines if not s.startswith('INSERT INTO "moment_tag"')]
    return rest + links + [repr(schema)]


@pytest.fixture
def fast_calls(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """What each fast-path attempt returned (None: it declined and the reference ran)."""
    calls: list[int | None] = []
    real = csv_import_fast.import_into_empty

    def spy(journal: Journal, lines: Iterator[str]) -> int | None:
        calls.append(real(journal, lines))
        return calls[-1]

    monkeypatch.setattr(transfer_module, "import_into_empty", spy)
    return calls


class _Import(Protocol):
    def __call__(
        self, journal: Journal, source: Path, *, skip_bad: bool = False
    ) -> ImportReport: ...


def _reference(monkeypatch: pytest.MonkeyPatch) -> _Import:
    def run(journal: Journal, source: Path, *, skip_bad: bool = False) -> ImportReport:
        with monkeypatch.context() as m:
            m.setattr(transfer_module, "import_into_empty", lambda _j, _lines: None)
            return import_csv(journal, source, skip_bad=skip_bad)

    return run


def _journal(tmp_path: Path, name: str) -> Journal:
    return open_journal(tmp_path / name / "wallwatch.sqlite3", daily_backup=False)


@pytest.mark.parametrize(("seed", "odd_share"), [(1, 0.0), (2, 0.3), (3, 1.0)])
def test_accepted_file_is_stored_as_the_reference_stores_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_calls: list[int | None],
    seed: int,
    odd_share: float,
) -> None:
    source = _write(tmp_path / "in.csv", _rows(seed, 400, odd_share))
    fast, ref = _journal(tmp_path, "fast"), _journal(tmp_path, "ref")
    try:
        got = import_csv(fast, source)
        want = _reference(monkeypatch)(ref, source)
        assert fast_calls == [400]  # the fast path did the import
        assert got == want
        assert dump(fast.db.path) == dump(ref.db.path)
        assert [b.reason for b in fast.backups.list()] == [b.reason for b in ref.backups.list()]
    finally:
        fast.close()
        ref.close()


def test_exported_journal_restores_identically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_calls: list[int | None]
) -> None:
    first = _journal(tmp_path, "first")
    try:
        import_csv(first, _write(tmp_path / "in.csv", _rows(4, 300, 0.5)))
        export_csv(first, tmp_path / "export.csv")
    finally:
        first.close()
    fast, ref = _journal(tmp_path, "fast"), _journal(tmp_path, "ref")
    try:
        import_csv(fast, tmp_path / "export.csv")
        _reference(monkeypatch)(ref, tmp_path / "export.csv")
        assert fast_calls[-1] == 300
        assert dump(fast.db.path) == dump(ref.db.path)
        again = import_csv(fast, tmp_path / "export.csv")  # not empty now: nothing is added
        assert (again.added, again.unchanged) == (0, 300)
        assert fast_calls[-1] is None
    finally:
        fast.close()
        ref.close()


def test_rows_without_recorded_times_get_the_import_time(
    tmp_path: Path, fast_calls: list[int | None]
) -> None:
    rows = _rows(5, 50, 0.0)
    for cells in rows[::2]:
        cells[COLUMNS.index("recorded_at")] = ""
        cells[COLUMNS.index("edited_at")] = ""
    j = _journal(tmp_path, "j")
    try:
        import_csv(j, _write(tmp_path / "in.csv", rows))
        assert fast_calls == [50]
        raw = sqlite3.connect(j.db.path)
        query = "SELECT id, recorded_utc, edited_utc FROM moment"
        stored = {m: (r, e) for m, r, e in raw.execute(query)}
        raw.close()
        blanks = {stored[c[0]] for c in rows[::2]}
        assert len(blanks) == 1 and len(set(next(iter(blanks)))) == 1
        for cells in rows[1::2]:
            recorded = datetime.fromisoformat(cells[COLUMNS.index("recorded_at")])
            assert stored[cells[0]][0] == f"{recorded.replace(tzinfo=None):%Y-%m-%d %H:%M:%S.%f}"
    finally:
        j.close()


def _bad(rows: list[list[str]], where: int, column: str, value: str) -> list[list[str]]:
    changed = [list(r) for r in rows]
    changed[where][COLUMNS.index(column)] = value
    return changed


BAD_CELLS = [
    ("intensity", "6"),
    ("intensity", ""),
    ("occurred_at", "2023-02-29T10:00:00+01:00"),
    ("occurred_at", "2024-05-01T10:00:00+24:00"),
    ("occurred_at", "2024-05-01T25:00:00+01:00"),
    ("occurred_at", "0999-05-01T10:00:00+00:00"),
    ("occurred_at", "1000-01-01T00:30:00+01:00"),
    ("occurred_at", "2024-05-01T10:00:00"),
    ("recorded_at", "2024-13-01T10:00:00+00:00"),
    ("id", "not-a-uuid"),
    ("id", ""),
    ("direction", "left"),
    ("person", "x" * 81),
    ("person", "tab\there"),
    ("fears", "trailing\\"),
    ("fears", "ok;;"),
    ("note", "nul\x00inside"),
    ("wish", "bad \udcff byte"),
    ("loneliness", "11"),
    ("connection", "-1"),
]


@pytest.mark.parametrize(("column", "value"), BAD_CELLS)
@pytest.mark.parametrize("where", [0, 57, 119])
def test_rejected_file_reports_the_same_and_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_calls: list[int | None],
    column: str,
    value: str,
    where: int,
) -> None:
    rows = _bad(_rows(6, 120, 0.2), where, column, value)
    rows[90] = list(rows[30])  # and a repeated id further on
    source = _write(tmp_path / "in.csv", rows)
    fast, ref = _journal(tmp_path, "fast"), _journal(tmp_path, "ref")
    try:
        before = dump(fast.db.path)
        with pytest.raises(ImportRejected) as got:
            import_csv(fast, source)
        with pytest.raises(ImportRejected) as want:
            _reference(monkeypatch)(ref, source)
        assert fast_calls == [None]
        assert str(got.value) == str(want.value)
        assert got.value.report == want.value.report
        assert dump(fast.db.path) == before
        assert fast.backups.list() == []
    finally:
        fast.close()
        ref.close()


@pytest.mark.parametrize(("column", "value"), BAD_CELLS[::4])
def test_skipping_bad_rows_matches_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str, value: str
) -> None:
    rows = _bad(_rows(7, 80, 0.2), 40, column, value)
    rows.append(list(rows[3]))
    source = _write(tmp_path / "in.csv", rows)
    fast, ref = _journal(tmp_path, "fast"), _journal(tmp_path, "ref")
    try:
        got = import_csv(fast, source, skip_bad=True)
        want = _reference(monkeypatch)(ref, source, skip_bad=True)
        assert got == want
        assert got.added == 79
        assert dump(fast.db.path) == dump(ref.db.path)
    finally:
        fast.close()
        ref.close()


def _layouts() -> list[str]:
    rows = _rows(8, 5, 0.0)
    body = io.StringIO(newline="")
    csv.writer(body).writerows(rows)
    short = io.StringIO(newline="")
    csv.writer(short).writerows([*r[:3], r[COLUMNS.index("recorded_at")]] for r in rows)
    return [
        "",  # an empty file
        # a valid file with fewer columns
        "id,occurred_at,direction,recorded_at\n" + short.getvalue(),
        ",".join(c.upper() for c in COLUMNS) + "\n" + body.getvalue(),  # header in capitals
        ",".join(reversed(COLUMNS)) + "\n" + body.getvalue(),  # columns in another order
        ",".join(COLUMNS) + "\n" + body.getvalue() + '"unclosed,quote\n',
        ",".join(COLUMNS) + ",extra\n" + body.getvalue(),
    ]


@pytest.mark.parametrize("text", _layouts())
def test_other_layouts_are_read_as_the_reference_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(text, newline="")
    fast, ref = _journal(tmp_path, "fast"), _journal(tmp_path, "ref")
    try:
        outcomes: list[object] = []
        runs: tuple[_Import, _Import] = (import_csv, _reference(monkeypatch))
        for journal, run in zip((fast, ref), runs, strict=True):
            try:
                outcomes.append(run(journal, source))
            except ImportRejected as exc:
                outcomes.append((str(exc), exc.report))
        assert outcomes[0] == outcomes[1]
        assert dump(fast.db.path) == dump(ref.db.path)
    finally:
        fast.close()
        ref.close()


def test_blank_lines_and_bom_are_read_as_the_reference_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_calls: list[int | None]
) -> None:
    rows = _rows(9, 20, 0.2)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for i, cells in enumerate(rows):
        writer.writerow(cells)
        if i % 7 == 0:
            out.write("\r\n")
    source = tmp_path / "in.csv"
    source.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    fast, ref = _journal(tmp_path, "fast"), _journal(tmp_path, "ref")
    try:
        assert import_csv(fast, source) == _reference(monkeypatch)(ref, source)
        assert fast_calls == [20]
        assert dump(fast.db.path) == dump(ref.db.path)
    finally:
        fast.close()
        ref.close()
